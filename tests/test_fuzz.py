"""Fuzzing: whatever a caller passes, recommend() ranks or raises ProfileError; a damaged catalog
file loads whole or raises CatalogError. Nothing else escapes.

The example counts come from the hypothesis profile (tests/conftest.py): "ci" in CI, "dev"
locally, and ``HYPOTHESIS_PROFILE=thorough python -m pytest tests/test_fuzz.py`` for the deep
run (tens of thousands of examples per test).
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import matcher
from matcher import Catalog, CatalogError, ProfileError, Recommendations
from tests.catalog_fixtures import minimal_catalog
from tests.strategies import (
    deeply_nested,
    hostile_profiles,
    json_like,
    messy_profiles,
    mutated_catalogs,
)

CLAIM_GROUPS = (
    "identity",
    "strengths",
    "modalities",
    "services",
    "languages",
    "accreditations",
    "figures",
    "rankings",
    "programmes",
)
# Each example writes one small file into a directory made once per test.
FILE_EXAMPLES = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])


def _outcome(profile: Any) -> Recommendations | ProfileError:
    """recommend()'s result, or the ProfileError it raised; anything else fails the test."""
    try:
        return matcher.recommend(profile)
    except ProfileError as error:
        assert str(error)  # the message renders, whatever the value was
        return error


@functools.cache
def real_slice() -> dict[str, Any]:
    """A few hospitals of the default catalog with every kind of claim, and their sources."""
    text = (resources.files("matcher") / "data" / "catalog.json").read_text(encoding="utf-8")
    document = json.loads(text)

    def richness(hospital: dict[str, Any]) -> tuple[int, int]:
        groups = sum(1 for group in CLAIM_GROUPS if hospital.get(group))
        claims = sum(len(hospital.get(group, ())) for group in CLAIM_GROUPS)
        return (-groups, claims)

    hospitals = sorted(document["hospitals"], key=richness)[:3]
    cited = {claim["source"] for h in hospitals for g in CLAIM_GROUPS for claim in h.get(g, ())}
    document["hospitals"] = hospitals
    document["sources"] = {k: v for k, v in document["sources"].items() if k in cited}
    return document


def _load(path: Path, document: Any) -> Catalog | CatalogError:
    # ASCII escapes keep lone surrogates ("\\ud800") in the file for the loader to meet.
    path.write_text(json.dumps(document), encoding="utf-8")
    try:
        catalog = matcher.load_catalog(path)
    except CatalogError as error:
        assert error.file == str(path)
        return error
    # A catalog that loads is whole: every claim cites a source it defines.
    for hospital in catalog:
        for claim in hospital.claims():
            assert claim.source in catalog.sources
    return catalog


# --- profiles -----------------------------------------------------------------------------------


@given(hostile_profiles())
def test_recommend_ranks_or_raises_profile_error_for_hostile_profiles(profile: Any) -> None:
    _outcome(profile)


@given(messy_profiles())
def test_recommend_ranks_or_raises_profile_error_for_messy_profiles(profile: Any) -> None:
    _outcome(profile)


@given(json_like())
def test_recommend_ranks_or_raises_profile_error_for_any_json_value(profile: Any) -> None:
    _outcome(profile)


def test_a_field_name_that_is_not_text_raises_profile_error() -> None:
    # Regression: a non-string key reached pydantic's keyword call and escaped as TypeError.
    for key in (5, None, ("cancer_type",), b"stage"):
        with pytest.raises(ProfileError) as caught:
            matcher.recommend({"cancer_type": "NPC", key: "III"})  # type: ignore[dict-item]
        assert caught.value.field == "profile"
        assert "not text" in str(caught.value)


@given(deeply_nested(), st.sampled_from(["biomarkers", "cities", "stage", "cancer_type", "x"]))
def test_a_value_nested_deeper_than_the_recursion_limit_raises_profile_error(
    value: Any, field: str
) -> None:
    # Regression: rendering such a value for the message escaped as RecursionError.
    profile = {"cancer_type": "NPC", field: value}
    with pytest.raises(ProfileError) as caught:
        matcher.recommend(profile)
    assert len(str(caught.value)) < 2000


# --- catalogs -----------------------------------------------------------------------------------


@FILE_EXAMPLES
@given(mutated_catalogs(minimal_catalog()))
def test_a_mutated_minimal_catalog_loads_whole_or_raises_catalog_error(
    tmp_path: Path, document: dict[str, Any]
) -> None:
    _load(tmp_path / "catalog.json", document)


@FILE_EXAMPLES
@given(st.data())
def test_a_mutated_slice_of_the_default_catalog_loads_whole_or_raises_catalog_error(
    tmp_path: Path, data: st.DataObject
) -> None:
    document = data.draw(mutated_catalogs(real_slice()))
    _load(tmp_path / "catalog.json", document)


@FILE_EXAMPLES
@given(st.data())
def test_damaged_catalog_bytes_load_whole_or_raise_catalog_error(
    tmp_path: Path, data: st.DataObject
) -> None:
    raw = bytearray(json.dumps(minimal_catalog(), ensure_ascii=False).encode("utf-8"))
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(raw) - 1))
        action = data.draw(st.sampled_from(("flip", "cut", "insert")))
        if action == "flip":
            raw[at] = data.draw(st.integers(0, 255))
        elif action == "cut":
            del raw[at:]
        else:
            raw[at:at] = data.draw(st.binary(min_size=1, max_size=8))
        if not raw:
            break
    path = tmp_path / "catalog.json"
    path.write_bytes(bytes(raw))
    try:
        matcher.load_catalog(path)
    except CatalogError as error:
        assert error.file == str(path)


def test_the_real_slice_loads_before_it_is_mutated(tmp_path: Path) -> None:
    loaded = _load(tmp_path / "catalog.json", real_slice())
    assert isinstance(loaded, Catalog)
    assert len(loaded) == 3
