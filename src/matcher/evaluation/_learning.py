"""Learning feature weights from graded vignettes: pairwise preferences and a logistic model.

A graded vignette says, for one patient, that hospital A (graded higher) should rank above
hospital B. With a linear score, that is ``(x_A - x_B) @ w > 0``: a logistic model without
intercept on feature differences learns ``w`` (the pairs are mirrored, ``x_B - x_A`` labelled 0,
so the two classes are balanced by construction).

What is learned, and how :func:`~matcher.recommend` uses it. ``recommend(weights=w)`` scores a
hospital ``x @ (scale * w + add)``: the rules multiply some base weights (``scale``: 0 switches a
feature off for this patient, 1 leaves it) and add to others (``add``: a patient's stage,
biomarkers or wishes raise the weight of what matters for them). The learner fits ``w`` on
``x * scale``, the part of the score the base weights control, so a learned weight means what a
base weight means. The rules' additions are not fitted: ``recommend`` adds them on top, which is
why the learned weights are scaled to the same total as the expert defaults (the additions were
set against that total).

Cross-validation is by patient: every pair of a vignette falls in the same fold, so a model is
never validated on a patient it was trained on.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Any, Final

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.linear_model import LogisticRegression
from sklearn.utils.validation import check_is_fitted, validate_data

from matcher.catalog._compiled import FloatArray
from matcher.scoring._features import FEATURE_NAMES, N_FEATURES
from matcher.scoring._weights import DEFAULT_WEIGHTS, Weights

if TYPE_CHECKING:
    pass

#: The sum the learned weights are scaled to by default: that of the expert defaults.
DEFAULT_TOTAL: Final = float(sum(DEFAULT_WEIGHTS.values.values()))


class PairwisePreferenceRanker(BaseEstimator):  # type: ignore[misc]
    """Learn feature weights from pairwise preferences with a logistic model.

    Each row of ``X`` is a difference of feature vectors, ``x_preferred - x_other``: "for this
    patient, the first hospital should rank above the second" (see
    :func:`pairs_from_vignettes`). ``fit`` mirrors the pairs (``-row`` labelled 0) and fits
    ``LogisticRegression(fit_intercept=False)``; the coefficients are the weights.

    Parameters
    ----------
    C : float, default=1.0
        Inverse strength of the L2 penalty, as in :class:`~sklearn.linear_model.LogisticRegression`.
    max_iter : int, default=1000
        Most iterations of the solver.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,)
        The logistic coefficients, one per feature (may be negative).
    weights_ : ndarray of shape (n_features,)
        ``coef_`` clipped at zero: every feature is "more is better", so a negative weight would
        reward a hospital for lacking a strength.
    n_pairs_ : int
        How many preference pairs the model was fitted on.
    n_features_in_ : int
        Number of features seen in ``fit``.
    feature_names_in_ : ndarray of shape (n_features,)
        Feature names, when ``X`` was a DataFrame with string column names.
    """

    def __init__(self, C: float = 1.0, max_iter: int = 1000) -> None:  # noqa: N803 (sklearn's name)
        self.C = C
        self.max_iter = max_iter

    def fit(self, X: Any, y: Any = None) -> PairwisePreferenceRanker:  # noqa: N803
        """Fit the weights to preference pairs.

        Parameters
        ----------
        X : array-like of shape (n_pairs, n_features)
            Feature differences, preferred hospital minus the other.
        y : None
            Ignored: every row already states its preference. Kept for the estimator API.

        Returns
        -------
        self
        """
        if isinstance(self.C, bool) or not isinstance(self.C, int | float | np.number):
            raise ValueError(f"C must be a positive number, not {self.C!r}")
        if not (np.isfinite(self.C) and self.C > 0):
            raise ValueError(f"C must be a positive, finite number, not {self.C!r}")
        if isinstance(self.max_iter, bool) or not isinstance(self.max_iter, int | np.integer):
            raise ValueError(f"max_iter must be a whole number, not {self.max_iter!r}")
        if self.max_iter < 1:
            raise ValueError(f"max_iter must be at least 1, not {self.max_iter!r}")
        differences = validate_data(self, X, dtype=np.float64)
        n_pairs = differences.shape[0]
        mirrored = np.vstack([differences, -differences])
        labels = np.concatenate([np.ones(n_pairs, dtype=np.int64), np.zeros(n_pairs, np.int64)])
        model = LogisticRegression(C=float(self.C), fit_intercept=False, max_iter=self.max_iter)
        model.fit(mirrored, labels)
        self.coef_ = np.array(model.coef_[0], dtype=np.float64)
        self.weights_ = np.maximum(self.coef_, 0.0)
        self.n_pairs_ = n_pairs
        return self

    def decision_function(self, X: Any) -> FloatArray:  # noqa: N803
        """``X @ coef_``: positive where the first hospital of a pair is preferred.

        For rows of plain feature values (not differences) it is a score that ranks them.
        """
        check_is_fitted(self)
        rows = validate_data(self, X, dtype=np.float64, reset=False)
        result: FloatArray = rows @ self.coef_
        return result

    def score(self, X: Any, y: Any = None) -> float:  # noqa: N803
        """Pairwise accuracy: the share of pairs ordered as preferred (a tie counts half).

        Parameters
        ----------
        X : array-like of shape (n_pairs, n_features)
            Feature differences, preferred hospital minus the other.
        y : None
            Ignored.
        """
        margin = self.decision_function(X)
        return float(np.mean((margin > 0) + 0.5 * (margin == 0)))

    def to_weights(
        self, name: str = "learned", *, total: float = DEFAULT_TOTAL, provenance: str = ""
    ) -> Weights:
        """The learned weights as a frozen :class:`~matcher.Weights` for ``recommend``.

        Negative coefficients are clipped to zero (a :class:`UserWarning` names them, and the
        weights' ``provenance`` and ``rationale`` record them); the rest are scaled to sum to
        ``total``, by default the sum of the expert defaults, so the two are comparable and the
        rules' additions keep their intended size.

        Parameters
        ----------
        name
            The name of the weights.
        total
            What the weights sum to.
        provenance
            Words to add to the provenance (for example, which vignettes were used).
        """
        weights, clipped = self._weights(name, total=total, provenance=provenance)
        if clipped:
            warnings.warn(
                "learned weights below zero were clipped to zero (every feature is 'more is "
                "better'): " + ", ".join(clipped),
                UserWarning,
                stacklevel=2,
            )
        return weights

    def _weights(
        self, name: str, *, total: float = DEFAULT_TOTAL, provenance: str = ""
    ) -> tuple[Weights, tuple[str, ...]]:
        """The weights and the names of the features clipped to zero, without warning."""
        check_is_fitted(self)
        if not (np.isfinite(total) and total > 0):
            raise ValueError(f"total must be a positive, finite number, not {total!r}")
        names = self._feature_names()
        positive = float(self.weights_.sum())
        if positive <= 0:
            raise ValueError(
                "no learned weight is above zero, so there is nothing to rank by: the pairs "
                "contradict every feature (check the grades, or fit on more vignettes)"
            )
        factor = total / positive
        clipped = tuple(name for name, c in zip(names, self.coef_, strict=True) if c < 0)
        rationale = {
            feature: (
                f"learned coefficient {coef:+.4g} clipped to 0: a negative weight would reward "
                "a hospital for lacking this strength"
                if coef < 0
                else f"learned coefficient {coef:+.4g}, scaled by {factor:.4g}"
            )
            for feature, coef in zip(names, self.coef_, strict=True)
        }
        words = [
            f"learned by PairwisePreferenceRanker(C={self.C!r}) from {self.n_pairs_} preference "
            f"pairs; scaled to sum to {total:g} (the sum of {DEFAULT_WEIGHTS.name})",
        ]
        if clipped:
            words.append("clipped to zero: " + ", ".join(clipped))
        if provenance:
            words.append(provenance)
        values = dict(zip(names, (float(w) * factor for w in self.weights_), strict=True))
        return Weights(name, values, rationale, "; ".join(words)), clipped

    def _feature_names(self) -> tuple[str, ...]:
        names = getattr(self, "feature_names_in_", None)
        if names is not None:
            return tuple(str(name) for name in names)
        if self.n_features_in_ == N_FEATURES:
            return FEATURE_NAMES
        raise ValueError(
            f"the ranker was fitted on {self.n_features_in_} unnamed features; weights need the "
            f"{N_FEATURES} scoring features (from pairs_from_vignettes) or a DataFrame whose "
            "columns are feature names"
        )
