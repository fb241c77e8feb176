"""Selectors: which hospitals an effect applies to, as one boolean mask over the catalog."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

import attrs
import numpy as np

from matcher.catalog._compiled import EVIDENCE_VALUE, MODALITY_COLUMN, BoolArray
from matcher.profile._biomarkers import actionability
from matcher.profile._names import display_name
from matcher.rules._rule import MatchContext


def lacks_cancer_evidence(context: MatchContext) -> BoolArray:
    """No sourced claim for the patient's cancer type, a broader or narrower type, or cancer care
    in general, and no place in the ranking of a specialty that speaks for the cancer."""
    features = context.features
    return ~(
        features.has_type_evidence | features.has_disease_standing | features.has_general_evidence
    )


def only_general_evidence(context: MatchContext) -> BoolArray:
    """Eligible only through a claim about cancer care in general."""
    features = context.features
    for_disease = features.has_type_evidence | features.has_disease_standing
    return ~for_disease & features.has_general_evidence


def only_childrens_evidence(context: MatchContext) -> BoolArray:
    """For a known adult: hospitals whose only evidence for the cancer is in claims that speak
    of children alone (the adult's features leave those claims out; the catalog's whole
    features would hold them). Nobody otherwise."""
    encoded = context.encoded
    if not context.patient.adult or encoded.adult is None:
        return np.zeros(encoded.n_hospitals, dtype=np.bool_)
    from matcher.scoring._patient_features import type_features

    everyone = type_features(encoded, context.patient.cancer_type)
    evidence = (
        everyone.has_type_evidence | everyone.has_disease_standing | everyone.has_general_evidence
    )
    return evidence & lacks_cancer_evidence(context)


def thin_evidence(context: MatchContext) -> BoolArray:
    """Hospitals the catalog knows little more than by name."""
    return context.encoded.evidence <= EVIDENCE_VALUE["thin"]


def tcm_hospital(context: MatchContext) -> BoolArray:
    """Hospitals of Traditional Chinese Medicine or integrated medicine."""
    return context.encoded.tcm_hospital


def childrens_hospital(context: MatchContext) -> BoolArray:
    """Children's hospitals."""
    return context.encoded.childrens_hospital


def particle_centre_without_systemic_therapy(context: MatchContext) -> BoolArray:
    """Particle-therapy centres with no sourced systemic therapy, unless particles are sought."""
    if {"proton", "heavy_ion"} & set(context.patient.therapies_sought):
        return np.zeros(context.encoded.n_hospitals, dtype=np.bool_)
    systemic = (
        (context.feature("chemotherapy") > 0)
        | (context.feature("targeted") > 0)
        | (context.feature("immunotherapy") > 0)
    )
    return context.encoded.particle_centre & ~systemic


def tcm_hospital_with_only_general_evidence(context: MatchContext) -> BoolArray:
    """TCM or integrated-medicine hospitals eligible only through cancer care in general."""
    return context.encoded.tcm_hospital & only_general_evidence(context)


def particle_centre_with_only_general_evidence(context: MatchContext) -> BoolArray:
    """Particle-therapy centres eligible only through cancer care in general, unless the
    patient seeks particle therapy."""
    if {"proton", "heavy_ion"} & set(context.patient.therapies_sought):
        return np.zeros(context.encoded.n_hospitals, dtype=np.bool_)
    return context.encoded.particle_centre & only_general_evidence(context)


def adult_care_with_only_general_evidence(context: MatchContext) -> BoolArray:
    """Hospitals eligible only through cancer care in general that show no care for children:
    not a children's hospital, no claim about children, no place in the paediatrics rankings;
    none when the patient seeks particle therapy (which such a centre may give children)."""
    if {"proton", "heavy_ion"} & set(context.patient.therapies_sought):
        return np.zeros(context.encoded.n_hospitals, dtype=np.bool_)
    encoded = context.encoded
    children = (
        encoded.childrens_hospital
        | encoded.cares_for_children
        | (context.feature("paediatric_ranking") > 0)
    )
    return ~children & only_general_evidence(context)


def offers_tcm(context: MatchContext) -> BoolArray:
    """Hospitals with a sourced claim of TCM care, and TCM hospitals."""
    return (context.feature("tcm") > 0) | context.encoded.tcm_hospital


def in_patient_cities(context: MatchContext) -> BoolArray:
    """Hospitals in one of the patient's cities."""
    from matcher.scoring._patient_features import in_cities

    return in_cities(context.encoded, context.patient.cities)


def may_offer_a_sought_therapy(context: MatchContext) -> BoolArray:
    """Hospitals that offer a therapy the patient seeks, or may: unknown is not "no".

    A sought therapy rules a hospital out only where a source says it is not offered, where
    the therapy is one the catalog lists completely (``Catalog.complete_for``: facility-bound
    ones such as proton and heavy-ion therapy) and the hospital has no claim of it, or where the
    hospital is a particle-therapy centre (a facility: it offers what its sources say).
    """
    possible = np.zeros(context.encoded.n_hospitals, dtype=np.bool_)
    facility = context.encoded.particle_centre  # offers what its sources say, nothing more
    for therapy in context.patient.therapies_sought:
        confirmed = context.feature(therapy) > 0
        if therapy in context.catalog.complete_for:
            possible |= confirmed
        else:
            denied = context.encoded.modality_denied[:, MODALITY_COLUMN[therapy]]
            possible |= confirmed | (~denied & ~facility)
    return possible


def unconfirmed_sought_therapy(context: MatchContext) -> BoolArray:
    """Hospitals where some therapy the patient seeks is not confirmed by a source."""
    unconfirmed = np.zeros(context.encoded.n_hospitals, dtype=np.bool_)
    for therapy in context.patient.therapies_sought:
        unconfirmed |= context.feature(therapy) <= 0
    return unconfirmed


def particle_centre_without_surgery(context: MatchContext) -> BoolArray:
    """Particle-therapy centres with no sourced surgery, unless the patient seeks particles."""
    if {"proton", "heavy_ion"} & set(context.patient.therapies_sought):
        return np.zeros(context.encoded.n_hospitals, dtype=np.bool_)
    return context.encoded.particle_centre & (context.feature("surgery") <= 0)


@attrs.frozen
class Lacks:
    """Selects hospitals whose value for ``feature`` is zero (no sourced claim).

    A value rather than a closure, so that rules (and results that keep them) can be pickled.
    """

    feature: str

    @property
    def __name__(self) -> str:
        return f"lacks_{self.feature}"

    def __call__(self, context: MatchContext) -> BoolArray:
        selected: BoolArray = context.feature(self.feature) <= 0
        return selected


def lacks(feature: str) -> Callable[[MatchContext], BoolArray]:
    """Hospitals whose value for ``feature`` is zero (no sourced claim)."""
    return Lacks(feature)


def unoffered_therapies(context: MatchContext) -> str | None:
    """A caveat naming sought therapies that no hospital with evidence for the cancer offers."""
    relevant = ~lacks_cancer_evidence(context)
    missing = [
        t for t in context.patient.therapies_sought if not (context.feature(t)[relevant] > 0).any()
    ]
    if not missing:
        return None
    from matcher.scoring._features import FEATURE_INDEX, FEATURES

    names = ", ".join(FEATURES[FEATURE_INDEX[t]].label for t in missing)
    cancer = display_name(context.patient.cancer_type)
    return (
        f"No hospital with sourced evidence for {cancer} has a sourced "
        f"claim of {names}; the ranking could not take it into account."
    )


def unconfirmed_language(context: MatchContext) -> BoolArray:
    """Hospitals where no source confirms care in a language the patient speaks."""
    from matcher.scoring._language import confirmed_languages

    return ~confirmed_languages(context.encoded, context.patient.languages)


@attrs.frozen
class TierCaveat:
    """A caveat giving the tier of each of the patient's findings in ``tiers``, the treatment and
    the approval it rests on; it never repeats a profile value.

    A value rather than a closure, so that rules (and results that keep them) can be pickled.
    """

    therapy: Literal["targeted", "immunotherapy"]
    tiers: tuple[str, ...]

    @property
    def __name__(self) -> str:
        return f"tier_caveat_{self.therapy}"

    def __call__(self, context: MatchContext) -> str | None:
        parts = []
        for found in actionability(context.patient.cancer_type, context.patient.biomarkers):
            if found.therapy != self.therapy or found.tier not in self.tiers:
                continue
            source = found.evidence[0]
            parts.append(
                f"a {self.therapy} finding in the profile is tier {found.tier} in "
                f"{context.words['cancer']} ({found.meaning}): {found.treatment}; source: "
                f"{source.title} ({source.publisher}, {source.authority}), {source.url}"
            )
        return "; ".join(dict.fromkeys(parts)) or None


def tier_caveat(
    therapy: Literal["targeted", "immunotherapy"], tiers: tuple[str, ...]
) -> Callable[[MatchContext], str | None]:
    """The caveat naming each finding's tier, treatment and source (see :class:`TierCaveat`)."""
    return TierCaveat(therapy, tiers)
