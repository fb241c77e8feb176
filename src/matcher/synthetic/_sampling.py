"""Drawing from weighted tables with numpy's generator: the one source of randomness here."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np


def draw(rng: np.random.Generator, table: Sequence[tuple[Any, float]], size: int) -> list[Any]:
    """``size`` values drawn from a (value, weight) table."""
    weights = np.array([weight for _, weight in table], dtype=np.float64)
    picks = rng.choice(len(table), size=size, p=weights / weights.sum())
    values = [value for value, _ in table]
    return [values[pick] for pick in picks.tolist()]


def weighted_sample(
    rng: np.random.Generator, counts: Counter[Any], size: int, *, distinct: bool
) -> list[Any]:
    """``size`` items drawn in proportion to ``counts`` (distinct when asked and possible)."""
    items = list(counts)
    if not items or size <= 0:
        return []
    weights = np.array([counts[item] for item in items], dtype=np.float64)
    size = min(size, len(items)) if distinct else size
    picks = rng.choice(len(items), size=size, replace=not distinct, p=weights / weights.sum())
    return [items[pick] for pick in np.atleast_1d(picks).tolist()]
