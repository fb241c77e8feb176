"""How long one recommend() call takes at 1,000, 10,000 and 100,000 hospitals, against a floor.

For each synthetic catalog (shaped like the default one, see ``matcher.synthetic``) every profile
is timed twice in turn, in the same run: once through ``matcher.recommend(profile)`` (a mapping,
validation included, as users call it) and once through the **floor**, the cheapest correct way
to make the same selection on the same data:

- validate the profile (``Patient.model_validate``),
- one matrix-vector product of that patient's feature matrix (the same hospital x feature
  matrix the engine scores, built beforehand and not timed) with the default weights,
- a tie-correct top k: ``np.partition`` finds the k-th best score, every hospital tied with it
  is kept, and ``np.lexsort`` orders those by score then hospital id (as the engine breaks ties).

The floor applies no rules, explains nothing and builds no result. Figures: median and p95 of
each, and the ratios median/floor median and p95/median.

    python benchmarks/bench_recommend.py            # the figures in benchmarks/README.md
    python benchmarks/bench_recommend.py --quick    # fewer profiles, smaller catalogs
    python benchmarks/bench_recommend.py --profile  # and where the time goes (cProfile)
"""

from __future__ import annotations

import argparse
import cProfile
import io
import itertools
import os
import platform
import pstats
import sys
import time
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

import matcher
from matcher import Catalog, Patient, recommend
from matcher.scoring._patient_features import patient_features
from matcher.synthetic import synthetic_catalog, synthetic_profiles

TOP_K = 5


def machine_lines() -> list[str]:
    """The machine and versions the figures come from."""
    model = "unknown"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return [
        f"machine: {platform.machine()}, CPU: {model}, cores: {os.cpu_count()} (usable: {usable})",
        f"python {platform.python_version()}, numpy {np.__version__}, "
        f"matcher {matcher.__version__}",
    ]


def tie_correct_top_k(score: np.ndarray, id_rank: np.ndarray, k: int) -> np.ndarray:
    """Rows of the ``k`` best scores, best first, ties broken by hospital id: never cut by
    position inside a tie (every row tied with the k-th best is sorted in)."""
    if len(score) > k:
        kth = np.partition(score, len(score) - k)[len(score) - k]
        rows = np.flatnonzero(score >= kth)
    else:
        rows = np.arange(len(score))
    order = np.lexsort((id_rank[rows], -score[rows]))
    chosen: np.ndarray = rows[order][:k]
    return chosen


def _floor_work(profile: Mapping[str, Any], catalog: Catalog) -> Any:
    """The floor for one profile; its matrix is built here, untimed."""
    patient = Patient.model_validate(profile)
    values = patient_features(catalog.encoded, patient.cancer_type, patient.cities).values
    weights = matcher.DEFAULT_WEIGHTS.vector()
    id_rank = catalog.encoded.id_rank

    def work() -> np.ndarray:
        Patient.model_validate(profile)
        return tie_correct_top_k(np.round(values @ weights, 9), id_rank, TOP_K)

    return work


def _timed(profiles: Sequence[Mapping[str, Any]], catalog: Catalog) -> tuple[list[float], ...]:
    """Seconds per recommend() call and per floor, taking turns profile by profile."""
    for profile in profiles[:5]:
        recommend(profile, catalog=catalog)  # warm the caches
    engine, floor = [], []
    for profile in profiles:
        work = _floor_work(profile, catalog)
        start = time.perf_counter()
        work()
        floor.append(time.perf_counter() - start)
        start = time.perf_counter()
        recommend(profile, top_k=TOP_K, catalog=catalog)
        engine.append(time.perf_counter() - start)
    return engine, floor


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a small run, for a smoke test")
    parser.add_argument("--profile", action="store_true", help="print a cProfile summary")
    parser.add_argument("--hospitals", type=int, nargs="+", help="catalog sizes")
    options = parser.parse_args(argv)
    sizes = options.hospitals or ([1_000, 10_000] if options.quick else [1_000, 10_000, 100_000])
    counts = {1_000: 300, 10_000: 300, 100_000: 100}
    print("\n".join(machine_lines()))
    print(f"top_k={TOP_K}; synthetic catalogs (seed 0) and profiles (seed 0); each call timed once")
    print(
        f"{'hospitals':>10} {'profiles':>8} {'median ms':>10} {'p95 ms':>8} {'floor ms':>9} "
        f"{'floor p95':>9} {'median/floor':>12} {'p95/median':>10}"
    )
    medians: dict[int, float] = {}
    big: Catalog | None = None
    for n in sizes:
        n_profiles = 40 if options.quick else counts.get(n, 100)
        profiles = synthetic_profiles(n_profiles, seed=0)
        start = time.perf_counter()
        catalog = synthetic_catalog(n, seed=0)
        built = time.perf_counter() - start
        engine, floor = _timed(profiles, catalog)
        median, p95 = float(np.median(engine)) * 1e3, float(np.percentile(engine, 95)) * 1e3
        f_median, f_p95 = float(np.median(floor)) * 1e3, float(np.percentile(floor, 95)) * 1e3
        medians[n] = median
        print(
            f"{n:>10,} {n_profiles:>8} {median:>10.2f} {p95:>8.2f} {f_median:>9.2f} "
            f"{f_p95:>9.2f} {median / f_median:>12.1f} {p95 / median:>10.2f}"
            f"   (catalog built in {built:.1f} s)"
        )
        big = catalog
    for small, large in itertools.pairwise(sizes):
        print(
            f"{large:,} / {small:,} hospitals: median x{medians[large] / medians[small]:.1f} "
            f"for x{large / small:g} hospitals"
        )
    if options.profile and big is not None:
        profiles = synthetic_profiles(50, seed=1)
        profiler = cProfile.Profile()
        profiler.enable()
        for profile in profiles:
            recommend(profile, catalog=big)
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(15)
        print(f"where the time goes, 50 calls on {len(big):,} hospitals (cProfile, by own time):")
        print(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
