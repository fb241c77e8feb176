"""recommend_many's reading of distinct values: the fast paths give what the profile model gives."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel

from matcher.cohort._reading import REFUSED, UNREAD, BaseReader, read_value, read_values
from matcher.common._errors import ProfileError
from matcher.profile._fields import read_cities, read_languages, read_therapies
from matcher.profile._patient import Patient
from matcher.profile._stage import STAGING_SITES, parse_stage, staging_site
from tests.strategies import CANCER_NAMES, CITIES, LANGUAGES, STAGES, THERAPIES, profiles
from tests.test_batch import _assert_rows_validate_as_the_profile_model_does


class _Text(str):
    """A str subclass: equal to its text, but not of the exact type the fast path takes."""


#: Items that read, that are refused (unknown, ambiguous, a province, too long, a lone
#: surrogate, not text), and that are text of another type.
_ODD_ITEMS = (
    "Narnia",
    "Taizhou",
    "Guangdong",
    "",
    "x" * 1001,
    "\ud800",
    "Beijing Shi",
    "北京市",
    _Text("Beijing"),
    3,
    None,
    ["Beijing"],
)


def _lists(words: tuple[Any, ...]) -> st.SearchStrategy[list[Any]]:
    """Lists of a field's words, with repeats, odd items, too many items, and a bare text."""
    item = st.sampled_from(words) | st.sampled_from(_ODD_ITEMS)
    return st.one_of(
        st.lists(st.sampled_from(words), max_size=4),
        st.lists(item, max_size=5),
        st.lists(st.sampled_from(words), min_size=101, max_size=103),
        st.sampled_from(words),
        st.tuples(st.sampled_from(words)).map(list).map(tuple),
    )


_READERS = {"cities": read_cities, "languages": read_languages, "therapies_sought": read_therapies}
_WORDS = {
    "cities": CITIES,
    "languages": LANGUAGES,
    "therapies_sought": (*THERAPIES, "chemo", "RFA", "Operation"),
}


@pytest.mark.parametrize("field", sorted(_READERS))
@given(data=st.data())
def test_lists_read_item_by_item_are_what_the_field_reader_reads(field: str, data: Any) -> None:
    values = data.draw(st.lists(_lists(_WORDS[field]), max_size=8))
    reader = _READERS[field]
    assert read_values(field, reader, values) == [read_value(field, reader, v) for v in values]


@given(st.lists(st.lists(st.sampled_from(CITIES) | st.sampled_from(_ODD_ITEMS), max_size=5)))
def test_city_lists_read_the_fast_way_are_read_cities_or_refused(values: list[Any]) -> None:
    for value, found in zip(values, read_values("cities", read_cities, values), strict=True):
        try:
            expected: object = read_cities(value)
        except (ProfileError, ValueError):
            expected = REFUSED
        assert found == expected


def test_a_list_with_one_refused_city_is_refused_and_its_neighbours_read() -> None:
    found = read_values("cities", read_cities, [["Beijing", "Narnia"], ["Peking", "Beijing"]])
    assert found[0] is REFUSED
    assert found[1] == ("Beijing",)  # repeats dropped, first-seen order


def _model(cancer_type: object, stage: object) -> Patient | None:
    record = (
        {"cancer_type": cancer_type}
        if stage is UNREAD
        else {"cancer_type": cancer_type, "stage": stage}
    )
    try:
        return Patient.model_validate(record)
    except ProfileError:
        return None


_TYPES = st.sampled_from(CANCER_NAMES) | st.sampled_from(("Narnia cancer", "", "x" * 1001))
_STAGE_VALUES = st.one_of(
    st.sampled_from(STAGES),
    st.sampled_from(("IVB", "IVC", "III", "limited", "unknown", " ", "?", "T2N1M0", "V", "IIIE")),
    st.sampled_from((0, 3, 4, 5, 2.0, True, None, 10**19, "x" * 1001)),
    st.just(UNREAD),
)


@given(st.lists(st.tuples(_TYPES, _STAGE_VALUES), max_size=12))
def test_cancer_type_and_stage_read_once_each_are_what_the_model_validates(
    pairs: list[tuple[object, object]],
) -> None:
    reader = BaseReader()  # shared across the pairs: its per-call memory must not leak between them
    for cancer_type, stage in pairs:
        found = reader.read(cancer_type, stage)
        expected = _model(cancer_type, stage)
        assert found == expected
        if expected is not None:
            assert isinstance(found, Patient)
            assert found.model_fields_set == expected.model_fields_set


def test_values_not_plain_are_left_to_the_model() -> None:
    reader = BaseReader()
    assert reader.read(_Text("NSCLC"), "IV") is UNREAD
    assert reader.read("NSCLC", ["IV"]) is UNREAD


@given(
    st.sampled_from((*STAGES, "IVA", "IVB", "IVC", "III", "IIIB", 4, 3)),
    st.sampled_from((*STAGING_SITES, "Lung", "head and neck", "Breast", None)),
)
def test_a_stage_parses_alike_for_every_site_with_the_same_staging(
    value: object, site: object
) -> None:
    assert parse_stage(value, site=site) == parse_stage(value, site=staging_site(site))


_ROWS = st.fixed_dictionaries(
    {"cancer_type": _TYPES},
    optional={
        "stage": _STAGE_VALUES.filter(lambda value: value is not UNREAD),
        "cities": _lists(CITIES),
        "languages": _lists(LANGUAGES),
        "therapies_sought": _lists(_WORDS["therapies_sought"]),
    },
)


@given(st.lists(_ROWS, max_size=10))
def test_a_cohort_read_the_fast_ways_validates_each_row_as_the_profile_model_does(
    given: list[dict[str, Any]],
) -> None:
    _assert_rows_validate_as_the_profile_model_does(given)


@given(profiles(), profiles())
def test_an_unchecked_copy_is_what_pydantics_model_copy_makes(first: Any, second: Any) -> None:
    patient, other = Patient.model_validate(first), Patient.model_validate(second)
    update = {name: getattr(other, name) for name in other.model_fields_set}
    # Fields the model validates together are copied together, as the batch copies its parts:
    # a stage is read for its cancer type, the therapies sought against the TCM preference.
    for together in (("cancer_type", "stage"), ("tcm_preference", "therapies_sought")):
        if any(name in update for name in together):
            update.update({name: getattr(other, name) for name in together})
    found = patient._unchecked_copy(update)
    expected = BaseModel.model_copy(patient, update=update)
    assert found == expected
    assert found.__dict__ == expected.__dict__
    assert list(found.__dict__) == list(expected.__dict__)  # fields in the model's order
    assert found.model_fields_set == expected.model_fields_set
    assert found.__pydantic_extra__ == expected.__pydantic_extra__
    assert found.__pydantic_private__ == expected.__pydantic_private__
    assert found.model_fields_set is not patient.model_fields_set  # not shared with the original
    assert Patient.model_validate(found.model_dump()) == found
