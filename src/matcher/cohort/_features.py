"""Patients' features reused from one patient to the next, and the order that makes reuse cheap."""

from __future__ import annotations

from matcher.catalog._loader import Catalog
from matcher.profile._ontology import CancerType
from matcher.profile._patient import Patient
from matcher.scoring._language import with_languages
from matcher.scoring._patient_features import (
    PatientFeatures,
    catalog_index,
    type_features,
    with_cities,
)


class _FeatureCache:
    """Features for one patient after another, cheapest when they come sorted by cancer type."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._encoded = catalog.encoded
        #: the types asked for so far, while they are as many as the catalog's cache keeps
        #: (they are held in it too: no more memory), so that each is looked up once
        self._types: dict[tuple[str, bool], PatientFeatures] = {}
        self._room = catalog_index(catalog.encoded).room
        self._cities: tuple[str, bool, tuple[str, ...], PatientFeatures] | None = None

    def of_type(self, cancer_type: CancerType, adult: bool = False) -> PatientFeatures:
        """The features of a cancer type (for a known adult: without children-only claims),
        city column at zero."""
        key = (cancer_type.code, adult)
        found = self._types.get(key)
        if found is None:
            found = type_features(self._encoded.for_adult(adult), cancer_type)
            if len(self._types) >= self._room:  # more types than the catalog keeps: the last
                self._types.clear()
            self._types[key] = found
        return found

    def of(self, patient: Patient) -> PatientFeatures:
        """The patient's features, as ``patient_features`` and ``with_languages`` give them."""
        return with_languages(self._of(patient), self._encoded, patient.languages)

    def _of(self, patient: Patient) -> PatientFeatures:
        of_type = self.of_type(patient.cancer_type, patient.adult)
        if not patient.cities:
            return of_type
        key = (patient.cancer_type.code, patient.adult, patient.cities)
        if self._cities is None or self._cities[:3] != key:
            features = with_cities(of_type, self._encoded, patient.cities)
            self._cities = (*key, features)
        return self._cities[3]


def _sort_key(patient: Patient) -> tuple[str, bool, tuple[str, ...]]:
    """Cancer type, adult or not, then cities: the order in which features are cheapest to
    reuse."""
    return (patient.cancer_type.code, patient.adult, patient.cities)
