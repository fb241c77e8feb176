"""Reading the result of one marker: its words, numbers, levels and alterations."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import NamedTuple, TypeAlias

import attrs

from matcher.common._text import closest
from matcher.profile._biomarkers._changes import (
    _cdna_change,
    _exon,
    _is_reference,
    _protein_change,
)
from matcher.profile._biomarkers._model import Biomarker, _biomarker, _format_value
from matcher.profile._biomarkers._problems import (
    _ACCEPTED_MARKER,
    _accepted_result,
    _ItemError,
    _suggest_markers,
)
from matcher.profile._biomarkers._table import _Action, _Marker, _Scale, _Tables
from matcher.profile._biomarkers._tokens import _MAX_WINDOW, _key, _Token
from matcher.profile._biomarkers._words import _KEY_SKIPPED, _SEPARATORS, Status


class _Number(NamedTuple):
    low: float
    high: float
    low_open: bool
    high_open: bool
    exact: bool
    suffix: str | None
    keyword: str | None


@attrs.define
class _Reading:
    """What the words of one result say, before they are reconciled."""

    alterations: list[tuple[str, Status | None]] = attrs.Factory(list)
    statuses: set[Status] = attrs.Factory(set)
    numbers: list[_Number] = attrs.Factory(list)
    keywords: list[str] = attrs.Factory(list)
    pending_keyword: str | None = None
    unknown: bool = False
    leftovers: list[str] = attrs.Factory(list)


def _read_result(
    marker: _Marker,
    tokens: Sequence[_Token],
    tables: _Tables,
    *,
    needs_alteration: tuple[str, ...] = (),
) -> list[Biomarker]:
    try:
        return _reconcile(marker, _read_words(marker, tokens), tables, needs_alteration)
    except _ItemError as reject:
        if reject.accepted == _ACCEPTED_MARKER:
            reject.accepted = _accepted_result(marker)
        raise


def _reconcile(
    marker: _Marker, reading: _Reading, tables: _Tables, needs_alteration: tuple[str, ...]
) -> list[Biomarker]:
    """Turn what the words said into results, or say why they cannot be."""
    if reading.leftovers:
        words = " ".join(reading.leftovers)
        suggestions = [
            f"{marker.name} {marker.vocabulary[phrase]}"
            for word in reading.leftovers
            for phrase in closest(word, marker.vocabulary, n=2, cutoff=0.7)
        ]
        if not suggestions:
            suggestions = list(_suggest_markers(reading.leftovers, tables))
        raise _ItemError(
            f"has words that are not understood ({words!r})",
            _accepted_result(marker),
            tuple(dict.fromkeys(suggestions))[:3],
        )
    said = bool(reading.alterations or reading.statuses or reading.numbers)
    if reading.unknown:
        if said:
            raise _ItemError("gives a result and says it is unknown", _accepted_result(marker))
        return []
    if not said:
        raise _ItemError(
            "gives no result",
            _accepted_result(marker),
            (f"{marker.name} positive", f"{marker.name} negative"),
        )
    if needs_alteration and not reading.alterations:
        raise _ItemError("is ambiguous: say which result", "one specific result", needs_alteration)
    if len(reading.statuses) > 1:
        raise _ItemError("contradicts itself (" + " and ".join(sorted(reading.statuses)) + ")")
    stated: Status | None = next(iter(reading.statuses), None)
    levels = [alt for alt in reading.alterations if alt[0] in marker.levels]
    others = [alt for alt in reading.alterations if alt[0] not in marker.levels]
    if reading.numbers or (marker.scales and not others):
        if others:
            raise _ItemError("mixes a number with an alteration", _accepted_result(marker))
        results = _read_levels(marker, reading, levels, stated)
    else:
        if levels:
            raise _ItemError("mixes a level with an alteration", _accepted_result(marker))
        results = _read_alterations(marker, others, stated)
    return [
        _biomarker(marker, status, alteration, value, unit)
        for status, alteration, value, unit in dict.fromkeys(results)
    ]


_Result: TypeAlias = tuple[Status, str | None, float | None, str | None]


def _read_alterations(
    marker: _Marker, alterations: list[tuple[str, Status | None]], stated: Status | None
) -> list[_Result]:
    if not alterations:
        assert stated is not None
        return [(stated, marker.bare_status.get(stated), None, None)]
    named = dict.fromkeys(alterations)
    if len({name for name, _ in named}) > 1:
        named = {alt: None for alt in named if alt[0] != "mutation"}
    found = list(named)
    reflex = marker.reflex
    names = [name for name, _ in found]
    if reflex is not None and reflex.equivocal in names and reflex.resolved_by in names:
        resolver = next(alt for alt in found if alt[0] == reflex.resolved_by)
        outcome = resolver[1] or stated or "positive"
        if outcome == "equivocal":
            raise _ItemError("contradicts itself", _accepted_result(marker))
        combined = reflex.positive if outcome == "positive" else reflex.negative
        found = [alt for alt in found if alt[0] not in (reflex.equivocal, reflex.resolved_by)]
        found.append((combined, outcome))
        stated = None if stated == outcome else stated
    results: list[_Result] = []
    for name, inherent in found:
        if inherent is not None and stated is not None and inherent != stated:
            raise _ItemError(
                f"contradicts itself ({name} is {inherent}, not {stated})",
                _accepted_result(marker),
            )
        status: Status = stated or inherent or "positive"
        alteration: str | None = name
        if name == "mutation" and status == "negative":
            alteration = None
        results.append((status, alteration, None, None))
    return results


def _read_levels(
    marker: _Marker,
    reading: _Reading,
    levels: list[tuple[str, Status | None]],
    stated: Status | None,
) -> list[_Result]:
    worded = {(inherent or "positive", name) for name, inherent in levels}
    if len(worded) > 1:
        raise _ItemError("contradicts itself", _accepted_result(marker))
    results: list[_Result] = []
    for number in reading.numbers:
        scale = _scale_of(marker, number)
        value = number.low if number.exact else None
        for bound in (number.low, number.high):
            if not scale.low <= bound <= scale.high and math.isfinite(bound):
                raise _ItemError(
                    f"is out of range for {marker.name} {scale.unit}",
                    f"{marker.name} {scale.unit} from {_format_value(scale.low)} "
                    f"to {_format_value(scale.high)}",
                )
        if number.exact:
            status, alteration = scale.level_of(number.low)
        else:
            low_open = number.low_open and number.low >= scale.low
            high_open = number.high_open and number.high <= scale.high
            low, high = max(number.low, scale.low), min(number.high, scale.high)
            possible = scale.levels_within(low, high, low_open=low_open, high_open=high_open)
            statuses = {status for status, _ in possible}
            if len(statuses) != 1:
                raise _ItemError(
                    "is ambiguous: the bound does not settle whether it is positive",
                    _accepted_result(marker),
                )
            status = statuses.pop()
            alterations = {alteration for _, alteration in possible}
            alteration = alterations.pop() if len(alterations) == 1 else None
        if stated is not None and stated != status:
            raise _ItemError(
                f"contradicts itself (the value is {status})", _accepted_result(marker)
            )
        if worded and worded != {(status, alteration)}:
            raise _ItemError("contradicts itself (the value and the level differ)")
        unit = scale.unit if value is not None or scale.keyword is not None else None
        results.append((status, alteration, value, unit))
    if reading.numbers:
        units = [unit for _, _, _, unit in results if unit is not None]
        if len(units) != len(set(units)):
            raise _ItemError("gives two values for one score", _accepted_result(marker))
        return results
    unit = None
    if reading.keywords:
        if len(set(reading.keywords)) > 1:
            raise _ItemError("names two scores without values", _accepted_result(marker))
        unit = reading.keywords[0]
    if worded:
        status, alteration = next(iter(worded))
        if stated is not None and stated != status:
            raise _ItemError(f"contradicts itself ({alteration} is {status})")
        return [(status, alteration, None, unit)]
    assert stated is not None
    return [(stated, marker.bare_status.get(stated), None, unit)]


def _scale_of(marker: _Marker, number: _Number) -> _Scale:
    if number.keyword is not None:
        scale = marker.scale_for(number.keyword)
        assert scale is not None
        if number.suffix is not None and number.suffix not in scale.suffixes:
            raise _ItemError(
                f"gives a unit that {scale.unit} does not use", _accepted_result(marker)
            )
        return scale
    candidates = [
        scale for scale in marker.scales if number.suffix is None or number.suffix in scale.suffixes
    ]
    chosen = [scale for scale in candidates if scale.default] or candidates
    if len(chosen) != 1:
        raise _ItemError("gives a number without a unit", _accepted_result(marker))
    return chosen[0]


def _read_words(marker: _Marker, tokens: Sequence[_Token]) -> _Reading:
    """Go through the words of a result once, noting what each phrase says."""
    reading = _Reading()
    comparator: str | None = None
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.text in _SEPARATORS:
            i += 1
            continue
        phrase = _longest_phrase(marker.phrases, tokens, i)
        exon = _exon(tokens, i) if marker.reads_variants else None
        if exon is not None and (phrase is None or exon[0] > phrase[0]):
            length, name = exon
            if name is not None:
                reading.alterations.append((name, None))
            i += length
            comparator = None
            continue
        if phrase is not None:
            length, action = phrase
            i += length
            if action.kind == "comparator":
                comparator = action.name
                continue
            comparator = None
            if action.kind == "alteration":
                assert action.name is not None
                reading.alterations.append((action.name, action.status))
            elif action.kind == "status" and action.status is not None:
                reading.statuses.add(action.status)
            elif action.kind == "unknown":
                reading.unknown = True
            elif action.kind == "scale":
                assert action.name is not None
                _note_keyword(reading, action.name)
            elif action.kind == "vaf":
                skipped = _skip_value(tokens, i)
                if skipped is None:
                    reading.leftovers.append(_key(tokens[i - length : i]))
                i += skipped or 0
            elif action.kind == "suffix":
                reading.leftovers.append(_key(tokens[i - length : i]))
            continue
        if token.kind == "number" and marker.scales:
            i = _read_number(marker, tokens, i, comparator, reading)
            comparator = None
            continue
        change = None
        if marker.reads_variants and token.kind == "word":
            if _is_reference(token.text):
                i += 1  # the transcript or chromosome a change is named on
                continue
            change = _protein_change(token.text)
        elif marker.reads_variants and token.kind == "cdna":
            change = _cdna_change(token.text)
            if change is not None:
                change = marker.hotspots.get(change, change)
        if change is not None:
            reading.alterations.append((change, None))
        else:
            reading.leftovers.append(token.text)
        comparator = None
        i += 1
    return reading


def _note_keyword(reading: _Reading, unit: str) -> None:
    """A score keyword names the score of the number before it if that had none, else the next."""
    reading.keywords.append(unit)
    if reading.pending_keyword is None and reading.numbers and reading.numbers[-1].keyword is None:
        reading.numbers[-1] = reading.numbers[-1]._replace(keyword=unit)
    else:
        reading.pending_keyword = unit


def _read_number(
    marker: _Marker, tokens: Sequence[_Token], i: int, comparator: str | None, reading: _Reading
) -> int:
    value = float(tokens[i].text)
    j = i + 1
    upper: float | None = None
    if j + 1 < len(tokens) and tokens[j].text == "~" and tokens[j + 1].kind == "number":
        upper = float(tokens[j + 1].text)
        j += 2
    suffix = None
    phrase = _longest_phrase(marker.phrases, tokens, j)
    if phrase is not None and phrase[1].kind == "suffix":
        suffix = phrase[1].name
        j += phrase[0]
    if not math.isfinite(value) or (upper is not None and not math.isfinite(upper)):
        raise _ItemError("gives a number that is not finite", _accepted_result(marker))
    keyword, reading.pending_keyword = reading.pending_keyword, None
    if upper is not None:
        if upper < value:
            raise _ItemError("gives a range that runs backwards", _accepted_result(marker))
        number = _Number(value, upper, False, False, False, suffix, keyword)
    elif comparator in (">=", ">"):
        number = _Number(value, math.inf, comparator == ">", True, False, suffix, keyword)
    elif comparator in ("<=", "<"):
        number = _Number(-math.inf, value, True, comparator == "<", False, suffix, keyword)
    else:
        number = _Number(value, value, False, False, True, suffix, keyword)
    reading.numbers.append(number)
    return j


def _skip_value(tokens: Sequence[_Token], i: int) -> int | None:
    """Skip an allele frequency value ("VAF 12.5%"): how many tokens, or None if none."""
    j = i
    if j < len(tokens) and tokens[j].text in ("≥", "≤", "<", ">", "~"):
        j += 1
    if j >= len(tokens) or tokens[j].kind != "number":
        return None
    j += 1
    if j < len(tokens) and tokens[j].text == "%":
        j += 1
    return j - i


def _longest_phrase(
    phrases: Mapping[str, _Action], tokens: Sequence[_Token], i: int
) -> tuple[int, _Action] | None:
    for end in range(min(len(tokens), i + _MAX_WINDOW), i, -1):
        if tokens[end - 1].text in _KEY_SKIPPED:
            continue
        action = phrases.get(_key(tokens[i:end]))
        if action is not None:
            return end - i, action
    return None
