"""The errors matcher raises: one base class, each error carrying its parts as attributes."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence

import attrs

_MAX_SHOWN = 80


class _Withheld:
    """The value of a problem that is not shown: of a field that is not part of a profile, or
    one that cannot be shown safely."""

    _instance: _Withheld | None = None

    def __new__(cls) -> _Withheld:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "<value withheld>"

    def __reduce__(self) -> str:
        return "WITHHELD"


#: Stands for a value that an error names the place of but does not repeat.
WITHHELD = _Withheld()


def shown(value: object) -> str:
    """Render a user-supplied value for an error message, cut to a readable length."""
    text: str | None = None
    # Nested too deeply, too large a number, or a raising __repr__: the fallback is built
    # outside any handler, so no exception holding the value is chained to what follows.
    with contextlib.suppress(Exception):
        text = repr(value)[: _MAX_SHOWN * 4]
    if not isinstance(text, str):
        text = "<a value that cannot be shown>"
    if len(text) > _MAX_SHOWN:
        text = text[: _MAX_SHOWN - 3] + "..."
    return text


class MatcherError(Exception):
    """Base class of every error matcher raises on purpose."""


@attrs.frozen
class ProfileProblem:
    """One thing wrong with one field of a patient profile."""

    field: str
    value: object
    accepted: str
    suggestions: tuple[str, ...] = ()
    problem: str = "is not accepted"

    def __str__(self) -> str:
        value = "" if self.value is WITHHELD else f": {shown(self.value)}"
        text = f"{self.field}{value} {self.problem}; accepted: {self.accepted}"
        if self.suggestions:
            text += "; did you mean " + " or ".join(repr(s) for s in self.suggestions) + "?"
        return text


class ProfileError(MatcherError, ValueError):
    """A patient profile that matcher cannot understand.

    The message names the field, the value given and what is accepted. The same parts are
    attributes: ``field``, ``value``, ``accepted``, ``suggestions`` (of the first problem) and
    ``problems`` (all of them, one per field).
    """

    problems: tuple[ProfileProblem, ...]

    def __init__(
        self,
        field: str,
        value: object,
        accepted: str,
        suggestions: Sequence[str] = (),
        *,
        problem: str = "is not accepted",
    ) -> None:
        self._set((ProfileProblem(field, value, accepted, tuple(suggestions), problem),))

    @classmethod
    def from_problems(cls, problems: Sequence[ProfileProblem]) -> ProfileError:
        """Build one error that reports several problems at once."""
        if not problems:
            raise ValueError("a ProfileError needs at least one problem")
        error = cls.__new__(cls)
        error._set(tuple(problems))
        return error

    def _set(self, problems: tuple[ProfileProblem, ...]) -> None:
        self.problems = problems
        first = problems[0]
        self.field = first.field
        self.value = first.value
        self.accepted = first.accepted
        self.suggestions = first.suggestions
        Exception.__init__(self, self._message())

    def _message(self) -> str:
        if len(self.problems) == 1:
            return str(self.problems[0])
        lines = [f"{len(self.problems)} problems in the patient profile:"]
        lines += [f"- {problem}" for problem in self.problems]
        return "\n".join(lines)

    def __reduce__(self) -> tuple[object, ...]:
        return (ProfileError.from_problems, (self.problems,))


class CatalogError(MatcherError, ValueError):
    """A hospital catalog that cannot be loaded; nothing of it is loaded.

    ``file``, ``hospital`` and ``field`` say where the problem is (``None`` where it does not
    apply); ``problem`` says what is wrong.
    """

    def __init__(
        self,
        problem: str,
        *,
        file: str | None = None,
        hospital: str | None = None,
        field: str | None = None,
    ) -> None:
        self.problem = problem
        self.file = file
        self.hospital = hospital
        self.field = field
        where = [
            part
            for part in (
                f"file {file}" if file else None,
                f"hospital {hospital!r}" if hospital else None,
                f"field {field}" if field else None,
            )
            if part
        ]
        prefix = ", ".join(where)
        super().__init__(f"{prefix}: {problem}" if prefix else problem)

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_catalog_error, (self.problem, self.file, self.hospital, self.field))


def _rebuild_catalog_error(
    problem: str, file: str | None, hospital: str | None, field: str | None
) -> CatalogError:
    return CatalogError(problem, file=file, hospital=hospital, field=field)
