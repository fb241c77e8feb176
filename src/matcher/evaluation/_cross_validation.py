"""Cross-validation by patient: folds that keep each patient's judgments together."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from os import PathLike
from typing import TYPE_CHECKING

import attrs
import numpy as np
from sklearn.base import clone
from sklearn.model_selection import GroupKFold

from matcher.catalog._compiled import IntArray
from matcher.evaluation._learning import PairwisePreferenceRanker
from matcher.evaluation._pairs import PreferencePairs, pairs_from_vignettes
from matcher.scoring._weights import DEFAULT_WEIGHTS, Weights

if TYPE_CHECKING:
    from matcher.catalog._loader import Catalog
    from matcher.evaluation._evaluate import Evaluation
    from matcher.evaluation._vignettes import Vignette, Vignettes
    from matcher.rules import Rule


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
        return mean_defined(fold.learned.ndcg for fold in self.folds)

    @property
    def default_ndcg(self) -> float | None:
        """Mean over folds of the expert defaults' NDCG on the same held-out vignettes."""
        return mean_defined(fold.default.ndcg for fold in self.folds)

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
                f"{shown(fold.learned.ndcg)} | {shown(fold.default.ndcg)} |"
            )
        lines.append(
            f"| mean | | | {self.pair_accuracy:.3f} | {shown(self.learned_ndcg)} | "
            f"{shown(self.default_ndcg)} |"
        )
        return "\n".join(lines)


def mean_defined(values: Iterable[float | None]) -> float | None:
    defined = [value for value in values if value is not None]
    return float(np.mean(defined)) if defined else None


def shown(value: float | None) -> str:
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
