"""Finding the markers an item names, and splitting an item that names several."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final, NamedTuple

from matcher.profile._biomarkers._changes import _exon, _protein_change
from matcher.profile._biomarkers._model import Biomarker
from matcher.profile._biomarkers._problems import _ItemError, _suggest_markers
from matcher.profile._biomarkers._reading import _read_result
from matcher.profile._biomarkers._table import _Entry, _Tables
from matcher.profile._biomarkers._tokens import (
    _FUSION,
    _MAX_WINDOW,
    _key,
    _normalise,
    _phrase_key,
    _Token,
    _tokenise,
)
from matcher.profile._biomarkers._words import _KEY_SKIPPED, _KNOWN_PARTNERS, _SEPARATORS

_MAX_TEXT: Final = 200


def _mark_fusions(text: str, tables: _Tables) -> str:
    """Rewrite "eml4-alk" and "eml4::alk" as "alk fusion"."""
    pieces: list[str] = []
    last = 0
    for match in _FUSION.finditer(text):
        driver = _fusion_driver(match[1], match[2], tables)
        if driver is not None:
            pieces.extend((text[last : match.start()], f" {driver} fusion "))
            last = match.end()
    pieces.append(text[last:])
    return "".join(pieces)


def _fusion_driver(first: str, second: str, tables: _Tables) -> str | None:
    """Which side of a hyphenated pair is the fused driver gene, if the pair is a fusion."""
    genes = [side for side in (first, second) if side in tables.genes]
    if not genes:
        return None
    if len(genes) == 2:
        fusion_capable = [
            side
            for side in genes
            if tables.genes[side] in tables.markers
            and tables.markers[tables.genes[side]].fusion_capable
        ]
        if len(fusion_capable) == 1:
            return fusion_capable[0]
        named = [side for side in genes if tables.genes[side] in tables.markers]
        return None if named else second
    driver = genes[0]
    partner = second if driver == first else first
    looks_like_gene = any(ch.isdigit() for ch in partner) or partner in _KNOWN_PARTNERS
    if (
        not looks_like_gene
        or partner in tables.vocabulary_keys
        or partner in tables.entries
        or _protein_change(partner) is not None
    ):
        return None
    return driver


class _Hit(NamedTuple):
    start: int
    end: int
    entry: _Entry


def _read_text(text: str, tables: _Tables) -> list[Biomarker]:
    if len(text) > _MAX_TEXT:
        raise _ItemError("is too long", f"a result of at most {_MAX_TEXT} characters")
    tokens = _tokenise(_mark_fusions(_normalise(text), tables))
    if not any(token.kind != "symbol" and token.kind != "sign" for token in tokens):
        raise _ItemError("names no biomarker")
    return _read_tokens(tokens, tables, depth=0)


def _find_hits(tokens: Sequence[_Token], tables: _Tables) -> list[_Hit]:
    """The phrases naming markers, longest first at each position, left to right."""
    hits: list[_Hit] = []
    i = 0
    while i < len(tokens):
        hit = None
        if tokens[i].text not in _SEPARATORS:
            for end in range(min(len(tokens), i + _MAX_WINDOW), i, -1):
                if tokens[end - 1].text in _KEY_SKIPPED or any(
                    token.text in (",", ";", "&") for token in tokens[i:end]
                ):
                    continue
                key = _key(tokens[i:end])
                entry = tables.entries.get(key)
                if entry is None and key in tables.generic:
                    entry = _Entry("marker", tables.generic[key])
                if entry is not None:
                    hit = _Hit(i, end, entry)
                    break
            if hit is None:
                hit = _standalone_change(tokens, i, tables)
        if hit is None:
            i += 1
        else:
            hits.append(hit)
            i = hit.end
    return hits


def _standalone_change(tokens: Sequence[_Token], i: int, tables: _Tables) -> _Hit | None:
    """A protein or exon change that names its marker by itself ("p.Leu858Arg")."""
    exon = _exon(tokens, i)
    if exon is not None and exon[1] is not None:
        length, change = exon
    elif tokens[i].kind == "word":
        length, change = 1, _protein_change(tokens[i].text)
    else:
        return None
    entry = tables.entries.get(_phrase_key(change)) if change else None
    if entry is None or entry.kind != "standalone":
        return None
    return _Hit(i, i + length, entry)


def _read_tokens(tokens: Sequence[_Token], tables: _Tables, *, depth: int) -> list[Biomarker]:
    hits = _find_hits(tokens, tables)
    for hit in hits:
        if hit.entry.kind == "ambiguous" and not hit.entry.target:
            raise _ItemError(
                f"is ambiguous: it could be {' or '.join(hit.entry.options)}",
                "one specific marker",
                hit.entry.options,
            )
    naming = [hit for hit in hits if hit.entry.kind != "standalone"] or hits
    if not naming:
        words = [token.text for token in tokens if token.kind in ("word", "number", "other")]
        raise _ItemError("names no known biomarker", suggestions=_suggest_markers(words, tables))
    targets = {hit.entry.target for hit in naming}
    if len(targets) > 1 or (len(naming) > 1 and _has_separator(tokens, naming)):
        return _read_split(tokens, naming, tables, depth=depth)
    marker = tables.marker(targets.pop())
    ambiguous = next((hit.entry for hit in naming if hit.entry.kind == "ambiguous"), None)
    if naming[0].entry.kind == "standalone":
        rest: Sequence[_Token] = tokens
    else:
        spans = {i for hit in naming for i in range(hit.start, hit.end)}
        rest = [token for i, token in enumerate(tokens) if i not in spans]
    options = ambiguous.options if ambiguous else ()
    return _read_result(marker, rest, tables, needs_alteration=options)


def _has_separator(tokens: Sequence[_Token], hits: Sequence[_Hit]) -> bool:
    return any(
        token.text in _SEPARATORS or token.text == "and"
        for token in tokens[hits[0].end : hits[-1].start]
    )


def _read_split(
    tokens: Sequence[_Token], hits: Sequence[_Hit], tables: _Tables, *, depth: int
) -> list[Biomarker]:
    """Read an item naming several markers, one segment per marker."""
    inside = {i for hit in hits for i in range(hit.start, hit.end)}
    for separators in ((",", ";", "&"), ("/", "and")):
        segments: list[list[_Token]] = [[]]
        for i, token in enumerate(tokens):
            if token.text in separators and i not in inside:
                segments.append([])
            else:
                segments[-1].append(token)
        segments = [segment for segment in segments if segment]
        if len(segments) > 1:
            break
    if depth > 1 or len(segments) < 2:
        names = sorted({hit.entry.target for hit in hits})
        raise _ItemError(
            f"names several markers ({', '.join(names)}); give each its own result",
            "one marker per result, or markers separated by commas or slashes",
        )
    bare = [_is_bare(segment, tables) for segment in segments]
    shared: list[_Token] = []
    if any(bare) and not bare[-1]:
        last = segments[-1]
        spans = {i for hit in _find_hits(last, tables) for i in range(hit.start, hit.end)}
        shared = [token for i, token in enumerate(last) if i not in spans]
    found: list[Biomarker] = []
    for segment, is_bare in zip(segments, bare, strict=True):
        found.extend(
            _read_tokens([*segment, *shared] if is_bare else segment, tables, depth=depth + 1)
        )
    return found


def _is_bare(segment: Sequence[_Token], tables: _Tables) -> bool:
    """Whether a segment only names markers, with no result of its own."""
    hits = [hit for hit in _find_hits(segment, tables) if hit.entry.kind != "standalone"]
    return bool(hits) and sum(hit.end - hit.start for hit in hits) == len(segment)
