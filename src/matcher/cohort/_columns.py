"""The profiles read as columns, each distinct value (and each distinct row of codes) numbered."""

from __future__ import annotations

import itertools
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, cast

import attrs
import numpy as np
import numpy.typing as npt

from matcher.profile._patient import Patient

if TYPE_CHECKING:
    import pandas as pd


Int64Array = npt.NDArray[np.int64]
Int32Array = npt.NDArray[np.int32]


_ABSENT: Final = object()


@attrs.frozen(eq=False)
class _Columns:
    """The profiles as columns: each distinct value of a column numbered, in first-seen order.

    ``codes[c][row]`` is the number of the row's value in column ``c`` (-1: absent) and
    ``values[c]`` the distinct values; ``others`` lists the rows that are not mappings, and
    ``records`` holds the rows as given (None for a DataFrame: a row is its present cells).
    """

    n_rows: int
    names: list[object]
    codes: list[Int32Array]
    values: list[list[object]]
    others: list[int]
    records: list[object] | None


def _columns(profiles: object) -> _Columns:
    """Read a DataFrame or an iterable of profiles into numbered columns."""
    pandas = sys.modules.get("pandas")
    if pandas is not None and isinstance(profiles, pandas.DataFrame):
        return _frame_columns(profiles)
    if isinstance(profiles, str | bytes | Mapping | Patient):
        raise TypeError(
            "recommend_many takes a list of profiles or a DataFrame of them; "
            "for a single profile use matcher.recommend"
        )
    if not isinstance(profiles, Iterable):
        raise TypeError(
            "profiles must be a list of profiles or a pandas DataFrame, "
            f"not {type(profiles).__name__}"
        )
    records = list(profiles)
    position: dict[object, int] = {}
    cells: list[list[object]] = []
    others: list[int] = []
    for row, record in enumerate(records):
        if not isinstance(record, Mapping):
            others.append(row)
            continue
        for name, value in record.items():
            column = position.get(name)
            if column is None:
                column = position[name] = len(cells)
                cells.append([_ABSENT] * len(records))
            cells[column][row] = value
    numbered = [_number(column) for column in cells]
    return _Columns(
        n_rows=len(records),
        names=list(position),
        codes=[codes for codes, _ in numbered],
        values=[values for _, values in numbered],
        others=others,
        records=records,
    )


#: What pandas.api.types.infer_dtype says of an object column holding only str, or only bool.
_ONE_KIND: Final = frozenset({"string", "boolean"})


def _frame_columns(frame: pd.DataFrame) -> _Columns:
    """Read a DataFrame: missing cells (None, NaN, NA, NaT) are absent fields."""
    import pandas as pd

    numbered = []
    for position in range(frame.shape[1]):
        column = frame.iloc[:, position]
        absent = column.isna().to_numpy()
        # an object column read as a NumPy array: cheaper than a Series to index
        present: Any = column.to_numpy()[~absent] if column.dtype == object else column[~absent]
        kind = pd.api.types.infer_dtype(present, skipna=False)
        if column.dtype.kind in "biuf" or kind in _ONE_KIND:
            # Numbers of one dtype, or only str, or only bool: number the values in C.
            inverse, distinct = pd.factorize(present, sort=False)
            codes = np.full(len(column), -1, dtype=np.int32)
            codes[~absent] = inverse
            numbered.append((codes, list(np.asarray(distinct, dtype=object).tolist())))
            continue
        given = present.tolist()
        if any(issubclass(kind, np.ndarray) for kind in set(map(type, given))):
            given = [v.tolist() if isinstance(v, np.ndarray) else v for v in given]
        fast = _number_text_lists(given)
        if fast is None:
            fast = _number_by_repr(given)
        if fast is not None:
            codes = np.full(len(column), -1, dtype=np.int32)
            codes[~absent] = fast[0]
            numbered.append((codes, fast[1]))
            continue
        present_codes, found = _number(given)  # the present cells only
        codes = np.full(len(column), -1, dtype=np.int32)
        codes[~absent] = present_codes
        numbered.append((codes, found))
    return _Columns(
        n_rows=len(frame),
        names=list(frame.columns),
        codes=[codes for codes, _ in numbered],
        values=[values for _, values in numbered],
        others=[],
        records=None,
    )


_SCALARS: Final = frozenset({str, int, float, bool, type(None)})


def _number(cells: list[object]) -> tuple[Int32Array, list[object]]:
    """Number the distinct values of a column (``_ABSENT`` cells get -1).

    Values share a number only when they are equal and of the same types throughout, so that
    they validate alike.
    """
    numbers: dict[object, int] = {}
    values: list[object] = []
    codes = []
    scalars = _SCALARS
    for row, value in enumerate(cells):
        if value is _ABSENT:
            codes.append(-1)
            continue
        kind = type(value)
        key: object
        if kind in scalars:
            key = (kind, value)
        elif kind is list or kind is tuple:
            items = tuple(cast("Iterable[object]", value))
            types = tuple(map(type, items))
            key = (kind, items, types) if scalars.issuperset(types) else _key_of(value, row)
        elif kind is dict:
            mapping = cast("dict[object, object]", value)
            keys, results = tuple(mapping), tuple(mapping.values())
            types = (*map(type, keys), *map(type, results))
            if scalars.issuperset(types):
                key = (kind, keys, results, types)
            else:  # lists of plain values in a mapping (prior therapies), else nested deeper
                flat = _flat_results(results)
                key = (kind, keys, flat, types) if flat is not None else _key_of(value, row)
        else:
            key = _key_of(value, row)
        found = numbers.get(key)
        if found is None:
            found = numbers[key] = len(values)
            values.append(value)
        codes.append(found)
    return np.array(codes, dtype=np.int32), values


def _flat_results(results: tuple[object, ...]) -> tuple[object, ...] | None:
    """A mapping's values as a hashable tuple, each list or tuple of plain values with its item
    types; None when some value is of any other kind (``_number`` keys it by ``_key_of``)."""
    found: list[object] = []
    scalars = _SCALARS
    for result in results:
        kind = type(result)
        if kind in scalars:
            found.append(result)
        elif kind is list or kind is tuple:
            items = tuple(cast("Iterable[object]", result))
            types = tuple(map(type, items))
            if not scalars.issuperset(types):
                return None
            found.append((items, types))
        else:
            return None
    return tuple(found)


_MAPPING: Final = object()  # marks a mapping's key apart from any list's


def _number_text_lists(cells: list[object]) -> tuple[Int32Array, list[object]] | None:
    """``_number`` for cells that are all lists or dicts of exact ``str`` only (the common
    list-valued columns), with the type checks done once for the whole column; None for any
    other column. Equal keys here mean equal items of equal (``str``) types, as in ``_number``."""
    kinds = set(map(type, cells))
    if not kinds <= {list, dict}:
        return None
    if kinds == {list}:
        lists, maps = cast("list[list[object]]", cells), []
    else:
        lists = cast("list[list[object]]", [c for c in cells if type(c) is list])
        maps = cast("list[dict[object, object]]", [c for c in cells if type(c) is dict])
    texts = itertools.chain(
        itertools.chain.from_iterable(lists),
        itertools.chain.from_iterable(map(dict.keys, maps)),
        itertools.chain.from_iterable(map(dict.values, maps)),
    )
    if not set(map(type, texts)) <= {str}:
        return None
    keys: list[object] = (
        list(map(tuple, lists))
        if not maps
        else [
            tuple(cast("list[object]", cell))
            if type(cell) is list
            else (_MAPPING, *cast("dict[object, object]", cell).items())
            for cell in cells
        ]
    )
    numbers: dict[object, int] = {}
    codes = np.array([numbers.setdefault(key, len(numbers)) for key in keys], dtype=np.int32)
    _, first = np.unique(codes, return_index=True)
    return codes, [cells[row] for row in first.tolist()]


_TOP: Final = frozenset({list, dict})
_ITEM_TYPES: Final = frozenset({str, int, bool, type(None), list})
_TEXT: Final = frozenset({str})


def _number_by_repr(cells: list[object]) -> tuple[Int32Array, list[object]] | None:
    """``_number`` for cells that are lists or dicts (keys ``str``) of exact ``str``, ``int``,
    ``bool``, None or lists of ``str`` (prior therapies' ``{"lines": 1, "therapies": [...]}``),
    numbered by their ``repr`` made in C; None for any other column. For these types ``repr``
    is a literal that reads back to an equal value of the same types throughout, so equal
    reprs mean what equal keys mean in ``_number`` (floats, whose reprs do not, are left out)."""
    chain = itertools.chain.from_iterable
    kinds = set(map(type, cells))
    if not kinds <= _TOP:
        return None
    lists = [cell for cell in cells if type(cell) is list] if dict in kinds else cells
    maps = cast("list[dict[object, object]]", [c for c in cells if type(c) is dict])
    if not set(map(type, chain(map(dict.keys, maps)))) <= _TEXT:
        return None
    items = [*chain(cast("list[list[object]]", lists)), *chain(map(dict.values, maps))]
    kinds = set(map(type, items))
    if not kinds <= _ITEM_TYPES:
        return None
    inner = cast("list[list[object]]", [item for item in items if type(item) is list])
    if not set(map(type, chain(inner))) <= _TEXT:
        return None
    try:
        keys = list(map(repr, cells))
    except ValueError:  # an int too long to print: left to ``_number``
        return None
    numbers: dict[str, int] = {}
    codes = np.array([numbers.setdefault(key, len(numbers)) for key in keys], dtype=np.int32)
    _, first = np.unique(codes, return_index=True)
    return codes, [cells[row] for row in first.tolist()]


def _key_of(value: object, row: int) -> object:
    """The numbering key of a nested or unusual value; a value of any other type than the plain
    ones (whose methods might do anything), or nested too deeply, is numbered on its own."""
    try:
        return (_frozen(value),)
    except (_UnhashableError, RecursionError):  # RecursionError: nested deeper than Python goes
        return (_UnhashableError, row)


class _UnhashableError(Exception):
    """A value that is not plain enough to serve as a dictionary key."""


def _frozen(value: object) -> object:
    """A hashable stand-in for a plain value, equal only for equal values of the same types.

    Only the exact built-in types are looked into: a subclass may lie about its length, iterate
    without end or raise from ``__hash__``, and is left for the profile model to refuse.
    """
    kind = type(value)
    if kind is list or kind is tuple:
        return (kind, tuple(_frozen(item) for item in value))  # type: ignore[attr-defined]
    if kind is dict:
        pairs = value.items()  # type: ignore[attr-defined]
        return (kind, tuple((_frozen(k), _frozen(v)) for k, v in pairs))
    if kind in _SCALARS:
        return (kind, value)
    raise _UnhashableError


def _distinct_rows(columns: Sequence[npt.NDArray[np.integer]]) -> tuple[Int64Array, Int64Array]:
    """Number the distinct rows of side-by-side integer columns (values from -1 up).

    Returns each row's number and, per number, the first row that has it. Numbers follow the
    rows' values in order (the first column most significant), as ``np.unique`` numbers them.
    """
    n = len(columns[0]) if columns else 0
    if not columns:
        return np.zeros(n, dtype=np.int64), np.zeros(min(n, 1), dtype=np.int64)
    key = columns[0].astype(np.int64)  # a copy, so that it can be worked on in place
    key += 1
    room = int(key.max(initial=0)) + 1  # how many values ``key`` can take so far
    for column in columns[1:]:
        span = int(column.max(initial=-1)) + 2
        if room * span >= 2**62:  # renumber what is combined so far, keeping its order
            key, first = _sorted_numbering(key)
            room = len(first)
        key *= span  # in place: each new array would cost its pages again
        key += column
        key += 1
        room *= span
    if room <= max(8 * n, 1 << 12):  # few possible keys: number them by a table, not a sort
        present = np.zeros(room, dtype=np.bool_)
        present[key] = True
        number = np.cumsum(present, dtype=np.int64) - 1  # in key order, as np.unique numbers
        of_row = np.take(number, key, out=key)  # the key is not needed any more
        first = np.full(int(number[-1]) + 1, n, dtype=np.int64)
        np.minimum.at(first, of_row, np.arange(n, dtype=np.int64))
        return of_row, first
    return _sorted_numbering(key)


def _sorted_numbering(key: Int64Array) -> tuple[Int64Array, Int64Array]:
    """Number the distinct values of ``key`` (from 0 up) in value order, by one sort: each
    row's number, and per number the first row that has it."""
    n = len(key)
    if n == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    if int(key.max()) < (2**63 - 1) // n - 1:
        # Each value with its row in the low digits: a plain sort (far cheaper than a stable
        # argsort) orders by value, then row, so each run of a value starts at its first row.
        packed = key * n + np.arange(n, dtype=np.int64)
        packed.sort()
        order, ordered = np.divmod(packed, n)[::-1]
    else:
        order = np.argsort(key)
        ordered = key[order]
    new = np.empty(n, dtype=np.bool_)
    new[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
    number = np.cumsum(new, dtype=np.int64) - 1
    of_row = np.empty(n, dtype=np.int64)
    of_row[order] = number
    starts = np.flatnonzero(new)
    first: Int64Array = np.minimum.reduceat(order, starts)  # a run's rows may be in any order
    return of_row, first
