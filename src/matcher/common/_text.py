"""Text folding for lookups: what people type matched against what the tables hold."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from typing import Any

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


class LazyPattern:
    """A regular expression compiled on first use (for patterns that few commands need)."""

    __slots__ = ("_compiled", "_flags", "pattern")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern, self._flags = pattern, flags
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        """The compiled pattern (compiled once)."""
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self._flags)
        return self._compiled

    def fullmatch(self, text: str) -> re.Match[str] | None:
        """As :meth:`re.Pattern.fullmatch`."""
        return self.compiled.fullmatch(text)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """As :meth:`re.Pattern.finditer`."""
        return self.compiled.finditer(text)

    def findall(self, text: str) -> list[Any]:
        """As :meth:`re.Pattern.findall`."""
        return self.compiled.findall(text)

    def sub(self, repl: str | Callable[[re.Match[str]], str], text: str) -> str:
        """As :meth:`re.Pattern.sub`."""
        return self.compiled.sub(repl, text)
