"""A cohort on disk: profiles read from Parquet, rankings written to Parquet, partition by
partition, so that no process holds more than a few partitions (see ``matcher.dask``).

Layout of the profiles: one row per patient and a column per profile field, as
:func:`matcher.recommend_many` reads a DataFrame. ``cities``, ``therapies_sought``,
``languages`` and ``metastatic_sites`` are lists of strings; ``prior_therapies`` is a struct of
``lines`` and ``therapies`` (a Parquet column holds one type, so its list form is written as
``{"lines": null, "therapies": [...]}``); ``biomarkers`` is a map from marker to result (read
as a mapping; a marker given twice in one row is refused when the file is read) or a list of
strings; a null is an absent field. The index names the patients: write the cohort with its
index (pandas does so by default, as a patient id or a global row number) or name an id column
with ``index=``. Each Parquet row group becomes one partition, so the row groups bound the
memory a worker needs.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, cast

import dask
import dask.dataframe as dd
import pandas as pd
from dask.delayed import delayed

try:
    import pyarrow as pa
    import pyarrow.parquet as pq
except ImportError as error:  # only without the dask extra
    raise ImportError("matcher.dask reads Parquet with pyarrow: pip install pyarrow") from error

from matcher.catalog._loader import Catalog
from matcher.cohort._dask import recommend_many
from matcher.cohort._validation import Errors
from matcher.rules import Rule
from matcher.scoring._weights import Weights

#: One partition: a file and one of its row groups.
_Piece = tuple[str, int]


def read_profiles(
    source: str | os.PathLike[str] | Sequence[str], *, index: str | None = None
) -> dd.DataFrame:
    """Profiles from Parquet files (a file, a directory of ``*.parquet`` files or a list of
    files), as a lazy Dask DataFrame with one partition per row group; list and mapping cells
    are Python objects, and only the files' footers are read until it is computed."""
    pieces = _pieces(source)
    if not pieces:
        raise FileNotFoundError("no Parquet files in the source given")
    schema = pq.read_schema(pieces[0][0])
    meta = profiles_frame(schema.empty_table(), index)
    # Object columns must stay objects: Dask would turn lists and mappings into text.
    with dask.config.set({"dataframe.convert-string": False}):
        frame = cast(
            "dd.DataFrame", _untyped(dd.from_map)(_read_piece, pieces, index=index, meta=meta)
        )
    return frame


def _pieces(source: str | os.PathLike[str] | Sequence[str]) -> list[_Piece]:
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        paths = sorted(path.glob("*.parquet")) if path.is_dir() else [path]
    else:
        paths = [Path(p) for p in source]
    return [
        (str(path), group)
        for path in paths
        for group in range(pq.ParquetFile(path).metadata.num_row_groups)
    ]


def _read_piece(piece: _Piece, index: str | None) -> pd.DataFrame:
    path, group = piece
    return profiles_frame(pq.ParquetFile(path).read_row_group(group), index)


def profiles_frame(table: pa.Table, index: str | None = None) -> pd.DataFrame:
    """A table of profiles read from Parquet, as ``recommend_many`` reads it: maps as dicts,
    structs (prior therapies) as plain dicts and lists."""
    # A marker given twice in one row's map is refused here ("strict"), as in profile JSON.
    frame: pd.DataFrame = table.to_pandas(maps_as_pydicts="strict")
    for field in table.schema:
        if pa.types.is_struct(field.type):  # prior_therapies: plain dicts and lists, as in JSON
            frame[field.name] = table.column(field.name).to_pylist()
    return frame.set_index(index) if index is not None else frame


def _untyped(function: object) -> Callable[..., Any]:
    """A Dask function, typed as callable (Dask does not annotate these)."""
    return cast("Callable[..., Any]", function)


def _write_piece(frame: pd.DataFrame, path: str) -> int:
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), path)
    return len(frame)


def recommend_parquet(
    source: str | os.PathLike[str] | Sequence[str],
    destination: str,
    top_k: int = 5,
    catalog: Catalog | object | None = None,
    *,
    weights: Weights | None = None,
    rules: Sequence[Rule] | None = None,
    errors: Errors = "raise",
    chunk_size: int | None = None,
    index: str | None = None,
    compute: bool = True,
) -> Any:
    """Rank every profile in Parquet files and write the long table to Parquet files.

    Reads ``source`` partition by partition (see :func:`read_profiles`), ranks each as
    :func:`matcher.dask.recommend_many` does, and writes one file per partition under
    ``destination`` (``part-00000.parquet`` and on) with columns ``patient`` (the index label),
    ``rank``, ``hospital_id`` and ``score``. Runs on the active Dask scheduler (a
    ``distributed.Client`` if one is open) and returns how many table rows were written; with
    ``compute=False`` returns the delayed count instead.

    Raises
    ------
    ProfileError
        With ``errors="raise"``, for an invalid row, named by its index label (nothing of the
        profile is kept in the error or its chain).
    """
    profiles = read_profiles(source, index=index)
    os.makedirs(destination, exist_ok=True)
    table = recommend_many(
        profiles,
        top_k,
        catalog,
        weights=weights,
        rules=rules,
        errors=errors,
        chunk_size=chunk_size,
    )
    writes = [
        delayed(_write_piece)(part, os.path.join(destination, f"part-{number:05d}.parquet"))
        for number, part in enumerate(_untyped(table.to_delayed)())
    ]
    total = delayed(sum)(writes)
    return int(total.compute()) if compute else total
