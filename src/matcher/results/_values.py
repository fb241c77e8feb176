"""Result values: each recommendation with its score broken down, reasons, caveats and sources.

Explanations are objects; words are rendered from them by ``str()``. A result checks itself on
construction: ranks run 1..n, scores never increase, and no excluded hospital is ranked.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

import attrs

from matcher.catalog._schema import Hospital
from matcher.common._pickling import Picklable
from matcher.results._exclusions import ExclusionTable
from matcher.results._sources import SourceRef
from matcher.rules import RuleOutcome

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

    from matcher.analysis._bring_in import BringIn
    from matcher.analysis._missing import MissingFact
    from matcher.analysis._whatif import WhatIf
    from matcher.catalog._loader import Catalog
    from matcher.profile._patient import Patient
    from matcher.rules import Rule
    from matcher.scoring import Weights


@attrs.frozen
class Contribution:
    """What one feature added to a hospital's score."""

    feature: str
    label: str
    value: float
    weight: float
    points: float
    evidence: SourceRef | None = None

    def __str__(self) -> str:
        return f"{self.label}: {self.points:.1f} points"


@attrs.frozen
class Reason:
    """A reason in plain words, with the source it quotes where there is one."""

    text: str
    points: float
    source: SourceRef | None = None

    def __str__(self) -> str:
        return f"{self.text}: {self.source}" if self.source else self.text


@attrs.frozen
class Exclusion:
    """A hospital left out, with the rule and reason that left it out."""

    hospital: Hospital
    rule_id: str
    reason: str

    def __str__(self) -> str:
        return f"{self.hospital.name}: {self.reason} [{self.rule_id}]"


@attrs.frozen
class Relaxation:
    """What dropping one of the patient's hard constraints would bring back: the hospitals'
    ids best first (a sequence that compares equal to the tuple of ids; named on first
    reading), and the name of the best placed."""

    rule_id: str
    constraint: str
    hospital_ids: Sequence[str]
    best: str | None

    def __str__(self) -> str:
        count = len(self.hospital_ids)
        text = f"relaxing {self.constraint} would bring back {count} hospital{'s' * (count != 1)}"
        return text + (f", best placed: {self.best}" if self.best else "")


@attrs.frozen
class Recommendation:
    """One ranked hospital: score, its breakdown by feature, reasons, caveats and sources."""

    rank: int
    hospital: Hospital
    score: float
    contributions: tuple[Contribution, ...]
    reasons: tuple[Reason, ...]
    caveats: tuple[str, ...]
    sources: tuple[SourceRef, ...]
    rules: tuple[str, ...]
    tied: bool = False

    def __str__(self) -> str:
        head = f"{self.rank}. {self.hospital.name} ({self.hospital.city}): {self.score:.1f}"
        lines = [head + (" (tied)" if self.tied else "")]
        lines += [f"   + {reason}" for reason in self.reasons]
        lines += [f"   ! {caveat}" for caveat in self.caveats]
        return "\n".join(lines)

    def __repr__(self) -> str:
        from matcher.results._summary import recommendation_repr

        return recommendation_repr(self)

    def _repr_html_(self) -> str:
        """A short HTML table for notebooks: rank, score, top reasons (every text escaped)."""
        from matcher.results._summary import recommendation_html

        return recommendation_html(self)


def _check_ranked(
    instance: Recommendations, attribute: object, items: tuple[Recommendation, ...]
) -> None:
    for position, item in enumerate(items, start=1):
        if item.rank != position:
            raise ValueError(f"rank {item.rank} at position {position}")
    for before, after in itertools.pairwise(items):
        if after.score > before.score:
            raise ValueError(f"score rises from rank {before.rank} to {after.rank}")


@attrs.frozen(eq=False)
class Query:
    """What a result was computed from (kept for what-if questions; never printed)."""

    patient: Patient = attrs.field(repr=False)
    catalog: Catalog = attrs.field(repr=False)
    weights: Weights = attrs.field(repr=False)
    rules: tuple[Rule, ...] = attrs.field(repr=False)

    def __repr__(self) -> str:
        return "Query(<patient withheld>)"


@attrs.frozen
class Recommendations(Picklable, Sequence[Recommendation]):
    """The ranked shortlist (best first) and everything behind it.

    ``excluded`` lists every hospital left out with its rule and reason; ``rules`` every rule
    with whether it applied; ``caveats`` what holds for the whole result; ``relaxations`` what
    dropping each hard constraint would bring back; ``message`` explains an empty result.
    """

    items: tuple[Recommendation, ...] = attrs.field(validator=_check_ranked)
    #: a tuple of Exclusion, or an ExclusionTable that builds it when ``excluded`` is read
    _excluded: tuple[Exclusion, ...] | ExclusionTable = attrs.field(alias="excluded")
    rules: tuple[RuleOutcome, ...]
    caveats: tuple[str, ...]
    relaxations: tuple[Relaxation, ...]
    weights: Mapping[str, float]
    n_eligible: int
    top_k: int
    catalog_version: str
    message: str = ""
    #: the inputs, for re-running with a change; excluded from equality and never printed
    query: Query | None = attrs.field(default=None, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        ranked = {item.hospital.id for item in self.items}
        table = self._excluded
        if isinstance(table, ExclusionTable):
            both = {hospital_id for hospital_id in ranked if table.contains_id(hospital_id)}
        else:
            both = ranked & {exclusion.hospital.id for exclusion in table}
        if both:
            raise ValueError(f"hospitals both ranked and excluded: {sorted(both)}")
        if len(self.items) > self.top_k:
            raise ValueError("more recommendations than top_k")

    @property
    def excluded(self) -> tuple[Exclusion, ...]:
        """Every hospital left out, in hospital-id order, with the rule and reason (built on
        first reading: a call keeps only arrays until then)."""
        table = self._excluded
        return table.build() if isinstance(table, ExclusionTable) else table

    @property
    def n_excluded(self) -> int:
        """How many hospitals were left out (without building their ``Exclusion`` values)."""
        return len(self._excluded)

    @overload
    def __getitem__(self, index: int) -> Recommendation: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Recommendation]: ...
    def __getitem__(self, index: int | slice) -> Recommendation | Sequence[Recommendation]:
        return self.items[index]

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[Recommendation]:
        return iter(self.items)

    @property
    def fired_rules(self) -> tuple[RuleOutcome, ...]:
        """The rules whose conditions were met."""
        return tuple(outcome for outcome in self.rules if outcome.fired)

    @property
    def hospital_ids(self) -> tuple[str, ...]:
        """Ids of the ranked hospitals, best first."""
        return tuple(item.hospital.id for item in self.items)

    def plot(self, ax: Axes | None = None) -> Axes:
        """Draw each score as a bar stacked by feature contribution (needs ``matcher[plot]``);
        return the matplotlib Axes drawn on (a new figure when ``ax`` is None)."""
        from matcher.results._plot import plot_contributions

        return plot_contributions(self, ax)

    def plot_excluded(self, ax: Axes | None = None) -> Axes:
        """Draw how many hospitals each rule left out (needs ``matcher[plot]``); return the
        matplotlib Axes drawn on (a new figure when ``ax`` is None)."""
        from matcher.results._plot import plot_exclusions

        return plot_exclusions(self, ax)

    def what_if(self, **changes: object) -> WhatIf:
        """Re-run the same query with profile fields changed, and say what moved and why.

        For example ``recs.what_if(tcm_preference="prefer", cities=["Shanghai"])``; the
        changes are validated as a profile (ProfileError names a bad field).
        """
        from matcher.analysis._whatif import what_if

        return what_if(self, changes)

    def missing_facts(self, limit: int = 5) -> tuple[MissingFact, ...]:
        """The unknown profile fields whose answer would change the shortlist most.

        Each plausible answer (stage I-IV, an actionable biomarker, ECOG, a child or not,
        metastases, two lines of therapy, English only) is tried by re-running this query;
        ``str()`` of each says how much, e.g. "stage: if early (I), 3 of the top 5 change".
        """
        from matcher.analysis._missing import missing_facts

        return missing_facts(self, limit)

    def what_would_bring_in(self, hospital: str | Hospital) -> BringIn:
        """The smallest change to the hard constraints that puts ``hospital`` on the shortlist.

        ``hospital`` is an id, name or alias. Relaxing city_mode 'only' (or adding the
        hospital's city), TCM 'avoid'/'require', or the therapies sought is tried one constraint
        at a time, then two together, then all three; the answer says plainly when no such
        change would help.
        """
        from matcher.analysis._bring_in import what_would_bring_in

        return what_would_bring_in(self, hospital)

    def __str__(self) -> str:
        from matcher.results._text import to_text

        return to_text(self)

    def __repr__(self) -> str:
        from matcher.results._summary import recommendations_repr

        return recommendations_repr(self)

    def _repr_html_(self) -> str:
        """An HTML table for notebooks (every text escaped; the profile is never shown)."""
        from matcher.results._html import to_html

        return to_html(self)

    def report(self, path: str | os.PathLike[str], lang: str = "en") -> Path:
        """Write the case packet, one self-contained HTML page, to ``path``; return the path.

        The page holds the profile as given (the one place matcher writes a profile, because
        you asked for it), the shortlist with reasons, quotes and sources, each hospital's
        contacts and what to confirm with it, the facts still missing, and the hospitals left
        out by reason. ``lang`` is "en" or "zh"; quotes stay in their source's language. The
        page makes no network request and prints to A4.
        """
        from matcher.results._i18n import check_lang
        from matcher.results._packet import write_packet

        return write_packet(self, Path(path), check_lang(lang))

    def to_dict(
        self, *, include_profile: bool = False, missing_facts: bool = False
    ) -> dict[str, Any]:
        """The whole result as JSON-ready data: ``kind``, ``schema_version``, versions, ranked
        ``items``, ``excluded``, ``rules``, ``caveats``, ``relaxations``, ``weights``, ``message``.

        The patient profile is left out unless ``include_profile`` is True; ``missing_facts``
        adds :meth:`missing_facts` (it re-runs the query per answer). The structure is
        documented in ``matcher.results._json``.
        """
        from matcher.results._json import to_dict

        return to_dict(self, include_profile=include_profile, missing_facts=missing_facts)

    def to_json(
        self, indent: int | None = 2, *, include_profile: bool = False, missing_facts: bool = False
    ) -> str:
        """:meth:`to_dict` as JSON text; the same result always gives the same text."""
        from matcher.results._json import to_json

        return to_json(
            self, indent=indent, include_profile=include_profile, missing_facts=missing_facts
        )

    def to_frame(self) -> pd.DataFrame:
        """A pandas DataFrame, one row per recommendation: rank, hospital_id, name, city, score,
        the points each feature added, the reasons and the top sources' titles (needs
        ``pip install pandas``)."""
        from matcher.results._frame import to_frame

        return to_frame(self)
