"""The language column: where a source confirms care in a language the patient speaks."""

from __future__ import annotations

from typing import Final

import attrs
import numpy as np

from matcher.catalog._compiled import SERVICE_COLUMN, BoolArray, EncodedCatalog, IntArray
from matcher.common._arrays import sealed
from matcher.scoring._features import FEATURE_INDEX
from matcher.scoring._patient_features import PatientFeatures

#: The service claim that confirms English-language consultations.
ENGLISH_SERVICE: Final = "english_consultation"
#: ``PatientFeatures.language_claim`` where the English-consultation service confirms English.
BY_ENGLISH_SERVICE: Final = -2


def language_claims(encoded: EncodedCatalog, languages: tuple[str, ...]) -> IntArray:
    """Per hospital, the claim confirming care in one of ``languages`` (first language first):
    an index into its language claims, ``BY_ENGLISH_SERVICE``, or -1 (unknown, never "no").

    A language claim confirms its language; for English, so does an English-consultation
    service claim.
    """
    found = np.full(encoded.n_hospitals, -1, dtype=np.int32)
    for code in languages:
        claims = encoded.language_claim.get(code)
        if claims is not None:
            np.copyto(found, claims, where=(found == -1) & (claims >= 0))
        if code == "en":
            service = encoded.service[:, SERVICE_COLUMN[ENGLISH_SERVICE]] > 0
            found[(found == -1) & service] = BY_ENGLISH_SERVICE
    return found


def confirmed_languages(encoded: EncodedCatalog, languages: tuple[str, ...]) -> BoolArray:
    """Per hospital, True where a source confirms care in one of ``languages``."""
    confirmed: BoolArray = language_claims(encoded, languages) != -1
    return confirmed


def with_languages(
    features: PatientFeatures, encoded: EncodedCatalog, languages: tuple[str, ...]
) -> PatientFeatures:
    """``features`` with the language column set for these languages (1 where confirmed)."""
    if not languages:
        return features
    claims = language_claims(encoded, languages)
    values = features.values.copy()
    values[:, FEATURE_INDEX["language"]] = claims != -1
    return attrs.evolve(features, values=sealed(values), language_claim=sealed(claims))
