"""Reading a patient profile: the Patient model, cancer types, stage, biomarkers, cities, words.

Imports only :mod:`matcher.common`.
"""

from __future__ import annotations

from matcher.profile._cities import City, resolve_city
from matcher.profile._ontology import CancerType, Ontology, default_ontology
from matcher.profile._patient import Patient, as_patient
from matcher.profile._stage import Stage, parse_stage

__all__ = [
    "CancerType",
    "City",
    "Ontology",
    "Patient",
    "Stage",
    "as_patient",
    "default_ontology",
    "parse_stage",
    "resolve_city",
]
