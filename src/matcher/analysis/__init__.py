"""Questions asked of a result: what if the profile changed, what would bring a hospital in, how
stable the ranks are, which unknown facts would change the shortlist most.

What-if answers describe only the profile fields that change; the profile itself is never shown.

Imports the engine (:mod:`matcher._engine`) to re-rank, and everything below it.
"""

from __future__ import annotations

from matcher.analysis._bring_in import BringIn, what_would_bring_in
from matcher.analysis._changes import FeatureShift, FieldChange, RankChange, RuleChange
from matcher.analysis._missing import Answer, MissingFact, missing_facts
from matcher.analysis._stability import RankStability, Stability, stability
from matcher.analysis._whatif import WhatIf, what_if

__all__ = [
    "Answer",
    "BringIn",
    "FeatureShift",
    "FieldChange",
    "MissingFact",
    "RankChange",
    "RankStability",
    "RuleChange",
    "Stability",
    "WhatIf",
    "missing_facts",
    "stability",
    "what_if",
    "what_would_bring_in",
]
