"""Rendering and export of results: terminal table, notebook HTML, JSON and data frame."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import pytest

import matcher
from matcher import Recommendations, load_catalog, recommend
from matcher.results._json import RESULT_KIND, RESULT_SCHEMA_VERSION
from matcher.results._text import WIDTH, to_text
from matcher.scoring import FEATURE_NAMES
from tests.catalog_fixtures import minimal_catalog, write

NPC = {
    "cancer_type": "nasopharyngeal carcinoma",
    "stage": "III",
    "biomarkers": {"EGFR": "L858R", "PD-L1": "TPS 60%"},
    "tcm_preference": "prefer",
    "cities": ["Guangzhou"],
    "age": 45,
    "ecog": 1,
    "wants_clinical_trials": True,
}
#: A profile no catalogued hospital can satisfy: heavy-ion therapy, only in Guangzhou.
EMPTY = {**NPC, "city_mode": "only", "therapies_sought": ["heavy_ion"]}
HOSTILE = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def recs() -> Recommendations:
    return recommend(NPC, top_k=5)


@pytest.fixture(scope="module")
def empty() -> Recommendations:
    return recommend(EMPTY, top_k=5)


@pytest.fixture
def hostile(tmp_path: Path) -> Recommendations:
    """A result from a catalog whose names, quotes and source URL try to inject markup."""
    document = minimal_catalog()
    document["sources"]["page"]["url"] = "javascript:alert(1)"
    alpha, beta = document["hospitals"]
    alpha["name"] = HOSTILE
    alpha["strengths"][0]["quote"] = "leading <img src=x onerror=alert(2)> centre for NPC"
    alpha["strengths"][0]["source"] = "page"
    alpha["strengths"][0]["level"] = 4  # the top level needs an independent source
    alpha["figures"][0]["quote"] = "1,600 beds <b>bold</b>"
    beta["name"] = "<b onmouseover=alert(3)>Beta</b>"
    catalog = load_catalog(write(tmp_path, document))
    return recommend({"cancer_type": "NPC"}, catalog=catalog)


# --- text ------------------------------------------------------------------------------------


def test_text_table_lists_every_ranked_hospital_with_its_rank(recs: Recommendations) -> None:
    text = str(recs)
    assert len(recs) >= 2
    for item in recs:
        first_words = item.hospital.name.split()[0]
        row = re.compile(rf"^\s*{item.rank}\s+{re.escape(first_words)}", re.MULTILINE)
        assert row.search(text), item.hospital.name
        assert f"{item.score:.1f}" in text


def test_text_shows_each_top_reason_with_its_quote_source(recs: Recommendations) -> None:
    text = str(recs)
    for item in recs:
        for reason in item.reasons[:3]:
            assert reason.text in " ".join(text.split())
            if reason.source is not None:
                assert reason.source.title in " ".join(text.split())
                if reason.source.kind != "seed":
                    assert reason.source.where in text


def test_text_wraps_to_a_hundred_columns_except_unbreakable_words(
    recs: Recommendations, empty: Recommendations
) -> None:
    for text in (str(recs), str(empty)):
        for line in text.splitlines():
            longest_word = max((len(word) for word in line.split()), default=0)
            assert len(line) <= WIDTH or longest_word > WIDTH // 3, line


def test_text_counts_the_left_out_hospitals_by_rule_and_names_them_when_asked(
    recs: Recommendations,
) -> None:
    text = to_text(recs, show_excluded=True)
    assert f"Left out: {len(recs.excluded)} hospitals" in text
    flat = " ".join(text.split())
    for exclusion in recs.excluded:
        assert exclusion.hospital.name in flat
        assert exclusion.rule_id in text


def test_an_empty_result_shows_its_message_and_what_relaxing_would_bring_back(
    empty: Recommendations,
) -> None:
    assert len(empty) == 0 and empty.message
    text = str(empty)
    flat = " ".join(text.split())
    assert flat.startswith(" ".join(empty.message.split()))
    for relaxation in empty.relaxations:
        if relaxation.hospital_ids:
            assert str(relaxation) in flat
    assert "Rank  Hospital" not in text


# --- HTML ------------------------------------------------------------------------------------


def test_html_escapes_names_quotes_and_refuses_non_web_links(hostile: Recommendations) -> None:
    page = hostile._repr_html_()
    assert [item.hospital.name for item in hostile] == [HOSTILE]
    assert "<script" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img" not in page and "<b " not in page and "<b>" not in page
    assert "&lt;b onmouseover=alert(3)&gt;Beta&lt;/b&gt;" in page  # the excluded hospital
    assert 'href="javascript' not in page
    assert "<code>javascript:alert(1)</code>" in page  # shown as text, not followed


def test_html_has_a_row_per_hospital_and_collapsible_exclusions_and_rules(
    recs: Recommendations,
) -> None:
    page = recs._repr_html_()
    assert page.count("<tr><td>") - len(recs.excluded) == len(recs)
    for item in recs:
        assert f"<td>{item.rank}</td>" in page
        assert f"{item.score:.1f}" in page
    assert f"<summary>Left out ({len(recs.excluded)})</summary>" in page
    assert f"<summary>Rules that applied ({len(recs.fired_rules)} of" in page
    assert '<a href="http' in page  # at least one web source is a link


# --- JSON ------------------------------------------------------------------------------------


def test_json_round_trips_and_carries_its_header(recs: Recommendations) -> None:
    data = json.loads(recs.to_json())
    assert data == recs.to_dict()
    assert data["kind"] == RESULT_KIND == "matcher.recommendations"
    assert data["schema_version"] == RESULT_SCHEMA_VERSION
    assert data["matcher_version"] == matcher.__version__
    assert data["catalog_version"] == recs.catalog_version
    assert [item["hospital"]["id"] for item in data["items"]] == list(recs.hospital_ids)
    assert len(data["excluded"]) == len(recs.excluded)
    assert len(data["rules"]) == len(recs.rules)


def test_json_items_hold_contributions_with_evidence_and_iso_dates(
    recs: Recommendations,
) -> None:
    data = recs.to_dict()
    first = data["items"][0]
    assert set(first) >= {"rank", "score", "hospital", "contributions", "reasons", "caveats"}
    assert set(first["hospital"]) >= {"id", "name", "city"}
    part = first["contributions"][0]
    assert set(part) == {"feature", "label", "value", "weight", "points", "evidence"}
    assert np.isclose(sum(p["points"] for p in first["contributions"]), first["score"])
    dates = [
        ref["read"] for item in data["items"] for ref in item["sources"] if ref["read"] is not None
    ]
    assert dates and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", date) for date in dates)
    exclusion = data["excluded"][0]
    assert set(exclusion) == {"hospital", "rule", "reason"}


def test_json_is_identical_for_identical_inputs() -> None:
    assert recommend(NPC).to_json() == recommend(dict(NPC)).to_json()


def test_json_leaves_the_profile_out_unless_asked(recs: Recommendations) -> None:
    assert "profile" not in recs.to_dict()
    data = json.loads(recs.to_json(include_profile=True))
    assert recs.query is not None
    assert data["profile"] == recs.query.patient.model_dump(mode="json")
    assert data["profile"]["cities"] == ["Guangzhou"]


def test_asking_for_the_profile_of_a_result_without_inputs_is_an_error(
    recs: Recommendations,
) -> None:
    bare = attrs.evolve(recs, query=None)
    with pytest.raises(ValueError, match="profile"):
        bare.to_dict(include_profile=True)


def test_json_of_an_empty_result_keeps_the_message_and_relaxations(
    empty: Recommendations,
) -> None:
    data = json.loads(empty.to_json(indent=None))
    assert data["items"] == [] and data["message"] == empty.message
    assert [r["rule"] for r in data["relaxations"]] == [r.rule_id for r in empty.relaxations]


# --- data frame ------------------------------------------------------------------------------


def test_frame_has_a_row_per_recommendation_and_a_column_per_feature(
    recs: Recommendations,
) -> None:
    frame = recs.to_frame()
    assert list(frame.columns) == [
        "rank", "hospital_id", "name", "city", "score", *FEATURE_NAMES, "reasons", "top_sources",
    ]  # fmt: skip
    assert list(frame["hospital_id"]) == list(recs.hospital_ids)
    assert list(frame["rank"]) == list(range(1, len(recs) + 1))
    assert np.allclose(frame[list(FEATURE_NAMES)].sum(axis=1), frame["score"])


def test_frame_of_an_empty_result_has_the_columns_and_no_rows(empty: Recommendations) -> None:
    frame = empty.to_frame()
    assert len(frame) == 0 and "score" in frame.columns


def test_frame_without_pandas_names_the_extra_to_install(
    recs: Recommendations, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=re.escape("pip install pandas")):
        recs.to_frame()


# --- privacy ---------------------------------------------------------------------------------


def _renderings(result: Recommendations) -> list[str]:
    return [str(result), repr(result), result._repr_html_(), result.to_json()]


def test_no_profile_value_appears_in_any_rendering_unless_asked() -> None:
    profile: dict[str, Any] = {
        "cancer_type": "lung adenocarcinoma",
        "stage": "IV",
        "biomarkers": {"EGFR": "L858R"},
        "cities": ["Dalian"],  # no catalogued hospital is there, so no hospital names it
        "age": 61,
        "ecog": 1,
    }
    younger, older = recommend(profile), recommend({**profile, "age": 97})
    assert _renderings(younger) == _renderings(older)  # the age leaves no trace
    for text in _renderings(younger):
        assert "Dalian" not in text
        assert "L858R" not in text
    assert "Dalian" in younger.to_json(include_profile=True)
