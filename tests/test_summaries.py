"""Result objects behave in a notebook: a short, informative repr and escaped, small HTML.

Every public result value's ``repr()`` runs to at most 20 lines of at most 110 characters and
names what matters (hospital, rank, score, top reasons, counts); ``_repr_html_`` is one small
table with every text escaped; neither shows a value of the patient's profile.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

import matcher
from matcher import Recommendations, load_catalog, recommend
from matcher.results._frame import TEXT_COLUMNS
from matcher.results._summary import LINE_CHARS, MAX_LINES, MAX_ROWS, html_summary, summary
from matcher.scoring import FEATURE_NAMES
from tests.catalog_fixtures import minimal_catalog, write

NPC = {
    "cancer_type": "nasopharyngeal carcinoma",
    "stage": "III",
    "tcm_preference": "prefer",
    "cities": ["Guangzhou"],
}
#: The most characters an HTML summary may run to.
MAX_HTML = 6_000
HOSTILE = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def recs() -> Recommendations:
    return recommend(NPC, top_k=5)


def _objects(recs: Recommendations) -> Iterator[tuple[str, object]]:
    yield "Recommendations", recs
    yield "Recommendation", recs[0]
    yield "WhatIf", recs.what_if(tcm_preference="avoid", city_mode="only")
    yield "BringIn", recs.what_would_bring_in(recs.excluded[0].hospital.id)
    yield "Stability", matcher.stability(recs, n_draws=20)
    yield "Evaluation", matcher.evaluate(split="test")
    yield (
        "CohortRecommendations",
        matcher.recommend_many([NPC, {"cancer_type": "x"}], errors="collect"),
    )
    yield "Hospital", recs[0].hospital
    yield "Exclusion", recs.excluded[0]


@pytest.fixture(scope="module")
def objects(recs: Recommendations) -> dict[str, object]:
    return dict(_objects(recs))


#: Objects a notebook shows as HTML (the others are parts of them).
WITH_HTML = ("Recommendation", "WhatIf", "BringIn", "Stability", "Evaluation")


class _Balanced(HTMLParser):
    """Records every start and end tag, to check that the markup is well nested."""

    VOID = frozenset({"br", "img", "hr", "meta", "input"})

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open.pop() != tag:
            self.problems.append(tag)


def _well_formed(page: str) -> bool:
    parser = _Balanced()
    parser.feed(page)
    parser.close()
    return not parser.problems and not parser.open


#: Every public result value (and the parts a result shows) by name.
NAMES = (*WITH_HTML, "Recommendations", "CohortRecommendations")
#: Values that are parts of a result: one line each, short enough to read in a list.
PARTS = ("Hospital", "Exclusion")
#: The most characters in the repr of a part.
MAX_PART = 500


@pytest.mark.parametrize("name", NAMES)
def test_a_repr_is_at_most_twenty_short_lines(objects: dict[str, object], name: str) -> None:
    text = repr(objects[name])
    lines = text.splitlines()
    assert 1 <= len(lines) <= MAX_LINES, text
    assert max(len(line) for line in lines) <= LINE_CHARS, text
    assert "Query(" not in text and "Patient(" not in text


@pytest.mark.parametrize("name", PARTS)
def test_the_repr_of_a_part_is_one_short_line(objects: dict[str, object], name: str) -> None:
    text = repr(objects[name])
    assert "\n" not in text and len(text) <= MAX_PART, text


def test_the_repr_of_a_recommendation_names_rank_hospital_score_reasons_and_counts(
    recs: Recommendations,
) -> None:
    item = recs[0]
    text = repr(item)
    assert f"rank {item.rank}: {item.hospital.name}" in text
    assert f"score {item.score:.1f}" in text
    for reason in item.reasons[:3]:
        assert reason.text in text
    assert f"{len(item.reasons)} reasons" in text and f"{len(item.sources)} sources" in text
    assert len(item.reasons) > 3 and item.reasons[3].text not in text  # only the top three


def test_the_repr_of_a_result_lists_each_ranked_hospital(recs: Recommendations) -> None:
    text = repr(recs)
    assert text.startswith(f"Recommendations({len(recs)} of {recs.n_eligible} eligible")
    for item in recs:
        assert f"{item.rank}. {item.hospital.name}" in text


def test_the_repr_of_a_what_if_names_the_fields_and_who_moved(
    objects: dict[str, Any],
) -> None:
    result = objects["WhatIf"]
    text = repr(result)
    assert "tcm_preference, city_mode" in text
    assert "'avoid'" not in text and "'only'" not in text  # field names, never the values
    for change in (*result.entered, *result.left):
        assert change.name in text


def test_a_long_summary_is_cut_with_a_count_of_what_was_left_out() -> None:
    text = summary("head", [f"line {n}" for n in range(50)])
    lines = text.splitlines()
    assert len(lines) == MAX_LINES
    assert lines[-1].strip() == f"... and {50 - (MAX_LINES - 2)} more"
    assert summary("head", ["a", "b"]).splitlines() == ["head", "  a", "  b"]


@pytest.mark.parametrize("name", WITH_HTML)
def test_html_is_small_and_well_formed(objects: dict[str, object], name: str) -> None:
    page = objects[name]._repr_html_()  # type: ignore[attr-defined]
    assert len(page) <= MAX_HTML
    assert _well_formed(page), page
    assert page.count("<tr>") <= MAX_ROWS + 1


def test_html_summary_escapes_every_text_and_caps_the_rows() -> None:
    rows = [(HOSTILE, "<b>bold</b>")] * (MAX_ROWS + 5)
    page = html_summary(HOSTILE, ("<i>", "x"), rows, notes=["a & <b>"], kind='"><x')
    assert "<script" not in page and "<b>" not in page and "<i>" not in page and "<x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "a &amp; &lt;b&gt;" in page
    assert page.count("<tr>") == MAX_ROWS + 1 and "and 5 more" in page
    assert _well_formed(page)


def test_html_of_a_hostile_catalogs_recommendation_is_escaped(tmp_path: Path) -> None:
    document = minimal_catalog()
    alpha, _ = document["hospitals"]
    alpha["name"] = HOSTILE
    alpha["strengths"][0]["quote"] = "leading <img src=x onerror=alert(2)> centre for NPC"
    hostile = recommend({"cancer_type": "NPC"}, catalog=load_catalog(write(tmp_path, document)))
    item = next(item for item in hostile if item.hospital.name == HOSTILE)
    page = item._repr_html_()
    assert "<script" not in page and "<img" not in page
    assert "&lt;script&gt;" in page
    assert _well_formed(page)


# --- no profile values ----------------------------------------------------------------------

#: Two profiles that rank alike but differ in values no rendering may show.
FIRST = {**NPC, "age": 119, "biomarkers": {"EBV DNA": "98765 copies/mL", "PD-L1": "TPS 73.917%"}}
SECOND = {**NPC, "age": 118, "biomarkers": {"EBV DNA": "97531 copies/mL", "PD-L1": "TPS 71.113%"}}


def _renderings(profile: dict[str, Any]) -> list[str]:
    result = recommend(profile, top_k=5)
    texts = []
    for _, value in _objects(result):
        texts.append(repr(value))
        html: Callable[[], str] | None = getattr(value, "_repr_html_", None)
        if html is not None:
            texts.append(html())
    return texts


def test_no_summary_shows_a_profile_value() -> None:
    first, second = _renderings(FIRST), _renderings(SECOND)
    assert first == second  # any difference would be a value shown
    for marker in ("98765", "73.917", "119"):
        assert not any(marker in text for text in first), marker


# --- data frame -----------------------------------------------------------------------------


def test_frame_keeps_the_feature_columns_and_adds_reasons_and_top_sources(
    recs: Recommendations,
) -> None:
    frame = recs.to_frame()
    assert list(frame.columns)[: 5 + len(FEATURE_NAMES)] == [
        "rank", "hospital_id", "name", "city", "score", *FEATURE_NAMES,
    ]  # fmt: skip
    assert tuple(frame.columns[5 + len(FEATURE_NAMES) :]) == TEXT_COLUMNS
    for row, item in zip(frame.itertuples(), recs, strict=True):
        assert row.reasons.split("; ") == [reason.text for reason in item.reasons]
        titles = row.top_sources.split("; ")
        expected = [r.source.title for r in item.reasons[:3] if r.source is not None]
        assert titles == list(dict.fromkeys(expected))
        assert set(titles) <= {source.title for source in item.sources}
