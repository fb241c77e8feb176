"""Validating a cohort's profiles, each distinct part of them once, and the errors of its rows."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Final, Literal, cast

import attrs
import numpy as np
from pydantic import PlainValidator

from matcher.catalog._compiled import BoolArray
from matcher.cohort._columns import Int64Array, _Columns, _distinct_rows
from matcher.common._errors import ProfileError, ProfileProblem
from matcher.common._pickling import Picklable
from matcher.profile._ontology import CancerType, default_ontology
from matcher.profile._patient import _TRUSTED, Patient
from matcher.profile._screen import screen_field

Errors = Literal["raise", "collect"]


class ProfileRowError(ProfileError):
    """A :class:`~matcher.ProfileError` in one row of a cohort.

    ``row`` is the row's position, from 0 (from ``matcher.dask``, its index label). Its
    problems, field and value are those ``recommend()`` reports for that profile alone.
    """

    row: object

    @classmethod
    def at(cls, row: object, error: ProfileError) -> ProfileRowError:
        """The error ``error``, found in row ``row``."""
        found = cls.__new__(cls)
        found.row = row
        found._set(error.problems)
        return found

    def _message(self) -> str:
        return f"row {self.row}: {super()._message()}"

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_row_error, (self.row, self.problems))


def _rebuild_row_error(row: object, problems: tuple[ProfileProblem, ...]) -> ProfileRowError:
    return ProfileRowError.at(row, ProfileError.from_problems(problems))


#: Fields the profile model validates together (the stage is parsed for the cancer's site; the
#: therapies sought are checked against the TCM preference). Every other known field is
#: validated on its own; unknown names go with the cancer type (and are refused there).
_TOGETHER: Final = (("tcm_preference", "therapies_sought"),)
_ALONE: Final = (
    "age",
    "ecog",
    "disease_status",
    "cities",
    "city_mode",
    "needs_international_services",
    "wants_clinical_trials",
    "biomarkers",
    "languages",
    "language_mode",
    "prior_therapies",
    "metastatic_sites",
)


@attrs.define(eq=False)
class _Part(Picklable):
    """Some fields validated together: each row's combination of them, numbered."""

    fields: tuple[object, ...]
    #: per row, the number of its combination (-1 when every field of the part is absent)
    of_row: Int64Array
    #: per combination, the validated patient (None when refused) and the fields given
    validated: list[Patient | None]
    given: list[tuple[str, ...]]


@attrs.define(eq=False)
class _Cohort(Picklable):
    """Every row validated (each distinct part once), and what to rebuild a row's patient from.

    Part 0 holds the cancer type, the stage and any unknown names; its patient is the base that
    the other parts' fields are copied onto.
    """

    n_rows: int
    parts: list[_Part]
    valid: BoolArray
    #: rows given as Patients, or validated whole because a part was refused
    whole: dict[int, Patient]
    errors: dict[int, ProfileRowError]

    @classmethod
    def read(cls, columns: _Columns, errors: Errors) -> _Cohort:
        """Validate every row; with errors="raise", raise for the first invalid row."""
        n = columns.n_rows
        where = {name: index for index, name in enumerate(columns.names)}
        grouped = [f for together in _TOGETHER for f in together]
        base = tuple(name for name in columns.names if name not in grouped and name not in _ALONE)
        layout = [base, *_TOGETHER, *((field,) for field in _ALONE)]
        parts = []
        refused = np.zeros(n, dtype=np.bool_)
        for index, fields in enumerate(layout):
            present = [f for f in fields if f in where]
            if index > 0 and not present:
                continue
            part = _validate_part(fields, [where[f] for f in present], columns, base=index == 0)
            parts.append(part)
            bad = np.array([p is None for p in part.validated] + [index == 0], dtype=np.bool_)
            # A refused combination, or (first part) no cancer type: the row is validated whole.
            refused |= bad[part.of_row]
        cohort = cls(n_rows=n, parts=parts, valid=~refused, whole={}, errors={})
        for row in sorted({*np.flatnonzero(refused).tolist(), *columns.others}):
            cohort._validate_whole(row, _record(columns, row), errors)
        return cohort

    def _validate_whole(self, row: int, record: object, errors: Errors) -> None:
        """Validate a row whole, keeping its patient or its error (raised with errors="raise")."""
        found: ProfileRowError | None = None
        try:
            self.whole[row] = Patient.model_validate(record)
        except ProfileError as error:
            found = ProfileRowError.at(row, error)
        if found is None:
            self.valid[row] = True
            return
        if errors == "raise":
            raise found  # outside the handler: the row's own error is not chained to it
        self.errors[row] = found
        self.valid[row] = False

    def patient(self, row: int) -> Patient:
        """The validated patient of a valid row."""
        whole = self.whole.get(row)
        if whole is not None:
            return whole
        base, *others = self.parts
        patient = base.validated[int(base.of_row[row])]
        if patient is None:
            raise ValueError(f"row {row} holds no valid profile")
        update = {}
        for part in others:
            combination = int(part.of_row[row])
            if combination >= 0:
                found = part.validated[combination]
                update.update({f: getattr(found, f) for f in part.given[combination]})
        return patient._unchecked_copy(update) if update else patient


def _validate_part(
    fields: tuple[object, ...], positions: list[int], columns: _Columns, *, base: bool
) -> _Part:
    """Number the rows' combinations of these columns and validate each combination once."""
    if not positions:
        no_rows = np.full(columns.n_rows, -1, dtype=np.int64)
        return _Part(fields, no_rows, [], [])
    codes = [columns.codes[p] for p in positions]
    if len(positions) == 1:
        # One column: its values are numbered already, each distinct (absent rows: -1).
        (position,) = positions
        of_row = codes[0].astype(np.int64)
        records = [{columns.names[position]: value} for value in columns.values[position]]
    else:
        of_row, first = _distinct_rows(codes)
        records = [
            {
                columns.names[p]: columns.values[p][int(columns.codes[p][row])]
                for p in positions
                if columns.codes[p][row] >= 0
            }
            for row in first.tolist()
        ]
        of_row = np.where(np.all(np.stack(codes) < 0, axis=0), -1, of_row)
    validated: list[Patient | None] = []
    given: list[tuple[str, ...]] = []
    probe = {"cancer_type": _probe()}
    reader = None if base or len(fields) != 1 else _field_readers().get(str(fields[0]))
    beside = Patient.model_validate(probe) if reader is not None else None
    for record in records:
        names = tuple(str(name) for name in record)
        if reader is not None and beside is not None:
            validated.append(_read_alone(str(fields[0]), reader, record, beside))
        else:
            try:
                validated.append(Patient.model_validate(record if base else {**probe, **record}))
            except ProfileError:
                validated.append(None)
        given.append(names)
    return _Part(fields, of_row, validated, given)


@functools.cache
def _field_readers() -> dict[str, Callable[[object], object]]:
    """The reader of each field validated alone: its one plain validator, taking the value only,
    where no validator of the model names the field."""
    named = {
        field
        for decorator in Patient.__pydantic_decorators__.field_validators.values()
        for field in decorator.info.fields
    }
    readers: dict[str, Callable[[object], object]] = {}
    for name in _ALONE:
        found = [m for m in Patient.model_fields[name].metadata if isinstance(m, PlainValidator)]
        if name in named or len(found) != 1:
            continue
        function = cast("Callable[[object], object]", found[0].func)
        if len(inspect.signature(function).parameters) == 1:
            readers[name] = function
    return readers


def _read_alone(
    field: str, reader: Callable[[object], object], record: dict[object, object], beside: Patient
) -> Patient | None:
    """One field's value validated as the profile model validates it beside a valid cancer
    type: screened with it, then read by the field's own reader (None when refused)."""
    if not record:  # the rows where the field is absent
        return beside
    ((_, value),) = record.items()
    try:
        # screened as beside the probe cancer type (one value), which screen_profile would pass
        plain = screen_field(field, value, _TRUSTED, beside=1)
        found = reader(plain)
    except (ValueError, AssertionError):  # what pydantic refuses a value for (ProfileError too)
        return None
    return beside._unchecked_copy({field: found})


def _probe() -> CancerType:
    """A cancer type to validate fields beside (any valid one would do)."""
    return default_ontology().get("TISSUE")


def _record(columns: _Columns, row: int) -> object:
    """Row ``row`` as it was given (from a DataFrame, the mapping of its present cells)."""
    if columns.records is not None:
        return columns.records[row]
    return {
        name: values[int(codes[row])]
        for name, codes, values in zip(columns.names, columns.codes, columns.values, strict=True)
        if codes[row] >= 0
    }
