"""Synthetic catalogs and patient profiles, for benchmarks and for trying the engine at scale.

Every synthetic claim cites one source marked synthetic, whose quote says it is not about a real
hospital; profiles are drawn from plausible distributions of the profile's fields. Same seed,
same output.
"""

from __future__ import annotations

from matcher.synthetic._catalogs import SYNTHETIC_QUOTE, SYNTHETIC_SOURCE, synthetic_catalog
from matcher.synthetic._profiles import (
    INVALID_FIELDS,
    PROFILE_COLUMNS,
    synthetic_cohort_frame,
    synthetic_profiles,
)

__all__ = [
    "INVALID_FIELDS",
    "PROFILE_COLUMNS",
    "SYNTHETIC_QUOTE",
    "SYNTHETIC_SOURCE",
    "synthetic_catalog",
    "synthetic_cohort_frame",
    "synthetic_profiles",
]
