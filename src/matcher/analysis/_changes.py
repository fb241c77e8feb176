"""The values a what-if answer is made of: field, rule, feature-points and rank changes."""

from __future__ import annotations

from typing import Final

import attrs

from matcher.rules._rule import Outcome


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
        """The change as the end of a what-if question: "cities were ['Shanghai'] (...)".

        Only the value asked about is shown; the profile's own value is not repeated.
        """
        before = "not given before" if self.before in (None, ()) else "instead"
        return f"{self.field} were {_shown(self.after)} ({before})"

    def __str__(self) -> str:
        return f"{self.field} changed to {_shown(self.after)}"

    def __repr__(self) -> str:
        return f"FieldChange(field={self.field!r}, <values withheld>)"


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
