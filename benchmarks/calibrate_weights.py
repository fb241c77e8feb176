"""Choose the default weights from the train split of the vignettes, honestly.

The defaults are a handful of expert weights. This script searches them, within the bounds of
clinical sense that ``admissible`` states, by coordinate ascent
(each weight in turn tried at a few multiples of its value, keeping the best, for a few rounds)
on the **train split only**, scoring a set of weights by the mean over train vignettes of
NDCG@5 + precision@1 - graded-0 in the top 5. To say how well that choice generalises, the
same search is cross-validated by vignette on the train split (search on four folds, score the
fifth). The test split is never read here: ``ranking_quality.py`` scores it, once, at the end.

Run from the repository root: ``python benchmarks/calibrate_weights.py`` (a few minutes). It
prints the chosen weights as a Python mapping to paste into ``scoring/_weights.py`` when they are
better under cross-validation, and the train-split metrics of the current defaults and the
chosen weights.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from typing import Final

import attrs
import numpy as np

import matcher
from matcher import DEFAULT_WEIGHTS, Evaluation, Vignette, Weights
from matcher._engine import score_patient
from matcher.evaluation._evaluate import case_metrics
from matcher.rules import DEFAULT_RULES
from matcher.scoring import FEATURE_NAMES

#: The weights searched, and the multiples of the current value tried for each.
SEARCHED: Final = (
    "cancer_type_expertise",
    "overall_oncology",
    "specialty_ranking",
    "oncology_ranking",
    "evidence",
    "multidisciplinary_team",
    "clinical_trial",
    "surgery",
    "radiotherapy",
    "chemotherapy",
    "supportive_care",
    "palliative",
    "city_preference",
    "breast_gynae_expertise",
)
MULTIPLES: Final = (0.0, 0.5, 0.75, 1.0, 1.5, 2.0)
#: A weight at zero is tried at these values instead.
FROM_ZERO: Final = (0.0, 0.25, 0.5, 1.0)
ROUNDS: Final = 2
FOLDS: Final = 5
K: Final = 5


@attrs.frozen(eq=False)
class Case:
    """One vignette scored once: its features, how the rules scale and add to each weight."""

    values: np.ndarray
    scale: np.ndarray
    add: np.ndarray
    eligible: np.ndarray
    ids: tuple[str, ...]
    id_rank: np.ndarray
    grades: Mapping[str, int]


def prepare(vignettes: Sequence[Vignette]) -> list[Case]:
    """Rules adjust a weight to ``weight * scale + add``: affine in the base weights, so two
    scorings (all-zero and all-one base weights) give every vignette's ranking for any weights."""
    catalog = matcher.load_catalog()
    zero = Weights(name="zero", values={})
    unit = Weights(name="unit", values=dict.fromkeys(FEATURE_NAMES, 1.0))
    cases = []
    for vignette in vignettes:
        patient = matcher.Patient.model_validate(vignette.profile)
        with_zero = score_patient(patient, catalog, zero, DEFAULT_RULES)
        with_unit = score_patient(patient, catalog, unit, DEFAULT_RULES)
        cases.append(
            Case(
                values=with_unit.features.values,
                scale=with_unit.applied.weights - with_zero.applied.weights,
                add=with_zero.applied.weights,
                eligible=np.flatnonzero(with_unit.applied.eligible),
                ids=catalog.ids,
                id_rank=catalog.encoded.id_rank,
                grades=vignette.grade_of,
            )
        )
    return cases


def score(values: Mapping[str, float], cases: Sequence[Case]) -> float:
    """The objective's mean over the cases, for these base weights."""
    base = np.array([values.get(name, 0.0) for name in FEATURE_NAMES])
    ndcg, precision, zero = [], [], []
    for case in cases:
        weights = base * case.scale + case.add
        points = case.values[case.eligible] @ weights
        order = case.eligible[np.lexsort((case.id_rank[case.eligible], -points))]
        ranked = [case.ids[row] for row in order]
        n, p, _, z = case_metrics(ranked, case.grades, K)
        if n is not None:
            ndcg.append(n)
        if p is not None:
            precision.append(p)
        zero.append(float(z))
    mean = lambda xs: sum(xs) / len(xs) if xs else 0.0  # noqa: E731
    return mean(ndcg) + mean(precision) - mean(zero)


def admissible(values: Mapping[str, float]) -> bool:
    """Clinical sense the search may not trade away: standing for the patient's own disease
    counts at least as much as standing in oncology overall (a national leader for one disease
    must not lose to a cancer centre for being a general hospital)."""
    return values.get("specialty_ranking", 0.0) >= values.get("oncology_ranking", 0.0) > 0


def search(start: Mapping[str, float], vignettes: Sequence[Case]) -> dict[str, float]:
    """Coordinate ascent from ``start`` on these vignettes."""
    best = dict(start)
    best_score = score(best, vignettes)
    for _ in range(ROUNDS):
        improved = False
        for name in SEARCHED:
            current = best.get(name, 0.0)
            tries = [current * m for m in MULTIPLES] if current else list(FROM_ZERO)
            for value in tries:
                if value == current:
                    continue
                candidate = {**best, name: value}
                if not any(candidate.values()) or not admissible(candidate):
                    continue
                result = score(candidate, vignettes)
                if result > best_score + 1e-9:
                    best, best_score, improved = candidate, result, True
                    current = value
        if not improved:
            break
    return {name: value for name, value in best.items() if value}


def row(label: str, evaluation: Evaluation) -> str:
    def shown(value: float | None) -> str:
        return "n/a" if value is None else f"{value:.3f}"

    return (
        f"| {label} | {evaluation.n_vignettes} | {shown(evaluation.ndcg)} | "
        f"{shown(evaluation.precision_at_1)} | {shown(evaluation.mrr)} | "
        f"{shown(evaluation.graded_zero_in_top)} |"
    )


def main() -> None:
    started = time.perf_counter()
    vignettes = matcher.load_vignettes()
    train = prepare(list(vignettes.in_split("train")))
    start = dict(DEFAULT_WEIGHTS.values)

    folds = [train[i::FOLDS] for i in range(FOLDS)]
    held_out_default, held_out_chosen = [], []
    for index, fold in enumerate(folds):
        rest = [v for j, other in enumerate(folds) if j != index for v in other]
        chosen = search(start, rest)
        held_out_default.append(score(start, fold))
        held_out_chosen.append(score(chosen, fold))
    chosen = search(start, train)

    print(f"# Calibrating the default weights on {len(train)} train vignettes")
    print()
    print(
        f"Cross-validated objective (NDCG@{K} + precision@1 - graded-0 in top {K}), "
        f"{FOLDS} folds of the train split: current defaults "
        f"{sum(held_out_default) / FOLDS:.3f}, searched {sum(held_out_chosen) / FOLDS:.3f}."
    )
    print()
    print("| weights, split | vignettes | NDCG@5 | precision@1 | MRR | graded-0 in top 5 |")
    print("|---|---|---|---|---|---|")
    searched = Weights(name="searched", values=chosen)
    # The train split only: the test split is scored by ranking_quality.py, once, at the end.
    for label, weights in (("current", DEFAULT_WEIGHTS), ("searched", searched)):
        print(row(f"{label}, train", matcher.evaluate(vignettes, weights, split="train", k=K)))
    print()
    print("Searched weights:")
    print("{")
    for name, value in chosen.items():
        print(f'    "{name}": {value:g},')
    print("}")
    print()
    print(f"Ran in {time.perf_counter() - started:.0f} s.")


if __name__ == "__main__":
    main()
