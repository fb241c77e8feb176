"""A hospital's standing for the patient's disease: the ranked specialties that speak for a
cancer type, the best placing among them, and the hospital's fit to the disease."""

from __future__ import annotations

from typing import Final

import numpy as np

from matcher.catalog._compiled import EncodedCatalog, FloatArray, IntArray
from matcher.catalog._rankings import ONCOLOGY, SPECIALTIES, SPECIALTY_TYPES
from matcher.profile._ontology import CancerType, default_ontology
from matcher.scoring._features import DISEASE_FIT_FLOOR

_NEUROSURGERY: Final = "神经外科"
_CHILDREN: Final = "children"


def best_of(
    levels: FloatArray, claims: IntArray, columns: list[int]
) -> tuple[FloatArray, IntArray]:
    """Best level across columns per row, with the claim index that gave it."""
    n_rows = levels.shape[0]
    if not columns:
        return np.zeros(n_rows), np.full(n_rows, -1, dtype=np.int32)
    block = levels[:, columns]
    pick = block.argmax(axis=1)
    rows = np.arange(n_rows)
    best = block[rows, pick]
    which = claims[:, columns][rows, pick]
    return best, np.where(best > 0, which, -1).astype(np.int32)


def disease_fit(expertise: FloatArray, disease_ranking: FloatArray) -> FloatArray:
    """How well each hospital fits the patient's disease, in [DISEASE_FIT_FLOOR, 1]: the floor
    plus the rest in proportion to its stronger evidence for the disease, its weighed claim
    (expertise, 0-1) or its standing in the specialty ranking that speaks for the disease."""
    strongest = np.clip(np.maximum(expertise, disease_ranking), 0.0, 1.0)
    result: FloatArray = DISEASE_FIT_FLOOR + (1.0 - DISEASE_FIT_FLOOR) * strongest
    return result


def specialties_for(cancer_type: CancerType) -> list[int]:
    """Columns of the ranked specialties that speak for this cancer type (broader or narrower)."""
    ontology = default_ontology()
    below = ontology.descendants(cancer_type.code)
    return [
        column
        for column, specialty in enumerate(SPECIALTIES)
        if specialty != ONCOLOGY
        and any(
            root in cancer_type.lineage or root in below
            for root in SPECIALTY_TYPES[specialty]
            if root != _CHILDREN
        )
    ]


def rankings_for(
    encoded: EncodedCatalog, cancer_type: CancerType | None
) -> tuple[FloatArray, IntArray]:
    """Per hospital: standing for the disease (none without a type), in oncology, in
    paediatrics and in neurosurgery (for brain metastases); and the claims."""
    columns = (
        specialties_for(cancer_type) if cancer_type is not None else [],
        [SPECIALTIES.index(ONCOLOGY)],
        [c for c, s in enumerate(SPECIALTIES) if _CHILDREN in SPECIALTY_TYPES[s]],
        [SPECIALTIES.index(_NEUROSURGERY)],
    )
    levels = np.zeros((encoded.n_hospitals, len(columns)))
    claims = np.full((encoded.n_hospitals, len(columns)), -1, dtype=np.int32)
    for position, chosen in enumerate(columns):
        best, which = best_of(encoded.ranking, encoded.ranking_claim, list(chosen))
        levels[:, position] = best
        claims[:, position] = which
    return levels, claims
