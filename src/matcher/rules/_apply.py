"""Apply rules in their declared order to one patient over the whole catalog at once."""

from __future__ import annotations

from collections.abc import Sequence

import attrs
import numpy as np

from matcher.rules._rule import (
    Caveat,
    Exclude,
    MatchContext,
    Outcome,
    Require,
    Rule,
    RuleSource,
    Weigh,
    WeighSought,
    render,
)
from matcher.scoring._encoding import BoolArray, FloatArray
from matcher.scoring._features import FEATURE_INDEX


@attrs.frozen
class RuleOutcome:
    """Whether a rule applied to the patient, and what it says."""

    rule_id: str
    statement: str
    outcome: Outcome
    source: RuleSource | None

    @property
    def fired(self) -> bool:
        """True when the rule's condition was met."""
        return self.outcome == "met"

    def __str__(self) -> str:
        return f"[{self.outcome}] {self.rule_id}: {self.statement}"


@attrs.frozen(eq=False)
class HospitalCaveat:
    """A caveat from one rule for the hospitals in ``mask``."""

    rule_id: str
    text: str
    mask: BoolArray


@attrs.frozen(eq=False)
class AppliedRules:
    """The combined effect of all rules for one patient."""

    weights: FloatArray
    outcomes: tuple[RuleOutcome, ...]
    #: per hospital, the id of the first rule that left it out ("" where none did)
    excluded_by: tuple[str, ...]
    #: per hospital, the reason that rule gave ("" where none)
    exclusion_reason: tuple[str, ...]
    #: per excluding rule id, the mask of hospitals it would leave out on its own
    exclusion_masks: dict[str, BoolArray]
    caveats: tuple[tuple[str, str], ...]
    hospital_caveats: tuple[HospitalCaveat, ...]

    @property
    def eligible(self) -> BoolArray:
        """Hospitals no rule left out."""
        return np.array([rule_id == "" for rule_id in self.excluded_by], dtype=np.bool_)


def apply_rules(
    rules: Sequence[Rule], context: MatchContext, base_weights: FloatArray
) -> AppliedRules:
    """Evaluate every rule for the patient and combine the effects of those that apply.

    Weights change in rule order; a hospital left out by several rules is reported with the
    first. No effect depends on hidden state: the same inputs give the same result.
    """
    n = context.encoded.n_hospitals
    weights = np.array(base_weights, dtype=np.float64)
    excluded_by = [""] * n
    reasons = [""] * n
    masks: dict[str, BoolArray] = {}
    caveats: list[tuple[str, str]] = []
    hospital_caveats: list[HospitalCaveat] = []
    outcomes: list[RuleOutcome] = []
    for rule in rules:
        outcome = rule.evaluate(context.patient)
        outcomes.append(RuleOutcome(rule.id, rule.statement, outcome, rule.source))
        if outcome != "met":
            continue
        for effect in rule.effects:
            if isinstance(effect, Weigh):
                column = FEATURE_INDEX[effect.feature]
                weights[column] = weights[column] * effect.scale + effect.add
            elif isinstance(effect, WeighSought):
                for therapy in context.patient.therapies_sought:
                    weights[FEATURE_INDEX[therapy]] += effect.add
            elif isinstance(effect, Exclude | Require):
                selected = np.asarray(effect.where(context), dtype=np.bool_)
                mask = selected if isinstance(effect, Exclude) else ~selected
                masks[rule.id] = masks[rule.id] | mask if rule.id in masks else mask
                reason = render(effect.reason, context) or rule.statement
                for row in np.flatnonzero(mask):
                    if not excluded_by[row]:
                        excluded_by[row] = rule.id
                        reasons[row] = reason
            elif isinstance(effect, Caveat):
                text = render(effect.text, context)
                if text is None:
                    continue
                if effect.where is None:
                    caveats.append((rule.id, text))
                else:
                    selected = np.asarray(effect.where(context), dtype=np.bool_)
                    if selected.any():
                        hospital_caveats.append(HospitalCaveat(rule.id, text, selected))
    weights = np.maximum(weights, 0.0)
    weights.setflags(write=False)
    return AppliedRules(
        weights=weights,
        outcomes=tuple(outcomes),
        excluded_by=tuple(excluded_by),
        exclusion_reason=tuple(reasons),
        exclusion_masks=masks,
        caveats=tuple(caveats),
        hospital_caveats=tuple(hospital_caveats),
    )
