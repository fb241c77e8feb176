"""Reading an HL7 FHIR R4 Bundle of mCODE resources into the fields of a patient profile.

``read_fhir(bundle)`` returns the profile fields a bundle gives (cancer type, stage, biomarkers,
age, ECOG, disease status); ``Patient.from_fhir`` validates them. Each module reads one part:

- ``_bundle``: the input (mapping, JSON text or path), the resource index, codes;
- ``_cancer``: the primary cancer Condition to an OncoTree code, through the reviewed table
  ``data/fhir_cancer_codes.json``;
- ``_stage``: TNM stage group observations (clinical and pathological; the latest wins);
- ``_markers``: tumour marker tests and genomic variants to biomarker results;
- ``_status``: ECOG and Karnofsky performance status, and cancer disease status;
- ``_read``: the Patient's birth date to an age, and putting the parts together.

What cannot be mapped is reported in a :class:`~matcher.ProfileError` naming the resource
("Condition/abc") and field; nothing is guessed. Nothing that identifies the person (name,
identifiers, address, telecom) is read. Imports only :mod:`matcher.common` and the
:mod:`matcher.profile` modules below the Patient model.
"""

from __future__ import annotations

from matcher.profile.fhir._read import read_fhir

__all__ = ["read_fhir"]
