"""A ranking placing read from a data file is shown as the row it is, in every output; the JSON
keeps the verbatim quote (a span of the file) beside the row."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

import matcher
from matcher import Recommendations, SourceRef
from matcher.catalog._schema import RankingClaim, Source
from matcher.cli import cli
from matcher.results._sources import DatasetRow
from tests.strategies import printed_names

GLIOBLASTOMA = {"cancer_type": "glioblastoma", "age": 50}
TIANTAN = "首都医科大学附属北京天坛医院"
# What the 2021 neurosurgery list holds for Tiantan (shared/data/fudan_specialty_rankings_...json).
ROW_EN = (
    "2021, neurosurgery (神经外科): rank 1, 首都医科大学附属北京天坛医院, "
    "mean expert reputation score 11.416"
)
ROW_ZH = "2021 年，神经外科：第 1 名，首都医科大学附属北京天坛医院，专家平均声誉得分 11.416"  # noqa: RUF001
VERBATIM = '"name": "首都医科大学附属北京天坛医院"'


@pytest.fixture(scope="module")
def recs() -> Recommendations:
    return matcher.recommend(GLIOBLASTOMA, top_k=2)


def _row_ref(recs: Recommendations) -> SourceRef:
    return next(
        reason.source
        for reason in recs[0].reasons
        if reason.source is not None and reason.source.row is not None
    )


def _flat(text: str) -> str:
    """Text with its line breaks and indents taken out (wrapping may split a row)."""
    return "".join(line.strip() for line in text.splitlines())


def test_a_fudan_placing_carries_the_row_it_was_read_from(recs: Recommendations) -> None:
    ref = _row_ref(recs)
    assert recs[0].hospital.id == "beijing-tiantan-hospital"
    assert ref.quote == VERBATIM
    assert ref.row is not None
    assert (ref.row.year, ref.row.specialty, ref.row.position) == (2021, "神经外科", 1)
    assert (ref.row.name, ref.row.reputation_score) == (TIANTAN, 11.416)
    assert ref.shown().endswith(ROW_EN)
    assert ref.shown("zh").endswith(ROW_ZH)


def test_a_quote_from_a_page_is_shown_as_it_is(recs: Recommendations) -> None:
    page = [ref for ref in recs[0].sources if ref.via is None]
    assert page
    for ref in page:
        assert ref.row is None
        assert ref.shown() == ref.shown("zh") == ref.quote


def test_the_text_table_shows_the_row_not_the_json_span(recs: Recommendations) -> None:
    text = _flat(str(recs))
    assert ROW_EN.replace(" ", "") in text.replace(" ", "")
    assert VERBATIM not in text


@pytest.mark.parametrize(("lang", "row"), [("en", ROW_EN), ("zh", ROW_ZH)])
def test_the_command_line_shows_the_row_in_either_language(lang: str, row: str) -> None:
    args = ["recommend", "--cancer-type", "glioblastoma", "--age", "50", "--top-k", "2"]
    result = CliRunner().invoke(cli, [*args, "--lang", lang], prog_name="matcher")
    assert result.exit_code == 0, result.output
    text = _flat(result.output).replace(" ", "")
    assert row.replace(" ", "") in text
    assert VERBATIM.replace(" ", "") not in text


def test_explain_shows_the_row_for_the_ranking_contribution() -> None:
    args = ["explain", "beijing-tiantan-hospital", "--cancer-type", "glioblastoma", "--age", "50"]
    result = CliRunner().invoke(cli, args, prog_name="matcher")
    assert result.exit_code == 0, result.output
    text = _flat(result.output).replace(" ", "")
    assert ROW_EN.replace(" ", "") in text
    assert VERBATIM.replace(" ", "") not in text


def test_the_html_shows_the_row_not_the_json_span(recs: Recommendations) -> None:
    page = recs._repr_html_()
    assert ROW_EN in page
    assert "&quot;name&quot;" not in page


@pytest.mark.parametrize(("lang", "row"), [("en", ROW_EN), ("zh", ROW_ZH)])
def test_the_case_packet_shows_the_row(
    recs: Recommendations, tmp_path: Path, lang: str, row: str
) -> None:
    page = recs.report(tmp_path / "packet.html", lang=lang).read_text(encoding="utf-8")
    assert row in page
    assert "&quot;name&quot;" not in page


def test_the_json_keeps_the_verbatim_quote_beside_the_row(recs: Recommendations) -> None:
    data = json.loads(recs.to_json())
    sources = [source for item in data["items"] for source in item["sources"]]
    rows = [source for source in sources if source["row"] is not None]
    tiantan = next(s for s in rows if s["id"] == "fudan-ranking-2021-neurosurgery")
    assert tiantan["quote"] == VERBATIM
    assert tiantan["row"] == {
        "ranking": tiantan["row"]["ranking"],
        "year": 2021,
        "specialty": "神经外科",
        "position": 1,
        "name": TIANTAN,
        "reputation_score": 11.416,
        "text": tiantan["row"]["text"],
    }
    assert tiantan["row"]["text"].endswith(ROW_EN)
    assert all(s["row"] is None for s in sources if s["via"] is None)


# --- the helper on its own -------------------------------------------------------------------

FUDAN = Source(
    kind="third_party",
    authority="independent_ranking",
    title="A ranking's list",
    url="http://example.org/list",
    read="2026-01-01",
    via="rankings.json",
)


@given(
    name=printed_names(),
    position=st.integers(1, 10),
    year=st.integers(2000, 2025),
    score=st.none() | st.floats(0, 100, allow_nan=False),
)
def test_a_row_holds_what_the_claim_and_its_quote_hold(
    name: str, position: int, year: int, score: float | None
) -> None:
    quote = json.dumps({"name": name}, ensure_ascii=False)[1:-1]
    claim = RankingClaim(
        source="list",
        quote=quote,
        ranking="Some Ranking",
        specialty="胸外科",
        position=position,
        year=year,
        reputation_score=score,
    )
    row = DatasetRow.of(FUDAN, claim)
    assert row is not None
    assert (row.name, row.position, row.year, row.reputation_score) == (name, position, year, score)
    words = row.words()
    assert f"rank {position}, {name}" in words
    assert f"Some Ranking {year}, thoracic surgery (胸外科)" in words
    assert ("reputation score" in words) == (score is not None)
    ref = SourceRef.of("list", FUDAN, claim)
    assert ref.quote == quote
    assert ref.shown() == words


def test_a_quote_from_a_page_or_a_prose_file_is_not_a_row() -> None:
    claim = RankingClaim(
        source="list", quote='"name": "某医院"', ranking="R", position=1, year=2020
    )
    prose = FUDAN.model_copy(update={"via": "HOSPITAL_SOURCES.md"})
    page = FUDAN.model_copy(update={"via": None})
    assert DatasetRow.of(prose, claim) is None
    assert DatasetRow.of(page, claim) is None
    assert DatasetRow.of(FUDAN, claim) is not None
    unparsed = claim.model_copy(update={"quote": "ranked first in 2020"})
    assert DatasetRow.of(FUDAN, unparsed) is None
    undated = claim.model_copy(update={"year": None})
    assert DatasetRow.of(FUDAN, undated) is None
