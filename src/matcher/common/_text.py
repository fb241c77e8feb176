"""Text folding for lookups: what people type matched against what the tables hold."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


def fold(text: str) -> str:
    """Fold text for matching: Unicode NFKC, case-insensitive, punctuation and spacing ignored.

    >>> fold("Non-Small Cell  Lung-Cancer")
    'nonsmallcelllungcancer'
    """
    normal = unicodedata.normalize("NFKC", text).casefold()
    return _NOT_WORD.sub("", normal)


def words(text: str) -> str:
    """Fold text but keep word boundaries as single spaces (for parsing free text)."""
    normal = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_NOT_WORD.sub(" ", normal).split())


def closest(query: str, choices: Iterable[str], n: int = 3, cutoff: float = 0.75) -> list[str]:
    """The choices closest to ``query`` after folding, best first (for "did you mean")."""
    by_folded: dict[str, str] = {}
    for choice in choices:
        by_folded.setdefault(fold(choice), choice)
    matches = difflib.get_close_matches(fold(query), list(by_folded), n=n, cutoff=cutoff)
    return [by_folded[m] for m in matches]
