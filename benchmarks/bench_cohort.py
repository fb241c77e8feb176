"""Throughput and memory of recommend_many() on synthetic cohorts, against three baselines.

All measured in the same run, on synthetic catalogs and cohorts (``matcher.synthetic``):

- **batch**: ``matcher.recommend_many(frame, catalog=...)`` on a pandas DataFrame of profiles,
  from reading the frame to the finished long table (validation included).
- **bare limit**: the cheapest correct way to make the same selection on the same data: each
  patient's weight row times the features of their cancer type (``weights @ features.T``, the
  same matrices, in the same chunks, without the hospitals left out for every patient of the
  chunk, as the batch drops them), then a tie-correct top k per row (``np.partition`` for
  the k-th best score, every hospital tied with it kept, sorted by score then hospital id, as
  the batch breaks ties), with the rules' outcomes (left-out hospitals, cities and languages
  that weigh) given, built untimed; no validation or rules. ``batch / bare`` says
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

import attrs
import numpy as np
import pandas as pd

import matcher
from matcher import Catalog, recommend, recommend_many
from matcher._engine import score_patient
from matcher.cohort._batch import CHUNK_CELLS
from matcher.cohort._columns import _columns
from matcher.cohort._features import _FeatureCache
from matcher.cohort._groups import _CITY, _LANGUAGE, _keyed_groups
from matcher.cohort._ranking import MARGIN
from matcher.cohort._validation import _Cohort
from matcher.rules import DEFAULT_RULES
from matcher.scoring._model import SCALE, SCORE_DECIMALS
from matcher.scoring._patient_features import catalog_index
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


@attrs.frozen
class BareInput:
    """What the rules decide for each patient, as plain arrays (built untimed): the cancer
    type's code, the weight row, the packed mask of hospitals left out, the packed cities
    preferred and the packed hospitals confirmed to give care in the patient's languages; and,
    per cancer type, the hospital x feature matrix (city and language columns at zero)."""

    cancer: np.ndarray
    weights: np.ndarray
    excluded: np.ndarray
    cities: np.ndarray
    languages: np.ndarray
    values: dict[int, np.ndarray]


def bare_input(frame: pd.DataFrame, catalog: Catalog) -> BareInput:
    """Each valid patient's rule outcomes, spelled out per patient (untimed set-up)."""
    cohort = _Cohort.read(_columns(frame), "raise")
    groups = _keyed_groups(cohort, catalog, matcher.DEFAULT_WEIGHTS, DEFAULT_RULES)
    group = groups.group_of_row[groups.group_of_row >= 0]
    n_hospitals = catalog.encoded.n_hospitals
    all_groups = np.arange(len(groups.weights))
    excluded = np.packbits(groups.excluded(all_groups, n_hospitals), axis=1)
    wanted = groups.wanted_cities(all_groups, catalog)
    hospital_city = catalog_index(catalog.encoded).hospital_city
    in_city = (
        np.zeros((len(all_groups), n_hospitals), dtype=np.bool_)
        if wanted is None
        else wanted[:, hospital_city]
    )
    confirmed = groups.confirmed_languages(all_groups, catalog)
    in_language = (
        np.zeros((len(all_groups), n_hospitals), dtype=np.bool_) if confirmed is None else confirmed
    )
    features = _FeatureCache(catalog)
    return BareInput(
        cancer=groups.cancer_of[group],
        weights=groups.weights[group],
        excluded=excluded[group],
        cities=np.packbits(in_city, axis=1)[group],
        languages=np.packbits(in_language, axis=1)[group],
        values={
            # a cancer-type entry is a type and whether its patients are known adults (ranked
            # without children-only claims), so the floor reads the same features as the batch
            int(code): features.of_type(
                groups.cancer_types[int(code)], groups.adults[int(code)]
            ).values
            for code in np.unique(groups.cancer_of)
        },
    )


def bare_limit(given: BareInput, catalog: Catalog, top_k: int = TOP_K) -> Callable[[], Any]:
    """The cheapest correct way to make the batch's selection from ``given``, in NumPy.

    Patients whose inputs are identical get identical rankings, so the rows are first made
    distinct (each patient's bytes hashed to one number, numbered by ``np.unique``, checked);
    each distinct row is scored with one matrix product per cancer type and chunk, hospitals
    left out are masked, ``np.partition`` finds the k-th best and every hospital within a hair
    of it is re-scored as the engine scores (sum of ``values * scaled weights``, rounded to 9
    decimals) and sorted by score and hospital id; then each patient gets their row's ranking.
    Returns the long table (patient, rank, hospital, score), to be checked against the batch's.
    """
    n_hospitals = catalog.encoded.n_hospitals
    id_rank = catalog.encoded.id_rank
    chunk = max(1, CHUNK_CELLS // n_hospitals)
    key = np.concatenate(
        [
            given.cancer.astype(np.int64)[:, None].view(np.uint8),
            given.weights.view(np.uint8),
            given.excluded,
            given.cities,
            given.languages,
        ],
        axis=1,
    )
    # the same bytes, laid out as 64-bit words (zero-padded) so that rows hash in a few passes
    padded = np.zeros((len(key), -(-key.shape[1] // 8) * 8), dtype=np.uint8)
    padded[:, : key.shape[1]] = key
    words = padded.view(np.uint64)

    def work() -> tuple[np.ndarray, ...]:
        first, of_patient = _distinct_rows(words)
        order = first[np.argsort(given.cancer[first], kind="stable")]
        rows, hospitals, exact = [], [], []
        runs = np.flatnonzero(np.r_[True, np.diff(given.cancer[order]) != 0, True])
        for run_start, run_end in zip(runs[:-1].tolist(), runs[1:].tolist(), strict=True):
            values = given.values[int(given.cancer[order[run_start]])]
            for begin in range(run_start, run_end, chunk):
                patients = order[begin : min(begin + chunk, run_end)]
                found = _bare_top(values, given, patients, id_rank, top_k, n_hospitals)
                rows.append(of_patient[patients][found[0]])
                hospitals.append(found[1])
                exact.append(found[2])
        distinct, hospital, score = map(np.concatenate, (rows, hospitals, exact))
        by_distinct = np.argsort(distinct, kind="stable")
        distinct, hospital, score = distinct[by_distinct], hospital[by_distinct], score[by_distinct]
        start = np.searchsorted(distinct, np.arange(len(first) + 1))
        counts = (start[1:] - start[:-1])[of_patient]
        begin = np.cumsum(counts) - counts
        within = np.arange(int(counts.sum())) - np.repeat(begin, counts)
        source = np.repeat(start[:-1][of_patient], counts) + within
        patient = np.repeat(np.arange(len(of_patient)), counts)
        return patient, within + 1, hospital[source], score[source]

    return work


def _distinct_rows(words: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per distinct row of ``words`` a row that has it, and each row's distinct row: rows hashed
    to one 64-bit number each and numbered by ``np.unique`` on those (a sort of integers, far
    cheaper than comparing whole rows); every row is then checked against its distinct row, and
    only if two different rows shared a hash are the rows compared whole."""
    hashed = np.zeros(len(words), dtype=np.uint64)
    for column in words.T:
        hashed ^= column
        hashed *= np.uint64(0x9E3779B97F4A7C15)  # wraps: a multiplicative hash
        hashed ^= hashed >> np.uint64(29)
    _, first, inverse = np.unique(hashed, return_index=True, return_inverse=True)
    inverse = inverse.reshape(-1)
    same = np.ones(len(words), dtype=np.bool_)
    source = first[inverse]
    for column in words.T:
        same &= column == column[source]
    if not same.all():  # a collision: compare the rows whole
        rows = np.ascontiguousarray(words)
        whole = rows.view(np.dtype((np.void, rows.shape[1] * 8))).ravel()
        _, first, inverse = np.unique(whole, return_index=True, return_inverse=True)
        inverse = inverse.reshape(-1)
    return first, inverse


def _bare_top(
    values: np.ndarray,
    given: BareInput,
    patients: np.ndarray,
    id_rank: np.ndarray,
    k: int,
    n_hospitals: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(row within ``patients``, hospital, exact score) of each row's k best, best first."""
    weights = given.weights[patients]
    total = weights.sum(axis=1, keepdims=True)
    scaled = weights * np.divide(SCALE, total, out=np.zeros_like(total), where=total > 0)
    # Hospitals left out for every row of the block (no evidence for its cancer type, say) are
    # dropped before scoring: the AND of the packed masks, unpacked once.
    kept = np.flatnonzero(
        ~np.unpackbits(
            np.bitwise_and.reduce(given.excluded[patients], axis=0), count=n_hospitals
        ).view(bool)
    )
    n_kept = len(kept)
    excluded = np.unpackbits(given.excluded[patients], axis=1, count=n_hospitals).view(bool)
    in_city = np.unpackbits(given.cities[patients], axis=1, count=n_hospitals).view(bool)
    in_language = np.unpackbits(given.languages[patients], axis=1, count=n_hospitals).view(bool)
    excluded, in_city, in_language = excluded[:, kept], in_city[:, kept], in_language[:, kept]
    block = scaled @ values[kept].T
    np.add(block, scaled[:, _CITY : _CITY + 1], out=block, where=in_city)
    np.add(block, scaled[:, _LANGUAGE : _LANGUAGE + 1], out=block, where=in_language)
    block[excluded] = -np.inf
    candidate = ~excluded
    if n_kept > k:
        kth = np.partition(block, n_kept - k, axis=1)[:, n_kept - k]
        candidate &= block >= (kth - MARGIN)[:, None]
    rows, columns = np.nonzero(candidate)
    hospitals = kept[columns]
    cells = values[hospitals]
    cells[:, _CITY] = in_city[rows, columns]
    cells[:, _LANGUAGE] = in_language[rows, columns]
    exact = np.round((cells * scaled[rows]).sum(axis=1), SCORE_DECIMALS)
    order = np.lexsort((id_rank[hospitals], -exact, rows))
    rows, hospitals, exact = rows[order], hospitals[order], exact[order]
    first = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
    keep = np.arange(len(rows)) - np.repeat(first, np.diff(np.r_[first, len(rows)])) < k
    return rows[keep], hospitals[keep], exact[keep]


def same_table(result: Any, bare: tuple[np.ndarray, ...]) -> bool:
    """True when the bare limit's table is the batch's, entry for entry."""
    rows = result.rows  # the bare limit numbers valid patients from 0
    found = (rows[bare[0]], bare[1], bare[2], bare[3])
    expected = (result.patient, result.rank, result.hospital_index, result.score)
    return all(np.array_equal(a, b) for a, b in zip(found, expected, strict=True))


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
    parser.add_argument(
        "--hospitals", type=int, nargs="+", help="catalog sizes (0: the default catalog)"
    )
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
    hospital_sizes = options.hospitals or ([0, 300] if quick else [0, 1000, 10000])
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
        catalog = (
            matcher.load_catalog() if n_hospitals == 0 else synthetic_catalog(n_hospitals, seed=0)
        )
        n_hospitals = len(catalog)
        sample_frame = frames[max(patient_sizes)]
        loop = per_patient_loop(sample_frame, catalog, loop_sample)
        try:
            criteria = per_patient_skcriteria(sample_frame, catalog, sk_sample)
            about = f"{criteria * 1e3:.2f} ms per patient (mean of {sk_sample})"
        except ImportError:  # the bench extra is not installed
            criteria, about = float("nan"), "not installed (pip install scikit-criteria)"
        print(
            f"\n{n_hospitals:,} hospitals: recommend() {loop * 1e3:.2f} ms per patient "
            f"(mean of {loop_sample} sampled profiles); scikit-criteria weighted sum {about}"
        )
        print(
            f"{'patients':>10} {'batch s':>9} {'patients/s':>11} {'groups':>8} {'rankings':>9} "
            f"{'bare s':>8} {'batch/bare':>10} {'same':>5} {'loop/batch':>11} {'skcrit/batch':>13}"
        )
        for n_patients in patient_sizes:
            if n_patients * n_hospitals > options.max_cells:
                print(f"{n_patients:>10,} skipped: {n_patients:,} x {n_hospitals:,} > --max-cells")
                continue
            frame = frames[n_patients]
            repeat = 5 if n_patients * n_hospitals <= 2e7 else 3
            result = recommend_many(frame, catalog=catalog)
            bare = bare_limit(bare_input(frame, catalog), catalog)
            same = same_table(result, bare())
            timed = _interleaved(
                {
                    "batch": lambda f=frame, c=catalog: recommend_many(f, catalog=c),
                    "bare": bare,
                },
                repeat,
            )
            batch, bare_s = timed["batch"], timed["bare"]
            print(
                f"{n_patients:>10,} {batch:>9.2f} {n_patients / batch:>11,.0f} "
                f"{result.n_groups:>8,} {result.n_rankings:>9,} {bare_s:>8.3f} "
                f"{batch / bare_s:>10.2f} {'yes' if same else 'NO':>5} "
                f"{loop * n_patients / batch:>11.0f} {criteria * n_patients / batch:>13.0f}"
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
