"""The message catalogue: every message in both languages, every generated text translatable,
and no English of matcher's own in a Chinese packet or terminal table."""

from __future__ import annotations

import html
import re
import string
from html.parser import HTMLParser

import pytest

import matcher
from matcher import Recommendations
from matcher.results._i18n import catalogue, is_chinese, rule_texts, template_of, translate
from matcher.results._messages_rules import FEATURE_ZH, RULE_ZH
from matcher.results._packet import to_packet
from matcher.results._text import to_text
from matcher.rules import DEFAULT_RULES
from matcher.scoring._features import FEATURES

#: Profiles that between them fire or leave undecided every rule with words of its own.
PROFILES = [
    {
        "cancer_type": "nasopharyngeal carcinoma",
        "stage": "III",
        "tcm_preference": "prefer",
        "cities": ["Guangzhou"],
        "needs_international_services": True,
        "wants_clinical_trials": True,
    },
    {"cancer_type": "NPC", "tcm_preference": "avoid", "age": 40, "ecog": 3},
    {
        "cancer_type": "lung adenocarcinoma",
        "stage": "IV",
        "biomarkers": {"EGFR": "L858R", "PD-L1": "TPS 60%"},
        "therapies_sought": ["proton", "haic"],
        "cities": ["Shanghai"],
        "city_mode": "only",
    },
    {"cancer_type": "HCC", "stage": "I", "tcm_preference": "require", "age": 70},
    {"cancer_type": "DLBCL", "disease_status": "relapsed_refractory", "age": 9},
    {"cancer_type": "breast cancer", "stage": "I", "biomarkers": ["BRCA1 mutation"]},
    {"cancer_type": "glioma", "therapies_sought": ["car_t"], "age": 30},
    {"cancer_type": "neuroblastoma", "cities": ["Guangzhou"]},  # children-only claims, age unknown
]


@pytest.fixture(scope="module")
def results() -> list[Recommendations]:
    return [matcher.recommend(profile, top_k=8) for profile in PROFILES]


def _fields(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}


def test_every_message_has_english_and_chinese_with_the_same_fields() -> None:
    for key, (english, chinese) in catalogue().items():
        assert english.strip(), key
        assert chinese.strip(), f"{key} has no Chinese"
        assert is_chinese(chinese), f"{key}: the Chinese holds no Chinese characters"
        assert _fields(english) == _fields(chinese), key


def test_every_rule_text_and_feature_has_its_chinese_and_nothing_is_left_over() -> None:
    for rule in DEFAULT_RULES:
        parts = set(rule_texts(rule))
        assert parts == set(RULE_ZH.get(rule.id, {})), rule.id
    assert set(RULE_ZH) <= {rule.id for rule in DEFAULT_RULES}
    assert set(FEATURE_ZH) == {feature.name for feature in FEATURES}


def test_every_text_a_result_generates_comes_from_a_catalogue_template(
    results: list[Recommendations],
) -> None:
    generated: set[str] = set()
    for recs in results:
        generated |= {reason.text for item in recs for reason in item.reasons}
        generated |= {caveat for item in recs for caveat in item.caveats}
        generated |= {exclusion.reason for exclusion in recs.excluded}
        generated |= {outcome.statement for outcome in recs.rules}
        generated |= {c for c in recs.caveats if not c.startswith("\u201c")}  # quotes stay
    assert len(generated) > 40
    for text in generated:
        assert template_of(text) is not None, text
        assert is_chinese(translate(text, "zh")), text


def test_translating_to_english_changes_nothing(results: list[Recommendations]) -> None:
    for recs in results:
        for item in recs:
            for reason in item.reasons:
                assert translate(reason.text, "en") == reason.text


class _Text(HTMLParser):
    """The text of a page outside quotes, links, and elements marked ``translate="no"``
    (titles, names and values written by others)."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[bool] = []
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("meta", "br", "link", "img", "input"):
            return
        marked = dict(attrs).get("translate") == "no"
        others = marked or tag in ("blockquote", "style", "title", "a")
        self.stack.append(others or (bool(self.stack) and self.stack[-1]))

    def handle_endtag(self, tag: str) -> None:
        if self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not (self.stack and self.stack[-1]):
            self.parts.append(data)


def _own_text(page: str) -> str:
    parser = _Text()
    parser.feed(page)
    return " ".join(" ".join(parser.parts).split())


def _english_fragments() -> set[str]:
    """Runs of three or more English words from every message's English."""
    fragments = set()
    for english, _ in catalogue().values():
        for literal, *_ in string.Formatter().parse(english):
            for run in re.findall(r"[A-Za-z][A-Za-z' -]{12,}[A-Za-z]", literal):
                if len(run.split()) >= 3:
                    fragments.add(run)
    return fragments


def test_no_english_of_matchers_own_reaches_a_chinese_packet(
    results: list[Recommendations],
) -> None:
    fragments = _english_fragments()
    assert len(fragments) > 100
    for recs in results:
        page = to_packet(recs, "zh")
        own = _own_text(page)
        leaked = {fragment for fragment in fragments if fragment in own}
        assert leaked == set()
        # Outside quotes and others' words, no English sentence at all: a few Latin letters
        # (ECOG, IMRT, CAR-T, PD-L1, URLs, the catalog version) but no run of English words.
        assert not re.search(r"[A-Za-z]{3,} [a-z]{3,} [a-z]{3,}", own), own
        english_page = _own_text(to_packet(recs, "en"))
        assert any(fragment in english_page for fragment in fragments)  # the check can fail


def test_no_english_of_matchers_own_reaches_the_chinese_terminal_table(
    results: list[Recommendations],
) -> None:
    fragments = _english_fragments()
    for recs in results:
        text = to_text(recs, lang="zh", show_excluded=True, all_reasons=True)
        own = "\n".join(line for line in text.splitlines() if "\u201c" not in line)
        own = re.sub(r"\([^()]*(?:\([^()]*\)[^()]*)*\)", "", own)  # source credits: others' words
        leaked = {f for f in fragments if f in own and not _a_name_in(f, recs)}
        assert leaked == set(), leaked


def _a_name_in(fragment: str, recs: Recommendations) -> bool:
    """True when the fragment is part of a hospital's English name (data, not our words)."""
    names = [item.hospital.name for item in recs] + [x.hospital.name for x in recs.excluded]
    return any(fragment in html.unescape(name) for name in names)


def test_the_actionability_tier_meanings_have_their_chinese() -> None:
    # The tier caveat quotes each tier's meaning from data/actionability.json; its Chinese is
    # looked up by that English, so the two must not drift apart.
    from matcher.profile._biomarkers._actionability import tier_meanings
    from matcher.results._i18n import catalogue

    for tier, meaning in tier_meanings().items():
        assert catalogue()[f"tier.{tier}"][0] == meaning, tier
