"""Judging the ranking: benchmark vignettes graded from the sources and the metrics over them.

Weight learning (:mod:`matcher.evaluation._learning`) needs scikit-learn and is reached through
:mod:`matcher.learning`, so that importing this package stays light.
"""

from __future__ import annotations

from matcher.evaluation._evaluate import Evaluation, VignetteEvaluation, evaluate
from matcher.evaluation._vignettes import (
    Vignette,
    VignetteError,
    VignetteGrade,
    Vignettes,
    load_vignettes,
)

__all__ = [
    "Evaluation",
    "Vignette",
    "VignetteError",
    "VignetteEvaluation",
    "VignetteGrade",
    "Vignettes",
    "evaluate",
    "load_vignettes",
]
