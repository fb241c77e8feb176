"""Validating a cohort's profiles, each distinct part of them once, and the errors of its rows."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from types import SimpleNamespace
from typing import Final, Literal, cast

import attrs
import numpy as np
from pydantic import PlainValidator

from matcher.catalog._compiled import BoolArray
from matcher.cohort._columns import Int64Array, _Columns, _distinct_rows
from matcher.cohort._reading import (
    REFUSED,
    UNREAD,
    BaseReader,
    after_checks,
    passes_checks,
    probe,
    read_values,
)
from matcher.common._errors import ProfileError, ProfileProblem
from matcher.common._pickling import Picklable
from matcher.profile._patient import Patient

Errors = Literal["raise", "collect"]

#: A cancer type to validate fields beside (the name ``cohort._key`` imports).
_probe: Final = probe


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
    #: per combination, the validated patient (None when refused) and the fields given; for a
    #: part of one field validated alone, its value read, as the attribute of a namespace
    validated: list[Patient | SimpleNamespace | None]
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
        return _combined(self.parts, [int(part.of_row[row]) for part in self.parts], row)


class _Partial:
    """Rows' patients with only some of their fields as given (the others at their defaults),
    each distinct one built once: enough for a rule that reads only those fields."""

    def __init__(self, cohort: _Cohort) -> None:
        self.cohort = cohort
        #: per set of fields, the parts that give them
        self._parts: dict[frozenset[str], list[_Part]] = {}
        self._built: dict[tuple[frozenset[str], bytes], Patient] = {}

    def __call__(self, row: int, fields: frozenset[str]) -> Patient:
        """Row ``row``'s patient with its cancer type, stage and ``fields`` as given."""
        (patient,) = self.of_rows(np.array([row]), fields)
        return patient

    def of_rows(self, rows: Int64Array, fields: frozenset[str]) -> list[Patient]:
        """``__call__`` for each of these rows."""
        parts = self._parts.get(fields)
        if parts is None:
            cohort = self.cohort
            parts = [cohort.parts[0], *(p for p in cohort.parts[1:] if fields & set(p.fields))]
            self._parts[fields] = parts
        # each row's combination of those parts (only these rows: no array the size of the cohort)
        picked = np.stack([p.of_row[rows] for p in parts], axis=1)
        width = picked.shape[1] * picked.itemsize
        flat = picked.tobytes()
        built, whole = self._built, self.cohort.whole
        patients = []
        for i, row in enumerate(rows.tolist()):
            patient = whole.get(row) if whole else None
            if patient is None:
                key = (fields, flat[i * width : (i + 1) * width])
                patient = built.get(key)
                if patient is None:
                    patient = built[key] = _combined(parts, picked[i].tolist(), row)
            patients.append(patient)
        return patients


def _combined(parts: list[_Part], combinations: list[int], row: int) -> Patient:
    """The first part's patient with the fields of the others' combinations copied in."""
    base = cast(
        "Patient | None", parts[0].validated[combinations[0]] if combinations[0] >= 0 else None
    )
    if base is None:
        raise ValueError(f"row {row} holds no valid profile")
    update = {}
    for part, combination in zip(parts[1:], combinations[1:], strict=True):
        if combination >= 0:
            given = part.validated[combination]
            update.update({f: getattr(given, f) for f in part.given[combination]})
    return base._unchecked_copy(update) if update else base


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
        combinations = [[code] for code in range(len(columns.values[position]))]
    else:
        of_row, first = _distinct_rows(codes)
        combinations = np.stack([c[first] for c in codes], axis=1).tolist()
        of_row = np.where(np.all(np.stack(codes) < 0, axis=0), -1, of_row)
    names = [str(columns.names[p]) for p in positions]
    given = (
        [tuple(names)] * len(combinations)  # one column: each of its values is given
        if len(positions) == 1
        else [
            tuple(name for name, code in zip(names, combination, strict=True) if code >= 0)
            for combination in combinations
        ]
    )
    readers = _field_readers()
    if not base and all(name in readers for name in names) and after_checks() is not None:
        validated = _read_parts(names, positions, combinations, columns, alone=len(fields) == 1)
        return _Part(fields, of_row, validated, given)
    reader = BaseReader() if base and _plain_base(positions, columns) else None
    validated = []
    beside = {"cancer_type": probe()}
    for combination in combinations:
        record = {
            columns.names[p]: columns.values[p][code]
            for p, code in zip(positions, combination, strict=True)
            if code >= 0
        }
        if reader is not None and "cancer_type" in record:
            found = reader.read(record["cancer_type"], record.get("stage", UNREAD))
            if found is not UNREAD:
                validated.append(cast("Patient | None", found))
                continue
        try:
            validated.append(Patient.model_validate(record if base else {**beside, **record}))
        except ProfileError:
            validated.append(None)
    return _Part(fields, of_row, validated, given)


def _plain_base(positions: list[int], columns: _Columns) -> bool:
    """Whether the first part holds the cancer type and at most the stage besides (any other
    name is unknown, refused by the model) and the model's checks can run on a built patient."""
    names = [columns.names[p] for p in positions]
    if not all(type(name) is str for name in names):
        return False
    plain = "cancer_type" in names and set(names) <= {"cancer_type", "stage"}
    return plain and after_checks() is not None


def _read_parts(
    names: list[str],
    positions: list[int],
    combinations: list[list[int]],
    columns: _Columns,
    *,
    alone: bool,
) -> list[Patient | SimpleNamespace | None]:
    """Each combination of these fields' values validated as the profile model validates them
    beside a valid cancer type: each distinct value screened and read by its field's own reader
    once; for one field, its value is kept as read; for fields read together, the model's checks
    across fields run on a patient holding them."""
    readers = _field_readers()
    read = {
        position: read_values(name, readers[name], columns.values[position])
        for name, position in zip(names, positions, strict=True)
    }
    if alone:
        ((name,), (position,)) = names, positions
        return [
            None if found is REFUSED else SimpleNamespace(**{name: found})
            for found in read[position]  # one column: its values are its combinations, in order
        ]
    beside = Patient.model_validate({"cancer_type": probe()})
    checked: dict[tuple[tuple[str, object], ...], Patient | None] = {}
    validated: list[Patient | SimpleNamespace | None] = []
    for combination in combinations:
        update: dict[str, object] | None = {}
        for name, position, code in zip(names, positions, combination, strict=True):
            if code < 0 or update is None:
                continue
            found = read[position][code]
            update = None if found is REFUSED else {**update, name: found}
        if update is None:
            validated.append(None)
            continue
        key = tuple(update.items())  # values read alike (say, two spellings) are checked once
        try:
            found = checked.get(key, REFUSED)
        except TypeError:  # a value that cannot be a key: checked on its own
            key, found = (), REFUSED
        if found is REFUSED:
            patient = beside._unchecked_copy(update) if update else beside
            found = patient if passes_checks(patient) else None
            if key:
                checked[key] = found
        validated.append(cast("Patient | None", found))
    return validated


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
    for name in (*_ALONE, *(f for together in _TOGETHER for f in together)):
        found = [m for m in Patient.model_fields[name].metadata if isinstance(m, PlainValidator)]
        if name in named or len(found) != 1:
            continue
        function = cast("Callable[[object], object]", found[0].func)
        if len(inspect.signature(function).parameters) == 1:
            readers[name] = function
    return readers


def _record(columns: _Columns, row: int) -> object:
    """Row ``row`` as it was given (from a DataFrame, the mapping of its present cells)."""
    if columns.records is not None:
        return columns.records[row]
    return {
        name: values[int(codes[row])]
        for name, codes, values in zip(columns.names, columns.codes, columns.values, strict=True)
        if codes[row] >= 0
    }
