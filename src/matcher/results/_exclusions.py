"""The hospitals a result leaves out, kept as arrays and made into ``Exclusion`` values on demand.

A call on a national catalog leaves out most hospitals (about 80,000 of 100,000 for a typical
profile). Building one ``Exclusion`` object per left-out hospital would make every call cost in
proportion to the catalog in Python objects; an :class:`ExclusionTable` keeps only the rows (in
hospital-id order) and, per row, which of the few applied exclusions left it out. The objects are
built the first time ``Recommendations.excluded`` is read, then kept.

Equality and hashing are those of the tuple of ``Exclusion`` values it stands for, so a result's
equality is unchanged; two tables over the same catalog compare their arrays without building
anything.
"""

from __future__ import annotations

import bisect
import threading
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, overload

import attrs
import numpy as np
import numpy.typing as npt

from matcher.common._pickling import Picklable

if TYPE_CHECKING:
    from matcher.catalog._schema import Hospital
    from matcher.results._values import Exclusion

_BUILD_LOCK = threading.Lock()


@attrs.frozen(eq=False)
class ExclusionTable(Picklable):
    """The left-out hospitals of one result: ``hospitals[rows[i]]`` was left out by
    ``leaving[codes[i]]`` (rule id, reason); ``rows`` run in hospital-id order."""

    hospitals: tuple[Hospital, ...]
    rows: npt.NDArray[np.integer[Any]]
    codes: npt.NDArray[np.integer[Any]]
    leaving: tuple[tuple[str, str], ...]
    #: the built values, once read (set once, under a lock, through object.__setattr__)
    _built: tuple[Exclusion, ...] | None = attrs.field(default=None, init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        if self.rows.shape != self.codes.shape:
            raise ValueError("rows and codes differ in length")
        if len(self.codes) and not 0 <= int(self.codes.min()) <= int(self.codes.max()) < len(
            self.leaving
        ):
            raise ValueError("an exclusion code names no applied exclusion")
        self.rows.setflags(write=False)
        self.codes.setflags(write=False)

    def __len__(self) -> int:
        return len(self.rows)

    def contains_id(self, hospital_id: str) -> bool:
        """True when the hospital with this id is left out (a binary search; no objects built)."""
        hospitals, rows = self.hospitals, self.rows
        at = bisect.bisect_left(range(len(rows)), hospital_id, key=lambda i: hospitals[rows[i]].id)
        return at < len(rows) and hospitals[rows[at]].id == hospital_id

    def build(self) -> tuple[Exclusion, ...]:
        """The ``Exclusion`` values, in hospital-id order (built once, then kept)."""
        built = self._built
        if built is None:
            from matcher.results._values import Exclusion

            with _BUILD_LOCK:
                built = self._built
                if built is None:
                    hospitals, leaving = self.hospitals, self.leaving
                    built = tuple(
                        Exclusion(hospitals[row], *leaving[code])
                        for row, code in zip(self.rows.tolist(), self.codes.tolist(), strict=True)
                    )
                    object.__setattr__(self, "_built", built)
        return built

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ExclusionTable):
            if other is self:
                return True
            if len(self) != len(other):
                return False
            if other.hospitals is self.hospitals:
                return np.array_equal(self.rows, other.rows) and _same_labels(self, other)
            return self.build() == other.build()
        if isinstance(other, tuple):
            return self.build() == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.build())

    def __repr__(self) -> str:
        return f"ExclusionTable({len(self)} hospitals left out)"


def _same_labels(one: ExclusionTable, other: ExclusionTable) -> bool:
    """True when both tables (of the same rows) give every row the same (rule id, reason)."""
    if not len(one):
        return True
    pairs = np.unique(np.stack([one.codes, other.codes]), axis=1).T.tolist()
    return all(one.leaving[a] == other.leaving[b] for a, b in pairs)


@attrs.frozen(eq=False)
class RankedIds(Picklable, Sequence[str]):
    """Ids of some hospitals, best first (score descending, then hospital id), built on first
    reading: what relaxing a constraint would bring back can be most of a national catalog.

    Compares equal to the tuple of ids it stands for; ``len()`` and :meth:`best` need no ids.
    """

    hospitals: tuple[Hospital, ...]
    #: the hospitals' rows in the catalog (any order), their scores and id ranks
    rows: npt.NDArray[np.integer[Any]]
    score: npt.NDArray[np.floating[Any]]
    id_rank: npt.NDArray[np.integer[Any]]
    _built: tuple[str, ...] | None = attrs.field(default=None, init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        if not self.rows.shape == self.score.shape == self.id_rank.shape:
            raise ValueError("rows, scores and id ranks differ in length")
        for array in (self.rows, self.score, self.id_rank):
            array.setflags(write=False)

    def best(self) -> Hospital | None:
        """The first hospital of the order (one pass, nothing sorted); None when empty."""
        if not len(self.rows):
            return None
        top = np.flatnonzero(self.score == self.score.max())
        return self.hospitals[int(self.rows[top[np.argmin(self.id_rank[top])]])]

    def build(self) -> tuple[str, ...]:
        """The ids, best first (built once, then kept)."""
        built = self._built
        if built is None:
            with _BUILD_LOCK:
                built = self._built
                if built is None:
                    order = np.lexsort((self.id_rank, -self.score))
                    hospitals = self.hospitals
                    built = tuple(hospitals[row].id for row in self.rows[order].tolist())
                    object.__setattr__(self, "_built", built)
        return built

    def __len__(self) -> int:
        return len(self.rows)

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...
    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        return self.build()[index]

    def __iter__(self) -> Iterator[str]:
        return iter(self.build())

    def __contains__(self, hospital_id: object) -> bool:
        return hospital_id in self.build()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, RankedIds | tuple):
            return other is self or (len(self) == len(other) and self.build() == tuple(other))
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.build())

    def __repr__(self) -> str:
        return f"RankedIds({len(self)} hospitals)"
