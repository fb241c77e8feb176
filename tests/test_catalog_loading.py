"""Loading catalogs: the default loads; every kind of broken file fails whole, naming where."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import matcher
from matcher import CatalogError, load_catalog
from tests.catalog_fixtures import minimal_catalog, write


def test_default_catalog_loads_with_hospitals_and_sources() -> None:
    catalog = load_catalog()
    assert len(catalog) > 10
    assert catalog.schema_version == 2
    for hospital in catalog:
        for claim in hospital.claims():
            assert claim.source in catalog.sources


def test_a_valid_custom_catalog_loads_from_a_path(tmp_path: Path) -> None:
    catalog = load_catalog(write(tmp_path, minimal_catalog()))
    assert catalog.ids == ("alpha-cancer-center", "beta-hospital")
    assert catalog.data_version == "test.1"


def test_hospitals_are_found_by_id_name_alias_and_chinese_name(tmp_path: Path) -> None:
    catalog = load_catalog(write(tmp_path, minimal_catalog()))
    for key in ("alpha-cancer-center", "Alpha Cancer Center", "alpha hospital", "阿尔法肿瘤中心"):
        assert catalog[key].id == "alpha-cancer-center"
    assert "no such hospital" not in catalog
    with pytest.raises(KeyError):
        catalog["no such hospital"]


def _broken(tmp_path: Path, document: Any) -> CatalogError:
    path = write(tmp_path, document)
    with pytest.raises(CatalogError) as caught:
        load_catalog(path)
    assert caught.value.file == str(path)
    return caught.value


def _with(change: Any) -> dict[str, Any]:
    document = minimal_catalog()
    change(document)
    return document


def _alpha(document: dict[str, Any]) -> dict[str, Any]:
    hospital: dict[str, Any] = document["hospitals"][0]
    return hospital


BROKEN = {
    "duplicate id": (
        lambda d: d["hospitals"][1].update(id="alpha-cancer-center"),
        "alpha-cancer-center",
        "id",
        "already used",
    ),
    "duplicate alias across hospitals": (
        lambda d: d["hospitals"][1].update(aliases=["ALPHA hospital"]),
        "beta-hospital",
        "aliases",
        "already used",
    ),
    "unknown cancer type": (
        lambda d: _alpha(d)["strengths"][0].update(cancer_type="NOTACODE"),
        "alpha-cancer-center",
        "strengths[0].cancer_type",
        "unknown cancer type",
    ),
    "unknown modality": (
        lambda d: _alpha(d)["modalities"][0].update(modality="teleportation"),
        "alpha-cancer-center",
        "modalities[0].modality",
        "unknown modality",
    ),
    "claim without a source": (
        lambda d: _alpha(d)["strengths"][0].pop("source"),
        "alpha-cancer-center",
        "strengths.0.source",
        "Field required",
    ),
    "claim without a quote": (
        lambda d: _alpha(d)["strengths"][0].pop("quote"),
        "alpha-cancer-center",
        "strengths.0.quote",
        "Field required",
    ),
    "source cited but not defined": (
        lambda d: _alpha(d)["strengths"][0].update(source="nowhere"),
        "alpha-cancer-center",
        "strengths[0].source",
        "not defined",
    ),
    "level above the rubric": (
        lambda d: _alpha(d)["strengths"][0].update(level=6),
        "alpha-cancer-center",
        "strengths.0.level",
        "less than or equal to 5",
    ),
    "level below the rubric": (
        lambda d: _alpha(d)["strengths"][0].update(level=0),
        "alpha-cancer-center",
        "strengths.0.level",
        "greater than or equal to 1",
    ),
    "wrong type": (
        lambda d: _alpha(d).update(aliases="Alpha"),
        "alpha-cancer-center",
        "aliases",
        "valid tuple",
    ),
    "unknown field": (
        lambda d: _alpha(d).update(rating=5),
        "alpha-cancer-center",
        "rating",
        "Extra inputs",
    ),
    "unknown city": (
        lambda d: _alpha(d).update(city="Atlantis"),
        "alpha-cancer-center",
        "city",
        "unknown city",
    ),
    "unknown service": (
        lambda d: _alpha(d).update(
            services=[{"service": "spa", "source": "page", "quote": "a spa on site"}]
        ),
        "alpha-cancer-center",
        "services[0].service",
        "unknown service",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_hospital_fails_loading_naming_hospital_and_field(
    tmp_path: Path, case: str
) -> None:
    change, hospital, field, words = BROKEN[case]
    error = _broken(tmp_path, _with(change))
    assert error.hospital == hospital
    assert error.field == field
    assert words in str(error)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -1.0])
def test_non_finite_or_negative_figures_fail_loading(tmp_path: Path, value: float) -> None:
    document = minimal_catalog()
    _alpha(document)["figures"][0]["value"] = value
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(document), encoding="utf-8")  # writes NaN / Infinity tokens
    with pytest.raises(CatalogError) as caught:
        load_catalog(path)
    assert caught.value.hospital == "alpha-cancer-center"
    assert caught.value.field == "figures.0.value"


def test_malformed_json_fails_with_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "catalog.json"
    path.write_text('{"kind": "matcher.catalog",', encoding="utf-8")
    with pytest.raises(CatalogError, match=r"not valid JSON.*line 1"):
        load_catalog(path)


def test_truncated_file_fails(tmp_path: Path) -> None:
    text = json.dumps(minimal_catalog())
    path = tmp_path / "catalog.json"
    path.write_text(text[: len(text) // 2], encoding="utf-8")
    with pytest.raises(CatalogError, match="not valid JSON"):
        load_catalog(path)


def test_wrong_kind_and_schema_version_are_named(tmp_path: Path) -> None:
    error = _broken(tmp_path, _with(lambda d: d.update(kind="something.else")))
    assert error.field == "kind"
    error = _broken(tmp_path, _with(lambda d: d.update(schema_version=99)))
    assert error.field == "schema_version"
    assert "schema versions 1, 2" in str(error)


def test_a_file_that_is_not_an_object_fails(tmp_path: Path) -> None:
    _broken(tmp_path, [1, 2, 3])


def test_a_missing_file_fails_with_its_name(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="cannot be read"):
        load_catalog(tmp_path / "absent.json")


def test_deeply_nested_json_fails_cleanly(tmp_path: Path) -> None:
    path = tmp_path / "catalog.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(CatalogError):
        load_catalog(path)


def test_an_oversized_file_is_refused_before_parsing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from matcher.catalog import _loader as _catalog

    monkeypatch.setattr(_catalog, "MAX_CATALOG_BYTES", 1000)
    path = tmp_path / "catalog.json"
    path.write_text(" " * 2000, encoding="utf-8")
    with pytest.raises(CatalogError, match="larger than"):
        load_catalog(path)


def test_a_seed_source_without_its_file_fails(tmp_path: Path) -> None:
    error = _broken(tmp_path, _with(lambda d: d["sources"]["seed-001"].pop("file")))
    assert error.field is not None and error.field.startswith("sources.seed-001")


def test_catalog_json_schema_is_published() -> None:
    schema = matcher.CatalogFile.model_json_schema()
    assert "hospitals" in schema["properties"]
    assert "Hospital" in schema["$defs"]


def test_catalog_and_hospitals_are_immutable(tmp_path: Path) -> None:
    catalog = load_catalog(write(tmp_path, minimal_catalog()))
    with pytest.raises(AttributeError):
        catalog.hospitals = ()  # type: ignore[misc]
    with pytest.raises(Exception, match="frozen"):
        catalog.hospitals[0].name = "Changed"  # type: ignore[misc]
    with pytest.raises(ValueError, match="read-only"):
        catalog.encoded.strength[0, 0] = 5.0
