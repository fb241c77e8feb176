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
from collections.abc import Iterable, Iterator, Sequence
from os import PathLike
from typing import TYPE_CHECKING, Any, Final

import attrs
import numpy as np
from sklearn.base import BaseEstimator, clone
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from sklearn.utils.validation import check_is_fitted, validate_data

from matcher.catalog._compiled import FloatArray, IntArray
from matcher.scoring._features import FEATURE_NAMES, N_FEATURES
from matcher.scoring._weights import DEFAULT_WEIGHTS, Weights

if TYPE_CHECKING:
    from matcher.catalog._loader import Catalog
    from matcher.evaluation._evaluate import Evaluation
    from matcher.evaluation._vignettes import Vignette, Vignettes
    from matcher.profile._patient import Patient
    from matcher.rules import Rule

#: The sum the learned weights are scaled to by default: that of the expert defaults.
DEFAULT_TOTAL: Final = float(sum(DEFAULT_WEIGHTS.values.values()))
_UNIT: Final = Weights(name="unit", values=dict.fromkeys(FEATURE_NAMES, 1.0))
_ZERO: Final = Weights(name="zero", values={})


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


@attrs.frozen(eq=False)
class PreferencePairs:
    """Preference pairs from graded vignettes: which hospital should rank above which, and why.

    Row ``i`` of ``differences`` is ``features[preferred[i]] - features[other[i]]`` for the
    patient of vignette ``groups[i]``, with the features the rules switch off for that patient
    set to zero (see the module docstring).
    """

    differences: FloatArray
    groups: tuple[str, ...]
    preferred: tuple[str, ...]
    other: tuple[str, ...]
    feature_names: tuple[str, ...] = FEATURE_NAMES

    def __attrs_post_init__(self) -> None:
        n_pairs = self.differences.shape[0]
        if self.differences.ndim != 2 or self.differences.shape[1] != len(self.feature_names):
            raise ValueError("differences must be a (pairs x features) matrix")
        if not len(self.groups) == len(self.preferred) == len(self.other) == n_pairs:
            raise ValueError("every pair needs a group, a preferred and an other hospital")

    @property
    def n_pairs(self) -> int:
        """How many pairs there are."""
        return len(self.groups)

    @property
    def vignette_ids(self) -> tuple[str, ...]:
        """The vignettes with at least one pair, in order of first appearance."""
        return tuple(dict.fromkeys(self.groups))

    def subset(self, rows: Sequence[int] | IntArray) -> PreferencePairs:
        """The pairs at these row indices."""
        index = np.asarray(rows, dtype=np.int64)
        differences = self.differences[index]
        differences.setflags(write=False)
        return PreferencePairs(
            differences=differences,
            groups=tuple(self.groups[i] for i in index),
            preferred=tuple(self.preferred[i] for i in index),
            other=tuple(self.other[i] for i in index),
            feature_names=self.feature_names,
        )

    def __repr__(self) -> str:
        return f"PreferencePairs({self.n_pairs} pairs from {len(self.vignette_ids)} vignettes)"


def rule_scaled_features(
    patient: Patient, catalog: Catalog, rules: tuple[Rule, ...]
) -> tuple[FloatArray, np.ndarray]:
    """The patient's hospital x feature matrix times the rules' weight factors, and eligibility.

    Rules change a weight to ``weight * scale + add`` (``scale`` and ``add`` never negative), so
    the rule-adjusted weights are affine in the base weights: ``scale`` is what unit base
    weights give minus what zero base weights give.
    """
    from matcher._engine import score_patient  # the engine imports this package

    with_unit = score_patient(patient, catalog, _UNIT, rules)
    with_zero = score_patient(patient, catalog, _ZERO, rules)
    scale = with_unit.applied.weights - with_zero.applied.weights
    scaled: FloatArray = with_unit.features.values * scale
    return scaled, with_unit.applied.eligible


def pairs_from_vignettes(
    vignettes: Vignettes | Iterable[Vignette] | str | PathLike[str] | None = None,
    catalog: Catalog | None = None,
    *,
    rules: Sequence[Rule] | None = None,
) -> PreferencePairs:
    """Turn graded vignettes into preference pairs, grouped by vignette.

    For each vignette, one pair per (higher grade, lower grade) couple of graded hospitals that
    the rules leave eligible; a hospital the rules exclude cannot be ranked, so it is in no pair.

    Parameters
    ----------
    vignettes
        ``None`` for the shipped vignettes, a path, or loaded vignettes.
    catalog
        The catalog whose features are used; ``None`` uses the default catalog.
    rules
        The rules to apply; ``None`` uses ``matcher.rules.DEFAULT_RULES``.
    """
    from matcher.catalog._loader import default_catalog  # the catalog module imports this package
    from matcher.evaluation._vignettes import as_vignettes
    from matcher.rules import DEFAULT_RULES

    chosen = as_vignettes(vignettes)
    catalog = default_catalog() if catalog is None else catalog
    chosen.check_hospitals(catalog)
    chosen_rules = DEFAULT_RULES if rules is None else tuple(rules)
    row_of = {hospital_id: row for row, hospital_id in enumerate(catalog.ids)}
    rows: list[FloatArray] = []
    groups: list[str] = []
    preferred: list[str] = []
    other: list[str] = []
    for vignette in chosen:
        features, eligible = rule_scaled_features(vignette.profile, catalog, chosen_rules)
        graded = [(g.hospital, g.grade) for g in vignette.grades if eligible[row_of[g.hospital]]]
        for better, better_grade in graded:
            for worse, worse_grade in graded:
                if better_grade > worse_grade:
                    rows.append(features[row_of[better]] - features[row_of[worse]])
                    groups.append(vignette.id)
                    preferred.append(better)
                    other.append(worse)
    differences = np.array(rows, dtype=np.float64).reshape(len(rows), N_FEATURES)
    differences.setflags(write=False)
    return PreferencePairs(differences, tuple(groups), tuple(preferred), tuple(other))


def patient_folds(groups: Sequence[str], n_splits: int = 5) -> Iterator[tuple[IntArray, IntArray]]:
    """Train and validation pair indices per fold, never splitting a vignette's pairs.

    Raises
    ------
    ValueError
        When there are fewer vignettes (groups) than folds.
    """
    if isinstance(n_splits, bool) or not isinstance(n_splits, int | np.integer) or n_splits < 2:
        raise ValueError(f"n_splits must be a whole number of at least 2, not {n_splits!r}")
    n_groups = len(set(groups))
    if n_groups < n_splits:
        raise ValueError(
            f"cross-validation by patient needs at least {n_splits} vignettes with preference "
            f"pairs for {n_splits} folds; there are {n_groups}"
        )
    placeholder = np.zeros((len(groups), 1))
    yield from GroupKFold(n_splits=int(n_splits)).split(placeholder, groups=list(groups))


@attrs.frozen(eq=False)
class Fold:
    """One fold of cross-validation by patient: what was trained on, and how it did."""

    number: int
    train_pairs: IntArray
    validation_pairs: IntArray
    train_ids: tuple[str, ...]
    validation_ids: tuple[str, ...]
    weights: Weights
    clipped: tuple[str, ...]
    pair_accuracy: float
    learned: Evaluation
    default: Evaluation


@attrs.frozen(eq=False)
class CrossValidation:
    """Learned weights against the expert defaults on held-out patients, fold by fold."""

    folds: tuple[Fold, ...]
    pairs: PreferencePairs

    @property
    def pair_accuracy(self) -> float:
        """Mean share of held-out pairs the learned weights order as preferred."""
        return float(np.mean([fold.pair_accuracy for fold in self.folds]))

    @property
    def learned_ndcg(self) -> float | None:
        """Mean over folds of the learned weights' NDCG on the held-out vignettes."""
        return _mean_defined(fold.learned.ndcg for fold in self.folds)

    @property
    def default_ndcg(self) -> float | None:
        """Mean over folds of the expert defaults' NDCG on the same held-out vignettes."""
        return _mean_defined(fold.default.ndcg for fold in self.folds)

    def __str__(self) -> str:
        k = self.folds[0].learned.k if self.folds else 5
        lines = [
            f"| fold | validation vignettes | pairs (train / validation) | pair accuracy | "
            f"NDCG@{k} learned | NDCG@{k} default |",
            "|---|---|---|---|---|---|",
        ]
        for fold in self.folds:
            lines.append(
                f"| {fold.number} | {len(fold.validation_ids)} | {len(fold.train_pairs)} / "
                f"{len(fold.validation_pairs)} | {fold.pair_accuracy:.3f} | "
                f"{_shown(fold.learned.ndcg)} | {_shown(fold.default.ndcg)} |"
            )
        lines.append(
            f"| mean | | | {self.pair_accuracy:.3f} | {_shown(self.learned_ndcg)} | "
            f"{_shown(self.default_ndcg)} |"
        )
        return "\n".join(lines)


def _mean_defined(values: Iterable[float | None]) -> float | None:
    defined = [value for value in values if value is not None]
    return float(np.mean(defined)) if defined else None


def _shown(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def cross_validate_by_patient(
    vignettes: Vignettes | Iterable[Vignette] | str | PathLike[str] | None = None,
    ranker: PairwisePreferenceRanker | None = None,
    *,
    n_splits: int = 5,
    catalog: Catalog | None = None,
    rules: Sequence[Rule] | None = None,
    k: int = 5,
) -> CrossValidation:
    """Cross-validate a ranker with folds of whole vignettes (``GroupKFold`` on vignette ids).

    Each fold fits a fresh clone of ``ranker`` on the training vignettes' pairs and reports its
    pairwise accuracy on the held-out pairs, and the NDCG@k of its weights and of the expert
    defaults on the held-out vignettes. Vignettes without any pair are in no fold.

    Parameters
    ----------
    vignettes
        ``None`` for the shipped vignettes, a path, or loaded vignettes.
    ranker
        The estimator to clone; ``None`` uses ``PairwisePreferenceRanker()``.
    n_splits
        The number of folds (at most the number of vignettes with pairs).
    catalog, rules, k
        As for :func:`~matcher.evaluate`.
    """
    from matcher.catalog._loader import default_catalog  # the catalog module imports this package
    from matcher.evaluation._evaluate import evaluate
    from matcher.evaluation._vignettes import as_vignettes

    chosen = as_vignettes(vignettes)
    catalog = default_catalog() if catalog is None else catalog
    template = PairwisePreferenceRanker() if ranker is None else ranker
    pairs = pairs_from_vignettes(chosen, catalog, rules=rules)
    folds = []
    for number, (train, validation) in enumerate(patient_folds(pairs.groups, n_splits), 1):
        model = clone(template).fit(pairs.differences[train])
        weights, clipped = model._weights(f"fold-{number}")
        held_out = chosen.subset(pairs.subset(validation).vignette_ids)
        folds.append(
            Fold(
                number=number,
                train_pairs=train,
                validation_pairs=validation,
                train_ids=pairs.subset(train).vignette_ids,
                validation_ids=held_out.ids,
                weights=weights,
                clipped=clipped,
                pair_accuracy=model.score(pairs.differences[validation]),
                learned=evaluate(held_out, weights, catalog, k=k, rules=rules),
                default=evaluate(held_out, DEFAULT_WEIGHTS, catalog, k=k, rules=rules),
            )
        )
    return CrossValidation(tuple(folds), pairs)
