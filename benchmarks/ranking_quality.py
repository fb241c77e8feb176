"""Ranking quality: the expert default weights against weights learned from the train split.

Prints markdown tables: the metrics of each set of weights on each split (the learned weights are
fitted on the train split only, so only their test-split row is a fair comparison; their train
row is in-sample and labelled so), the two sets of weights side by side, and the
cross-validation by patient that chose the learner's regularisation on the train split.

Run from the repository root: ``python benchmarks/ranking_quality.py`` (well under a minute).
``--write-readme`` also writes the metrics table into README.md, between the markers
``<!-- ranking-quality:start -->`` and ``<!-- ranking-quality:end -->``; ``tests/test_readme.py``
checks that the README's table is what this script prints, so the two cannot drift apart.
"""

from __future__ import annotations

import argparse
import time
import warnings
from pathlib import Path
from typing import Final

import attrs
import numpy as np

import matcher
from matcher import DEFAULT_WEIGHTS, Catalog, Evaluation, Vignette, Vignettes, Weights
from matcher._engine import score_patient
from matcher.learning import (
    CrossValidation,
    PairwisePreferenceRanker,
    cross_validate_by_patient,
    pairs_from_vignettes,
)
from matcher.rules import DEFAULT_RULES
from matcher.scoring import FEATURE_NAMES

#: Candidate strengths of the learner's L2 penalty (inverse: smaller C, stronger pull to zero).
C_GRID: Final = (0.1, 0.3, 1.0, 3.0, 10.0)
N_SPLITS: Final = 5
K: Final = 5
README: Final = Path(__file__).resolve().parents[1] / "README.md"
START: Final = "<!-- ranking-quality:start -->"
END: Final = "<!-- ranking-quality:end -->"


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


@attrs.frozen
class Quality:
    """Everything this script reports: the learner's search, the weights and the metrics."""

    train: int
    test: int
    n_pairs: int
    n_pair_vignettes: int
    best_c: float
    searches: dict[float, CrossValidation]
    learned: Weights
    clipped: list[str]
    evaluations: dict[tuple[str, str], Evaluation]
    intrusions: tuple[Intrusions, ...]
    vignettes_version: str
    catalog_version: str


def measure() -> Quality:
    """Fit the learner on the train split (C by cross-validation) and evaluate both weights."""
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
    evaluations = {
        (label, split): matcher.evaluate(vignettes, weights, catalog, split=split, k=K)
        for label, weights in (("default", DEFAULT_WEIGHTS), ("learned", learned))
        for split in ("train", "test")
    }
    for split in ("train", "test"):
        evaluations["judged", split] = matcher.evaluate(
            vignettes, DEFAULT_WEIGHTS, catalog, split=split, k=K, unjudged="removed"
        )
    for split in ("train", "test"):
        evaluations["authored", split] = matcher.evaluate(
            authored(vignettes.in_split(split)), DEFAULT_WEIGHTS, catalog, k=K
        )
    found = tuple(
        intrusions(vignettes, catalog, evaluations["default", split], split)
        for split in ("train", "test")
    )
    return Quality(
        train=len(train),
        test=len(test),
        n_pairs=pairs.n_pairs,
        n_pair_vignettes=len(pairs.vignette_ids),
        best_c=best_c,
        searches=searches,
        learned=learned,
        clipped=[str(warning.message) for warning in caught],
        evaluations=evaluations,
        intrusions=found,
        vignettes_version=vignettes.data_version,
        catalog_version=catalog.data_version,
    )


@attrs.frozen
class Intrusions:
    """Why graded-0 hospitals reach a top five, counted by vignette, for one split.

    ``short_list``: fewer than five eligible hospitals are not graded 0, so every eligible
    graded-0 hospital reaches the top five whatever the scores (only-city cases). ``other``:
    the remaining vignettes with a graded-0 hospital in the top five.
    """

    split: str
    n_vignettes: int
    short_list: tuple[str, ...]
    other: tuple[str, ...]


def intrusions(
    vignettes: Vignettes, catalog: Catalog, evaluation: Evaluation, split: str
) -> Intrusions:
    """Sort the split's graded-0 intrusions into the kinds ``Intrusions`` describes."""
    chosen = vignettes.in_split(split)
    short_list, other = [], []
    for vignette in chosen:
        case = evaluation.case(vignette.id)
        if not case.graded_zero_in_top:
            continue
        grades = vignette.grade_of
        scored = score_patient(vignette.profile, catalog, DEFAULT_WEIGHTS, DEFAULT_RULES)
        eligible = [catalog.hospitals[r].id for r in np.flatnonzero(scored.applied.eligible)]
        if sum(grades.get(hospital) != 0 for hospital in eligible) < K:
            short_list.append(vignette.id)
        else:
            other.append(vignette.id)
    return Intrusions(split, len(chosen), tuple(short_list), tuple(other))


def authored(vignettes: Vignettes) -> list[Vignette]:
    """The vignettes with only their author's grades: the pooled grades removed."""
    return [
        vignette.model_copy(
            update={"grades": tuple(grade for grade in vignette.grades if not grade.pooled)}
        )
        for vignette in vignettes
    ]


def intrusion_lines(found: Intrusions) -> list[str]:
    """Counts only: the test split's individual errors are not printed."""
    return [
        f"- {found.split} split, {found.n_vignettes} vignettes: a graded-0 hospital in the top "
        f"{K} because fewer than {K} eligible hospitals are not graded 0: "
        f"{len(found.short_list)}; otherwise: {len(found.other)}."
    ]


def authored_lines(quality: Quality) -> list[str]:
    """The default weights against the authors' grades alone, comparable with earlier versions."""
    lines = []
    for split in ("train", "test"):
        run = quality.evaluations["authored", split]
        lines.append(
            f"- {split} split: NDCG@{K} {shown(run.ndcg)}, precision@1 "
            f"{shown(run.precision_at_1)}, MRR {shown(run.mrr)}, graded-0 in top {K} "
            f"{shown(run.graded_zero_in_top)}."
        )
    return lines


def unjudged_lines(quality: Quality) -> list[str]:
    """How far the figures owe to hospitals nobody graded (counts and means only)."""
    lines = []
    grades = {vignette.id: vignette.grade_of for vignette in matcher.load_vignettes()}
    for split in ("train", "test"):
        default = quality.evaluations["default", split]
        judged = quality.evaluations["judged", split]
        top_unjudged = sum(
            bool(case.top) and case.top[0] not in grades[case.id] for case in default.cases
        )
        lines.append(
            f"- {split} split: the top hospital is one nobody graded in {top_unjudged} of "
            f"{default.n_vignettes} vignettes. Diagnostic, not the headline: default weights "
            f"with those hospitals removed from each ranking (condensed lists): NDCG@{K} "
            f"{shown(judged.ndcg)}, precision@1 {shown(judged.precision_at_1)}, MRR "
            f"{shown(judged.mrr)}."
        )
    return lines


def metrics_table(quality: Quality) -> list[str]:
    """The metrics of both weights on both splits, as the README shows them."""
    runs = quality.evaluations
    return [
        f"| weights, split | vignettes | NDCG@{K} | precision@1 | MRR | "
        f"graded-0 in top {K} (lower is better) |",
        "|---|---|---|---|---|---|",
        metric_row("default, train", runs["default", "train"]),
        metric_row("learned, train (in-sample: fitted here)", runs["learned", "train"]),
        metric_row("default, test", runs["default", "test"]),
        metric_row("learned, test (held out)", runs["learned", "test"]),
    ]


def readme_block(quality: Quality) -> str:
    """The README's table and the cross-validation that keeps the defaults, with its markers."""
    chosen = quality.searches[quality.best_c]
    cross_validated = (
        f"Under {N_SPLITS}-fold cross-validation by patient on the train split, NDCG@{K}: "
        f"default weights {shown(chosen.default_ndcg)}, learned weights "
        f"{shown(chosen.learned_ndcg)} (C = {quality.best_c:g})."
    )
    kinds = [line for found in quality.intrusions for line in intrusion_lines(found)]
    return "\n".join(
        [
            START,
            *metrics_table(quality),
            "",
            cross_validated,
            "",
            f"Graded-0 hospitals in the top {K}, by kind (default weights):",
            "",
            *kinds,
            "",
            "Hospitals nobody graded count as not relevant in the table above:",
            "",
            *unjudged_lines(quality),
            "",
            "Default weights against the vignette authors' grades alone (the pooled grades "
            "removed), comparable with vignettes before 2026.12.04.2:",
            "",
            *authored_lines(quality),
            END,
        ]
    )


def write_readme(quality: Quality, path: Path = README) -> None:
    """Replace the table between the README's markers with this run's."""
    text = path.read_text(encoding="utf-8")
    before, rest = text.split(START, 1)
    _, after = rest.split(END, 1)
    path.write_text(before + readme_block(quality) + after, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--write-readme", action="store_true", help="write the metrics table into README.md"
    )
    arguments = parser.parse_args()
    started = time.perf_counter()
    quality = measure()

    versions = f"vignettes {quality.vignettes_version}, catalog {quality.catalog_version}"
    print(f"# Ranking quality ({versions})")
    print()
    print(
        f"{quality.train} train vignettes ({quality.n_pairs} preference pairs from "
        f"{quality.n_pair_vignettes} of them), {quality.test} test vignettes. Learned weights: "
        f"fitted on the train split only, C = {quality.best_c:g} chosen by {N_SPLITS}-fold "
        "cross-validation by patient on the train split."
    )
    print()
    print("\n".join(metrics_table(quality)))
    print()
    print("Means over the vignettes where a metric is defined (NDCG needs a hospital graded")
    print("above 0; precision@1 and MRR one graded 2 or more).")
    print()
    print(f"## Graded-0 hospitals in the top {K}, default weights")
    print()
    for found in quality.intrusions:
        print("\n".join(intrusion_lines(found)))
    print()
    print("## Hospitals nobody graded, default weights")
    print()
    print("\n".join(unjudged_lines(quality)))
    print()
    print("## The vignette authors' grades alone (pooled grades removed), default weights")
    print()
    print("\n".join(authored_lines(quality)))
    print()
    print("## Weights")
    print()
    print("\n".join(weights_table(DEFAULT_WEIGHTS, quality.learned)))
    print()
    for message in quality.clipped:
        print(f"Note: {message}.")
    if quality.clipped:
        print()
    print(f"## Choosing C: cross-validation by patient on the train split ({N_SPLITS} folds)")
    print()
    print(f"| C | pair accuracy | NDCG@{K} learned | NDCG@{K} default (same folds) |")
    print("|---|---|---|---|")
    for c in C_GRID:
        result = quality.searches[c]
        marker = " (chosen)" if c == quality.best_c else ""
        print(
            f"| {c:g}{marker} | {result.pair_accuracy:.3f} | {shown(result.learned_ndcg)} | "
            f"{shown(result.default_ndcg)} |"
        )
    print()
    if arguments.write_readme:
        write_readme(quality)
        print(f"Wrote the metrics table into {README.name}.")
        print()
    print(f"Ran in {time.perf_counter() - started:.1f} s.")


if __name__ == "__main__":
    main()
