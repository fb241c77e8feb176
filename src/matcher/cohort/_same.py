"""Rows numbered so that equal rows share a number: weights byte for byte, and the boolean
rule outcomes that decide them, each row hashed or packed into whole numbers first."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from matcher.catalog._compiled import BoolArray, FloatArray
from matcher.cohort._columns import Int64Array, _distinct_rows

UInt64Array = npt.NDArray[np.uint64]


def _weights_code(weights: FloatArray, outcomes: list[BoolArray] | None = None) -> Int64Array:
    """Each row's weights numbered, rows sharing a number exactly when they are equal byte for
    byte (-0.0 is not 0.0). ``outcomes``, when given, are columns that decide the weights (rows
    equal on them have equal weights): the bytes are then compared once per distinct outcome."""
    if outcomes is not None:
        # a rule's outcome decides all its effects' weights: each column once (fewer words)
        distinct = list({id(column): column for column in outcomes}.values())
        of_row, first = _distinct_bits(distinct, len(weights))
    else:
        of_row, first = np.arange(len(weights), dtype=np.int64), np.arange(len(weights))
    rows = np.ascontiguousarray(weights[first])
    code: Int64Array = _equal_rows(rows.view(np.int64))[of_row]
    return code


def _equal_rows(
    words: Int64Array, hash_rows: Callable[[Int64Array], UInt64Array] | None = None
) -> Int64Array:
    """Number the rows of a matrix of 64-bit words, rows sharing a number exactly when equal:
    each row hashed to one number (``hash_rows``, by default ``_hashed_rows``) and numbered by a
    sort of those, then every row checked against the first of its number; only if two
    different rows shared a hash are the rows compared whole (a sort of byte strings, several
    times slower)."""
    hashed = (hash_rows or _hashed_rows)(words)
    number, first = _distinct_rows([(hashed >> np.uint64(2)).view(np.int64)])  # not negative
    if np.all(words == words[first[number]]):
        return number
    as_bytes = np.ascontiguousarray(words).view(np.dtype((np.void, words.shape[1] * 8))).ravel()
    _, inverse = np.unique(as_bytes, return_inverse=True)
    found: Int64Array = inverse.reshape(-1).astype(np.int64)
    return found


def _hashed_rows(words: Int64Array) -> UInt64Array:
    """Each row of 64-bit words mixed into one 64-bit number (a multiplicative hash)."""
    hashed = np.zeros(len(words), dtype=np.uint64)
    for column in words.T.view(np.uint64):
        hashed ^= column
        hashed *= np.uint64(0x9E3779B97F4A7C15)  # wraps
        hashed ^= hashed >> np.uint64(29)
    return hashed


def _distinct_bits(columns: list[BoolArray], n: int) -> tuple[Int64Array, Int64Array]:
    """Number the distinct rows of side-by-side boolean columns: each row's number, and per
    number a row that has it, with the rows packed into bits (56 columns to a whole number, so
    that it is never negative) and numbered as integer rows."""
    if not columns:
        return np.zeros(n, dtype=np.int64), np.zeros(min(n, 1), dtype=np.int64)
    words = []
    for begin in range(0, len(columns), 56):
        packed = np.packbits(np.stack(columns[begin : begin + 56], axis=1), axis=1)
        word = np.zeros((n, 8), dtype=np.uint8)
        word[:, : packed.shape[1]] = packed  # the top byte stays zero
        words.append(word.view(np.int64).reshape(n))
    return _distinct_rows(words)
