"""The train split's misses, for analysis: vignettes whose top hospital is not graded 2 or more,
or whose top five holds a hospital graded 0, with the top six, their grades and the features
that put them there. The test split is never read: it must not guide any change.

Run from the repository root: ``python benchmarks/train_misses.py`` (a few seconds);
``--all`` lists every train vignette. ``benchmarks/ranking_quality_analysis.md`` groups these
misses by cause.
"""

from __future__ import annotations

import argparse

import numpy as np

import matcher
from matcher import DEFAULT_WEIGHTS
from matcher._engine import score_patient
from matcher.rules import DEFAULT_RULES
from matcher.scoring import FEATURE_NAMES
from matcher.scoring._model import rank_order

SHOWN = 6


def parts(contribution: np.ndarray) -> str:
    best = np.argsort(-contribution)[:5]
    return ", ".join(f"{FEATURE_NAMES[f]} {contribution[f]:.1f}" for f in best if contribution[f])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", action="store_true", help="list every train vignette")
    arguments = parser.parse_args()
    catalog = matcher.load_catalog()
    train = matcher.load_vignettes().in_split("train")
    evaluation = matcher.evaluate(train, DEFAULT_WEIGHTS, catalog, k=5)
    for vignette in train:
        case = evaluation.case(vignette.id)
        missed = case.precision_at_1 == 0.0
        if not (arguments.all or missed or case.graded_zero_in_top):
            continue
        scored = score_patient(vignette.profile, catalog, DEFAULT_WEIGHTS, DEFAULT_RULES)
        candidates = np.flatnonzero(scored.applied.eligible)
        order = rank_order(scored.score, catalog.encoded.id_rank, candidates, len(candidates))
        ids = [catalog.hospitals[row].id for row in order]
        grades = vignette.grade_of
        print(
            f"## {vignette.id}: P@1 {'miss' if missed else case.precision_at_1}, graded 0 in "
            f"top 5 {'yes' if case.graded_zero_in_top else 'no'}, {len(ids)} eligible"
        )
        print(f"   {vignette.description}")
        for rank, row in enumerate(order[:SHOWN], 1):
            hospital = catalog.hospitals[row].id
            print(
                f"   {rank}. {hospital} (grade {grades.get(hospital, '-')}, "
                f"{scored.score[row]:.1f}: {parts(scored.contribution[row])})"
            )
        for hospital, grade in sorted(grades.items(), key=lambda item: -item[1]):
            if grade >= 2 and hospital not in ids:
                print(f"   left out: {hospital} (grade {grade})")
            elif grade >= 2 and ids.index(hospital) >= SHOWN:
                print(f"   ranked {ids.index(hospital) + 1}: {hospital} (grade {grade})")
        for grade in vignette.grades:
            if grade.grade == 0 and grade.hospital in ids[:5]:
                print(f"   graded 0: {grade.hospital}: {grade.rationale}")
        print()


if __name__ == "__main__":
    main()
