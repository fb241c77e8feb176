"""The language column: where a source confirms care in a language the patient speaks."""

from __future__ import annotations

import attrs
import numpy as np

from matcher.catalog._compiled import SERVICE_COLUMN, BoolArray, EncodedCatalog
from matcher.common._arrays import sealed
from matcher.scoring._features import FEATURE_INDEX
from matcher.scoring._patient_features import PatientFeatures

#: The service claim that confirms English-language consultations.
ENGLISH_SERVICE = "english_consultation"


def confirmed_languages(encoded: EncodedCatalog, languages: tuple[str, ...]) -> BoolArray:
    """Per hospital, True where a source confirms care in one of ``languages``.

    A language claim confirms its language; for English, so does an English-consultation
    service claim. A hospital without such a claim is unknown, never "no".
    """
    found = np.zeros(encoded.n_hospitals, dtype=np.bool_)
    for code in languages:
        claims = encoded.language_claim.get(code)
        if claims is not None:
            found |= claims >= 0
        if code == "en":
            found |= encoded.service[:, SERVICE_COLUMN[ENGLISH_SERVICE]] > 0
    return found


def with_languages(
    features: PatientFeatures, encoded: EncodedCatalog, languages: tuple[str, ...]
) -> PatientFeatures:
    """``features`` with the language column set for these languages (1 where confirmed)."""
    if not languages:
        return features
    values = features.values.copy()
    values[:, FEATURE_INDEX["language"]] = confirmed_languages(encoded, languages)
    return attrs.evolve(features, values=sealed(values), languages=languages)
