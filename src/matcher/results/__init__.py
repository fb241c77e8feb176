"""Result values and how they are shown: explanations, text, HTML, JSON, data frames, plots.

Every rendering (text, HTML, JSON, data frame) reads the fields of a
:class:`~matcher.Recommendations` and nothing else; none of them shows the patient's profile
(``to_dict(include_profile=True)`` is the one way to add it).

Imports the stages below it (profile, catalog, scoring, rules); never the engine or analysis at
module level (a result's ``what_if`` method imports :mod:`matcher.analysis` when called).
"""

from __future__ import annotations

from matcher.results._sources import SourceRef
from matcher.results._values import (
    Contribution,
    Exclusion,
    Query,
    Reason,
    Recommendation,
    Recommendations,
    Relaxation,
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
