"""How long one recommend() call takes: the median over many synthetic profiles.

On the default catalog and on a synthetic catalog of 10,000 hospitals (shaped like the default
one, see ``matcher.synthetic``). The engine issue aims at a median of at most 1 ms and 20 ms.
Each call is timed on its own; a profile is given as a mapping (validation included, as users
call it) and, separately, as an already validated Patient.

    python benchmarks/bench_recommend.py            # the figures in benchmarks/README.md
    python benchmarks/bench_recommend.py --quick    # fewer profiles, a 2,000-hospital catalog
    python benchmarks/bench_recommend.py --profile  # and where the time goes (cProfile)
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import platform
import pstats
import statistics
import sys
import time
from collections.abc import Sequence

import numpy as np

import matcher
from matcher import Catalog, Patient, recommend
from matcher.synthetic import synthetic_catalog, synthetic_profiles


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


def _times(profiles: Sequence[object], catalog: Catalog, rounds: int) -> list[float]:
    """Seconds per recommend() call, each call timed on its own."""
    for profile in profiles[:5]:
        recommend(profile, catalog=catalog)  # type: ignore[arg-type]  # warm the caches
    found = []
    for _ in range(rounds):
        for profile in profiles:
            start = time.perf_counter()
            recommend(profile, catalog=catalog)  # type: ignore[arg-type]
            found.append(time.perf_counter() - start)
    return found


def _line(label: str, times: list[float], aim_ms: float) -> str:
    median = statistics.median(times) * 1e3
    p90 = float(np.percentile(times, 90)) * 1e3
    verdict = "meets" if median <= aim_ms else "misses"
    return (
        f"{label:<44} median {median:7.2f} ms   p90 {p90:7.2f} ms   "
        f"(aim <= {aim_ms:g} ms: {verdict})"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a small run, for a smoke test")
    parser.add_argument("--profile", action="store_true", help="print a cProfile summary")
    options = parser.parse_args(argv)
    n_profiles, rounds, large = (60, 1, 2_000) if options.quick else (300, 3, 10_000)

    print("\n".join(machine_lines()))
    profiles = synthetic_profiles(n_profiles, seed=0)
    patients = [Patient.model_validate(p) for p in profiles]
    default = matcher.load_catalog()
    start = time.perf_counter()
    big = synthetic_catalog(large, seed=0)
    print(f"synthetic catalog of {large:,} hospitals built in {time.perf_counter() - start:.1f} s")
    print(f"{len(profiles)} synthetic profiles, each timed {rounds} time(s)")
    for name, catalog, aim in (
        (f"default catalog ({len(default)} hospitals)", default, 1.0),
        (f"synthetic catalog ({large:,} hospitals)", big, 20.0),
    ):
        print(_line(f"{name}, profile as a mapping", _times(profiles, catalog, rounds), aim))
        print(_line(f"{name}, validated Patient", _times(patients, catalog, rounds), aim))
    if options.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        _times(patients[:50], big, 1)
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(15)
        print(f"where the time goes, 50 calls on {large:,} hospitals (cProfile, by own time):")
        print(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
