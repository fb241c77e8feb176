"""Recommendations for a Dask DataFrame of profiles, ranked partition by partition.

Needs Dask, pandas and pyarrow (``pip install "dask[dataframe,distributed]" pandas pyarrow``, or
the ``dask`` extra). :func:`recommend_many` ranks a Dask DataFrame; :func:`recommend_parquet`
reads a cohort from Parquet files and writes the rankings to Parquet, one partition at a time,
for cohorts larger than memory. The implementation and its notes on shipping the catalog, on
list-valued columns and on the Parquet layout are in :mod:`matcher.cohort._dask` and
:mod:`matcher.cohort._parquet`.
"""

from __future__ import annotations

from matcher.cohort._dask import profile_errors, recommend_many
from matcher.cohort._parquet import read_profiles, recommend_parquet

__all__ = ["profile_errors", "read_profiles", "recommend_many", "recommend_parquet"]
