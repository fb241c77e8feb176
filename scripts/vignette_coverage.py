"""The coverage table of the vignette benchmark, computed from the file.

Counts vignettes by cancer tissue (OncoTree), stage category, TCM preference, patient, cities,
services, therapy sought and biomarkers, and grades by value (the author's and the pooled ones
apart), per split. Every row is read off validated profiles (``matcher.Patient``); nothing is a
judgement, and nothing here ranks or scores.

``python scripts/vignette_coverage.py`` prints the table; ``--write-readme`` writes it into the
vignettes README between ``<!-- coverage:start -->`` and ``<!-- coverage:end -->``.
``tests/test_vignettes_data.py`` checks that the README holds what this prints.
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Final

import matcher
from matcher import Vignette

README: Final = Path(__file__).resolve().parents[1] / "src/matcher/data/vignettes/README.md"
START: Final = "<!-- coverage:start -->"
END: Final = "<!-- coverage:end -->"
SPLITS: Final = ("train", "test")

Row = tuple[str, str, Counter[str]]


def _vignette_rows(
    vignettes: Iterable[Vignette], category: str, labels: Callable[[Vignette], Iterable[str]]
) -> list[Row]:
    """One row per label, counting the vignettes of each split that carry it."""
    counts: dict[str, Counter[str]] = {}
    for vignette in vignettes:
        for label in labels(vignette):
            counts.setdefault(label, Counter())[vignette.split] += 1
    return [(category, label, counts[label]) for label in sorted(counts)]


def _patient_labels(vignette: Vignette) -> list[str]:
    patient = vignette.profile
    labels = []
    if patient.ecog is not None and patient.ecog >= 3:
        labels.append("poor performance status (ECOG 3-4)")
    if patient.age is not None and patient.age < 18:
        labels.append("child (age < 18)")
    if patient.age is None:
        labels.append("age not given")
    labels.append(f"disease status {patient.disease_status}")
    return labels


def _city_labels(vignette: Vignette) -> list[str]:
    patient = vignette.profile
    if not patient.cities:
        return ["no city given"]
    return [f"cities: {patient.city_mode}"]


def _service_labels(vignette: Vignette) -> list[str]:
    patient = vignette.profile
    labels = []
    if patient.wants_clinical_trials:
        labels.append("wants clinical trials")
    if patient.needs_international_services:
        labels.append("international services needed")
    return labels


def _biomarker_labels(vignette: Vignette) -> list[str]:
    markers = vignette.profile.biomarkers
    if not markers:
        return ["none given"]
    if any(marker.targeted_actionable or marker.immunotherapy_actionable for marker in markers):
        return ["a targeted or immunotherapy marker (matcher's biomarker table)"]
    return ["given, none targeted or immunotherapy in matcher's table"]


def _grade_rows(vignettes: Iterable[Vignette]) -> list[Row]:
    counts: dict[str, Counter[str]] = {}
    for vignette in vignettes:
        for grade in vignette.grades:
            origin = "pooled" if grade.pooled else "author's"
            label = f"grade {grade.grade}, {origin}"
            counts.setdefault(label, Counter())[vignette.split] += 1
    return [("grades", label, counts[label]) for label in sorted(counts, reverse=True)]


def coverage_rows(vignettes: Iterable[Vignette]) -> list[Row]:
    """Every row of the table, in order."""
    chosen = list(vignettes)
    return [
        *_vignette_rows(chosen, "all", lambda v: ["vignettes"]),
        *_vignette_rows(chosen, "cancer tissue", lambda v: [v.profile.cancer_type.tissue]),
        *_vignette_rows(chosen, "stage category", lambda v: [_stage_category(v)]),
        *_vignette_rows(chosen, "TCM preference", lambda v: [v.profile.tcm_preference]),
        *_vignette_rows(chosen, "patient", _patient_labels),
        *_vignette_rows(chosen, "cities", _city_labels),
        *_vignette_rows(chosen, "services", _service_labels),
        *_vignette_rows(chosen, "therapy sought", lambda v: list(v.profile.therapies_sought)),
        *_vignette_rows(chosen, "biomarkers", _biomarker_labels),
        *_vignette_rows(
            chosen,
            "answer",
            lambda v: [
                f"best grade {max(grade.grade for grade in v.grades)}",
                *["few or no good matches expected"] * v.expect_few_matches,
            ],
        ),
        *_grade_rows(chosen),
    ]


def _stage_category(vignette: Vignette) -> str:
    stage = vignette.profile.stage
    return "unknown" if stage is None else str(stage.category)


def coverage_table(vignettes: Iterable[Vignette]) -> str:
    """The rows as a markdown table with a column per split and a total."""
    lines = ["| category | value | train | test | total |", "|---|---|---:|---:|---:|"]
    for category, label, counts in coverage_rows(vignettes):
        cells = " | ".join(str(counts[split]) for split in SPLITS)
        lines.append(f"| {category} | {label} | {cells} | {sum(counts.values())} |")
    return "\n".join(lines)


def readme_block() -> str:
    vignettes = matcher.load_vignettes()
    return "\n".join(
        [
            START,
            f"Data version {vignettes.data_version}, {len(vignettes)} vignettes.",
            "",
            coverage_table(vignettes),
            END,
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write-readme", action="store_true", help="write it into the README")
    arguments = parser.parse_args()
    block = readme_block()
    if arguments.write_readme:
        text = README.read_text(encoding="utf-8")
        before, rest = text.split(START, 1)
        _, after = rest.split(END, 1)
        README.write_text(before + block + after, encoding="utf-8")
    print(block)


if __name__ == "__main__":
    main()
