"""What would bring a hospital in: the smallest change to the patient's hard constraints."""

from __future__ import annotations

import collections
import itertools
from collections.abc import Sequence
from typing import Final, Literal

import attrs

from matcher._engine import RELAXABLE, Scored
from matcher.analysis._changes import FieldChange, _ordinal
from matcher.analysis._compare import _places, _query, _rescore, changed_patient, field_changes
from matcher.analysis._whatif import WhatIf, compare
from matcher.catalog._loader import Catalog
from matcher.catalog._schema import Hospital
from matcher.common._text import closest
from matcher.profile._patient import Patient
from matcher.profile._vocab import MODALITY_PARENT, PATIENT_MODALITIES
from matcher.results._summary import html_summary, summary
from matcher.results._values import Recommendations

#: The exclusion rule ids that enforce one of the patient's hard constraints.
HARD_CONSTRAINT_RULES: Final = frozenset(RELAXABLE)


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

    def _head(self) -> str:
        place = "" if self.rank is None else f" (rank {self.rank})"
        fields = ", ".join(change.field for change in self.changes)
        by = f" by changing {fields}" if fields else ""
        return f"{self.name}: {self.verdict.replace('_', ' ')}{place}{by}"

    def __repr__(self) -> str:
        """The hospital, the verdict, the rank and the fields to change (never their values)."""
        lines = [f"reason: {self.reason}"] if self.reason else []
        return summary(f"<BringIn {self._head()}>", lines)

    def _repr_html_(self) -> str:
        """The same as short HTML (every text escaped)."""
        notes = [f"Reason: {self.reason}"] if self.reason else []
        return html_summary(self._head(), (), (), notes=notes, kind="bring-in")


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
