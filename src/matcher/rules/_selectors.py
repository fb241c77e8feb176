"""Selectors: which hospitals an effect applies to, as one boolean mask over the catalog."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Final, Literal

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
    return _for_the_patient(_particle_centre_without_systemic_therapy, context)


def _particle_centre_without_systemic_therapy(
    context: MatchContext, sought: Sequence[tuple[str, ...]]
) -> BoolArray:
    systemic = (
        (context.feature("chemotherapy") > 0)
        | (context.feature("targeted") > 0)
        | (context.feature("immunotherapy") > 0)
    )
    return _unless_particles_sought(context.encoded.particle_centre & ~systemic, sought)


def _for_the_patient(select: ManySelector, context: MatchContext) -> BoolArray:
    """What a selector answering for many lists of therapies sought gives the patient's own."""
    selected: BoolArray = select(context, (context.patient.therapies_sought,))[0]
    return selected


_PARTICLES: Final = frozenset({"proton", "heavy_ion"})


def _unless_particles_sought(selected: BoolArray, sought: Sequence[tuple[str, ...]]) -> BoolArray:
    """``selected`` for each list of therapies sought, nothing where it names a particle therapy."""
    particles = np.array([not _PARTICLES.isdisjoint(therapies) for therapies in sought], bool)
    result: BoolArray = selected[None, :] & ~particles[:, None]
    return result


def tcm_hospital_with_only_general_evidence(context: MatchContext) -> BoolArray:
    """TCM or integrated-medicine hospitals eligible only through cancer care in general."""
    return context.encoded.tcm_hospital & only_general_evidence(context)


def particle_centre_with_only_general_evidence(context: MatchContext) -> BoolArray:
    """Particle-therapy centres eligible only through cancer care in general, unless the
    patient seeks particle therapy."""
    return _for_the_patient(_particle_centre_with_only_general_evidence, context)


def _particle_centre_with_only_general_evidence(
    context: MatchContext, sought: Sequence[tuple[str, ...]]
) -> BoolArray:
    selected = context.encoded.particle_centre & only_general_evidence(context)
    return _unless_particles_sought(selected, sought)


def adult_care_with_only_general_evidence(context: MatchContext) -> BoolArray:
    """Hospitals eligible only through cancer care in general that show no care for children:
    not a children's hospital, no claim about children, no place in the paediatrics rankings;
    none when the patient seeks particle therapy (which such a centre may give children)."""
    return _for_the_patient(_adult_care_with_only_general_evidence, context)


def _adult_care_with_only_general_evidence(
    context: MatchContext, sought: Sequence[tuple[str, ...]]
) -> BoolArray:
    encoded = context.encoded
    children = (
        encoded.childrens_hospital
        | encoded.cares_for_children
        | (context.feature("paediatric_ranking") > 0)
    )
    return _unless_particles_sought(~children & only_general_evidence(context), sought)


def offers_tcm(context: MatchContext) -> BoolArray:
    """Hospitals with a sourced claim of TCM care, and TCM hospitals."""
    return (context.feature("tcm") > 0) | context.encoded.tcm_hospital


def in_patient_cities(context: MatchContext) -> BoolArray:
    """Hospitals in one of the patient's cities."""
    from matcher.scoring._patient_features import in_cities

    return in_cities(context.encoded, context.patient.cities)


def _in_cities(context: MatchContext, city_lists: Sequence[tuple[str, ...]]) -> BoolArray:
    """Per list of cities, the hospitals in one of them: one table lookup for all lists."""
    from matcher.scoring._patient_features import catalog_index, cities_named

    result: BoolArray = cities_named(context.encoded, city_lists)[
        :, catalog_index(context.encoded).hospital_city
    ]
    return result


def may_offer_a_sought_therapy(context: MatchContext) -> BoolArray:
    """Hospitals that offer a therapy the patient seeks, or may: unknown is not "no".

    A sought therapy rules a hospital out only where a source says it is not offered, where
    the therapy is one the catalog lists completely (``Catalog.complete_for``: facility-bound
    ones such as proton and heavy-ion therapy) and the hospital has no claim of it, or where the
    hospital is a particle-therapy centre (a facility: it offers what its sources say).
    """
    return _for_the_patient(_may_offer_a_sought_therapy, context)


def _may_offer_a_sought_therapy(
    context: MatchContext, sought: Sequence[tuple[str, ...]]
) -> BoolArray:
    facility = context.encoded.particle_centre  # offers what its sources say, nothing more

    def may_offer(therapies: list[str]) -> BoolArray:
        confirmed = _therapy_columns(context, therapies) > 0
        complete = np.array([t in context.catalog.complete_for for t in therapies], bool)
        denied = context.encoded.modality_denied[:, [MODALITY_COLUMN[t] for t in therapies]]
        possible: BoolArray = confirmed | (~denied & ~facility[:, None] & ~complete)
        return possible

    return _any_therapy(sought, may_offer, context.encoded.n_hospitals)


def unconfirmed_sought_therapy(context: MatchContext) -> BoolArray:
    """Hospitals where some therapy the patient seeks is not confirmed by a source."""
    return _for_the_patient(_unconfirmed_sought_therapy, context)


def _unconfirmed_sought_therapy(
    context: MatchContext, sought: Sequence[tuple[str, ...]]
) -> BoolArray:
    def unconfirmed(therapies: list[str]) -> BoolArray:
        found: BoolArray = _therapy_columns(context, therapies) <= 0
        return found

    return _any_therapy(sought, unconfirmed, context.encoded.n_hospitals)


def _therapy_columns(context: MatchContext, therapies: list[str]) -> np.ndarray:
    """The feature columns of these therapies (hospitals x therapies)."""
    from matcher.scoring._features import FEATURE_INDEX

    return context.features.values[:, [FEATURE_INDEX[t] for t in therapies]]


def _any_therapy(
    sought: Sequence[tuple[str, ...]],
    masks: Callable[[list[str]], BoolArray],
    n_hospitals: int,
) -> BoolArray:
    """Per list of therapies, the hospitals that ``masks`` (hospitals x the therapies it is
    given) picks for some therapy in the list; each therapy's column computed once."""
    therapies = list(dict.fromkeys(t for listed in sought for t in listed))
    if not therapies:
        return np.zeros((len(sought), n_hospitals), dtype=np.bool_)
    column = {therapy: index for index, therapy in enumerate(therapies)}
    names = np.zeros((len(sought), len(therapies)), dtype=np.float32)
    rows = np.repeat(np.arange(len(sought)), [len(listed) for listed in sought])
    names[rows, [column[t] for listed in sought for t in listed]] = 1.0  # all lists at once
    picked = masks(therapies).astype(np.float32)
    result: BoolArray = (names @ picked.T) > 0  # how many of the list's therapies pick each
    return result


def particle_centre_without_surgery(context: MatchContext) -> BoolArray:
    """Particle-therapy centres with no sourced surgery, unless the patient seeks particles."""
    return _for_the_patient(_particle_centre_without_surgery, context)


def _particle_centre_without_surgery(
    context: MatchContext, sought: Sequence[tuple[str, ...]]
) -> BoolArray:
    selected = context.encoded.particle_centre & (context.feature("surgery") <= 0)
    return _unless_particles_sought(selected, sought)


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


#: A selector's answer for many values of one profile field at once: given a context and values
#: of the field, per value the hospitals the selector picks for the context's patient with that
#: field set to the value (values x hospitals). It reads the field from the values only, and no
#: feature column that depends on the field.
ManySelector = Callable[[MatchContext, Sequence[tuple[str, ...]]], BoolArray]


@attrs.frozen
class ForMany:
    """How a selector answers for many values of the profile field ``field`` at once."""

    field: str
    select: ManySelector


_FOR_MANY: Final[dict[object, ForMany]] = {
    in_patient_cities: ForMany("cities", _in_cities),
    may_offer_a_sought_therapy: ForMany("therapies_sought", _may_offer_a_sought_therapy),
    unconfirmed_sought_therapy: ForMany("therapies_sought", _unconfirmed_sought_therapy),
    particle_centre_without_surgery: ForMany("therapies_sought", _particle_centre_without_surgery),
    particle_centre_without_systemic_therapy: ForMany(
        "therapies_sought", _particle_centre_without_systemic_therapy
    ),
    particle_centre_with_only_general_evidence: ForMany(
        "therapies_sought", _particle_centre_with_only_general_evidence
    ),
    adult_care_with_only_general_evidence: ForMany(
        "therapies_sought", _adult_care_with_only_general_evidence
    ),
}


def for_many(selector: object) -> ForMany | None:
    """How ``selector`` answers for many values of one profile field at once (None when it
    answers for one patient at a time only). Row ``i`` of its answer for ``values`` is what the
    selector gives the same patient with that field set to ``values[i]``."""
    try:
        return _FOR_MANY.get(selector)
    except TypeError:  # an unhashable selector of someone else's
        return None
