"""recommend_many's numbering of mapping columns by repr agrees with the plain numbering."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from matcher.cohort._columns import _number, _number_by_repr


class _Text(str):
    """A str subclass: equal to its text, but not of the exact type the fast path takes."""


def _same_partition(first: np.ndarray, second: np.ndarray) -> bool:
    """True when two numberings put the same cells together."""
    pairs = {(int(a), int(b)) for a, b in zip(first, second, strict=True)}
    return len(pairs) == len({a for a, _ in pairs}) == len({b for _, b in pairs})


#: Texts that look like a repr's punctuation, numbers and flags as text, and their look-alikes.
_TRICKY = st.sampled_from(
    ["a", "a', 'b", 'a", "b', "'", '"', "[]", "{}", "1", "True", "None", ", ", "\\", "\n", "é"]
)
_PLAIN = _TRICKY | st.sampled_from([0, 1, -1, 10**30, True, False, None])
_ODD = st.sampled_from([1.0, float("nan"), -0.0, ("a",)]) | _TRICKY.map(_Text)
_ITEM = _PLAIN | st.lists(_TRICKY, max_size=3) | _ODD | st.lists(_PLAIN | _ODD, max_size=2)
_PRIOR = st.one_of(
    st.lists(_ITEM, max_size=3),
    st.dictionaries(_TRICKY | st.sampled_from([1, True, None]), _ITEM, max_size=3),
    st.fixed_dictionaries({"lines": st.integers(0, 3), "therapies": st.lists(_TRICKY, max_size=2)}),
)


@given(st.lists(_PRIOR, max_size=30))
def test_cells_numbered_by_their_repr_are_numbered_as_the_plain_numbering_numbers_them(
    cells: list[Any],
) -> None:
    fast = _number_by_repr(cells)
    codes, values = _number(cells)
    if fast is None:
        return
    fast_codes, fast_values = fast
    assert _same_partition(fast_codes, codes)
    assert len(fast_values) == len(values)
    for code, value in enumerate(fast_values):  # each number's value is its first cell
        assert value is cells[int(np.flatnonzero(fast_codes == code)[0])]


def test_cells_with_floats_or_odd_types_are_left_to_the_plain_numbering() -> None:
    assert _number_by_repr([{"lines": 1.0}]) is None
    assert _number_by_repr([{"lines": 1, "therapies": [_Text("a")]}]) is None
    assert _number_by_repr([{1: "a"}]) is None  # a key not text
    assert _number_by_repr([["a", ["b", ["c"]]]]) is None  # nested deeper
    assert _number_by_repr([{"lines": 1, "therapies": ["surgery"]}]) is not None
