"""Targeted-therapy rules that weigh a finding by its tier in the patient's tumour type.

The tiers come from ``data/actionability.json`` (``matcher.profile._biomarkers.actionability``):
1A approved for the finding in this tumour type, 1B approved there on single-arm evidence or
under accelerated approval, 2 approved tumour-agnostically, 3 approved only in other tumour
types. The better the tier, the more targeted-therapy expertise weighs; the weaker, the more
clinical-trial access weighs. These rules add to ``biomarker.actionable-driver``, which weighs
any flagged driver alike. Each rule's caveat gives the tier, the treatment and the approval notice
it rests on (title, publisher, authority, address; the quotes are in the data file); like every
result, it never repeats a profile value.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Final

import attrs

from matcher.profile._biomarkers import (
    Actionability,
    Biomarker,
    actionability,
    her2_class,
    variant_of,
)
from matcher.profile._biomarkers._actionability import Therapy, Tier
from matcher.rules._rule import Caveat, Rule, Weigh

if TYPE_CHECKING:
    from matcher.profile._patient import Patient
    from matcher.rules._rule import MatchContext


def _tiered(patient: Patient, therapy: Therapy) -> tuple[Actionability, ...]:
    return tuple(
        found
        for found in actionability(patient.cancer_type, patient.biomarkers)
        if found.therapy == therapy
    )


@attrs.frozen
class BestTier:
    """The best tier among the patient's results for a therapy class is one of ``tiers``.

    Unknown when no biomarkers were given; not met when none is in the table.
    """

    therapy: Therapy
    tiers: tuple[Tier, ...]

    def test(self, patient: Patient) -> bool | None:
        if not patient.biomarkers:
            return None
        found = _tiered(patient, self.therapy)
        return bool(found) and min(f.tier for f in found) in self.tiers

    def describe(self) -> str:
        return f"a {self.therapy} finding of tier {' or '.join(self.tiers)} in this tumour type"


@attrs.frozen
class HasResult:
    """Some biomarker result passes the test; unknown when no biomarkers were given."""

    passes: Callable[[Biomarker], bool]
    label: str

    def test(self, patient: Patient) -> bool | None:
        if not patient.biomarkers:
            return None
        return any(self.passes(biomarker) for biomarker in patient.biomarkers)

    def describe(self) -> str:
        return self.label


def _tier_caveat(therapy: Therapy, tiers: tuple[Tier, ...]) -> Callable[[MatchContext], str]:
    def text(context: MatchContext) -> str:
        found = [f for f in _tiered(context.patient, therapy) if f.tier in tiers]
        cancer = context.words["cancer"]
        parts = []
        for f in found:
            source = f.evidence[0]
            parts.append(
                f"a {therapy} finding in the profile is tier {f.tier} in {cancer} ({f.meaning}): "
                f"{f.treatment}; source: {source.title} ({source.publisher}, {source.authority}), "
                f"{source.url}"
            )
        return "; ".join(dict.fromkeys(parts))

    return text


def _tier_rule(tier: Tier, statement: str, *effects: Weigh) -> Rule:
    return Rule(
        id=f"biomarker.targeted-tier-{tier.lower()}",
        statement=statement,
        when=BestTier("targeted", (tier,)),
        effects=(*effects, Caveat(_tier_caveat("targeted", (tier,)))),
    )


TIER_1A: Final = _tier_rule(
    "1A",
    "A finding with a regular approval of a targeted therapy in this tumour type (tier 1A) "
    "weighs targeted-therapy expertise most.",
    Weigh("targeted", add=1.5),
)
TIER_1B: Final = _tier_rule(
    "1B",
    "A finding with an accelerated or single-arm approval of a targeted therapy in this tumour "
    "type (tier 1B) weighs targeted-therapy expertise and trial access.",
    Weigh("targeted", add=1.0),
    Weigh("clinical_trial", add=0.5),
)
TIER_2: Final = _tier_rule(
    "2",
    "A finding with a tumour-agnostic approval (tier 2) weighs trial access and "
    "targeted-therapy expertise.",
    Weigh("targeted", add=0.5),
    Weigh("clinical_trial", add=1.0),
)
TIER_3: Final = _tier_rule(
    "3",
    "A finding whose targeted therapy is approved only in other tumour types (tier 3) weighs "
    "clinical-trial access: treatment here would be off-label or in a trial.",
    Weigh("clinical_trial", add=1.5),
)

IMMUNOTHERAPY_APPROVED: Final = Rule(
    id="biomarker.immunotherapy-approved",
    statement="A finding with an approved immunotherapy in this tumour type or tumour-agnostically "
    "(tier 1A, 1B or 2) weighs immunotherapy expertise further.",
    when=BestTier("immunotherapy", ("1A", "1B", "2")),
    effects=(
        Weigh("immunotherapy", add=1.0),
        Caveat(_tier_caveat("immunotherapy", ("1A", "1B", "2"))),
    ),
)

HER2_LOW: Final = Rule(
    id="biomarker.her2-low",
    statement="HER2-low (IHC 1+, or 2+ without ISH amplification) and HER2-ultralow (IHC 0 with "
    "membrane staining) are HER2-negative for trastuzumab, but a HER2-directed antibody-drug "
    "conjugate treats them in breast cancer.",
    when=HasResult(
        lambda b: her2_class(b) in ("low", "ultralow"), "a HER2-low or -ultralow result"
    ),
    effects=(
        Caveat(
            "HER2-low or HER2-ultralow is recorded as HER2-negative, yet it is a treatment "
            "target: trastuzumab deruxtecan is approved for HER2-low and HER2-ultralow "
            "metastatic breast cancer (source: FDA Approves AstraZeneca, Daiichi Sankyo's "
            "Enhertu in HER2-Ultralow Breast Cancer, Precision Medicine Online, news, "
            "https://www.precisionmedicineonline.com/precision-oncology/fda-approves-"
            "astrazeneca-daiichi-sankyos-enhertu-her2-ultralow-breast-cancer)"
        ),
    ),
)


def _effect_unknown(biomarker: Biomarker) -> bool:
    variant = variant_of(biomarker)
    return variant is not None and not variant.effect_established and biomarker.status == "positive"


VARIANT_EFFECT_UNKNOWN: Final = Rule(
    id="biomarker.variant-effect-not-established",
    statement="A DNA change given without its protein change is kept as a variant that is "
    "present, with its effect not established: it does not count as an actionable driver "
    "unless its gene's table says so.",
    when=HasResult(_effect_unknown, "a DNA change without an established protein effect"),
    effects=(
        Caveat(
            "a variant was given as a DNA change (c. or g.) whose protein effect is not in our "
            "sourced table: it is read as present, effect not established; ask the laboratory "
            "for the protein change (p.) and its classification"
        ),
    ),
)

RULES: Final = (
    TIER_1A,
    TIER_1B,
    TIER_2,
    TIER_3,
    IMMUNOTHERAPY_APPROVED,
    HER2_LOW,
    VARIANT_EFFECT_UNKNOWN,
)
