"""Ranking quality: the expert default weights against weights learned from the train split.

Prints markdown tables: the metrics of each set of weights on each split (the learned weights are
fitted on the train split only, so only their test-split row is a fair comparison; their train
row is in-sample and labelled so), the two sets of weights side by side, and the
cross-validation by patient that chose the learner's regularisation on the train split.

Run from the repository root: ``python benchmarks/ranking_quality.py`` (well under a minute).
"""

from __future__ import annotations

import time
import warnings
from typing import Final

import matcher
from matcher import DEFAULT_WEIGHTS, Evaluation, Weights
from matcher.learning import (
    PairwisePreferenceRanker,
    cross_validate_by_patient,
    pairs_from_vignettes,
)
from matcher.scoring import FEATURE_NAMES

#: Candidate strengths of the learner's L2 penalty (inverse: smaller C, stronger pull to zero).
C_GRID: Final = (0.1, 0.3, 1.0, 3.0, 10.0)
N_SPLITS: Final = 5
K: Final = 5


def shown(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def metric_row(label: str, evaluation: Evaluation) -> str:
    return (
        f"| {label} | {evaluation.n_vignettes} | {shown(evaluation.ndcg)} | "
        f"{shown(evaluation.precision_at_1)} | {shown(evaluation.mrr)} | "
        f"{shown(evaluation.graded_zero_in_top)} |"
    )


def weights_table(default: Weights, learned: Weights) -> list[str]:
    lines = ["| feature | default | learned |", "|---|---|---|"]
    for name in FEATURE_NAMES:
        before, after = default.values.get(name, 0.0), learned.values.get(name, 0.0)
        if before or after:
            lines.append(f"| {name} | {before:.2f} | {after:.2f} |")
    lines.append(
        f"| **sum** | {sum(default.values.values()):.2f} | {sum(learned.values.values()):.2f} |"
    )
    return lines


def main() -> None:
    started = time.perf_counter()
    catalog = matcher.load_catalog()
    vignettes = matcher.load_vignettes()
    train, test = vignettes.in_split("train"), vignettes.in_split("test")

    searches = {
        c: cross_validate_by_patient(
            train, PairwisePreferenceRanker(C=c), n_splits=N_SPLITS, catalog=catalog, k=K
        )
        for c in C_GRID
    }
    best_c = max(C_GRID, key=lambda c: (searches[c].learned_ndcg or 0.0, -c))
    pairs = pairs_from_vignettes(train, catalog)
    ranker = PairwisePreferenceRanker(C=best_c).fit(pairs.differences)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        learned = ranker.to_weights(
            f"learned-train-{vignettes.data_version}",
            provenance=f"train split of vignettes {vignettes.data_version}",
        )
    clipped = [str(warning.message) for warning in caught]

    def run(weights: Weights, split: str) -> Evaluation:
        return matcher.evaluate(vignettes, weights, catalog, split=split, k=K)

    print(f"# Ranking quality (vignettes {vignettes.data_version}, catalog {catalog.data_version})")
    print()
    print(
        f"{len(train)} train vignettes ({pairs.n_pairs} preference pairs from "
        f"{len(pairs.vignette_ids)} of them), {len(test)} test vignettes. Learned weights: "
        f"fitted on the train split only, C = {best_c:g} chosen by {N_SPLITS}-fold "
        "cross-validation by patient on the train split."
    )
    print()
    print(
        f"| weights, split | vignettes | NDCG@{K} | precision@1 | MRR | "
        f"graded-0 in top {K} (lower is better) |"
    )
    print("|---|---|---|---|---|---|")
    print(metric_row("default, train", run(DEFAULT_WEIGHTS, "train")))
    print(metric_row("learned, train (in-sample: fitted here)", run(learned, "train")))
    print(metric_row("default, test", run(DEFAULT_WEIGHTS, "test")))
    print(metric_row("learned, test (held out)", run(learned, "test")))
    print()
    print("Means over the vignettes where a metric is defined (NDCG needs a hospital graded")
    print("above 0; precision@1 and MRR one graded 2 or more).")
    print()
    print("## Weights")
    print()
    print("\n".join(weights_table(DEFAULT_WEIGHTS, learned)))
    print()
    for message in clipped:
        print(f"Note: {message}.")
    if clipped:
        print()
    print(f"## Choosing C: cross-validation by patient on the train split ({N_SPLITS} folds)")
    print()
    print(f"| C | pair accuracy | NDCG@{K} learned | NDCG@{K} default (same folds) |")
    print("|---|---|---|---|")
    for c in C_GRID:
        result = searches[c]
        marker = " (chosen)" if c == best_c else ""
        print(
            f"| {c:g}{marker} | {result.pair_accuracy:.3f} | {shown(result.learned_ndcg)} | "
            f"{shown(result.default_ndcg)} |"
        )
    print()
    print(f"Ran in {time.perf_counter() - started:.1f} s.")


if __name__ == "__main__":
    main()
