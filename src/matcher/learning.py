"""Learn scoring weights from expert judgments (pairwise preferences), with scikit-learn.

A separate module so that ``import matcher`` does not load scikit-learn (about two seconds):
import this one when you learn weights.

>>> from matcher.learning import PairwisePreferenceRanker, pairs_from_vignettes
"""

from __future__ import annotations

from matcher.evaluation._cross_validation import (
    CrossValidation,
    Fold,
    cross_validate_by_patient,
    patient_folds,
)
from matcher.evaluation._learning import PairwisePreferenceRanker
from matcher.evaluation._pairs import PreferencePairs, pairs_from_vignettes

__all__ = [
    "CrossValidation",
    "Fold",
    "PairwisePreferenceRanker",
    "PreferencePairs",
    "cross_validate_by_patient",
    "pairs_from_vignettes",
    "patient_folds",
]
