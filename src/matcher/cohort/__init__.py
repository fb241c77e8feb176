"""Many patients at once: ``recommend_many`` over lists or data frames, and Dask beyond memory.

The Dask adapter is :mod:`matcher.dask`; it is not imported here, so Dask stays optional.
"""

from __future__ import annotations

from matcher.cohort._batch import recommend_many
from matcher.cohort._table import CohortRecommendations
from matcher.cohort._validation import ProfileRowError

__all__ = ["CohortRecommendations", "ProfileRowError", "recommend_many"]
