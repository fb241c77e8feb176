"""Text into tokens: normalising spelling, splitting words, and the lookup keys of phrases."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from typing import Final, Literal, NamedTuple

from matcher.common._text import LazyPattern
from matcher.profile._biomarkers._words import _CHINESE_TERMS, _KEY_SKIPPED

_MAX_WINDOW: Final = 6


class _Token(NamedTuple):
    text: str
    kind: Literal["word", "number", "cdna", "sign", "symbol", "other"]


_SUPERSCRIPTS: Final = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻", "0123456789+-")
_TIMES_TEN: Final = LazyPattern(
    r"(\d(?:[\d.]*\d)?)\s*[\u00d7xX*]\s*10\s*"
    r"(?:(?:\^|\*\*|[eE])\s*([+-]?\d{1,3})|([⁺⁻]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+))"
)
_DASHES: Final = str.maketrans(
    dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63", "-")
)
_COMPARATOR_SPELLINGS: Final = ((">=", "≥"), ("=>", "≥"), ("≧", "≥"), ("<=", "≤"), ("=<", "≤"),
                                ("≦", "≤"), ("+/-", "±"))  # fmt: skip
_GLUED_UNIT: Final = LazyPattern(r"(\d)(?=(?:mut|muts|mutations?|ng|copies|copy|iu|μg|ug|mcg)\b)")
_INDEL_RANGE: Final = LazyPattern(r"(?<![a-z0-9])([a-z]\d{1,4})-([a-z]\d{1,4}(?:del|dup|ins))")
# Letters of words, with the Greek mu and alpha of "ug/L" and "ER-alpha" written in Greek.
_LETTERS: Final = "a-z0-9\u03bc\u03b1"
_FUSION: Final = LazyPattern(
    rf"(?<![{_LETTERS}.])([a-z][a-z0-9]{{1,11}})"
    rf"(?:\s*::\s*|-)([a-z][a-z0-9]{{1,11}})(?![{_LETTERS}])"
)
_TOKEN: Final = LazyPattern(
    r"(?P<cdna>[cg]\.[0-9_+\-*]+(?:[acgtu]>[acgtu]|delins[acgt]+|del[acgt]*|dup[acgt]*|ins[acgt]+))"
    rf"|(?P<number>\d+(?:\.\d+)?(?:e[+-]?\d+)?)(?![{_LETTERS}_*])"
    rf"|(?P<word>[{_LETTERS}](?:[{_LETTERS}_*.]*[{_LETTERS}_*])?)"
    r"|(?P<range>(?<=\d)-(?=\d))"
    rf"|(?P<joiner>(?<=[{_LETTERS}])-(?=[{_LETTERS}]))"
    r"|(?P<sign>\++|-+|±)"
    r"|(?P<symbol>[%<>≥≤~/,;&])"
    r"|(?P<cjk>[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff]+)"
    r"|(?P<space>[\s()\[\]{}:=.'\"`_]+)"
    r"|(?P<other>.)",
    re.DOTALL,
)
_SPLIT_EXON: Final = LazyPattern(r"(exon|ex)(\d{1,2})")
_SPLIT_EXON_TYPE: Final = LazyPattern(r"(exon|ex|e)?(\d{1,2})(del|ins|dup|deletion|insertion)")
_SPLIT_TYPE_EXON: Final = LazyPattern(r"(del|ins)(exon|ex|e)?(\d{1,2})")
_SPLIT_MET_EXON: Final = LazyPattern(r"(met)(ex|exon)(\d{1,2})")


def _normalise(text: str) -> str:
    """Unicode, case and spelling variants folded; the grammar words of Chinese reports read."""

    def power(match: re.Match[str]) -> str:
        exponent = (match[2] or match[3]).translate(_SUPERSCRIPTS)
        return f"{match[1]}e{exponent}"

    text = _TIMES_TEN.sub(power, text)
    text = unicodedata.normalize("NFKC", text).casefold().translate(_DASHES)
    for spelling, symbol in _COMPARATOR_SPELLINGS:
        text = text.replace(spelling, symbol)
    for term, english in _CHINESE_TERMS:
        text = text.replace(term, english)
    text = _INDEL_RANGE.sub(r"\1_\2", text)
    return _GLUED_UNIT.sub(r"\1 ", text)


def _tokenise(text: str) -> tuple[_Token, ...]:
    tokens: list[_Token] = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        piece = match.group()
        if kind in ("space", "joiner"):
            continue
        if kind == "range":
            tokens.append(_Token("~", "symbol"))
        elif kind == "word":
            tokens.extend(_split_word(piece))
        elif kind == "cjk":
            tokens.append(_Token(piece, "word"))
        elif kind == "cdna":
            tokens.append(_Token(piece, "cdna"))
        elif kind == "number":
            tokens.append(_Token(piece, "number"))
        elif kind == "sign":
            tokens.append(_Token(piece, "sign"))
        elif kind == "symbol":
            tokens.append(_Token(piece, "symbol"))
        else:
            tokens.append(_Token(piece, "other"))
    return tuple(tokens)


def _split_word(word: str) -> list[_Token]:
    """Split glued exon forms: "ex19del" is "ex 19 del", "METex14" is "met exon 14"."""
    match = _SPLIT_MET_EXON.fullmatch(word)
    if match:
        return [_Token("met", "word"), _Token("exon", "word"), _Token(match[3], "number")]
    match = _SPLIT_EXON.fullmatch(word)
    if match:
        return [_Token("exon", "word"), _Token(match[2], "number")]
    match = _SPLIT_EXON_TYPE.fullmatch(word)
    if match:
        head = [_Token("exon", "word")] if match[1] else []
        return [*head, _Token(match[2], "number"), _Token(match[3], "word")]
    match = _SPLIT_TYPE_EXON.fullmatch(word)
    if match:
        return [_Token(match[1], "word"), _Token("exon", "word"), _Token(match[3], "number")]
    return [_Token(word, "word")]


def _key(tokens: Iterable[_Token]) -> str:
    return "".join(token.text for token in tokens if token.text not in _KEY_SKIPPED)


@functools.lru_cache(maxsize=4096)
def _phrase_key(text: str) -> str:
    """The lookup key of a phrase of the table: spacing, hyphens and case do not matter."""
    return _key(_tokenise(_normalise(text)))
