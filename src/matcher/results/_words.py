"""What the text and HTML renderings share: reasons shown, quote length, the disclaimer, and
cutting a long quote without losing the words that carry its claim."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable
from typing import Final

#: Reasons shown per hospital in the text table and HTML (the JSON keeps every one).
TOP_REASONS: Final = 3
#: Quotes are shortened to this many characters in the text table and HTML.
QUOTE_CHARS: Final = 160
_DISCLAIMER: Final = "Decision support, not medical advice: confirm with the hospital."
_ELLIPSIS: Final = "\u2026"
_CLAUSE = re.compile(r"(?:[.;:,!?]\s|[\u3002\uff1b\uff0c\uff1a\uff01\uff1f\u3001])")
_WIDE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")


def _shorten(text: str, limit: int = QUOTE_CHARS) -> str:
    return textwrap.shorten(text, width=limit, placeholder=" \u2026")


def _boundary(text: str, at: int) -> bool:
    """True where a cut leaves whole words: at a space, an end, or beside a Chinese character."""
    if at <= 0 or at >= len(text):
        return True
    before, after = text[at - 1], text[at]
    return (
        before.isspace() or after.isspace() or bool(_WIDE.match(before)) or bool(_WIDE.match(after))
    )


def cut_quote(text: str, terms: Iterable[str] = (), limit: int = QUOTE_CHARS) -> str:
    """``text`` in at most ``limit`` characters, cut at word boundaries (marked with "…"),
    keeping the first of ``terms`` (in their order) that it contains, case-insensitively, and
    the clause around it.

    Without a term in the text, the start of the text is kept.
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    lowered = text.lower()
    found = [(lowered.find(term.lower()), len(term)) for term in terms if term]
    hits = [hit for hit in found if hit[0] >= 0]
    if not hits or limit < 12:
        return _shorten(text, limit)
    at, term_length = hits[0]
    budget = limit - 4  # room for "… " and " …"
    length = min(term_length, budget)
    start = max(0, at - (budget - length) // 3)
    clause = [m.end() for m in _CLAUSE.finditer(text, start, at)]
    if clause:
        start = clause[-1]
    while not _boundary(text, start) and start < at:
        start += 1
    end = min(len(text), start + budget)
    while not _boundary(text, end) and end > at + length:
        end -= 1
    kept = text[start:end].strip()
    return (
        (f"{_ELLIPSIS} " if start > 0 else "") + kept + (f" {_ELLIPSIS}" if end < len(text) else "")
    )


def is_wide(text: str) -> bool:
    """True when ``text`` holds characters a terminal shows two columns wide (Chinese)."""
    return _WIDE.search(text) is not None


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: two for each wide (Chinese) character."""
    return len(text) + len(_WIDE.findall(text))


def pad(text: str, width: int) -> str:
    """``text`` padded with spaces to ``width`` terminal columns."""
    return text + " " * max(0, width - display_width(text))


_TOKEN = re.compile(
    r"\s+|[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]+"
)


def wrap_wide(text: str, width: int, first: str, indent: str) -> list[str]:
    """Wrap text holding Chinese to ``width`` terminal columns: a line breaks at a space or
    between two Chinese characters, never inside a word (a word longer than a line stands
    alone)."""
    lines: list[str] = []
    line = first
    for token in _TOKEN.findall(" ".join(text.split())):
        if token.isspace():
            if line.strip():
                line += " "
            continue
        if display_width(line.rstrip() + token) > width and line.strip():
            lines.append(line.rstrip())
            line = indent
        line += token
    if line.strip():
        lines.append(line.rstrip())
    return lines or [first]
