"""Actionability by tumour type: which findings have an approved therapy where, in tiers.

The table is ``data/actionability.json``: each row names markers and alterations, the OncoTree
codes of the tumour types it covers (``"SOLID"`` for a tumour-agnostic approval), a tier, the
therapy class and the quotes of the approval notices or labels it rests on. The tiers are the
project's own (``data/README.md``): 1A approved in this tumour type, 1B approved on single-arm
evidence or under accelerated approval, 2 approved tumour-agnostically, 3 approved only in other
tumour types. A tier says a treatment exists for the finding, never that a patient is eligible.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from typing import Final, Literal, TypeAlias

import attrs
from pydantic import BaseModel, ConfigDict, Field

from matcher.common._manifest import read_verified
from matcher.profile._biomarkers._model import Biomarker
from matcher.profile._biomarkers._table import _tables
from matcher.profile._biomarkers._words import Status
from matcher.profile._cancer_types import CancerType
from matcher.profile._names import cancer_name
from matcher.profile._ontology import default_ontology

Tier: TypeAlias = Literal["1A", "1B", "2", "3"]
Therapy: TypeAlias = Literal["targeted", "immunotherapy"]
TIERS: Final[tuple[Tier, ...]] = ("1A", "1B", "2", "3")
SOLID: Final = "SOLID"
_SUPPORTED_SCHEMAS: Final = (1,)
_AUTHORITIES = Literal["government", "peer_reviewed", "news", "reference_work", "commercial"]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class _TierIn(_Model):
    tier: Tier
    meaning: str = Field(min_length=1)


class _SourceIn(_Model):
    id: str = Field(min_length=1)
    title: str = Field(min_length=1)
    url: str = Field(pattern=r"^https?://")
    publisher: str = Field(min_length=1)
    authority: _AUTHORITIES
    read: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")


class _EvidenceIn(_Model):
    source: str
    quote: str = Field(min_length=20, max_length=800)


class _RowIn(_Model):
    markers: tuple[str, ...] = Field(min_length=1)
    status: Status = "positive"
    alterations: tuple[str | None, ...] = Field(min_length=1)
    units: tuple[str, ...] | None = None
    tumours: tuple[str, ...] = Field(min_length=1)
    tier: Literal["1A", "1B", "2"]
    therapy: Therapy
    treatment: str = Field(min_length=1)
    evidence: tuple[_EvidenceIn, ...] = Field(min_length=1)


class _FileIn(_Model):
    kind: Literal["matcher.actionability"]
    schema_version: int
    data_version: str
    description: str
    tiers: tuple[_TierIn, ...]
    sources: tuple[_SourceIn, ...]
    rows: tuple[_RowIn, ...]


@attrs.frozen
class Evidence:
    """A quote and where it was read: title, publisher, authority class, address."""

    quote: str
    title: str
    publisher: str
    authority: str
    url: str

    def __str__(self) -> str:
        where = f"{self.title}; {self.publisher}, {self.authority}, {self.url}"
        return f"\u201c{self.quote}\u201d ({where})"


@attrs.frozen
class Actionability:
    """How actionable one biomarker result is in the patient's tumour type.

    Attributes
    ----------
    biomarker : Biomarker
        The result.
    tier : {"1A", "1B", "2", "3"}
        The project's tier (``TIER_MEANINGS``).
    therapy : {"targeted", "immunotherapy"}
        The class of the approved therapy.
    treatment : str
        The therapy in words ("encorafenib with cetuximab ...").
    tumours : tuple of str
        The OncoTree codes of the approval (``"SOLID"``: tumour-agnostic); for tier 3, where
        it is approved instead.
    evidence : tuple of Evidence
        The quotes the tier rests on.
    """

    biomarker: Biomarker
    tier: Tier
    therapy: Therapy
    treatment: str
    tumours: tuple[str, ...]
    evidence: tuple[Evidence, ...]

    @property
    def meaning(self) -> str:
        """What the tier says, in words."""
        return _table().meanings[self.tier]

    def __str__(self) -> str:
        where = ", ".join(_tumour_name(code) for code in self.tumours)
        return (
            f"{self.biomarker.label}: tier {self.tier} ({self.meaning}); {self.treatment}, "
            f"approved for {where}; source: {self.evidence[0]}"
        )


@attrs.frozen
class _Row:
    markers: frozenset[str]
    status: str
    alterations: frozenset[str | None]
    any_alteration: bool
    units: frozenset[str] | None
    tumours: tuple[str, ...]
    tier: Tier
    therapy: Therapy
    treatment: str
    evidence: tuple[Evidence, ...]

    def covers(self, biomarker: Biomarker) -> bool:
        if biomarker.marker not in self.markers or biomarker.status != self.status:
            return False
        if self.units is not None and biomarker.unit not in (None, *self.units):
            return False
        return self.any_alteration or biomarker.alteration in self.alterations


@attrs.frozen
class _Table:
    rows: tuple[_Row, ...]
    meanings: dict[str, str]
    #: per marker, the rows that name it, in table order (a result is looked up by its marker)
    by_marker: dict[str, tuple[_Row, ...]] = attrs.field(init=False)

    @by_marker.default
    def _by_marker(self) -> dict[str, tuple[_Row, ...]]:
        markers = dict.fromkeys(marker for row in self.rows for marker in row.markers)
        return {m: tuple(row for row in self.rows if m in row.markers) for m in markers}


def _tumour_name(code: str) -> str:
    return "any solid tumour" if code == SOLID else cancer_name(code)


@functools.cache
def _table() -> _Table:
    data = _FileIn.model_validate(json.loads(read_verified("actionability.json")))
    if data.schema_version not in _SUPPORTED_SCHEMAS:
        raise ValueError(
            f"actionability.json schema version {data.schema_version} is not supported; "
            f"supported: {_SUPPORTED_SCHEMAS}"
        )
    sources = {source.id: source for source in data.sources}
    ontology = default_ontology()
    known_markers = set(_tables().order)
    rows = []
    for number, row in enumerate(data.rows, 1):
        where = f"actionability.json row {number}"
        unknown = set(row.markers) - known_markers
        if unknown:
            raise ValueError(f"{where}: unknown markers {sorted(unknown)}")
        for code in row.tumours:
            if code != SOLID and code not in ontology:
                raise ValueError(f"{where}: {code!r} is not an OncoTree code")
        evidence = []
        for item in row.evidence:
            if item.source not in sources:
                raise ValueError(f"{where}: unknown source {item.source!r}")
            source = sources[item.source]
            evidence.append(
                Evidence(item.quote, source.title, source.publisher, source.authority, source.url)
            )
        rows.append(
            _Row(
                markers=frozenset(row.markers),
                status=row.status,
                alterations=frozenset(a for a in row.alterations if a != "*"),
                any_alteration="*" in row.alterations,
                units=None if row.units is None else frozenset(row.units),
                tumours=row.tumours,
                tier=row.tier,
                therapy=row.therapy,
                treatment=row.treatment,
                evidence=tuple(evidence),
            )
        )
    meanings: dict[str, str] = {tier.tier: tier.meaning for tier in data.tiers}
    if set(meanings) != set(TIERS):
        raise ValueError(f"actionability.json must define the tiers {TIERS}")
    return _Table(tuple(rows), meanings)


def _applies(row: _Row, cancer: CancerType) -> bool:
    """True when the row's tumour types include the patient's, or a narrower type of it."""
    ontology = default_ontology()
    for code in row.tumours:
        if code == SOLID:
            if not cancer.is_blood_cancer and cancer.code != "TISSUE":
                return True
        elif cancer.is_within(code) or ontology.get(code).is_within(cancer.code):
            return True
    return False


def actionability(cancer: CancerType, biomarkers: Iterable[Biomarker]) -> tuple[Actionability, ...]:
    """The best tier of each result that the table covers, in the order of ``biomarkers``.

    A row for the patient's tumour type (or a narrower one: "lung cancer" meets a row for
    NSCLC) gives its tier; a row for another tumour type only gives tier 3. Results the
    table does not cover are left out: their actionability is not established.
    """
    table = _table()
    found = []
    for biomarker in biomarkers:
        rows = [row for row in table.by_marker.get(biomarker.marker, ()) if row.covers(biomarker)]
        if not rows:
            continue
        here = sorted((row for row in rows if _applies(row, cancer)), key=lambda r: r.tier)
        best = here[0] if here else min(rows, key=lambda r: r.tier)
        found.append(
            Actionability(
                biomarker=biomarker,
                tier=best.tier if here else "3",
                therapy=best.therapy,
                treatment=best.treatment,
                tumours=best.tumours,
                evidence=best.evidence,
            )
        )
    return tuple(found)


def tier_meanings() -> dict[str, str]:
    """Each tier and what it says."""
    return dict(_table().meanings)
