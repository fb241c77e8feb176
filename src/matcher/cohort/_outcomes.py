"""Rules' conditions answered for every group at once, each part of a condition on its own.

A condition built of ``AllOf``, ``AnyOf`` and ``Not`` is taken apart: each of its simple parts
(the leaves) is tested once per distinct combination of the key components that part reads,
and the answers are combined per group in NumPy with the same three-valued logic as the
conditions' own ``test``. A leaf shared by several rules (``a solid tumour``, say) is tested
once for all of them. Combining the parts' answers is exact: for every group the combination
gives what ``condition.test`` gives its patient (``tests/test_batch_outcomes.py``).
"""

from __future__ import annotations

from typing import Final

import numpy as np
import numpy.typing as npt

from matcher.cohort._columns import Int32Array, Int64Array, _distinct_rows
from matcher.cohort._key import _COMPONENT, _condition_reads, _fields_of
from matcher.cohort._validation import _Partial
from matcher.profile._patient import Patient
from matcher.rules import _conditions as conditions

Int8Array = npt.NDArray[np.int8]

#: The three answers of a condition as ordered numbers: with these, "all of" is the minimum,
#: "any of" the maximum and "not" is ``MET - answer`` (unknown stays unknown).
NOT_MET: Final = 0
UNKNOWN: Final = 1
MET: Final = 2


class _Answers:
    """Conditions answered per group (``MET``, ``UNKNOWN`` or ``NOT_MET``)."""

    def __init__(self, group_key: Int32Array, first_row: Int64Array, partial: _Partial) -> None:
        self._group_key = group_key
        self._first_row = first_row
        self._partial = partial
        #: per tuple of key components, each group's combination of them and a patient of each
        self._combinations: dict[tuple[str, ...], tuple[Int32Array, list[Patient]]] = {}
        #: per leaf condition already answered, its answers
        self._leaves: dict[object, Int8Array] = {}

    def met(self, condition: object) -> npt.NDArray[np.bool_]:
        """Per group, whether the condition is met."""
        found: npt.NDArray[np.bool_] = self.of(condition) == MET
        return found

    def of(self, condition: object) -> Int8Array:
        """Per group, the condition's answer."""
        if isinstance(condition, conditions.AllOf | conditions.AnyOf):
            parts = [self.of(part) for part in condition.parts]
            n_groups = len(self._group_key)
            if not parts:  # all of nothing is met, any of nothing is not
                empty = MET if isinstance(condition, conditions.AllOf) else NOT_MET
                return np.full(n_groups, empty, dtype=np.int8)
            combine = np.minimum if isinstance(condition, conditions.AllOf) else np.maximum
            answer: Int8Array = combine.reduce(parts)
            return answer
        if isinstance(condition, conditions.Not):
            negated: Int8Array = MET - self.of(condition.part)
            return negated
        try:
            found = self._leaves.get(condition)
        except TypeError:  # a leaf that cannot be a key is answered each time it is asked
            return self._leaf(condition)
        if found is None:
            found = self._leaves[condition] = self._leaf(condition)
        return found

    def _leaf(self, condition: object) -> Int8Array:
        """A simple condition's answers: tested once per combination of what it reads."""
        reads = _condition_reads(condition)
        if reads is None:
            raise TypeError(f"not one of matcher's own conditions: {type(condition).__name__}")
        of_group, patients = self._combination(reads)
        test = condition.test  # type: ignore[attr-defined]
        answers = np.fromiter(
            (UNKNOWN if got is None else MET if got else NOT_MET for got in map(test, patients)),
            dtype=np.int8,
            count=len(patients),
        )
        found: Int8Array = answers[of_group]
        return found

    def _combination(self, reads: tuple[str, ...]) -> tuple[Int32Array, list[Patient]]:
        """Each group's combination of these components, and a patient of each combination
        (leaves that read the same components share them)."""
        found = self._combinations.get(reads)
        if found is None:
            key = self._group_key
            columns = [key[:, _COMPONENT[c]] for c in reads]
            of_group, chosen = _distinct_rows(columns or [np.zeros(len(key), np.int64)])
            patients = self._partial.of_rows(self._first_row[chosen], _fields_of(reads))
            found = (of_group.astype(np.int32), patients)  # kept: half the bytes
            self._combinations[reads] = found
        return found
