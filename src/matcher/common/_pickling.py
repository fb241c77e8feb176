"""Pickling and deep copies of frozen values that hold read-only mappings and sealed arrays.

Results travel between processes (a cohort's partitions through Dask workers) and get copied
(``copy.deepcopy``). Two things stand in the way of the default protocol: a
``types.MappingProxyType`` cannot be pickled, and an unpickled (or deep-copied) NumPy array is
writable again. Classes that mix in :class:`Picklable` are pickled field by field: a read-only
mapping travels as a dict and comes back read-only; a read-only array travels as an array and
comes back sealed (a view of bytes, see :mod:`matcher.common._arrays`); a field that is not
set by ``__init__`` (a cache built on first reading) comes back at its default. Nothing is
re-validated on the way back: a pickle holds what a valid value held.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Any, cast

import attrs
import numpy as np

from matcher.common._arrays import sealed


@attrs.frozen
class _ReadOnlyMapping:
    items: dict[Any, Any]


@attrs.frozen(eq=False)
class _SealedArray:
    array: np.ndarray[Any, Any]


def _pack(value: object) -> object:
    if isinstance(value, MappingProxyType):
        return _ReadOnlyMapping(dict(value))
    if isinstance(value, np.ndarray) and not value.flags.writeable:
        return _SealedArray(value)
    return value


def _unpack(value: object) -> object:
    if isinstance(value, _ReadOnlyMapping):
        return MappingProxyType(value.items)
    if isinstance(value, _SealedArray):
        return sealed(np.array(value.array, copy=True))
    return value


class Picklable:
    """Mix into an attrs class to pickle and deep-copy it (see the module's notes)."""

    __slots__ = ()

    def __reduce__(self) -> tuple[Any, ...]:
        kind = type(self)
        state = {
            field.name: _pack(getattr(self, field.name)) for field in _fields(kind) if field.init
        }
        return (_rebuild, (kind, state))

    def _after_unpickling(self) -> None:
        """Called once the fields are set again; a class may override it."""


def _fields(kind: type[Picklable]) -> tuple[attrs.Attribute[Any], ...]:
    found: tuple[attrs.Attribute[Any], ...] = attrs.fields(cast(Any, kind))
    return found


def _rebuild(kind: type[Picklable], state: dict[str, object]) -> Picklable:
    value = kind.__new__(kind)
    for field in _fields(kind):
        if field.init:
            found = _unpack(state[field.name])
        else:
            default: Any = field.default
            found = default.factory() if isinstance(default, attrs.Factory) else default  # type: ignore[arg-type]
        object.__setattr__(value, field.name, found)
    value._after_unpickling()
    return value
