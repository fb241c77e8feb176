"""Re-scoring a query for a changed patient, and what differs between two scorings."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

import numpy as np

from matcher._engine import Scored, score_patient
from matcher.analysis._changes import FeatureShift, FieldChange, RankChange, RuleChange
from matcher.profile._patient import Patient
from matcher.results._values import Query, Recommendations
from matcher.scoring._features import FEATURES
from matcher.scoring._model import rank_order

#: How many features to name for each hospital that moved.
FEATURES_PER_MOVE: Final = 3
#: Contribution changes smaller than this many points are not worth naming.
MIN_SHIFT: Final = 0.05


def _query(recs: Recommendations) -> Query:
    if recs.query is None:
        raise ValueError("this result does not carry the query it was computed from")
    return recs.query


def changed_patient(patient: Patient, changes: Mapping[str, object]) -> Patient:
    """The patient with some profile fields changed, validated as a profile (ProfileError)."""
    profile = patient.model_dump(mode="json")
    profile.update(changes)
    return Patient.model_validate(profile)


def field_changes(before: Patient, after: Patient) -> tuple[FieldChange, ...]:
    """The fields whose values differ, in profile order, as a profile would write them."""
    written_before, written_after = before.model_dump(mode="json"), after.model_dump(mode="json")
    return tuple(
        FieldChange(field, written_before[field], written_after[field])
        for field in Patient.model_fields
        if getattr(before, field) != getattr(after, field)
    )


def _rescore(query: Query, patient: Patient) -> Scored:
    return score_patient(patient, query.catalog, query.weights, query.rules)


def _places(scored: Scored) -> dict[int, int]:
    """Every eligible hospital's place (row -> 1-based), ordered as the shortlist orders them."""
    candidates = np.flatnonzero(scored.applied.eligible)
    order = rank_order(scored.score, scored.catalog.encoded.id_rank, candidates, len(candidates))
    return {int(row): place for place, row in enumerate(order, start=1)}


def _shifts(before: Scored, after: Scored, row: int) -> tuple[FeatureShift, ...]:
    old, new = before.contribution[row], after.contribution[row]
    deltas = np.abs(new - old)
    order = sorted(range(len(FEATURES)), key=lambda column: (-deltas[column], column))
    return tuple(
        FeatureShift(FEATURES[c].name, FEATURES[c].label, float(old[c]), float(new[c]))
        for c in order[:FEATURES_PER_MOVE]
        if deltas[c] >= MIN_SHIFT
    )


def _rank_change(
    row: int, before: Scored, after: Scored, places: tuple[dict[int, int], dict[int, int]]
) -> RankChange:
    hospital = before.catalog.hospitals[row]
    return RankChange(
        hospital_id=hospital.id,
        name=hospital.name,
        before=places[0].get(row),
        after=places[1].get(row),
        score_before=float(before.score[row]),
        score_after=float(after.score[row]),
        left_out_before=before.applied.exclusion_reason[row],
        left_out_after=after.applied.exclusion_reason[row],
        features=_shifts(before, after, row),
    )


def _rule_changes(before: Scored, after: Scored) -> tuple[RuleChange, ...]:
    old = {outcome.rule_id: outcome.outcome for outcome in before.applied.outcomes}
    return tuple(
        RuleChange(outcome.rule_id, outcome.statement, old[outcome.rule_id], outcome.outcome)
        for outcome in after.applied.outcomes
        if old.get(outcome.rule_id, outcome.outcome) != outcome.outcome
    )
