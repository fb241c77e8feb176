"""The first look at a profile: sizes bounded, values copied into plain Python, hostile objects
refused, all before any parsing.

Everything after this step sees only ``dict`` (with plain keys), ``list``, ``tuple``, ``set``,
``frozenset``, ``str``, ``int``, ``float``, ``bool``, ``None`` and matcher's own frozen values,
within the limits below. Each value is looked at once (the work is linear in what is accepted
and bounded whatever is given), nesting is cut off at ``MAX_DEPTH``, and no method of a
caller's object (``__repr__``, ``__hash__``, ``__len__``, ``__eq__``, ``__str__``) is called
except to iterate it, and then at most one item past the limit.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Iterable, Mapping
from typing import Any, Final

import numpy as np

from matcher.common._errors import WITHHELD, ProfileError, ProfileProblem
from matcher.profile._field_names import field_suggestions

#: The most fields a profile may have (known or not).
MAX_FIELDS: Final = 100
#: The most items any list, set or mapping in a profile may hold.
MAX_ITEMS: Final = 100
#: The most characters any text in a profile (a value or a key) may have.
MAX_CHARS: Final = 1000
#: The most values a profile may hold in all, counting every item of every list and mapping.
MAX_VALUES: Final = 2000
#: The deepest that lists and mappings may nest inside a field (a mapping of lists is 2).
MAX_DEPTH: Final = 4
#: Whole numbers beyond this size are refused before anything tries to print them.
_MAX_INT: Final = 10**18
#: The longest a key may be when it is named in an error.
_NAME_SHOWN: Final = 40

LIMITS_TEXT: Final = (
    f"at most {MAX_FIELDS} fields, {MAX_ITEMS} items per list or mapping, {MAX_CHARS} characters "
    f"per text, {MAX_VALUES} values in all and {MAX_DEPTH} levels of nesting"
)

_KEY_SCALARS: Final = (int, float, bool, type(None))


def screen_profile(
    profile: Mapping[Any, object], fields: Iterable[str], trusted: tuple[type, ...]
) -> dict[str, object]:
    """A plain copy of ``profile`` within the limits; unknown fields are refused by name only.

    ``fields`` are the known field names; values of the ``trusted`` types pass as they are.
    Raises ProfileError, and nothing else, for anything outside the limits.
    """
    known = tuple(fields)
    walker = _Walker(trusted)
    problems: list[ProfileProblem] = []
    plain: dict[str, object] = {}
    for key, value in _pairs(profile, "profile", MAX_FIELDS):
        name = _top_key(key)
        if name in plain:
            raise ProfileError(_cut(name), WITHHELD, "each field once", problem="is given twice")
        if name not in known:
            suggestions = field_suggestions(name, known) if len(name) <= _NAME_SHOWN else ()
            problems.append(
                ProfileProblem(
                    _cut(name),
                    WITHHELD,
                    "the profile fields " + ", ".join(known),
                    tuple(suggestions),
                    "is not a profile field",
                )
            )
            plain[name] = None
            continue
        plain[name] = walker.copy(value, name, 0)
    if problems:
        raise ProfileError.from_problems(problems)
    return plain


def screen_field(name: str, value: object, trusted: tuple[type, ...], *, beside: int) -> object:
    """A plain copy of one known field's value, as ``screen_profile`` copies it in a profile
    whose other fields hold ``beside`` values (they count towards ``MAX_VALUES``)."""
    walker = _Walker(trusted)
    walker.count = beside
    return walker.copy(value, name, 0)


class _Walker:
    """Copies values, counting every value it copies."""

    def __init__(self, trusted: tuple[type, ...]) -> None:
        self.trusted = trusted
        self.count = 0

    def copy(self, item: object, path: str, depth: int) -> object:
        self.count += 1
        if self.count > MAX_VALUES:
            raise ProfileError(
                "profile", WITHHELD, LIMITS_TEXT, problem=f"holds more than {MAX_VALUES} values"
            )
        kind = type(item)
        if kind is str or isinstance(item, str):
            return _text(str.__str__(item), path)  # a str subclass: its characters, not methods
        if kind is bool or kind is np.bool_:
            return bool(item)
        if item is None:
            return None
        if isinstance(item, int | np.integer):
            number = int.__index__(item) if isinstance(item, int) else int(item)
            if abs(number) > _MAX_INT:
                raise ProfileError(
                    path,
                    "<a very large number>",
                    "a number of sensible size",
                    problem="is too large",
                )
            return number
        if isinstance(item, float | np.floating):
            return float.__float__(item) if isinstance(item, float) else float(item)
        if isinstance(item, self.trusted):
            return item
        if not isinstance(item, Mapping | list | tuple | set | frozenset):
            raise ProfileError(
                path,
                WITHHELD,
                "text, a number, true/false, a list or a mapping",
                problem=f"is of a type a profile cannot hold ({_type_name(item)})",
            )
        if depth >= MAX_DEPTH:
            raise ProfileError(path, WITHHELD, LIMITS_TEXT, problem="is nested too deeply")
        if isinstance(item, Mapping):
            copied: dict[object, object] = {}
            for key, value in _pairs(item, path, MAX_ITEMS):
                plain_key = _key(key, path)
                if plain_key in copied:
                    raise ProfileError(path, WITHHELD, "each key once", problem="repeats a key")
                copied[plain_key] = self.copy(value, _child(path, plain_key), depth + 1)
            return copied
        items = [
            self.copy(value, f"{path}[{index}]", depth + 1)
            for index, value in enumerate(_items(item, path))
        ]
        for plain_type in (list, tuple, frozenset, set):
            if isinstance(item, plain_type):
                return plain_type(items)
        raise AssertionError("unreachable")  # pragma: no cover


def _text(text: str, path: str) -> str:
    if len(text) > MAX_CHARS:
        raise ProfileError(
            path,
            f"<text of {len(text)} characters>",
            f"at most {MAX_CHARS} characters",
            problem="is too long",
        )
    if not text.isascii() and any("\ud800" <= c <= "\udfff" for c in text):
        raise ProfileError(
            path, WITHHELD, "text of valid Unicode characters", problem="holds a lone surrogate"
        )
    return text


def _top_key(key: object) -> str:
    if isinstance(key, str):
        return _text(str.__str__(key), "profile")
    shown = key if type(key) in _KEY_SCALARS else WITHHELD
    raise ProfileError("profile", shown, "text field names", problem="has a field name not text")


def _key(key: object, path: str) -> object:
    """A key below the top: plain text or a plain scalar."""
    if isinstance(key, str):
        return _text(str.__str__(key), path)
    if type(key) in _KEY_SCALARS:
        return key
    raise ProfileError(
        path, WITHHELD, "text keys", problem=f"has a key that is not text ({_type_name(key)})"
    )


def _pairs(mapping: Mapping[object, object], path: str, limit: int) -> list[tuple[object, object]]:
    """At most ``limit`` pairs of a mapping, read once; refuses a longer or unreadable one."""
    pairs = _read(lambda: mapping.items(), limit, path)
    return pairs  # type: ignore[return-value]


def _items(value: object, path: str) -> list[object]:
    """At most MAX_ITEMS items of a list, tuple or set, read once."""
    return _read(lambda: value, MAX_ITEMS, path)


def _read(source: object, limit: int, path: str) -> list[object]:
    items: list[object] | None = None
    # A caller's container may raise anything; the refusal is raised after the block, outside
    # any handler, so that the caller's exception (and what it holds) is not chained to it.
    with contextlib.suppress(Exception):
        items = list(itertools.islice(source(), limit + 1))  # type: ignore[operator]
    if items is None:
        raise ProfileError(
            path, WITHHELD, "a list or mapping that can be read", problem="cannot be read"
        )
    if len(items) > limit:
        what = "fields" if path == "profile" else "items"
        raise ProfileError(
            path,
            f"<more than {limit} {what}>",
            f"at most {limit} {what}",
            problem=f"has too many {what}",
        )
    return items


def _child(path: str, key: object) -> str:
    return f"{path}.{_cut(str(key))}"


def _cut(name: str) -> str:
    """A key as a field name in an error: cut short, and quoted if blank or unprintable."""
    if not name.strip() or not name.isprintable():
        name = repr(name)
    return name if len(name) <= _NAME_SHOWN else name[: _NAME_SHOWN - 3] + "..."


def _type_name(value: object) -> str:
    name = type(value).__name__
    return _cut(name) if isinstance(name, str) else "unknown"
