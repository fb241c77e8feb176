"""Recommendations for a Dask DataFrame of profiles, ranked partition by partition.

Needs Dask and pandas (``pip install "dask[dataframe,distributed]" pandas``). The implementation
and its notes on shipping the catalog and on list-valued columns are in
:mod:`matcher.cohort._dask`.
"""

from __future__ import annotations

from matcher.cohort._dask import profile_errors, recommend_many

__all__ = ["profile_errors", "recommend_many"]
