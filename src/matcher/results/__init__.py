"""Result values and how they are shown: explanations, text, HTML, JSON, data frames, plots.

Imports the stages below it (profile, catalog, scoring, rules); never the engine or analysis at
module level (a result's ``what_if`` method imports :mod:`matcher.analysis` when called).
"""

from __future__ import annotations

from matcher.results._values import (
    Contribution,
    Exclusion,
    Query,
    Reason,
    Recommendation,
    Recommendations,
    Relaxation,
    SourceRef,
)

__all__ = [
    "Contribution",
    "Exclusion",
    "Query",
    "Reason",
    "Recommendation",
    "Recommendations",
    "Relaxation",
    "SourceRef",
]
