"""Throughput and memory of recommend_many() on synthetic cohorts, against three baselines.

All measured in the same run, on synthetic catalogs and cohorts (``matcher.synthetic``):

- **batch**: ``matcher.recommend_many(frame, catalog=...)`` on a pandas DataFrame of profiles,
  from reading the frame to the finished long table (validation included).
- **bare limit**: the cheapest correct way to make the same selection on the same data: each
  patient's weight row times the features of their cancer type (``weights @ features.T``, the
  same matrices, in the same chunks), then a tie-correct top k per row (``np.partition`` for
  the k-th best score, every hospital tied with it kept, sorted by score then hospital id, as
  the batch breaks ties); no validation, rules, masks or city column. ``batch / bare`` says
  how close the batch comes to that floor. (``np.argpartition`` is not used: on real scores,
  with many ties, it is several times slower than this and does not break ties by id.)
- **loop**: ``matcher.recommend(profile)`` once per patient, timed on a random subsample and
  extrapolated to the cohort.
- **scikit-criteria**: its weighted-sum model ranking each patient's decision matrix (eligible
  hospitals x features, the patient's weights), timed on a subsample and extrapolated; the
  matrices are built beforehand and not timed.

Peak memory is measured in a fresh subprocess per measurement, so that peaks do not mix: the
process's peak resident set size (VmHWM on Linux, else ``resource.getrusage``) once the input
is built and after the call, and, in another subprocess, the peak that ``tracemalloc`` traces
during the call.

    python benchmarks/bench_cohort.py          # the figures in benchmarks/README.md (minutes)
    python benchmarks/bench_cohort.py --quick  # a small run (seconds)
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

import matcher
from matcher import Catalog, recommend, recommend_many
from matcher._engine import score_patient
from matcher.cohort._batch import CHUNK_CELLS
from matcher.cohort._columns import _columns
from matcher.cohort._features import _FeatureCache
from matcher.cohort._groups import _keyed_groups
from matcher.cohort._validation import _Cohort
from matcher.rules import DEFAULT_RULES
from matcher.scoring._model import SCALE, SCORE_DECIMALS
from matcher.synthetic import synthetic_catalog, synthetic_cohort_frame

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_recommend import machine_lines  # a script beside this one

TOP_K = 5


def _interleaved(works: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """Median seconds of each piece of work over ``repeat`` rounds, the pieces taking turns
    within each round, so that a busy spell on the machine slows both sides of a ratio."""
    times: dict[str, list[float]] = {name: [] for name in works}
    for _ in range(repeat):
        for name, work in works.items():
            start = time.perf_counter()
            work()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(found) for name, found in times.items()}


def _profiles(frame: pd.DataFrame, rows: Sequence[int]) -> list[dict[str, Any]]:
    """Rows of the frame as profile mappings (missing cells left out)."""
    records = frame.iloc[list(rows)].to_dict("records")
    return [{k: v for k, v in r.items() if v is not None and v == v} for r in records]


def bare_limit(frame: pd.DataFrame, catalog: Catalog) -> Callable[[], None]:
    """The bare matrix product and argpartition over this cohort's matrices (set up untimed)."""
    cohort = _Cohort.read(_columns(frame), "raise")
    groups = _keyed_groups(cohort, catalog, matcher.DEFAULT_WEIGHTS, DEFAULT_RULES)
    rows = np.flatnonzero(groups.group_of_row >= 0)
    group = groups.group_of_row[rows]
    weights = groups.weights[group]
    total = weights.sum(axis=1, keepdims=True)
    scaled = weights * np.divide(SCALE, total, out=np.zeros_like(total), where=total > 0)
    cancer = groups.cancer_of[group]
    order = np.argsort(cancer, kind="stable")
    scaled, cancer = scaled[order], cancer[order]
    features = _FeatureCache(catalog)
    values = {
        int(code): features.of_type(groups.cancer_types[int(code)]).values
        for code in np.unique(cancer)
    }
    n_hospitals = catalog.encoded.n_hospitals
    chunk = max(1, CHUNK_CELLS // n_hospitals)
    k = min(TOP_K, n_hospitals - 1)
    runs = np.flatnonzero(np.r_[True, cancer[1:] != cancer[:-1], True])

    id_rank = catalog.encoded.id_rank

    def work() -> None:
        for run_start, run_end in zip(runs[:-1].tolist(), runs[1:].tolist(), strict=True):
            matrix = values[int(cancer[run_start])].T
            for begin in range(run_start, run_end, chunk):
                tie_correct_top_k_rows(
                    scaled[begin : min(begin + chunk, run_end)] @ matrix, id_rank, k
                )

    return work


def tie_correct_top_k_rows(
    block: np.ndarray, id_rank: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each row's ``k`` best columns, best first, ties broken by hospital id (as the batch does).

    ``np.partition`` gives each row's k-th best score; every cell tied with it or better is kept
    (a tie is never cut by position), rounded as the engine rounds, and sorted by row, score
    and hospital id; the first ``k`` of each row are the answer (row, column, score).
    """
    n_columns = block.shape[1]
    if n_columns > k:
        kth = np.partition(block, n_columns - k, axis=1)[:, n_columns - k]
        rows, columns = np.nonzero(block >= kth[:, None])
    else:
        rows, columns = np.nonzero(np.ones(block.shape, dtype=bool))
    score = np.round(block[rows, columns], SCORE_DECIMALS)
    order = np.lexsort((id_rank[columns], -score, rows))
    rows, columns, score = rows[order], columns[order], score[order]
    first = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
    counts = np.diff(np.r_[first, len(rows)])
    keep = np.arange(len(rows)) - np.repeat(first, counts) < k
    return rows[keep], columns[keep], score[keep]


def per_patient_loop(frame: pd.DataFrame, catalog: Catalog, sample: int) -> float:
    """Seconds per recommend() call, over a random sample of the cohort's profiles."""
    rows = random.Random(0).sample(range(len(frame)), min(sample, len(frame)))
    profiles = _profiles(frame, rows)
    recommend(profiles[0], catalog=catalog)
    start = time.perf_counter()
    for profile in profiles:
        recommend(profile, catalog=catalog)
    return (time.perf_counter() - start) / len(profiles)


def per_patient_skcriteria(frame: pd.DataFrame, catalog: Catalog, sample: int) -> float:
    """Seconds for scikit-criteria's weighted sum to rank one patient's decision matrix."""
    import skcriteria
    from skcriteria.agg.simple import WeightedSumModel

    rows = random.Random(1).sample(range(len(frame)), min(sample, len(frame)))
    matrices = []
    for profile in _profiles(frame, rows):
        patient = matcher.Patient.model_validate(profile)
        scored = score_patient(patient, catalog, matcher.DEFAULT_WEIGHTS, DEFAULT_RULES)
        eligible = scored.applied.eligible
        if eligible.any():
            matrices.append((scored.features.values[eligible], scored.applied.weights))
    model = WeightedSumModel()
    n_features = matrices[0][0].shape[1]
    start = time.perf_counter()
    for matrix, weights in matrices:
        decision = skcriteria.mkdm(matrix, objectives=[max] * n_features, weights=weights)
        model.evaluate(decision)
    return (time.perf_counter() - start) / len(matrices)


def memory_child(n_patients: int, n_hospitals: int, mode: str) -> dict[str, float]:
    """Run in a fresh process: build the input, rank it, report the memory peaks in MB."""
    catalog = synthetic_catalog(n_hospitals, seed=0)
    frame = synthetic_cohort_frame(n_patients, seed=0)
    if mode == "tracemalloc":
        tracemalloc.start()
        result = recommend_many(frame, catalog=catalog)
        kept, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return {"traced_peak_mb": peak / 2**20, "traced_kept_mb": kept / 2**20, "rows": len(result)}
    before = _peak_rss_mb()
    result = recommend_many(frame, catalog=catalog)
    return {"input_maxrss_mb": before, "peak_maxrss_mb": _peak_rss_mb(), "rows": len(result)}


def _peak_rss_mb() -> float:
    """This process's peak resident set size, in MB.

    On Linux from VmHWM in /proc/self/status: ``ru_maxrss`` of a child started by fork and exec
    can carry the parent's peak over, which would mix the peaks.
    """
    try:
        with open("/proc/self/status", encoding="utf-8") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _memory(n_patients: int, n_hospitals: int, mode: str) -> dict[str, float]:
    command = [sys.executable, __file__, "--memory-child", str(n_patients), str(n_hospitals), mode]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    found: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a small run, for a smoke test")
    parser.add_argument("--hospitals", type=int, nargs="+", help="catalog sizes")
    parser.add_argument("--patients", type=int, nargs="+", help="cohort sizes")
    parser.add_argument(
        "--max-cells",
        type=float,
        default=1e9,
        help="skip cohorts whose patients x hospitals exceed this (default 1e9)",
    )
    parser.add_argument("--memory", type=int, nargs="*", help="cohort sizes for the memory peaks")
    parser.add_argument("--memory-hospitals", type=int, default=1000)
    parser.add_argument("--loop-sample", type=int, help="profiles timed with recommend()")
    parser.add_argument("--skcriteria-sample", type=int, help="profiles ranked by skcriteria")
    parser.add_argument("--memory-child", nargs=3, help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.memory_child:
        patients, hospitals, mode = options.memory_child
        print(json.dumps(memory_child(int(patients), int(hospitals), mode)))
        return 0
    quick = options.quick
    hospital_sizes = options.hospitals or ([300, 1000] if quick else [1000, 10000])
    patient_sizes = options.patients or ([2000, 10000] if quick else [10_000, 100_000, 1_000_000])
    memory_sizes = (
        options.memory
        if options.memory is not None
        else ([10000] if quick else [100_000, 1_000_000])
    )
    loop_sample = options.loop_sample or (40 if quick else 200)
    sk_sample = options.skcriteria_sample or (20 if quick else 100)

    print("\n".join(machine_lines()))
    print(
        f"top_k={TOP_K}; synthetic catalogs and cohorts, seed 0; batch and bare are medians of "
        "5 rounds (3 above 20 million cells), taking turns"
    )
    frames = {n: synthetic_cohort_frame(n, seed=0) for n in patient_sizes}
    for n_hospitals in hospital_sizes:
        catalog = synthetic_catalog(n_hospitals, seed=0)
        sample_frame = frames[max(patient_sizes)]
        loop = per_patient_loop(sample_frame, catalog, loop_sample)
        criteria = per_patient_skcriteria(sample_frame, catalog, sk_sample)
        print(
            f"\n{n_hospitals:,} hospitals: recommend() {loop * 1e3:.2f} ms per patient "
            f"(mean of {loop_sample} sampled profiles); scikit-criteria weighted sum "
            f"{criteria * 1e3:.2f} ms per patient (mean of {sk_sample})"
        )
        print(
            f"{'patients':>10} {'batch s':>9} {'patients/s':>11} {'groups':>8} {'rankings':>9} "
            f"{'bare s':>8} {'batch/bare':>10} {'loop/batch':>11} {'skcrit/batch':>13}"
        )
        for n_patients in patient_sizes:
            if n_patients * n_hospitals > options.max_cells:
                print(f"{n_patients:>10,} skipped: {n_patients:,} x {n_hospitals:,} > --max-cells")
                continue
            frame = frames[n_patients]
            repeat = 5 if n_patients * n_hospitals <= 2e7 else 3
            result = recommend_many(frame, catalog=catalog)
            timed = _interleaved(
                {
                    "batch": lambda f=frame, c=catalog: recommend_many(f, catalog=c),
                    "bare": bare_limit(frame, catalog),
                },
                repeat,
            )
            batch, bare = timed["batch"], timed["bare"]
            print(
                f"{n_patients:>10,} {batch:>9.2f} {n_patients / batch:>11,.0f} "
                f"{result.n_groups:>8,} {result.n_rankings:>9,} {bare:>8.2f} "
                f"{batch / bare:>10.2f} {loop * n_patients / batch:>11.0f} "
                f"{criteria * n_patients / batch:>13.0f}"
            )
    if memory_sizes:
        print(f"\npeak memory, {options.memory_hospitals:,} hospitals, one subprocess each:")
        for n_patients in memory_sizes:
            rss = _memory(n_patients, options.memory_hospitals, "rss")
            traced = _memory(n_patients, options.memory_hospitals, "tracemalloc")
            print(
                f"{n_patients:>10,} patients: peak RSS {rss['peak_maxrss_mb']:,.0f} MB "
                f"(input alone {rss['input_maxrss_mb']:,.0f} MB); traced during the call: "
                f"peak {traced['traced_peak_mb']:,.0f} MB, result kept "
                f"{traced['traced_kept_mb']:,.0f} MB"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
