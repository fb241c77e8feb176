"""The best claim among a few cancer-type columns, read from each column's claims only.

A catalog's hospital x cancer-type strength matrix is mostly zeros (about one cell in ten holds
a claim). Choosing, per hospital, the best claim among a cancer type's own, broader and narrower
columns by slicing the dense matrix copies ``hospitals x columns`` cells for every type; at
100,000 hospitals and a type with 30 narrower types that is most of a call's time whenever the
type's features are not cached. :class:`ColumnEntries` lists each column's hospitals with a
claim (once per catalog), so that the choice costs one pass over the claims of the columns read.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs
import numpy as np
import numpy.typing as npt

from matcher.catalog._compiled import FloatArray, IntArray


@attrs.frozen(eq=False)
class ColumnEntries:
    """The rows with a positive level in each column: ``rows[start[c]:start[c + 1]]``."""

    start: npt.NDArray[np.int64]
    rows: npt.NDArray[np.int64]

    @classmethod
    def of(cls, levels: FloatArray) -> ColumnEntries:
        """The entries of a hospital x column matrix of levels."""
        columns, rows = np.nonzero(levels.T > 0)
        start = np.searchsorted(columns, np.arange(levels.shape[1] + 1)).astype(np.int64)
        return cls(start=start, rows=rows.astype(np.int64))


def best_in_columns(
    levels: FloatArray, claims: IntArray, entries: ColumnEntries, columns: Sequence[int]
) -> tuple[FloatArray, IntArray]:
    """Per row, the best level among ``columns`` and the claim that gave it (-1: none).

    The same as the dense ``argmax`` over ``levels[:, columns]``: where levels tie, the earlier
    column wins; rows without a positive level get 0 and -1.
    """
    n = levels.shape[0]
    best = np.zeros(n)
    claim = np.full(n, -1, dtype=np.int32)
    # A later assignment overwrites an earlier one, so walk the columns backwards: on a tie the
    # earliest column is written last.
    for column in reversed(columns):
        rows = entries.rows[entries.start[column] : entries.start[column + 1]]
        if not len(rows):
            continue
        level = levels[rows, column]
        better = level >= best[rows]
        rows = rows[better]
        best[rows] = level[better]
        claim[rows] = claims[rows, column]
    return best, claim
