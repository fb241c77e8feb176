"""The benchmark of graded patient vignettes is well formed, valid and quotes its sources.

The vignettes (``matcher/data/vignettes/vignettes.json``) are synthetic patients with grades
(0-3) for the hospitals that matter to each case, written from the seeds, ``HOSPITAL_SOURCES.md``
and the catalog's sourced claims. These tests hold the file to its format and to its sources:
every profile is a valid :class:`matcher.Patient`, every graded hospital is in the default
catalog, grades respect the patient's hard constraints, and every quote is found word for word
(after collapsing whitespace) where its ``source`` says it is. They never run the engine: the
grades must stay independent of what it returns.
"""

from __future__ import annotations

import importlib.util
import json
import re
from collections import Counter
from collections.abc import Iterator
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest

import matcher

VIGNETTES = files("matcher") / "data" / "vignettes" / "vignettes.json"
CATALOG_FILE = files("matcher") / "data" / "catalog.json"
HOSPITAL_SOURCES = "HOSPITAL_SOURCES.md"
SEED_NAME = re.compile(r"^\d{3}_[0-9a-f]{16}\.txt$")

STAGE_CATEGORIES = frozenset({"early", "locally_advanced", "advanced", "unknown"})
TCM_PREFERENCES = frozenset({"avoid", "neutral", "prefer", "require"})
GRADE_KEYS = frozenset({"hospital", "grade", "rationale", "source", "quote"})
#: A grade added later from the pool of rankers' top hospitals says so (and only then).
POOLED_GRADE_KEYS = GRADE_KEYS | {"pooled"}
VIGNETTE_KEYS = frozenset({"id", "split", "description", "profile", "grades", "expect_few_matches"})


def _collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@cache
def _document() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(VIGNETTES.read_text(encoding="utf-8"))
    return document


def _vignettes() -> list[dict[str, Any]]:
    vignettes: list[dict[str, Any]] = _document()["vignettes"]
    return vignettes


def _grades() -> Iterator[tuple[str, dict[str, Any]]]:
    for vignette in _vignettes():
        for grade in vignette["grades"]:
            yield vignette["id"], grade


@cache
def _catalog() -> matcher.Catalog:
    return matcher.load_catalog()


@cache
def _patient(vignette_id: str) -> matcher.Patient:
    (vignette,) = (v for v in _vignettes() if v["id"] == vignette_id)
    return matcher.Patient.model_validate(vignette["profile"])


def _stage_category(patient: matcher.Patient) -> str:
    return "unknown" if patient.stage is None else patient.stage.category


@cache
def _catalog_quotes_by_url() -> dict[str, tuple[str, ...]]:
    """Every claim quote in the default catalog file, by the URL of the source it cites."""
    data = json.loads(CATALOG_FILE.read_text(encoding="utf-8"))
    urls = {key: source.get("url") for key, source in data["sources"].items()}
    quotes: dict[str, list[str]] = {}
    for hospital in data["hospitals"]:
        for value in hospital.values():
            if not isinstance(value, list) or not value or not isinstance(value[0], dict):
                continue
            for claim in value:
                url = urls.get(claim.get("source", ""))
                if url and "quote" in claim:
                    quotes.setdefault(url, []).append(_collapse(claim["quote"]))
    return {url: tuple(found) for url, found in quotes.items()}


VIGNETTE_IDS = [vignette["id"] for vignette in _vignettes()]


def test_file_has_the_versioned_header() -> None:
    document = _document()
    assert document["kind"] == "matcher.vignettes"
    assert document["schema_version"] == 1
    # a date, and a serial when one day has several versions (2026.12.04.2)
    assert re.fullmatch(r"\d{4}\.\d{1,2}\.\d{1,2}(\.\d+)?", document["data_version"])
    assert document["written_before_engine_output"] is True
    assert all(f"{grade}:" in document["grading"] for grade in range(4))


def test_benchmark_has_at_least_sixty_vignettes() -> None:
    assert len(_vignettes()) >= 60


def test_vignette_ids_are_unique_slugs() -> None:
    assert len(set(VIGNETTE_IDS)) == len(VIGNETTE_IDS)
    assert all(re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", vid) for vid in VIGNETTE_IDS)


def test_every_vignette_and_grade_has_exactly_the_documented_fields() -> None:
    for vignette in _vignettes():
        assert set(vignette) == VIGNETTE_KEYS, vignette["id"]
        assert vignette["description"].strip(), vignette["id"]
        assert isinstance(vignette["expect_few_matches"], bool), vignette["id"]
    for vignette_id, grade in _grades():
        assert set(grade) in (GRADE_KEYS, POOLED_GRADE_KEYS), vignette_id
        assert grade.get("pooled", True) is True, vignette_id
        assert grade["rationale"].strip() and grade["quote"].strip(), vignette_id


@pytest.mark.parametrize("vignette", _vignettes(), ids=VIGNETTE_IDS)
def test_every_profile_validates_as_a_patient(vignette: dict[str, Any]) -> None:
    assert set(vignette["profile"]) <= set(matcher.Patient.model_fields)
    matcher.Patient.model_validate(vignette["profile"])  # raises ProfileError when invalid


def test_every_graded_hospital_is_in_the_default_catalog() -> None:
    known = set(_catalog().ids)
    graded = {(vid, grade["hospital"]) for vid, grade in _grades()}
    assert not {(vid, hospital) for vid, hospital in graded if hospital not in known}


def test_grades_are_whole_numbers_from_zero_to_three() -> None:
    for vignette_id, grade in _grades():
        assert type(grade["grade"]) is int and 0 <= grade["grade"] <= 3, vignette_id


def test_each_vignette_grades_at_least_four_distinct_hospitals() -> None:
    for vignette in _vignettes():
        hospitals = [grade["hospital"] for grade in vignette["grades"]]
        assert len(hospitals) >= 4, vignette["id"]
        assert len(set(hospitals)) == len(hospitals), vignette["id"]


def test_each_vignette_has_a_good_match_unless_few_are_expected() -> None:
    for vignette in _vignettes():
        best = max(grade["grade"] for grade in vignette["grades"])
        assert vignette["expect_few_matches"] or best >= 2, vignette["id"]


def test_splits_are_fixed_and_about_seventy_thirty() -> None:
    splits = Counter(vignette["split"] for vignette in _vignettes())
    assert set(splits) == {"train", "test"}
    assert 0.6 <= splits["train"] / len(_vignettes()) <= 0.8


@pytest.mark.parametrize("split", ["train", "test"])
def test_each_split_covers_every_stage_category_and_tcm_preference(split: str) -> None:
    patients = [_patient(v["id"]) for v in _vignettes() if v["split"] == split]
    assert {_stage_category(patient) for patient in patients} == STAGE_CATEGORIES
    assert {patient.tcm_preference for patient in patients} == TCM_PREFERENCES


@pytest.mark.parametrize("split", ["train", "test"])
def test_each_split_has_children_poor_fitness_relapse_and_few_match_cases(split: str) -> None:
    chosen = [v for v in _vignettes() if v["split"] == split]
    patients = [_patient(v["id"]) for v in chosen]
    assert any(patient.pediatric for patient in patients)
    assert any((patient.ecog or 0) >= 3 for patient in patients)
    assert any(patient.disease_status == "relapsed_refractory" for patient in patients)
    assert any(patient.city_mode == "only" for patient in patients)
    assert any(v["expect_few_matches"] for v in chosen)


def test_hospitals_outside_an_only_city_are_graded_zero() -> None:
    cities = {hospital.id: hospital.city for hospital in _catalog().hospitals}
    for vignette in _vignettes():
        patient = _patient(vignette["id"])
        if patient.city_mode != "only":
            continue
        for grade in vignette["grades"]:
            if cities[grade["hospital"]] not in patient.cities:
                assert grade["grade"] == 0, (vignette["id"], grade["hospital"])


def test_an_only_city_without_catalogued_hospitals_expects_few_matches() -> None:
    catalogued = {hospital.city for hospital in _catalog().hospitals}
    for vignette in _vignettes():
        patient = _patient(vignette["id"])
        if patient.city_mode == "only" and not catalogued & set(patient.cities):
            assert vignette["expect_few_matches"], vignette["id"]
            assert all(grade["grade"] == 0 for grade in vignette["grades"]), vignette["id"]


def test_tcm_hospitals_are_graded_zero_when_the_patient_avoids_tcm() -> None:
    kinds = {hospital.id: hospital.kind for hospital in _catalog().hospitals}
    for vignette in _vignettes():
        if _patient(vignette["id"]).tcm_preference != "avoid":
            continue
        for grade in vignette["grades"]:
            if kinds[grade["hospital"]] in {"tcm", "integrated_medicine"}:
                assert grade["grade"] == 0, (vignette["id"], grade["hospital"])


def test_childrens_hospitals_are_graded_zero_for_adults() -> None:
    kinds = {hospital.id: hospital.kind for hospital in _catalog().hospitals}
    for vignette in _vignettes():
        patient = _patient(vignette["id"])
        if patient.age is None or patient.pediatric:
            continue
        for grade in vignette["grades"]:
            if kinds[grade["hospital"]] == "children":
                assert grade["grade"] == 0, (vignette["id"], grade["hospital"])


def test_every_source_is_a_seed_the_reference_file_or_a_catalog_url() -> None:
    urls = set(_catalog_quotes_by_url())
    for vignette_id, grade in _grades():
        source = grade["source"]
        assert SEED_NAME.match(source) or source == HOSPITAL_SOURCES or source in urls, (
            vignette_id,
            source,
        )


def test_seed_quotes_are_found_verbatim_in_the_seed(shared_dir: Path) -> None:
    texts: dict[str, str] = {}
    for vignette_id, grade in _grades():
        if not SEED_NAME.match(grade["source"]):
            continue
        name = grade["source"]
        if name not in texts:
            texts[name] = _collapse((shared_dir / "seeds" / name).read_text(encoding="utf-8"))
        assert _collapse(grade["quote"]) in texts[name], (vignette_id, grade["hospital"])


def test_reference_file_quotes_are_found_verbatim_in_it(shared_dir: Path) -> None:
    text = _collapse((shared_dir / "data" / HOSPITAL_SOURCES).read_text(encoding="utf-8"))
    for vignette_id, grade in _grades():
        if grade["source"] == HOSPITAL_SOURCES:
            assert _collapse(grade["quote"]) in text, (vignette_id, grade["hospital"])


def test_url_quotes_are_found_in_a_catalog_claim_citing_that_url() -> None:
    by_url = _catalog_quotes_by_url()
    for vignette_id, grade in _grades():
        if grade["source"].startswith("http"):
            quote = _collapse(grade["quote"])
            claims = by_url.get(grade["source"], ())
            assert any(quote in claim for claim in claims), (vignette_id, grade["hospital"])


def test_the_readme_coverage_table_is_what_the_coverage_script_prints() -> None:
    """The vignettes README's coverage table is generated, so it cannot drift from the file."""
    root = Path(__file__).resolve().parents[1]
    spec = importlib.util.spec_from_file_location(
        "vignette_coverage", root / "scripts" / "vignette_coverage.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    readme = (root / "src" / "matcher" / "data" / "vignettes" / "README.md").read_text("utf-8")
    assert module.readme_block() in readme
    assert "| all | vignettes |" in module.readme_block()
