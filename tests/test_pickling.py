"""Issue 15, item 11: results pickle and deep-copy (cohorts travel between processes), and
read-only arrays stay read-only on the way back."""

from __future__ import annotations

import copy
import pickle
from collections.abc import Callable
from typing import Any

import attrs
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

import matcher
from matcher import recommend, recommend_many
from matcher.results._exclusions import ExclusionTable, RankedIds
from matcher.synthetic import synthetic_catalog, synthetic_profiles
from tests.strategies import profiles

ROUND_TRIPS: dict[str, Callable[[Any], Any]] = {
    "pickle": lambda value: pickle.loads(pickle.dumps(value)),
    "deepcopy": copy.deepcopy,
}
CATALOG = synthetic_catalog(120, seed=5)


def _read_only(array: np.ndarray) -> None:  # type: ignore[type-arg]
    assert not array.flags.writeable
    if not array.dtype.hasobject:
        with pytest.raises(ValueError):
            array.setflags(write=True)


@pytest.mark.parametrize("how", ROUND_TRIPS)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profile=profiles())
def test_a_result_comes_back_equal_with_every_part(how: str, profile: dict[str, Any]) -> None:
    recs = recommend(profile)
    back = ROUND_TRIPS[how](recs)
    assert back == recs
    assert back.to_json() == recs.to_json()
    assert str(back) == str(recs)
    assert back.excluded == recs.excluded
    assert [tuple(r.hospital_ids) for r in back.relaxations] == [
        tuple(r.hospital_ids) for r in recs.relaxations
    ]
    for item, again in zip(recs, back, strict=True):
        assert ROUND_TRIPS[how](item) == item == again
    # The inputs kept for what-if questions came back too.
    assert back.what_if(age=40).after == recs.what_if(age=40).after


@pytest.mark.parametrize("how", ROUND_TRIPS)
def test_lazy_tables_come_back_read_only_and_unbuilt(how: str) -> None:
    recs = recommend({"cancer_type": "NSCLC", "cities": ["Beijing"], "city_mode": "only"})
    table = recs._excluded
    assert isinstance(table, ExclusionTable)
    ids = recs.relaxations[0].hospital_ids
    assert isinstance(ids, RankedIds)
    expected_ids = tuple(ids)  # built here, before the copy
    back = ROUND_TRIPS[how](recs)
    back_table, back_ids = back._excluded, back.relaxations[0].hospital_ids
    assert isinstance(back_table, ExclusionTable) and isinstance(back_ids, RankedIds)
    for array in (back_table.rows, back_table.codes, back_ids.rows, back_ids.score):
        _read_only(array)
    assert back_ids._built is None  # a cache travels as its inputs, not as its output
    assert back_ids == expected_ids
    assert back_table.build() == table.build()


@pytest.mark.parametrize("how", ROUND_TRIPS)
def test_a_catalog_comes_back_sealed_and_ranks_the_same(how: str) -> None:
    back = ROUND_TRIPS[how](CATALOG)
    assert back is not CATALOG
    assert back.hospitals == CATALOG.hospitals and dict(back.sources) == dict(CATALOG.sources)
    encoded, original = back.encoded, CATALOG.encoded
    for field in attrs.fields(type(encoded)):
        value = getattr(encoded, field.name)
        if isinstance(value, np.ndarray):
            assert np.array_equal(value, getattr(original, field.name))
            _read_only(value)
    for field in attrs.fields(type(encoded.scoped)):
        _read_only(getattr(encoded.scoped, field.name))
    with pytest.raises(TypeError):
        back.sources["x"] = None  # type: ignore[index]
    for profile in synthetic_profiles(10, seed=9):
        assert recommend(profile, catalog=back) == recommend(profile, catalog=CATALOG)


@pytest.mark.parametrize("how", ROUND_TRIPS)
def test_a_cohort_comes_back_with_the_same_table_read_only(how: str) -> None:
    cohort = recommend_many(synthetic_profiles(40, seed=2), catalog=CATALOG, top_k=3)
    back = ROUND_TRIPS[how](cohort)
    for name in ("patient", "rank", "hospital_index", "score"):
        array = getattr(back, name)
        assert np.array_equal(array, getattr(cohort, name))
        _read_only(array)
    assert back.to_frame().equals(cohort.to_frame())
    assert list(back) == list(cohort)
    for row in list(cohort)[:5]:
        assert back[row] == cohort[row]


@pytest.mark.parametrize("how", ROUND_TRIPS)
def test_weights_what_if_and_exclusions_come_back_equal(how: str) -> None:
    recs = recommend({"cancer_type": "HCC", "tcm_preference": "avoid"})
    assert ROUND_TRIPS[how](matcher.DEFAULT_WEIGHTS) == matcher.DEFAULT_WEIGHTS
    _read_only(ROUND_TRIPS[how](matcher.DEFAULT_WEIGHTS).vector())
    change = recs.what_if(tcm_preference="prefer")
    back = ROUND_TRIPS[how](change)
    assert back == change and str(back) == str(change)
    assert ROUND_TRIPS[how](recs.excluded) == recs.excluded
    assert ROUND_TRIPS[how](recs.rules) == recs.rules


@pytest.mark.parametrize("how", ROUND_TRIPS)
def test_every_other_public_value_comes_back_equal(how: str) -> None:
    recs = recommend({"cancer_type": "NPC", "cities": ["Guangzhou"]})
    values = [
        matcher.stability(recs, n_draws=20),
        recs.what_would_bring_in(recs[0].hospital.id),
        matcher.load_vignettes(),
        matcher.load_catalog().to_file_model(),
    ]
    for value in values:
        assert ROUND_TRIPS[how](value) == value, type(value).__name__
    errors = [
        matcher.ProfileError("age", 130, "0 to 120"),
        matcher.CatalogError("is not a date", file="f.json", hospital="h", field="read"),
        matcher.WeightsError("is negative", file="w.json", field="evidence"),
        matcher.VignetteError("is empty", file="v.json", vignette="v1", field="grades"),
        matcher.DataIntegrityError("f.json", "differs", expected="a", actual="b"),
    ]
    for error in errors:
        back = ROUND_TRIPS[how](error)
        assert type(back) is type(error) and str(back) == str(error)
        assert vars(back) == vars(error)
