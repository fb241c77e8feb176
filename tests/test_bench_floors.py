"""The benchmarks' floors make the same selection as the library: a floor that computes
something else (other features, other ties) would make every ratio printed against it
meaningless. Correctness only; the benchmarks' times are never asserted."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

import matcher
from matcher.synthetic import synthetic_catalog, synthetic_cohort_frame

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def _bench_cohort() -> ModuleType:
    sys.path.insert(0, str(BENCHMARKS))  # it imports a script beside it
    try:
        spec = importlib.util.spec_from_file_location(
            "bench_cohort", BENCHMARKS / "bench_cohort.py"
        )
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(BENCHMARKS))


@pytest.mark.parametrize("hospitals", [0, 300])
def test_the_cohort_floor_ranks_exactly_as_recommend_many(hospitals: int) -> None:
    """On the default catalog (children-only claims, known adults) and a synthetic one."""
    pytest.importorskip("pandas")
    bench = _bench_cohort()
    catalog = matcher.load_catalog() if hospitals == 0 else synthetic_catalog(hospitals, seed=0)
    frame = synthetic_cohort_frame(4_000, seed=0)
    result = matcher.recommend_many(frame, catalog=catalog)
    floor = bench.bare_limit(bench.bare_input(frame, catalog), catalog)
    assert bench.same_table(result, floor())
