"""What-if questions: the same query with profile fields changed, and what moved and why.

:func:`what_if` re-runs a result's query (patient, catalog, weights, rules) with some profile
fields changed and reports who entered or left the shortlist, who moved and by how many places,
the rules whose outcome changed and the features whose contribution changed most for each
hospital that moved. :func:`what_would_bring_in` searches the smallest change to the patient's
hard constraints that would put a named hospital on the shortlist, or says plainly why none would.
Words describe only the fields that change; the profile itself is never shown.
"""

from __future__ import annotations

import collections
import itertools
from collections.abc import Iterable, Mapping, Sequence
from typing import Final, Literal

import attrs
import numpy as np

from matcher._engine import RELAXABLE, Scored, build_recommendations, score_patient
from matcher.catalog._loader import Catalog
from matcher.catalog._schema import Hospital
from matcher.common._text import closest
from matcher.profile._patient import Patient
from matcher.profile._vocab import MODALITY_PARENT, PATIENT_MODALITIES
from matcher.results._values import Query, Recommendations
from matcher.rules._rule import Outcome
from matcher.scoring._features import FEATURES
from matcher.scoring._model import rank_order

#: How many features to name for each hospital that moved.
FEATURES_PER_MOVE: Final = 3
#: Contribution changes smaller than this many points are not worth naming.
MIN_SHIFT: Final = 0.05
#: The exclusion rule ids that enforce one of the patient's hard constraints.
HARD_CONSTRAINT_RULES: Final = frozenset(RELAXABLE)


def _shown(value: object) -> str:
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_shown(item) for item in value) + "]" if value else "[]"
    if value is None:
        return "not given"
    return repr(value)


def _ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10)
    return f"{number}{suffix or 'th'}"


def _frozen(value: object) -> object:
    """Lists as tuples, so that a change is an immutable, hashable value."""
    return tuple(value) if isinstance(value, list) else value


@attrs.frozen
class FieldChange:
    """One profile field changed: its value before and after (as a profile would write it)."""

    field: str
    before: object = attrs.field(converter=_frozen)
    after: object = attrs.field(converter=_frozen)

    def as_wish(self) -> str:
        """The change as the end of a what-if question: "cities were ['Shanghai'] (...)"."""
        before = "not given before" if self.before in (None, ()) else f"not {_shown(self.before)}"
        return f"{self.field} were {_shown(self.after)} ({before})"

    def __str__(self) -> str:
        return f"{self.field} from {_shown(self.before)} to {_shown(self.after)}"


_NOW: Final = {"met": "applies", "not_met": "does not apply", "unknown": "is unknown"}
_BEFORE: Final = {"met": "applied", "not_met": "did not apply", "unknown": "was unknown"}


@attrs.frozen
class RuleChange:
    """A rule whose outcome for the patient changed."""

    rule_id: str
    statement: str
    before: Outcome
    after: Outcome

    def __str__(self) -> str:
        if self.after == "met":
            change = "now applies"
        elif self.before == "met":
            change = "no longer applies"
        else:
            change = f"now {_NOW[self.after]} (it {_BEFORE[self.before]} before)"
        return f"{self.rule_id} {change}: {self.statement}"


@attrs.frozen
class FeatureShift:
    """How the points one feature adds to a hospital's score changed."""

    feature: str
    label: str
    before: float
    after: float

    @property
    def delta(self) -> float:
        """Points after minus points before."""
        return self.after - self.before

    def __str__(self) -> str:
        return f"{self.label} {self.delta:+.1f} ({self.before:.1f} to {self.after:.1f} points)"


@attrs.frozen
class RankChange:
    """Where one hospital stood before and after a change.

    ``before`` and ``after`` are places among all eligible hospitals (1 is best; a place beyond
    ``top_k`` is off the shortlist), or ``None`` where a rule left the hospital out;
    ``left_out_before`` and ``left_out_after`` give that rule's reason ("" where none did).
    """

    hospital_id: str
    name: str
    before: int | None
    after: int | None
    score_before: float
    score_after: float
    left_out_before: str
    left_out_after: str
    features: tuple[FeatureShift, ...]

    @property
    def places(self) -> int | None:
        """Places gained (positive) or lost (negative); None unless ranked both times."""
        if self.before is None or self.after is None:
            return None
        return self.before - self.after

    def _place(self, place: int | None, left_out: str) -> str:
        return f"left out ({left_out})" if place is None else _ordinal(place)

    def __str__(self) -> str:
        before = self._place(self.before, self.left_out_before)
        after = self._place(self.after, self.left_out_after)
        places = self.places
        if places:
            moved = f"up {places}" if places > 0 else f"down {-places}"
            text = f"{self.name}: {before} to {after} ({moved} place{'s' * (abs(places) != 1)})"
        else:
            text = f"{self.name}: now {after}, was {before}"
        text += f"; score {self.score_before:.1f} to {self.score_after:.1f}"
        if self.features:
            text += "; " + ", ".join(str(shift) for shift in self.features)
        elif places:
            others = "others moved past it" if places < 0 else "others fell behind it"
            text += f"; its own score did not change, {others}"
        return text


@attrs.frozen
class WhatIf:
    """The same query re-run with profile fields changed, and what that did to the ranking.

    ``after`` is the new result (same catalog, weights, rules and ``top_k``); ``entered`` and
    ``left`` are hospitals that came onto or fell off the shortlist, ``moved_up`` and
    ``moved_down`` those that stayed on it at another rank; ``rule_changes`` are the rules
    whose outcome changed. ``str()`` says it in words; only the changed fields are described.
    """

    changes: tuple[FieldChange, ...]
    before: Recommendations
    after: Recommendations
    entered: tuple[RankChange, ...]
    left: tuple[RankChange, ...]
    moved_up: tuple[RankChange, ...]
    moved_down: tuple[RankChange, ...]
    rule_changes: tuple[RuleChange, ...]

    @property
    def changed_ranking(self) -> bool:
        """True when the shortlist (its members or their order) is different."""
        return self.before.hospital_ids != self.after.hospital_ids

    def __str__(self) -> str:
        if not self.changes:
            return "What if nothing changed? The values given are those the profile already has."
        lines = ["What if " + " and ".join(change.as_wish() for change in self.changes) + "?"]
        sections: tuple[tuple[str, Sequence[object]], ...] = (
            ("Rules whose outcome changed", self.rule_changes),
            ("Entered the shortlist", self.entered),
            ("Left the shortlist", self.left),
            ("Moved up", self.moved_up),
            ("Moved down", self.moved_down),
        )
        for title, entries in sections:
            if entries:
                lines.append(f"{title}:")
                lines += [f" - {entry}" for entry in entries]
        if not self.changed_ranking:
            lines.append(f"The shortlist of {len(self.after)} keeps its hospitals and order.")
        return "\n".join(lines)


Verdict = Literal["already_shortlisted", "brought_in", "below_top_k", "not_possible"]


@attrs.frozen
class BringIn:
    """What would put a named hospital on the shortlist: the smallest hard-constraint change.

    ``verdict`` is ``"already_shortlisted"`` (``rank`` is its rank), ``"brought_in"``
    (``changes`` would bring it in at ``rank``; ``what_if`` holds the re-run),
    ``"below_top_k"`` (it is, or ``changes`` would make it, eligible but it would rank
    ``rank``, beyond ``top_k``) or ``"not_possible"`` (``reason`` says why no change to a
    hard constraint would help).
    """

    hospital_id: str
    name: str
    top_k: int
    verdict: Verdict
    rank: int | None
    changes: tuple[FieldChange, ...] = ()
    reason: str = ""
    #: the re-run with ``changes`` when they bring the hospital in (left out of equality)
    what_if: WhatIf | None = attrs.field(default=None, repr=False, eq=False)

    def __str__(self) -> str:
        name, changes = self.name, " and ".join(str(change) for change in self.changes)
        if self.verdict == "already_shortlisted":
            return f"{name} is already on the shortlist, at rank {self.rank}."
        if self.verdict == "brought_in":
            return f"Changing {changes} would bring {name} onto the shortlist at rank {self.rank}."
        if self.verdict == "below_top_k":
            place = _ordinal(self.rank or 0)
            if self.changes:
                start = (
                    f"{name} is left out ({self.reason}). Changing {changes} would make it "
                    f"eligible, but it would rank {place}"
                )
                end = f"With that change it would appear with top_k={self.rank}."
            else:
                start = f"{name} meets every constraint of the profile but ranks {place} on merit"
                end = f"It would appear with top_k={self.rank}."
            return (
                f"{start}, below the top {self.top_k}; no change to the hard constraints would "
                f"lift it onto the shortlist. {end}"
            )
        return (
            f"No change to the profile's hard constraints would bring {name} onto the "
            f"shortlist: {self.reason}."
        )


# --- computing them ---------------------------------------------------------------------------


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


def compare(recs: Recommendations, patient: Patient) -> WhatIf:
    """Re-run ``recs``'s query for ``patient`` and report what changed and why."""
    query = _query(recs)
    before, after = _rescore(query, query.patient), _rescore(query, patient)
    new = build_recommendations(after, recs.top_k)
    places = (_places(before), _places(after))
    rows = {hospital.id: row for row, hospital in enumerate(query.catalog.hospitals)}
    old_ids, new_ids = recs.hospital_ids, new.hospital_ids

    def changes(ids: Iterable[str]) -> tuple[RankChange, ...]:
        return tuple(_rank_change(rows[i], before, after, places) for i in ids)

    stayed = [i for i in new_ids if i in old_ids]
    return WhatIf(
        changes=field_changes(query.patient, patient),
        before=recs,
        after=new,
        entered=changes(i for i in new_ids if i not in old_ids),
        left=changes(i for i in old_ids if i not in new_ids),
        moved_up=changes(i for i in stayed if new_ids.index(i) < old_ids.index(i)),
        moved_down=changes(i for i in stayed if new_ids.index(i) > old_ids.index(i)),
        rule_changes=_rule_changes(before, after),
    )


def what_if(recs: Recommendations, changes: Mapping[str, object]) -> WhatIf:
    """Re-run ``recs``'s query with profile fields changed; see :meth:`Recommendations.what_if`.

    Raises
    ------
    ProfileError
        When the changed profile is not a valid profile (the message names the field).
    ValueError
        When no change is given, or ``recs`` does not carry its query.
    """
    if not changes:
        raise ValueError(
            "what_if() needs at least one profile field to change, e.g. tcm_preference='prefer'"
        )
    query = _query(recs)
    return compare(recs, changed_patient(query.patient, changes))


# --- the smallest hard-constraint change that brings a hospital in ------------------------------


def _find_hospital(catalog: Catalog, hospital: str | Hospital) -> Hospital:
    key = hospital.id if isinstance(hospital, Hospital) else hospital
    if not isinstance(key, str):
        raise TypeError(f"name a hospital by its id, name or alias, not {type(key).__name__}")
    found = catalog.find(key)
    if found is None:
        names = [name for entry in catalog for name in (entry.id, *entry.all_names)]
        suggestions = closest(key, names, cutoff=0.6)
        hint = "; did you mean " + " or ".join(map(repr, suggestions)) + "?" if suggestions else ""
        raise ValueError(f"no hospital {key!r} in the catalog (give an id, name or alias){hint}")
    return found


def _broader(therapies: Sequence[str]) -> tuple[str, ...]:
    """Each sought therapy replaced by the broader one it is a kind of, where there is one."""
    broader: dict[str, None] = {}
    for therapy in therapies:
        parent = MODALITY_PARENT.get(therapy)
        broader.setdefault(parent if parent in PATIENT_MODALITIES else therapy, None)
    return tuple(broader)


def hard_constraint_options(
    patient: Patient, hospital: Hospital
) -> tuple[tuple[dict[str, object], ...], ...]:
    """Per hard constraint of the patient's, the ways to relax it, gentlest first."""
    options: list[tuple[dict[str, object], ...]] = []
    if patient.cities and patient.city_mode == "only":
        city: list[dict[str, object]] = []
        if hospital.city not in patient.cities:
            city.append({"cities": [*patient.cities, hospital.city]})
        city.append({"city_mode": "prefer"})
        options.append(tuple(city))
    if patient.tcm_preference == "avoid":
        options.append(({"tcm_preference": "neutral"},))
    elif patient.tcm_preference == "require":
        options.append(({"tcm_preference": "prefer"}, {"tcm_preference": "neutral"}))
    if patient.therapies_sought:
        therapies: list[dict[str, object]] = []
        broader = _broader(patient.therapies_sought)
        if broader != patient.therapies_sought:
            therapies.append({"therapies_sought": list(broader)})
        therapies.append({"therapies_sought": []})
        options.append(tuple(therapies))
    return tuple(options)


def _blocking(scored: Scored, row: int) -> str | None:
    """Why a rule outside the hard constraints leaves the hospital out (None if none does)."""
    applied = scored.applied
    for rule_id, mask in applied.exclusion_masks.items():
        if mask[row] and rule_id not in HARD_CONSTRAINT_RULES:
            if applied.excluded_by[row] == rule_id:
                return applied.exclusion_reason[row]
            return next(o.statement for o in applied.outcomes if o.rule_id == rule_id)
    return None


def what_would_bring_in(recs: Recommendations, hospital: str | Hospital) -> BringIn:
    """The smallest change to hard constraints putting ``hospital`` on the shortlist.

    See :meth:`Recommendations.what_would_bring_in`.
    """
    query = _query(recs)
    found = _find_hospital(query.catalog, hospital)

    def answer(
        verdict: Verdict,
        rank: int | None,
        changes: tuple[FieldChange, ...] = (),
        reason: str = "",
        what_if: WhatIf | None = None,
    ) -> BringIn:
        return BringIn(found.id, found.name, recs.top_k, verdict, rank, changes, reason, what_if)

    if found.id in recs.hospital_ids:
        return answer("already_shortlisted", recs.hospital_ids.index(found.id) + 1)
    row = query.catalog.ids.index(found.id)
    now = _rescore(query, query.patient)
    blocked = _blocking(now, row)
    if blocked is not None:
        return answer("not_possible", None, reason=blocked)
    # One constraint at a time first, then two, ...; within a size, the best place wins.
    eligible_at: tuple[int, Patient] | None = None  # the best place at the smallest size
    options = hard_constraint_options(query.patient, found)
    for size in range(1, len(options) + 1):
        best: tuple[int, Patient] | None = None
        for groups in itertools.combinations(options, size):
            for picks in itertools.product(*groups):
                patient = changed_patient(query.patient, dict(collections.ChainMap(*picks)))
                place = _places(_rescore(query, patient)).get(row)
                if place is not None and (best is None or place < best[0]):
                    best = (place, patient)
        if best is not None and best[0] <= recs.top_k:
            result = compare(recs, best[1])
            return answer("brought_in", best[0], changes=result.changes, what_if=result)
        eligible_at = eligible_at or best
    place_now = _places(now).get(row)
    if place_now is not None:
        return answer("below_top_k", place_now)
    reason = now.applied.exclusion_reason[row]
    if eligible_at is None:
        return answer("not_possible", None, reason=reason)
    return answer(
        "below_top_k",
        eligible_at[0],
        changes=field_changes(query.patient, eligible_at[1]),
        reason=reason,
    )
