"""recommend(): profile -> Patient -> rules -> scores -> ranked, explained Recommendations."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Final

import attrs
import numpy as np

from matcher.catalog._compiled import FloatArray
from matcher.catalog._loader import Catalog, default_catalog
from matcher.profile._names import display_name
from matcher.profile._patient import Patient, as_patient
from matcher.results._exclusions import ExclusionTable, RankedIds
from matcher.results._explain import explain
from matcher.results._values import Query, Recommendation, Recommendations, Relaxation
from matcher.rules import DEFAULT_RULES, AppliedRules, MatchContext, Rule, apply_rules
from matcher.scoring._features import FEATURE_NAMES
from matcher.scoring._language import with_languages
from matcher.scoring._model import contributions, rank_order, scores
from matcher.scoring._patient_features import PatientFeatures, catalog_index, patient_features
from matcher.scoring._weights import DEFAULT_WEIGHTS, Weights

#: The patient's hard constraints, by the rule that enforces each, in words for relaxing them.
RELAXABLE: Final = MappingProxyType(
    {
        "city.only": "city_mode 'only' (use 'prefer')",
        "tcm.avoid": "tcm_preference 'avoid' (use 'neutral')",
        "tcm.require": "tcm_preference 'require' (use 'prefer')",
        "preference.therapies-sought": "therapies_sought",
    }
)


def recommend(
    profile: Patient | Mapping[str, object],
    top_k: int = 5,
    catalog: Catalog | None = None,
    *,
    weights: Weights | None = None,
    rules: Sequence[Rule] | None = None,
) -> Recommendations:
    """Rank the catalog's hospitals for a patient, with reasons, caveats and sources.

    Parameters
    ----------
    profile
        A :class:`Patient` or a mapping of profile fields (only ``cancer_type`` is required).
    top_k
        The most hospitals to return (default 5).
    catalog
        A :class:`Catalog`; ``None`` uses the default catalog shipped with matcher.
    weights
        Base feature weights; ``None`` uses the expert defaults.
    rules
        The rules to apply, in order; ``None`` uses ``matcher.rules.DEFAULT_RULES``.

    Raises
    ------
    ProfileError
        When the profile cannot be understood (the message names the field).
    """
    patient = as_patient(profile)
    top_k, catalog, weights, rules = settings(top_k, catalog, weights, rules)
    return build_recommendations(score_patient(patient, catalog, weights, rules), top_k)


def settings(
    top_k: object, catalog: object, weights: object, rules: Sequence[Rule] | None
) -> tuple[int, Catalog, Weights, tuple[Rule, ...]]:
    """Check recommend()'s settings and fill in the defaults; ValueError or TypeError if wrong."""
    if isinstance(top_k, bool) or not isinstance(top_k, int | np.integer) or top_k < 1:
        raise ValueError(f"top_k must be a whole number of at least 1, not {top_k!r}")
    catalog = default_catalog() if catalog is None else catalog
    if not isinstance(catalog, Catalog):
        raise TypeError(f"catalog must be a matcher.Catalog or None, not {type(catalog).__name__}")
    weights = DEFAULT_WEIGHTS if weights is None else weights
    if not isinstance(weights, Weights):
        raise TypeError(f"weights must be a matcher.Weights or None, not {type(weights).__name__}")
    return int(top_k), catalog, weights, DEFAULT_RULES if rules is None else tuple(rules)


@attrs.frozen(eq=False)
class Scored:
    """One patient scored against a whole catalog: the inputs and every intermediate array."""

    patient: Patient
    catalog: Catalog
    weights: Weights
    rules: tuple[Rule, ...]
    features: PatientFeatures
    applied: AppliedRules
    contribution: FloatArray
    score: FloatArray


def score_patient(
    patient: Patient, catalog: Catalog, weights: Weights, rules: tuple[Rule, ...]
) -> Scored:
    """Apply the rules and the weighted model to every hospital of the catalog (no ranking)."""
    encoded = catalog.encoded
    features = patient_features(encoded, patient.cancer_type, patient.cities, adult=patient.adult)
    features = with_languages(features, encoded, patient.languages)
    context = MatchContext(patient=patient, catalog=catalog, encoded=encoded, features=features)
    applied = apply_rules(rules, context, weights.vector())
    contribution = contributions(features.values, applied.weights)
    return Scored(
        patient=patient,
        catalog=catalog,
        weights=weights,
        rules=rules,
        features=features,
        applied=applied,
        contribution=contribution,
        score=scores(contribution),
    )


def build_recommendations(scored: Scored, top_k: int) -> Recommendations:
    """Rank the eligible hospitals and explain the best ``top_k``."""
    catalog, applied, score = scored.catalog, scored.applied, scored.score
    encoded = catalog.encoded
    eligible = applied.eligible
    candidates = np.flatnonzero(eligible)
    order = rank_order(score, encoded.id_rank, candidates, top_k)
    eligible_scores = score[candidates]
    fired = tuple(outcome.rule_id for outcome in applied.outcomes if outcome.fired)
    items = []
    for rank, row in enumerate(order, start=1):
        hospital = catalog.hospitals[row]
        parts, reasons, sources = explain(
            row, hospital, catalog, scored.features, scored.contribution[row], applied.weights
        )
        items.append(
            Recommendation(
                rank=rank,
                hospital=hospital,
                score=float(score[row]),
                contributions=parts,
                reasons=reasons,
                caveats=tuple(c.text for c in applied.hospital_caveats if c.mask[row]),
                sources=sources,
                rules=fired,
                tied=int(np.count_nonzero(eligible_scores == score[row])) > 1,
            )
        )
    # The left-out rows in hospital-id order, as arrays: Exclusion values are built only when
    # someone reads ``recs.excluded`` (see results/_exclusions.py).
    by_id = catalog_index(encoded).by_id
    left_out = by_id[applied.first_exclusion[by_id] >= 0]
    excluded = ExclusionTable(
        catalog.hospitals, left_out, applied.first_exclusion[left_out], applied.leaving
    )
    relaxations = _relaxations(applied, catalog, score)
    patient = scored.patient
    return Recommendations(
        items=tuple(items),
        excluded=excluded,
        rules=applied.outcomes,
        caveats=(*patient.caveats, *(text for _, text in applied.caveats)),
        relaxations=relaxations,
        weights=MappingProxyType(
            dict(zip(FEATURE_NAMES, map(float, applied.weights), strict=True))
        ),
        n_eligible=len(candidates),
        top_k=top_k,
        catalog_version=catalog.data_version,
        message="" if items else _empty_message(patient, catalog, applied, relaxations),
        query=Query(patient, catalog, scored.weights, scored.rules),
    )


def _relaxations(
    applied: AppliedRules, catalog: Catalog, score: np.ndarray
) -> tuple[Relaxation, ...]:
    """For each hard constraint of the patient's, what dropping it alone would bring back."""
    masks = applied.exclusion_masks
    found = []
    for rule_id, mask in masks.items():
        if rule_id not in RELAXABLE:
            continue
        others = np.zeros_like(mask)
        for other_id, other in masks.items():
            if other_id != rule_id:
                others |= other
        back = np.flatnonzero(mask & ~others)
        # Ordered and named only when read: it can be most of a national catalog.
        ids = RankedIds(catalog.hospitals, back, score[back], catalog.encoded.id_rank[back])
        top = ids.best()
        best = None if top is None else top.name
        found.append(Relaxation(rule_id, RELAXABLE[rule_id], ids, best))
    return tuple(found)


def _empty_message(
    patient: Patient, catalog: Catalog, applied: AppliedRules, relaxations: tuple[Relaxation, ...]
) -> str:
    """Why nothing was recommended, and what relaxing which constraint would give."""
    reasons = sorted(applied.excluding_rules())
    text = "No hospital in the catalog meets every constraint of this profile"
    if reasons:
        text += " (left out by: " + ", ".join(reasons) + ")"
    useful = [r for r in relaxations if r.hospital_ids]
    if useful:
        joined = "; ".join(str(r) for r in useful)
        text += ". " + joined[:1].upper() + joined[1:] + "."
    elif reasons == ["eligibility.cancer-type-evidence"]:
        cancer = display_name(patient.cancer_type)
        text += f": the catalog has no sourced evidence of care for {cancer}."
    else:
        text += "; relaxing a single constraint would not help."
    if "city.only" in reasons and not set(patient.cities) & set(catalog.encoded.city):
        text += " The catalog has no hospital in the cities given."
    return text
