"""Turning the ``biomarkers`` field into Biomarkers: its items, their order, and contradictions."""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence

from matcher.common._errors import ProfileError, ProfileProblem
from matcher.profile._biomarkers._markers import _read_text
from matcher.profile._biomarkers._model import Biomarker
from matcher.profile._biomarkers._problems import _ACCEPTED, _FIELD, _ItemError
from matcher.profile._biomarkers._table import _Marker, _Tables, _tables
from matcher.profile._biomarkers._words import _STATUS_ORDER


def parse_biomarkers(value: object) -> tuple[Biomarker, ...]:
    """Read the ``biomarkers`` field of a patient profile.

    Parameters
    ----------
    value : mapping, list, tuple, set or None
        A mapping of marker to result (``{"EGFR": "L858R", "PD-L1": "TPS 60%", "HER2": True}``;
        a result may be text, a number, a bool, a list of those, or ``None`` for "not tested"),
        or a collection of result strings (``["EGFR exon 19 deletion", "MSI-H"]``) or
        :class:`Biomarker` values. ``None`` or empty gives ``()``.

    Returns
    -------
    tuple of Biomarker
        Deduplicated, in a canonical order (table order of markers, then generic markers by
        name; positive before equivocal before negative), so that parsing the labels of the
        result again gives the same tuple.

    Raises
    ------
    ProfileError
        For anything that cannot be read, naming every offending item, and for a marker
        reported both positive and negative. Nothing else is raised, whatever the input.

    Examples
    --------
    >>> [b.label for b in parse_biomarkers({"EGFR": "L858R", "PD-L1": "TPS 60%"})]
    ['EGFR L858R', 'PD-L1 TPS 60%']
    >>> [b.label for b in parse_biomarkers(["ER+/PR+/HER2-", "EML4-ALK"])]
    ['ALK fusion', 'HER2 negative', 'ER positive', 'PR positive']
    """
    tables = _tables()
    if value is None:
        return ()
    problems: list[ProfileProblem] = []
    found: list[Biomarker] = []
    for item, texts in _items(value):
        try:
            if isinstance(texts, _ItemError):
                raise texts
            for text in texts:
                found.extend(_read_text(text, tables))
        except _ItemError as error:
            problems.append(error.problem_for(item))
    if problems:
        raise ProfileError.from_problems(problems)
    unique = sorted(set(found), key=functools.partial(_sort_key, tables))
    contradictions = _contradictions(tables, unique)
    if contradictions:
        raise ProfileError.from_problems(contradictions)
    return tuple(unique)


def marker_names() -> tuple[str, ...]:
    """Canonical names of the markers in the table, in their canonical order.

    CIViC gene symbols outside the table are accepted too, as generic markers.
    """
    return _tables().order


def _sort_key(tables: _Tables, biomarker: Biomarker) -> tuple[object, ...]:
    marker = tables.markers.get(biomarker.marker)
    return (
        marker.rank if marker is not None else len(tables.order),
        biomarker.marker,
        _STATUS_ORDER[biomarker.status],
        biomarker.alteration or "",
        biomarker.unit or "",
        biomarker.value is not None,
        biomarker.value or 0.0,
    )


def _group(marker: _Marker, biomarker: Biomarker) -> str:
    """Which claims a result is about, for telling contradictions from different findings."""
    alteration = biomarker.alteration
    if marker.scales and (
        biomarker.unit is not None or alteration is None or alteration in marker.levels
    ):
        return biomarker.unit if biomarker.unit and len(marker.scales) > 1 else "*"
    if alteration is None:
        return "*"
    return marker.groups.get(alteration, alteration)


def _contradictions(tables: _Tables, found: Sequence[Biomarker]) -> list[ProfileProblem]:
    problems: list[ProfileProblem] = []
    by_marker: dict[str, list[Biomarker]] = {}
    for biomarker in found:
        by_marker.setdefault(biomarker.marker, []).append(biomarker)
    for name, results in by_marker.items():
        marker = tables.marker(name)
        # One pass over the positives: the first of each group, and the first that a negative
        # of the whole marker ("*") contradicts; then one look-up per negative (linear).
        first_of_group: dict[str, Biomarker] = {}
        first_for_all: Biomarker | None = None
        for positive in results:
            if positive.status != "positive":
                continue
            group = _group(marker, positive)
            first_of_group.setdefault(group, positive)
            if first_for_all is None and (
                group == "*"
                or marker.negative_contradicts is None
                or group in marker.negative_contradicts
            ):
                first_for_all = positive
        for negative in results:
            if negative.status != "negative":
                continue
            group = _group(marker, negative)
            clash = first_for_all if group == "*" else first_of_group.get(group)
            if clash is not None:
                problems.append(
                    ProfileProblem(
                        _FIELD,
                        name,
                        f"one consistent result per {name} finding",
                        problem=(
                            f"is reported both positive ({clash.label}) "
                            f"and negative ({negative.label})"
                        ),
                    )
                )
                break
    return problems


# --- inputs -----------------------------------------------------------------------------------


def _items(value: object) -> list[tuple[object, list[str] | _ItemError]]:
    """The items of the field in order, each with the texts to read or why it cannot be read."""
    if isinstance(value, Mapping):
        items: list[tuple[object, list[str] | _ItemError]] = []
        for key, result in value.items():
            try:
                items.append(({key: result}, _entry_texts(key, result)))
            except _ItemError as error:
                items.append(({key: result}, error))
        return items
    if isinstance(value, (list, tuple, set, frozenset)):
        items = []
        for element in value:
            if isinstance(element, Biomarker):
                items.append((element, [element.label]))
            elif isinstance(element, str):
                items.append((element, [element]))
            else:
                not_text = _ItemError("is not text", "a result written as text, like 'EGFR L858R'")
                items.append((element, not_text))
        return items
    return [(value, _ItemError("is not a mapping or a list", _ACCEPTED))]


def _entry_texts(key: object, result: object) -> list[str]:
    if not isinstance(key, str) or not key.strip():
        raise _ItemError("has a key that is not a marker name", "a marker name such as 'EGFR'")
    results = list(result) if isinstance(result, (list, tuple)) else [result]
    texts = []
    for each in results:
        if each is None:
            continue
        texts.append(f"{key} {_result_text(each)}")
    return texts


def _result_text(result: object) -> str:
    if type(result).__module__ == "numpy" and hasattr(result, "item"):
        result = result.item()  # numpy scalars (e.g. from a data frame) as Python values
    if isinstance(result, bool):
        return "positive" if result else "negative"
    if isinstance(result, int):
        if abs(result) >= 10**15:
            raise _ItemError("gives a number that is out of range", "a number such as 12")
        return str(result)
    if isinstance(result, float):
        if not math.isfinite(result):
            raise _ItemError("gives a number that is not finite", "a finite number, such as 12.5")
        return repr(result)
    if isinstance(result, str):
        return result
    raise _ItemError(
        "gives a result that is not text, a number or true/false",
        "a result such as 'L858R', 'positive', 'TPS 60%', 12, true or null",
    )
