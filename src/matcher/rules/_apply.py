"""Apply rules in their declared order to one patient over the whole catalog at once."""

from __future__ import annotations

from collections.abc import Sequence
from typing import overload

import attrs
import numpy as np

from matcher.catalog._compiled import BoolArray, FloatArray, IntArray
from matcher.rules._rule import (
    Caveat,
    Effect,
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
    #: every exclusion that applied, in rule order: (rule id, reason)
    leaving: tuple[tuple[str, str], ...]
    #: per hospital, the position in ``leaving`` of the first exclusion that left it out (-1:
    #: none). The arrays are the truth; words per hospital are read from them when asked.
    first_exclusion: IntArray
    #: per excluding rule id, the mask of hospitals it would leave out on its own
    exclusion_masks: dict[str, BoolArray]
    caveats: tuple[tuple[str, str], ...]
    hospital_caveats: tuple[HospitalCaveat, ...]

    @property
    def excluded(self) -> BoolArray:
        """Per hospital, True where some rule left it out."""
        result: BoolArray = self.first_exclusion >= 0
        return result

    @property
    def eligible(self) -> BoolArray:
        """Hospitals no rule left out."""
        result: BoolArray = self.first_exclusion < 0
        return result

    @property
    def excluded_by(self) -> PerHospital:
        """Per hospital, the id of the first rule that left it out ("" where none did)."""
        return PerHospital(self.first_exclusion, tuple(rule_id for rule_id, _ in self.leaving))

    @property
    def exclusion_reason(self) -> PerHospital:
        """Per hospital, the reason the first rule that left it out gave ("" where none)."""
        return PerHospital(self.first_exclusion, tuple(reason for _, reason in self.leaving))

    def excluding_rules(self) -> frozenset[str]:
        """The ids of the rules that are the first to leave out some hospital."""
        used = np.unique(self.first_exclusion[self.first_exclusion >= 0])
        return frozenset(self.leaving[position][0] for position in used.tolist())


@attrs.frozen(eq=False)
class PerHospital(Sequence[str]):
    """A per-hospital column of words read from a code per hospital (-1 reads as "")."""

    codes: IntArray
    words: tuple[str, ...]

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...
    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        if isinstance(index, slice):
            return [self.words[c] if c >= 0 else "" for c in self.codes[index].tolist()]
        code = int(self.codes[index])
        return self.words[code] if code >= 0 else ""

    def __len__(self) -> int:
        return len(self.codes)


def apply_rules(
    rules: Sequence[Rule], context: MatchContext, base_weights: FloatArray
) -> AppliedRules:
    """Evaluate every rule for the patient and combine the effects of those that apply.

    Weights change in rule order; a hospital left out by several rules is reported with the
    first. No effect depends on hidden state: the same inputs give the same result.
    """
    n = context.encoded.n_hospitals
    weights = np.array(base_weights, dtype=np.float64)
    #: per hospital, the position in ``leaving`` of the first exclusion that left it out
    first = np.full(n, -1, dtype=np.int32)
    leaving: list[tuple[str, str]] = []
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
            if weigh(weights, effect, context):
                continue
            if isinstance(effect, Exclude | Require):
                mask = leaves_out(effect, context)
                masks[rule.id] = masks[rule.id] | mask if rule.id in masks else mask
                reason = render(effect.reason, context) or rule.statement
                first[mask & (first < 0)] = len(leaving)
                leaving.append((rule.id, reason))
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
    first.setflags(write=False)
    return AppliedRules(
        weights=weights,
        outcomes=tuple(outcomes),
        leaving=tuple(leaving),
        first_exclusion=first,
        exclusion_masks=masks,
        caveats=tuple(caveats),
        hospital_caveats=tuple(hospital_caveats),
    )


def rule_effects(
    rules: Sequence[Rule], context: MatchContext, base_weights: FloatArray
) -> tuple[FloatArray, BoolArray]:
    """The weights and the mask of left-out hospitals that :func:`apply_rules` would give.

    The same effects in the same order, without the outcomes, reasons and caveats that explain
    them: for scoring many patients, where only the ranking is kept.
    """
    weights = np.array(base_weights, dtype=np.float64)
    excluded = np.zeros(context.encoded.n_hospitals, dtype=np.bool_)
    for rule in rules:
        if rule.evaluate(context.patient) != "met":
            continue
        for effect in rule.effects:
            if not weigh(weights, effect, context) and isinstance(effect, Exclude | Require):
                excluded |= leaves_out(effect, context)
    weights = np.maximum(weights, 0.0)
    weights.setflags(write=False)
    return weights, excluded


def weigh(weights: FloatArray, effect: Effect, context: MatchContext) -> bool:
    """Apply a weight effect to ``weights`` in place; False (and no change) for other effects."""
    if isinstance(effect, Weigh):
        column = FEATURE_INDEX[effect.feature]
        weights[column] = weights[column] * effect.scale + effect.add
        return True
    if isinstance(effect, WeighSought):
        for therapy in context.patient.therapies_sought:
            weights[FEATURE_INDEX[therapy]] += effect.add
        return True
    return False


def leaves_out(effect: Exclude | Require, context: MatchContext) -> BoolArray:
    """The hospitals an exclusion or requirement leaves out."""
    selected = np.asarray(effect.where(context), dtype=np.bool_)
    return selected if isinstance(effect, Exclude) else ~selected
