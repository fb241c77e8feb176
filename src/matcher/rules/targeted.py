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

from typing import Final

from matcher.profile._biomarkers._actionability import Tier
from matcher.rules._conditions import BestTier, DnaChangeWithoutEffect, Her2ClassIs
from matcher.rules._rule import Caveat, Rule, Weigh
from matcher.rules._selectors import tier_caveat


def _tier_rule(tier: Tier, statement: str, *effects: Weigh) -> Rule:
    return Rule(
        id=f"biomarker.targeted-tier-{tier.lower()}",
        statement=statement,
        when=BestTier("targeted", (tier,)),
        effects=(*effects, Caveat(tier_caveat("targeted", (tier,)))),
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
        Caveat(tier_caveat("immunotherapy", ("1A", "1B", "2"))),
    ),
)

HER2_LOW: Final = Rule(
    id="biomarker.her2-low",
    statement="HER2-low (IHC 1+, or 2+ without ISH amplification) and HER2-ultralow (IHC 0 with "
    "membrane staining) are HER2-negative for trastuzumab, but a HER2-directed antibody-drug "
    "conjugate treats them in breast cancer.",
    when=Her2ClassIs(("low", "ultralow")),
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


VARIANT_EFFECT_UNKNOWN: Final = Rule(
    id="biomarker.variant-effect-not-established",
    statement="A DNA change given without its protein change is kept as a variant that is "
    "present, with its effect not established: it does not count as an actionable driver "
    "unless its gene's table says so.",
    when=DnaChangeWithoutEffect(),
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
