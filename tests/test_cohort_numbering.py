"""recommend_many's numbering of cells, rows and weights: fast paths agree with the plain ones."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher import recommend_many
from matcher.cohort._columns import _ABSENT, _distinct_rows, _number, _number_text_lists
from matcher.cohort._groups import _weights_code
from tests.strategies import profiles


class _Text(str):
    """A str subclass: equal to its text, but not of the exact type the fast path takes."""


_ITEMS = st.sampled_from(["a", "b", "Beijing", "1"]) | st.sampled_from([1, 1.0, True, None])
_ITEMS = _ITEMS | st.sampled_from(["a", "b"]).map(_Text)
_CELLS = st.one_of(
    st.lists(_ITEMS, max_size=3),
    st.dictionaries(st.sampled_from(["HER2", "EGFR", 1]), _ITEMS, max_size=2),
    st.lists(st.sampled_from(["a", "b", "Shanghai"]), max_size=3),
    st.dictionaries(st.sampled_from(["HER2", "EGFR"]), st.sampled_from(["positive", "L858R"])),
)


def _same_partition(first: np.ndarray, second: np.ndarray) -> bool:
    """True when two numberings put the same cells together."""
    pairs = {(int(a), int(b)) for a, b in zip(first, second, strict=True)}
    return len(pairs) == len({a for a, _ in pairs}) == len({b for _, b in pairs})


@given(st.lists(_CELLS, max_size=30))
def test_text_lists_are_numbered_as_the_plain_numbering_numbers_them(cells: list[Any]) -> None:
    fast = _number_text_lists(cells)
    codes, values = _number(cells)
    exact_text = all(
        type(item) is str
        for cell in cells
        for item in (cell if isinstance(cell, list) else [*cell, *cell.values()])
    )
    if not exact_text:
        assert fast is None  # a number, None or a str subclass anywhere: the plain numbering
        return
    assert fast is not None
    fast_codes, fast_values = fast
    assert _same_partition(fast_codes, codes)
    for code, value in enumerate(fast_values):  # each number's value is its first cell
        assert value is cells[int(np.flatnonzero(fast_codes == code)[0])]
    assert len(fast_values) == len(values)


def test_a_list_and_a_mapping_of_the_same_texts_are_numbered_apart() -> None:
    fast = _number_text_lists([["HER2", "positive"], {"HER2": "positive"}, ["HER2", "positive"]])
    assert fast is not None
    assert fast[0].tolist() == [0, 1, 0]


def test_absent_cells_and_other_kinds_are_left_to_the_plain_numbering() -> None:
    assert _number_text_lists([["a"], _ABSENT]) is None
    assert _number_text_lists([("a",), ["a"]]) is None


@given(  # small values: numbered by a table; wide ones: combined, renumbered, sorted
    st.sampled_from([3, 2**40]).flatmap(
        lambda top: st.lists(st.lists(st.integers(-1, top), min_size=6, max_size=6), max_size=40)
    )
)
def test_distinct_rows_are_numbered_in_row_order_however_wide_the_values(
    rows: list[list[int]],
) -> None:
    table = np.array(rows, dtype=np.int64).reshape(len(rows), 6)
    number, first = _distinct_rows(list(table.T))
    distinct, expected_first, expected = np.unique(
        table, axis=0, return_index=True, return_inverse=True
    )
    assert number.tolist() == expected.reshape(-1).tolist()
    assert first.tolist() == expected_first.tolist()
    assert len(distinct) == len(first)


@given(
    st.lists(st.lists(st.sampled_from([0.0, -0.0, 1.5, 2.0]), min_size=3, max_size=3), max_size=20)
)
def test_weights_share_a_number_exactly_when_equal_byte_for_byte(rows: list[list[float]]) -> None:
    weights = np.array(rows, dtype=np.float64).reshape(len(rows), 3)
    code = _weights_code(weights)
    # the rule outcomes that decide the weights: here, the weights themselves
    outcomes = [weights[:, c] == value for c in range(3) for value in (1.5, 2.0)]
    signs = [np.signbit(weights[:, c]) for c in range(3)]
    decided = _weights_code(weights, outcomes + signs)
    as_bytes = [row.tobytes() for row in weights]
    for i in range(len(rows)):
        for j in range(len(rows)):
            equal = as_bytes[i] == as_bytes[j]
            assert (code[i] == code[j]) == equal
            assert (decided[i] == decided[j]) == equal


@settings(max_examples=25, deadline=None)
@given(st.lists(profiles(), max_size=10))
def test_a_data_frame_is_ranked_as_the_same_profiles_given_as_mappings(
    given: list[dict[str, Any]],
) -> None:
    mappings = [{k: v for k, v in p.items() if v is not None} for p in given]
    from_list = recommend_many(mappings, errors="collect")
    from_frame = recommend_many(pd.DataFrame.from_records(mappings), errors="collect")
    assert from_frame.patient.tolist() == from_list.patient.tolist()
    assert from_frame.hospital_index.tolist() == from_list.hospital_index.tolist()
    assert from_frame.score.tolist() == from_list.score.tolist()
    assert sorted(from_frame.errors) == sorted(from_list.errors)


def test_each_key_component_has_its_reader() -> None:
    from matcher.cohort._key import _READERS, COMPONENTS

    assert len(_READERS) == len(COMPONENTS)
