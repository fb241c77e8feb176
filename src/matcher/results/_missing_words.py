"""What to ask next, in words: one line per missing fact, in English or Chinese.

The facts come from :func:`matcher.analysis.missing_facts` (reached through
``Recommendations.missing_facts()``); this module only words them, so results never import the
analysis layer at load.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from matcher.results._i18n import Lang, catalogue, say

_POSITIVE = re.compile(r"(?P<marker>\S+) is positive")


class _Answer(Protocol):
    @property
    def label(self) -> str: ...
    @property
    def changed(self) -> int: ...
    @property
    def moved(self) -> int: ...


class _Fact(Protocol):
    @property
    def field(self) -> str: ...
    @property
    def top_k(self) -> int: ...
    @property
    def most(self) -> _Answer: ...


def answer_words(label: str, lang: Lang) -> str:
    """An answer that was tried ("early (I)", "EGFR is positive"), in ``lang``."""
    key = f"missing.answer.{label}"
    if key in catalogue():
        return say(key, lang)
    match = _POSITIVE.fullmatch(label)
    if match is not None:
        return say("missing.answer.positive", lang, marker=match["marker"])
    return label


def fact_line(fact: _Fact, lang: Lang) -> str:
    """ "stage: if early (I), 3 of the top 5 change", in ``lang``."""
    best = fact.most
    key = "missing.fact.change" if best.changed else "missing.fact.reorder"
    return say(
        key,
        lang,
        field=say(f"missing.field.{fact.field}", lang),
        answer=answer_words(best.label, lang),
        changed=best.changed,
        moved=best.moved,
        top_k=fact.top_k,
    )


def fact_lines(facts: Sequence[_Fact], lang: Lang) -> list[str]:
    """Every fact's line, most telling first (the order given)."""
    return [fact_line(fact, lang) for fact in facts]
