"""Patients' features reused from one patient to the next, and the order that makes reuse cheap."""

from __future__ import annotations

from matcher.catalog._loader import Catalog
from matcher.profile._ontology import CancerType
from matcher.profile._patient import Patient
from matcher.scoring._language import with_languages
from matcher.scoring._patient_features import PatientFeatures, type_features, with_cities


class _FeatureCache:
    """Features for one patient after another, cheapest when they come sorted by cancer type."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._encoded = catalog.encoded
        self._type: tuple[str, PatientFeatures] | None = None
        self._cities: tuple[str, tuple[str, ...], PatientFeatures] | None = None

    def of_type(self, cancer_type: CancerType) -> PatientFeatures:
        """The features of a cancer type, city column at zero."""
        if self._type is None or self._type[0] != cancer_type.code:
            self._type = (cancer_type.code, type_features(self._encoded, cancer_type))
        return self._type[1]

    def of(self, patient: Patient) -> PatientFeatures:
        """The patient's features, as ``patient_features`` and ``with_languages`` give them."""
        return with_languages(self._of(patient), self._encoded, patient.languages)

    def _of(self, patient: Patient) -> PatientFeatures:
        of_type = self.of_type(patient.cancer_type)
        if not patient.cities:
            return of_type
        code = patient.cancer_type.code
        if self._cities is None or self._cities[:2] != (code, patient.cities):
            features = with_cities(of_type, self._encoded, patient.cities)
            self._cities = (code, patient.cities, features)
        return self._cities[2]


def _sort_key(patient: Patient) -> tuple[str, tuple[str, ...]]:
    """Cancer type, then cities: the order in which features are cheapest to reuse."""
    return (patient.cancer_type.code, patient.cities)
