"""Recommendations for a Dask DataFrame of profiles, ranked partition by partition.

Needs Dask and pandas (``pip install "dask[dataframe,distributed]" pandas``, or the ``dask``
extra of a matcher checkout). Each partition is ranked by
:func:`matcher.recommend_many`, so every row gets exactly what :func:`matcher.recommend` gives
that profile; the result is a Dask DataFrame of the long table (patient, rank, hospital_id,
score), where ``patient`` is the row's index label in the input.

Shipping the catalog
--------------------
With ``catalog=None`` nothing is shipped: each worker process loads the default catalog once
(it is cached) and uses it for all its partitions. A :class:`~matcher.Catalog` of your own
enters the task graph once, as a single delayed object that every partition task depends on;
on a distributed cluster each worker receives it once and keeps it for all of its partitions.
To send it ahead of the computation instead, scatter it yourself and pass the future::

    catalog_future = client.scatter(catalog, broadcast=True)
    table = matcher.dask.recommend_many(profiles, catalog=catalog_future)

List-valued fields need object columns: recent Dask converts object columns to strings when a
DataFrame is created (``dataframe.convert-string``), which turns ``["Beijing"]`` into the text
``"['Beijing']"``. Create the Dask DataFrame under
``dask.config.set({"dataframe.convert-string": False})``.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Final, cast

try:
    import dask.dataframe as dd
    from dask.delayed import delayed
except ImportError as error:  # only without the dask extra
    raise ImportError(
        'matcher.dask needs Dask and pandas: pip install "dask[dataframe,distributed]" pandas'
    ) from error
import numpy as np
import pandas as pd

from matcher._engine import settings
from matcher.catalog._loader import Catalog
from matcher.cohort import _batch
from matcher.cohort._columns import _columns
from matcher.cohort._table import text_dtype
from matcher.cohort._validation import Errors, ProfileRowError, _Cohort
from matcher.rules import Rule
from matcher.scoring._weights import Weights

if TYPE_CHECKING:
    from dask.delayed import Delayed

__all__ = ["profile_errors", "recommend_many"]

#: Profile fields that hold lists or mappings, which a string column cannot carry.
_NESTED_FIELDS: Final = ("biomarkers", "cities", "therapies_sought")


def recommend_many(
    profiles: dd.DataFrame,
    top_k: int = 5,
    catalog: Catalog | Delayed | object | None = None,
    *,
    weights: Weights | None = None,
    rules: Sequence[Rule] | None = None,
    errors: Errors = "raise",
    chunk_size: int | None = None,
) -> dd.DataFrame:
    """Rank the catalog for every row of a Dask DataFrame of profiles, partition by partition.

    Parameters
    ----------
    profiles
        A Dask DataFrame with one profile per row and a column per field, read as
        :func:`matcher.recommend_many` reads a pandas DataFrame (missing cells are absent
        fields). Its index labels name the patients in the result.
    top_k, weights, rules, chunk_size
        As for :func:`matcher.recommend_many`, the same for every patient.
    catalog
        ``None`` (each worker uses the default catalog), a :class:`~matcher.Catalog` (shipped
        once, as one delayed object), or a future or delayed object that holds one (for
        example from ``client.scatter(catalog, broadcast=True)``).
    errors
        ``"raise"``: computing the result raises a :class:`~matcher.ProfileError` for an
        invalid row, whose ``row`` is the row's index label. ``"collect"``: invalid rows are
        left out of the table; :func:`profile_errors` lists them.

    Returns
    -------
    dask.dataframe.DataFrame
        The long table with columns ``patient`` (the input's index label), ``rank`` (int32,
        from 1), ``hospital_id`` (text) and ``score`` (float64); lazy until computed.
    """
    top_k, _, weights, rule_tuple = settings(top_k, None, weights, rules)
    if errors not in ("raise", "collect"):
        raise ValueError(f"errors must be 'raise' or 'collect', not {errors!r}")
    _check_columns(profiles)
    if isinstance(catalog, Catalog):
        catalog = delayed(catalog, name=f"matcher-catalog-{uuid.uuid4().hex}")
    meta = pd.DataFrame(
        {
            "patient": pd.Series(dtype=profiles.index.dtype),
            "rank": pd.Series(dtype=np.int32),
            "hospital_id": pd.Series(dtype=text_dtype()),
            "score": pd.Series(dtype=np.float64),
        }
    )
    return _map_partitions(profiles)(
        _rank_partition,
        catalog,
        top_k,
        weights,
        None if rules is None else rule_tuple,
        errors,
        chunk_size,
        meta=meta,
        enforce_metadata=False,
    )


def profile_errors(profiles: dd.DataFrame) -> dd.DataFrame:
    """The rows of a Dask DataFrame of profiles that cannot be understood, one row per problem.

    Returns
    -------
    dask.dataframe.DataFrame
        Columns ``patient`` (the input's index label), ``field`` and ``message`` (what is
        wrong and what is accepted, as :class:`~matcher.ProfileError` words it); lazy.
    """
    _check_columns(profiles)
    meta = pd.DataFrame(
        {
            "patient": pd.Series(dtype=profiles.index.dtype),
            "field": pd.Series(dtype=object),
            "message": pd.Series(dtype=object),
        }
    )
    return _map_partitions(profiles)(_errors_of_partition, meta=meta, enforce_metadata=False)


def _map_partitions(profiles: dd.DataFrame) -> Callable[..., dd.DataFrame]:
    """``profiles.map_partitions``, typed (Dask does not annotate it)."""
    return cast("Callable[..., dd.DataFrame]", profiles.map_partitions)


def _check_columns(profiles: object) -> None:
    """Refuse what is not a Dask DataFrame, and list fields that Dask turned into text."""
    if not isinstance(profiles, dd.DataFrame):
        raise TypeError(
            "matcher.dask.recommend_many takes a Dask DataFrame of profiles, not "
            f"{type(profiles).__name__}; use matcher.recommend_many for a list or pandas"
        )
    as_text = [
        field
        for field in _NESTED_FIELDS
        if field in profiles.columns and isinstance(profiles.dtypes[field], pd.StringDtype)
    ]
    if as_text:
        raise TypeError(
            f"columns {as_text} hold text, so their lists or mappings were turned into strings "
            "(Dask's dataframe.convert-string); create the Dask DataFrame under "
            'dask.config.set({"dataframe.convert-string": False})'
        )


def _rank_partition(
    part: pd.DataFrame,
    catalog: Catalog | None,
    top_k: int,
    weights: Weights,
    rules: tuple[Rule, ...] | None,
    errors: Errors,
    chunk_size: int | None,
) -> pd.DataFrame:
    """The long table of one partition, patients named by their index labels.

    A row's error is raised again outside the ``except`` block, naming the row by its label:
    raised inside it, the new error would keep the caught one (and whatever that one kept) as
    its ``__context__``, even with ``from None``.
    """
    failure: ProfileRowError | None = None
    try:
        cohort = _batch.recommend_many(
            part,
            top_k,
            catalog,
            weights=weights,
            rules=rules,
            errors=errors,
            chunk_size=chunk_size,
        )
    except ProfileRowError as error:
        failure = ProfileRowError.at(part.index[cast(int, error.row)], error)
    if failure is not None:
        raise failure
    frame = cohort.to_frame()
    frame["patient"] = part.index.to_numpy()[cohort.patient]
    return frame


def _errors_of_partition(part: pd.DataFrame) -> pd.DataFrame:
    """Each problem of each invalid row of one partition."""
    cohort = _Cohort.read(_columns(part), "collect")
    found = [
        (part.index[row], problem.field, str(problem))
        for row, error in sorted(cohort.errors.items())
        for problem in error.problems
    ]
    return pd.DataFrame(
        {
            "patient": pd.Series([label for label, _, _ in found], dtype=part.index.dtype),
            "field": pd.Series([field for _, field, _ in found], dtype=object),
            "message": pd.Series([message for _, _, message in found], dtype=object),
        }
    )
