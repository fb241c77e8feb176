"""What-if: the same query re-run with profile fields changed, and what moved and why."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import attrs

from matcher._engine import build_recommendations
from matcher.analysis._changes import FieldChange, RankChange, RuleChange
from matcher.analysis._compare import (
    _places,
    _query,
    _rank_change,
    _rescore,
    _rule_changes,
    changed_patient,
    field_changes,
)
from matcher.profile._patient import Patient
from matcher.results._summary import html_summary, summary
from matcher.results._values import Recommendations


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

    def _moves(self) -> list[tuple[str, RankChange]]:
        return [
            (label, change)
            for label, changes in (
                ("entered", self.entered),
                ("left", self.left),
                ("moved up", self.moved_up),
                ("moved down", self.moved_down),
            )
            for change in changes
        ]

    def _head(self) -> str:
        fields = ", ".join(change.field for change in self.changes) or "nothing"
        verdict = "the shortlist changed" if self.changed_ranking else "the shortlist held"
        return f"what if {fields} changed: {verdict}"

    def __repr__(self) -> str:
        """Which fields changed (never their values), the counts, and each hospital that moved."""
        lines = [
            f"{len(self.entered)} entered, {len(self.left)} left, {len(self.moved_up)} moved up, "
            f"{len(self.moved_down)} moved down; {len(self.rule_changes)} rules changed outcome"
        ]
        lines += [
            f"{label}: {change.name} ({_place(change.before)} -> {_place(change.after)})"
            for label, change in self._moves()
        ]
        lines += [
            f"rule {change.rule_id}: {change.before} -> {change.after}"
            for change in self.rule_changes
        ]
        return summary(f"<WhatIf {self._head()}>", lines)

    def _repr_html_(self) -> str:
        """A short HTML table of the hospitals that moved (every text escaped)."""
        rows = [
            (label, change.name, _place(change.before), _place(change.after))
            for label, change in self._moves()
        ]
        notes = [f"Rule {c.rule_id}: {c.before} -> {c.after}" for c in self.rule_changes]
        return html_summary(
            self._head().capitalize(),
            ("change", "hospital", "place before", "place after"),
            rows,
            notes=notes,
            kind="what-if",
        )


def _place(place: int | None) -> str:
    return "left out" if place is None else str(place)


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
