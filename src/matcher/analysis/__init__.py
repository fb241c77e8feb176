"""Questions asked of a result: what if the profile changed, what would bring a hospital in, how
stable the ranks are.

Imports the engine (:mod:`matcher._engine`) to re-rank, and everything below it.
"""

from __future__ import annotations

from matcher.analysis._stability import RankStability, Stability, stability
from matcher.analysis._whatif import (
    BringIn,
    FeatureShift,
    FieldChange,
    RankChange,
    RuleChange,
    WhatIf,
    what_if,
    what_would_bring_in,
)

__all__ = [
    "BringIn",
    "FeatureShift",
    "FieldChange",
    "RankChange",
    "RankStability",
    "RuleChange",
    "Stability",
    "WhatIf",
    "stability",
    "what_if",
    "what_would_bring_in",
]
