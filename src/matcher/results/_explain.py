"""Explanations for one ranked hospital: contributions with the claim behind each, in words."""

from __future__ import annotations

import weakref
from typing import Final

import numpy as np

from matcher.catalog._compiled import FloatArray
from matcher.catalog._loader import Catalog
from matcher.catalog._rankings import SPECIALTY_NAMES
from matcher.catalog._schema import Claim, ClinicalClaim, Hospital, RankingClaim
from matcher.profile._names import cancer_name
from matcher.profile._vocab import SERVICES
from matcher.results._i18n import say
from matcher.results._sources import SourceRef
from matcher.results._values import Contribution, Reason
from matcher.scoring._features import FEATURE_INDEX, FEATURES, MODALITY_FEATURES, SERVICE_FEATURES
from matcher.scoring._language import BY_ENGLISH_SERVICE, ENGLISH_SERVICE
from matcher.scoring._patient_features import RANKING_FEATURES, PatientFeatures


def claim_for(
    feature: str, row: int, hospital: Hospital, features: PatientFeatures
) -> Claim | None:
    """The claim that gave this hospital its value for ``feature`` (None for derived features)."""
    if feature == "cancer_type_expertise":
        index = int(features.cancer_claim[row])
        return hospital.strengths[index] if index >= 0 else None
    if feature == "overall_oncology":
        index = int(features.general_claim[row])
        return hospital.strengths[index] if index >= 0 else None
    if feature == "breast_gynae_expertise":
        index = int(features.breast_gynae_claim[row])
        return hospital.strengths[index] if index >= 0 else None
    if feature in MODALITY_FEATURES:
        index = int(features.modality_claim[row, MODALITY_FEATURES.index(feature)])
        return hospital.modalities[index] if index >= 0 else None
    if feature in SERVICE_FEATURES:
        index = int(features.service_claim[row, SERVICE_FEATURES.index(feature)])
        return hospital.services[index] if index >= 0 else None
    if feature in RANKING_FEATURES:
        index = int(features.ranking_claim[row, RANKING_FEATURES.index(feature)])
        return hospital.rankings[index] if index >= 0 else None
    if feature == "international_services":
        column = int(features.international_service[row])
        if column >= 0:
            wanted = SERVICES[column]
            return max(
                (claim for claim in hospital.services if claim.service == wanted),
                key=lambda claim: claim.level,
            )
        english = [claim for claim in hospital.languages if claim.language == "en"]
        return english[0] if english else None
    if feature == "language":
        index = int(features.language_claim[row])
        if index >= 0:
            return hospital.languages[index]
        if index == BY_ENGLISH_SERVICE:
            return next(s for s in hospital.services if s.service == ENGLISH_SERVICE)
    return None


def _words(
    feature: str, label: str, claim: Claim | None, hospital: Hospital, narrower: bool
) -> str:
    """A reason in English, from the message catalogue (``_i18n.translate`` gives it in Chinese);
    a reason resting on a children-only claim says so (a known adult is never given one)."""
    text = _claim_words(feature, label, claim, hospital, narrower)
    if isinstance(claim, ClinicalClaim) and claim.population == "children":
        return say("reason.children-only", "en", reason=text)
    return text


def _claim_words(
    feature: str, label: str, claim: Claim | None, hospital: Hospital, narrower: bool
) -> str:
    level = getattr(claim, "level", None) or 2
    if feature in ("cancer_type_expertise", "breast_gynae_expertise") and claim is not None:
        name = cancer_name(getattr(claim, "cancer_type", ""))
        text = say(f"reason.strength.{level}", "en", cancer=name)
        return say("reason.narrower", "en", reason=text) if narrower else text
    if feature == "overall_oncology":
        return say(f"reason.strength.{level}", "en", cancer=say("reason.general", "en"))
    if feature in RANKING_FEATURES and isinstance(claim, RankingClaim):
        specialty = SPECIALTY_NAMES.get(claim.specialty or "", claim.specialty or "")
        return say(
            "reason.ranked", "en", position=claim.position, specialty=specialty, year=claim.year
        )
    if feature == "evidence":
        return say("reason.evidence", "en", evidence=hospital.evidence)
    if feature == "childrens_hospital":
        return say("reason.childrens", "en")
    if feature == "city_preference":
        return say("reason.city", "en")
    if feature == "language":
        return say("reason.language", "en")
    if feature == "international_services" and claim is not None and not hasattr(claim, "level"):
        return say("reason.english", "en")
    return say(f"reason.offer.{level}", "en", label=label)


#: Per catalog, the reference of each claim read so far, by the claim's identity (the claims
#: live as long as their catalog): a reference is the same value every time a claim is cited.
_REFS: Final[weakref.WeakKeyDictionary[Catalog, dict[int, SourceRef]]] = weakref.WeakKeyDictionary()


def _source_ref(catalog: Catalog, claim: Claim) -> SourceRef:
    """The reference for a claim of this catalog (built once per claim)."""
    known = _REFS.get(catalog)
    if known is None:
        known = _REFS.setdefault(catalog, {})
    found = known.get(id(claim))
    if found is None:
        found = SourceRef.of(claim.source, catalog.sources[claim.source], claim)
        known[id(claim)] = found
    return found


def explain(
    row: int,
    hospital: Hospital,
    catalog: Catalog,
    features: PatientFeatures,
    contribution_row: FloatArray,
    weights: FloatArray,
) -> tuple[tuple[Contribution, ...], tuple[Reason, ...], tuple[SourceRef, ...]]:
    """Contributions (every weighted feature), reasons (those that scored) and their sources."""
    contributions: list[Contribution] = []
    reasons: list[Reason] = []
    sources: dict[tuple[str, str], SourceRef] = {}
    narrower = bool(features.cancer_claim_narrower[row])
    for feature in FEATURES:
        column = FEATURE_INDEX[feature.name]
        if weights[column] <= 0:
            continue
        points = float(contribution_row[column])
        claim = claim_for(feature.name, row, hospital, features) if points > 0 else None
        evidence = _source_ref(catalog, claim) if claim else None
        contributions.append(
            Contribution(
                feature=feature.name,
                label=feature.label,
                value=float(features.values[row, column]),
                weight=float(weights[column]),
                points=points,
                evidence=evidence,
            )
        )
        if points > 0:
            text = _words(feature.name, feature.label, claim, hospital, narrower)
            reasons.append(Reason(text=text, points=points, source=evidence))
            if evidence is not None:
                sources.setdefault((evidence.id, evidence.quote), evidence)
    order = np.argsort([-reason.points for reason in reasons], kind="stable")
    return tuple(contributions), tuple(reasons[i] for i in order), tuple(sources.values())
