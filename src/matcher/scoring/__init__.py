"""The scoring model: the catalog as a hospital x feature matrix, and weights over features.

``score = matrix @ weights`` (scaled to 0-100), with every feature's contribution kept.
Learning weights from judgments lives in :mod:`matcher.learning` (it needs scikit-learn, which
``import matcher`` does not load).
"""

from __future__ import annotations

from matcher.catalog._compiled import EncodedCatalog, encode
from matcher.scoring._features import FEATURE_NAMES, FEATURES, Feature
from matcher.scoring._model import contributions, rank_order, scores
from matcher.scoring._patient_features import PatientFeatures, patient_features
from matcher.scoring._weights import DEFAULT_WEIGHTS, Weights
from matcher.scoring._weights_io import WeightsError, load_weights, save_weights

__all__ = [
    "DEFAULT_WEIGHTS",
    "FEATURES",
    "FEATURE_NAMES",
    "EncodedCatalog",
    "Feature",
    "PatientFeatures",
    "Weights",
    "WeightsError",
    "contributions",
    "encode",
    "load_weights",
    "patient_features",
    "rank_order",
    "save_weights",
    "scores",
]
