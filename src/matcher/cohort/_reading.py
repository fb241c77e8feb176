"""Reading a column's distinct values as the profile model reads them, each distinct part once.

Everything here gives the value the model gives, or ``REFUSED`` where the model refuses (the
row is then validated whole, for its exact error). What looks unusual goes the slow, exact way.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Final, cast

from matcher.profile._fields import EachItem, read_cancer_type, read_stage, stage_site
from matcher.profile._ontology import CancerType, default_ontology
from matcher.profile._patient import _TRUSTED, Patient
from matcher.profile._screen import MAX_ITEMS, screen_field
from matcher.profile._stage import staging_site

#: What a value that the model refuses reads as.
REFUSED: Final = object()
#: What a combination not read the fast way reads as (the model validates it).
UNREAD: Final = object()

_TEXT: Final = frozenset({str})
_LIST: Final = frozenset({list})
_SCALARS: Final = frozenset({str, int, float, bool, type(None)})


def read_value(field: str, reader: Callable[[object], object], value: object) -> object:
    """One field's value screened as beside the probe cancer type (one value) and read by the
    field's own reader; ``REFUSED`` when refused. (Fields read together are each screened so:
    a value their readers accept is far below the limit on a profile's values.)"""
    try:
        plain = screen_field(field, value, _TRUSTED, beside=1)
        return reader(plain)
    except (ValueError, AssertionError):  # what pydantic refuses a value for (ProfileError too)
        return REFUSED


def read_values(
    field: str, reader: Callable[[object], object], values: Sequence[object]
) -> list[object]:
    """``read_value`` of each value. For a field whose items are each read alone (``EachItem``),
    each distinct item of the lists of exact text is screened and converted once, and each list
    assembled from them; a list with a refused item, or of any other shape, is read whole."""
    if not isinstance(reader, EachItem):
        return [read_value(field, reader, value) for value in values]
    chain = itertools.chain.from_iterable
    lists = cast("list[list[object]]", values)
    if (  # the usual column: every value a short list of exact text, checked at once in C
        set(map(type, values)) <= _LIST
        and max(map(len, lists), default=0) <= MAX_ITEMS
        and set(map(type, chain(lists))) <= _TEXT
    ):
        plain: Iterable[bool] = itertools.repeat(True)
        texts = lists
    else:
        plain = list(map(_text_list, values))
        texts = [value for value, ok in zip(lists, plain, strict=True) if ok]
    converted = {item: read_value(field, reader.item, item) for item in set(chain(texts))}
    get, assemble = converted.__getitem__, reader.assemble
    read: list[object] = []
    for value, ok in zip(lists, plain, strict=False):  # ``plain`` may repeat without end
        if ok:
            items: list[Any] = list(map(get, value))
            if REFUSED not in items:  # REFUSED equals nothing but itself
                read.append(assemble(items))
                continue
        read.append(read_value(field, reader, value))  # refused: the slow path says so too
    return read


def _text_list(value: object) -> bool:
    """Whether ``value`` is a list of exact ``str`` within the length a list may have."""
    return (
        type(value) is list
        and len(value) <= MAX_ITEMS
        and set(map(type, cast("list[object]", value))) <= _TEXT
    )


class BaseReader:
    """The cancer type and stage of combinations read as the model reads them: each distinct
    cancer type resolved once, each distinct stage parsed once per staging site it is read for."""

    def __init__(self) -> None:
        self.beside = Patient.model_validate({"cancer_type": probe()})
        #: per cancer type given, its type read (or REFUSED) and the site its stage is parsed for
        self.types: dict[str, tuple[object, str | None]] = {}
        self.stages: dict[tuple[type, object, str | None], object] = {}

    def read(self, cancer_type: object, stage: object = UNREAD) -> Patient | object:
        """The patient of this cancer type and stage (UNREAD: not given), None when refused;
        ``UNREAD`` for values not of the plain kinds read here."""
        if type(cancer_type) is not str or (stage is not UNREAD and type(stage) not in _SCALARS):
            return UNREAD
        known = self.types.get(cancer_type)
        if known is None:
            found = read_value("cancer_type", read_cancer_type, cancer_type)
            site = None if found is REFUSED else staging_site(stage_site(found))
            known = self.types[cancer_type] = (found, site)
        found, site = known
        if found is REFUSED:
            return None
        update: dict[str, object] = {"cancer_type": found}
        if stage is not UNREAD:
            key = (type(stage), stage, site)
            parsed = self.stages.get(key, UNREAD)
            if parsed is UNREAD:
                parsed = read_value("stage", lambda value: read_stage(value, site), stage)
                self.stages[key] = parsed
            if parsed is REFUSED:
                return None
            update["stage"] = parsed
        patient = self.beside._unchecked_copy(update)
        return patient if passes_checks(patient) else None


def passes_checks(patient: Patient) -> bool:
    """Whether the model's checks across fields pass for a patient built from read values."""
    try:
        for check in after_checks() or ():
            check(patient)
    except (ValueError, AssertionError):  # what pydantic refuses a value for (ProfileError too)
        return False
    return True


@functools.cache
def after_checks() -> tuple[Callable[[Patient], object], ...] | None:
    """The model's checks across fields, each run on a built patient; None when some model
    validator runs before or around the fields (then parts are validated by the model whole)."""
    found = Patient.__pydantic_decorators__.model_validators.values()
    if any(decorator.info.mode != "after" for decorator in found):
        return None
    return tuple(cast("Callable[[Patient], object]", d.func) for d in found)


def probe() -> CancerType:
    """A cancer type to validate fields beside (any valid one would do)."""
    return default_ontology().get("TISSUE")
