"""The weighted-sum kernel: pure, vectorised, no validation (the engine validates once).

``contributions[h, f] = 100 * values[h, f] * weights[f] / sum(weights)``; a hospital's score is
the sum of its contributions. Feature values lie in [0, 1], so scores lie in [0, 100]: 100 means
the strongest possible sourced evidence on every feature that matters for this patient.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from matcher.catalog._compiled import FloatArray, IntArray

IndexArray = npt.NDArray[np.integer[Any]]

SCALE = 100.0
#: Scores are rounded to this many decimals before ranking, so that float noise from summation
#: order can never reorder hospitals; ties then break by hospital id.
SCORE_DECIMALS = 9


def contributions(values: FloatArray, weights: FloatArray) -> FloatArray:
    """Per-hospital, per-feature points: ``100 * values * weights / weights.sum()``."""
    total = weights.sum()
    if total <= 0:
        return np.zeros_like(values)
    result: FloatArray = values * (weights * (SCALE / total))
    return result


def scores(contribution: FloatArray) -> FloatArray:
    """Row sums of the contributions, rounded for stable ranking."""
    result: FloatArray = np.round(contribution.sum(axis=1), SCORE_DECIMALS)
    return result


def rank_order(
    score: FloatArray, id_rank: IntArray, candidates: IndexArray, top_k: int
) -> IndexArray:
    """Rows of the best ``top_k`` candidates, best first; ties break by hospital id.

    Uses a partial sort when the candidates outnumber ``top_k`` by far, and never cuts a tie
    at the boundary by position: every candidate tied with the k-th is sorted in.
    """
    if top_k <= 0 or len(candidates) == 0:
        return np.zeros(0, dtype=np.int64)
    candidate_scores = score[candidates]
    if len(candidates) > 4 * top_k:
        kth = np.partition(-candidate_scores, top_k - 1)[top_k - 1]
        keep = -candidate_scores <= kth
        candidates = candidates[keep]
        candidate_scores = candidate_scores[keep]
    order = np.lexsort((id_rank[candidates], -candidate_scores))
    chosen: IndexArray = candidates[order][:top_k]
    return chosen
