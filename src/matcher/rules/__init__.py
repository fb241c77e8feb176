"""The rule layer: eligibility, clinical and preference rules, applied in a declared order.

``DEFAULT_RULES`` is the order :func:`matcher.recommend` uses: eligibility first, then clinical
rules, then the tiered targeted-therapy rules, then the patient's preferences (so that, for
example, "avoid TCM" zeroes TCM weight after every rule that might have added to it).
"""

from __future__ import annotations

from typing import Final

from matcher.rules import clinical, eligibility, history, preferences, targeted
from matcher.rules._apply import AppliedRules, RuleOutcome, apply_rules
from matcher.rules._rule import (
    Caveat,
    Condition,
    Exclude,
    MatchContext,
    Require,
    Rule,
    RuleSource,
    Weigh,
    WeighSought,
)

DEFAULT_RULES: Final[tuple[Rule, ...]] = (
    *eligibility.RULES,
    *clinical.RULES,
    *targeted.RULES,
    *history.RULES,
    *preferences.RULES,
)

__all__ = [
    "DEFAULT_RULES",
    "AppliedRules",
    "Caveat",
    "Condition",
    "Exclude",
    "MatchContext",
    "Require",
    "Rule",
    "RuleOutcome",
    "RuleSource",
    "Weigh",
    "WeighSought",
    "apply_rules",
]
