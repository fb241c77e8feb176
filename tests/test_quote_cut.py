"""Long quotes are cut at word boundaries and keep the words that carry the claim."""

from __future__ import annotations

import re

from hypothesis import given

import matcher
from matcher.results._i18n import claim_terms
from matcher.results._text import to_text
from matcher.results._words import QUOTE_CHARS, cut_quote
from tests.strategies import quotes_with_a_term

QUOTE = (
    "Established in 1964, the hospital has grown into one of the largest comprehensive cancer "
    "centres in Asia with 1,600 beds and many clinical departments; its nasopharyngeal "
    "carcinoma team developed an IMRT protocol that raised five-year survival from 70% to 85%."
)


_WIDE = re.compile(r"[\u2e80-\u9fff\uff00-\uffef\u3000-\u303f]")


def _whole(text: str, at: int) -> bool:
    """True when cutting ``text`` at ``at`` splits no word (Chinese breaks between characters)."""
    if at in (0, len(text)):
        return True
    before, after = text[at - 1], text[at]
    return before.isspace() or after.isspace() or bool(_WIDE.match(before) or _WIDE.match(after))


def test_a_quote_is_cut_around_the_cancer_it_is_quoted_for() -> None:
    cut = cut_quote(QUOTE, ["nasopharyngeal carcinoma"])
    assert "nasopharyngeal carcinoma team developed" in cut
    assert cut.startswith("\u2026 its nasopharyngeal")  # the clause starts there
    assert len(cut) <= QUOTE_CHARS
    # Without the term, the start is kept, as before.
    assert cut_quote(QUOTE).startswith("Established in 1964")
    assert "nasopharyngeal carcinoma" not in cut_quote(QUOTE)


def test_a_short_quote_is_left_whole() -> None:
    assert cut_quote("treats nasopharyngeal carcinoma", ["carcinoma"]) == (
        "treats nasopharyngeal carcinoma"
    )


@given(quotes_with_a_term())
def test_a_cut_quote_keeps_the_term_and_whole_words_within_the_limit(
    quote_and_term: tuple[str, str],
) -> None:
    quote, term = quote_and_term
    cut = cut_quote(quote, [term])
    normalised = " ".join(quote.split())
    assert len(cut) <= max(QUOTE_CHARS, len(term) + 4)
    assert term.lower() in cut.lower()
    kept = cut.removeprefix("\u2026 ").removesuffix(" \u2026")
    assert kept in normalised
    starts = [m.start() for m in re.finditer(re.escape(kept), normalised)]
    assert any(
        _whole(normalised, start) and _whole(normalised, start + len(kept)) for start in starts
    )


def test_the_terminal_keeps_the_words_each_reason_is_about() -> None:
    recs = matcher.recommend({"cancer_type": "NPC", "stage": "III"}, top_k=5)
    text = " ".join(to_text(recs).split())
    checked = 0
    for item in recs:
        for reason in item.reasons[:3]:
            terms = claim_terms(reason.text)
            source = reason.source
            if source is None or not terms or len(source.quote) <= QUOTE_CHARS:
                continue
            found = [t for t in terms if t.lower() in source.quote.lower()]
            if found:
                cut = cut_quote(source.quote, terms)
                assert found[0].lower() in cut.lower()
                assert cut in text
                checked += 1
    assert checked > 0
