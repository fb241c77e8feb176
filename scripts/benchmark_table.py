"""The README's table of performance figures, made from what the benchmarks printed.

Reads the saved output of ``benchmarks/bench_recommend.py``, ``benchmarks/bench_cohort.py`` and
``benchmarks/bench_dask_parquet.py`` (any of them) and prints a Markdown table: each figure
against issue 17's target, as printed (ratios within one run; no time is compared across runs).
With ``--replace README.md`` the table between the README's markers is replaced instead.

    python benchmarks/bench_recommend.py > recommend.txt
    python benchmarks/bench_cohort.py --hospitals 0 1000 > cohort.txt
    python benchmarks/bench_dask_parquet.py --rows 2000000 > dask.txt
    python scripts/benchmark_table.py --recommend recommend.txt --cohort cohort.txt \\
        --dask dask.txt --replace README.md
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from pathlib import Path

START = "<!-- benchmark-table:start (scripts/benchmark_table.py writes this table) -->"
END = "<!-- benchmark-table:end -->"
HEADER = (
    "| measure | figure | target | |",
    "|---|---|---|---|",
)
#: Every row the script writes has this shape (a test holds the README to it).
ROW = re.compile(r"^\| [^|]+ \| [^|]+ \| [^|]+ \| (met|not met) \|$")

Row = tuple[str, str, str, bool]


def recommend_rows(text: str) -> list[Row]:
    """Rows for one recommend() call: median/floor and p95/median per size, and the growth."""
    rows: list[Row] = []
    line = re.compile(
        r"^\s*([\d,]+)\s+\d+\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+([\d.]+)\s+([\d.]+)", re.M
    )
    for size, over_floor, tail in line.findall(text):
        hospitals = int(size.replace(",", ""))
        if hospitals >= 10_000:
            rows.append(
                (
                    f"`recommend()`, {size} hospitals: median / floor",
                    f"{float(over_floor):.1f}x",
                    "at most 10x",
                    float(over_floor) <= 10,
                )
            )
        rows.append(
            (
                f"`recommend()`, {size} hospitals: p95 / median",
                f"{float(tail):.2f}",
                "at most 3",
                float(tail) <= 3,
            )
        )
    growth = re.search(r"100,000 / 10,000 hospitals: median x([\d.]+)", text)
    if growth:
        value = float(growth.group(1))
        rows.append(
            (
                "`recommend()`: median at 100,000 / at 10,000 hospitals",
                f"{value:.1f}x",
                "at most 12x",
                value <= 12,
            )
        )
    return rows


def cohort_rows(text: str) -> list[Row]:
    """Rows for recommend_many: batch / bare limit per catalog and cohort size."""
    rows: list[Row] = []
    for block in re.split(r"\n(?=[\d,]+ hospitals: recommend\(\))", "\n" + text)[1:]:
        hospitals = int(block.split(" ", 1)[0].replace(",", ""))
        target = 1.3 if hospitals >= 1_000 else 3.0
        name = f"{hospitals:,} hospitals" + (" (default catalog)" if hospitals < 1_000 else "")
        line = re.compile(
            r"^\s*([\d,]+)\s+[\d.]+\s+[\d,]+\s+[\d,]+\s+[\d,]+\s+[\d.]+\s+([\d.]+)\s+(yes|NO)",
            re.M,
        )
        for patients, ratio, same in line.findall(block):
            value = float(ratio)
            rows.append(
                (
                    f"`recommend_many`, {patients} patients x {name}: batch / bare limit",
                    f"{value:.2f}" + ("" if same == "yes" else " (tables differ)"),
                    f"at most {target:g}",
                    value <= target and same == "yes",
                )
            )
    return rows


def dask_rows(text: str) -> list[Row]:
    """Rows for the Parquet cohort through Dask: peak memory per worker, and throughput."""
    rows: list[Row] = []
    run = re.search(r"([\d,]+) patients -> [\d,]+ ranking rows in [\d.]+ s = ([\d,]+)", text)
    peak = re.search(r"largest worker peak: ([\d,]+) MB", text)
    if run and peak:
        megabytes = int(peak.group(1).replace(",", ""))
        rows.append(
            (
                f"`matcher.dask.recommend_parquet`, {run.group(1)} patients: peak RSS per worker",
                f"{megabytes:,} MB ({run.group(2)} patients/s)",
                "under 1 GB",
                megabytes < 1024,
            )
        )
    return rows


def markdown(rows: Sequence[Row]) -> str:
    """The table, one line per row, between the README's markers."""
    lines = [START, *HEADER]
    lines += [
        f"| {measure} | {figure} | {target} | {'met' if met else 'not met'} |"
        for measure, figure, target, met in rows
    ]
    return "\n".join([*lines, END])


def replace(readme: str, table: str) -> str:
    """``readme`` with the text between the markers replaced by ``table``."""
    start, end = readme.index(START), readme.index(END) + len(END)
    return readme[:start] + table + readme[end:]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--recommend", type=Path, help="bench_recommend.py's output")
    parser.add_argument("--cohort", type=Path, help="bench_cohort.py's output")
    parser.add_argument("--dask", type=Path, help="bench_dask_parquet.py's output")
    parser.add_argument("--replace", type=Path, help="a README to write the table into")
    options = parser.parse_args(argv)
    rows: list[Row] = []
    for path, read in (
        (options.recommend, recommend_rows),
        (options.cohort, cohort_rows),
        (options.dask, dask_rows),
    ):
        if path is not None:
            rows += read(path.read_text(encoding="utf-8"))
    table = markdown(rows)
    if options.replace is None:
        print(table)
    else:
        readme = options.replace.read_text(encoding="utf-8")
        options.replace.write_text(replace(readme, table), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
