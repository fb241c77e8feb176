"""Issue 15, item 10: values no real catalog holds are refused with a CatalogError naming the
file, the hospital and the field: huge figures, invisible or control characters, future dates."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import matcher
from matcher import CatalogError
from tests.catalog_fixtures import minimal_catalog, write
from tests.strategies import invisible_characters

HOSPITAL = "alpha-cancer-center"


def _refused(tmp_path: Path, document: dict[str, Any]) -> CatalogError:
    path = write(tmp_path, document)
    with pytest.raises(CatalogError) as caught:
        matcher.load_catalog(path)
    assert caught.value.file == str(path)
    return caught.value


@pytest.mark.parametrize("value", [1e308, 1e10, 2e9])
def test_a_huge_figure_is_refused(tmp_path: Path, value: float) -> None:
    document = minimal_catalog()
    document["hospitals"][0]["figures"][0]["value"] = value
    error = _refused(tmp_path, document)
    assert error.hospital == HOSPITAL and error.field is not None and "figures" in error.field


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(invisible_characters(), st.sampled_from(["name", "quote"]), st.booleans())
def test_invisible_or_control_characters_are_refused(
    tmp_path: Path, character: str, where: str, alone: bool
) -> None:
    document = minimal_catalog()
    hospital = document["hospitals"][0]
    if where == "name":
        hospital["name"] = "Alpha" + character + "Cancer Center"
        field = "name"
    else:
        quote = hospital["identity"][0]["quote"]
        hospital["identity"][0]["quote"] = character * 12 if alone else quote + character + "x"
        field = "identity"
    error = _refused(tmp_path, document)
    assert error.hospital == HOSPITAL
    assert error.field is not None and error.field.startswith(field)


def test_a_source_read_in_the_future_is_refused(tmp_path: Path) -> None:
    document = minimal_catalog()
    document["sources"]["page"]["read"] = "2999-01-01"
    error = _refused(tmp_path, document)
    assert error.field is not None and "page" in error.field
    assert "to come" in error.problem


def test_the_shipped_catalog_still_loads() -> None:
    assert len(matcher.load_catalog().hospitals) > 100
