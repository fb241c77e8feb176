"""Issue 15, item 5: read-only arrays cannot be made writable again (views of immutable bytes)."""

from __future__ import annotations

import attrs
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import matcher
from matcher.common._arrays import sealed


def _cannot_write(array: np.ndarray) -> None:  # type: ignore[type-arg]
    assert not array.flags.writeable
    with pytest.raises(ValueError):
        array.setflags(write=True)
    if array.size:
        with pytest.raises(ValueError):
            array.flat[0] = 0


def test_the_encoded_catalog_cannot_be_made_writable() -> None:
    encoded = matcher.load_catalog().encoded
    arrays = [
        value
        for value in attrs.asdict(encoded, recurse=False).values()
        if isinstance(value, np.ndarray) and not value.dtype.hasobject
    ]
    assert any(array is encoded.strength for array in arrays)
    for array in arrays:
        _cannot_write(array)
    before = matcher.recommend({"cancer_type": "NPC"}).to_json()
    with pytest.raises(ValueError):
        encoded.strength.setflags(write=True)
    assert matcher.recommend({"cancer_type": "NPC"}).to_json() == before


def test_cohort_columns_cannot_be_made_writable() -> None:
    cohort = matcher.recommend_many([{"cancer_type": "NPC"}, {"cancer_type": "NSCLC"}])
    for array in (cohort.score, cohort.rank, cohort.patient, cohort.hospital_index):
        _cannot_write(array)


def test_weights_vectors_cannot_be_made_writable() -> None:
    _cannot_write(matcher.DEFAULT_WEIGHTS.vector())


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(-(2**31), 2**31 - 1), max_size=20), st.sampled_from(["i4", "f8", "i8"]))
def test_sealed_keeps_values_and_refuses_writes(values: list[int], dtype: str) -> None:
    original = np.array(values, dtype=dtype)
    result = sealed(original.copy())
    assert np.array_equal(result, original)
    _cannot_write(result)
