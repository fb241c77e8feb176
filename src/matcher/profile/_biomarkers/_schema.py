"""The file formats of ``data/biomarkers.json`` and ``data/civic_gene_symbols.json``."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from matcher.profile._biomarkers._words import Status


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, defer_build=True)


class _SourceIn(_Model):
    kind: Literal["seed", "civic", "url"]
    ref: str = Field(min_length=1)
    quote: str = Field(min_length=1)


class _AlterationIn(_Model):
    name: str = Field(min_length=1)
    status: Status | None = None
    group: str | None = None
    level: bool = False
    standalone: bool = False
    synonyms: tuple[str, ...] = Field(min_length=1)


class _LevelIn(_Model):
    at_least: float
    status: Status
    alteration: str | None


class _ScaleIn(_Model):
    unit: str
    keyword: str | None
    keywords: tuple[str, ...]
    suffixes: tuple[str, ...]
    value_format: str
    value_range: tuple[float, float] = Field(alias="range")
    default: bool = False
    levels: tuple[_LevelIn, ...] = Field(min_length=1)


class _WhenIn(_Model):
    status: Status = "positive"
    alterations: Literal["any"] | tuple[str | None, ...]
    excluded: tuple[str, ...] = Field(default=(), alias="except")


class _ReflexIn(_Model):
    equivocal: str
    resolved_by: str
    positive: str
    negative: str


class _HotspotIn(_Model):
    """A cDNA change and the protein change a named source gives for it."""

    cdna: str = Field(pattern=r"^c\.\d+[ACGT]>[ACGT]$")
    protein: str = Field(min_length=2)
    transcript: str = Field(min_length=1)
    source: _SourceIn


class _MarkerIn(_Model):
    marker: str
    gene: str | None
    kind: Literal["gene", "protein", "signature", "serum"]
    aliases: tuple[str, ...] = Field(min_length=1)
    civic_aliases: tuple[str, ...] = ()
    fusion_capable: bool = False
    examples: tuple[str, ...] = Field(min_length=1)
    alterations: tuple[_AlterationIn, ...] = ()
    cdna_hotspots: tuple[_HotspotIn, ...] = ()
    scales: tuple[_ScaleIn, ...] = ()
    bare_status: dict[Status, str] = Field(default_factory=dict)
    label_alteration_only: bool = False
    reflex: _ReflexIn | None = None
    negative_contradicts: tuple[str, ...] | None = None
    targeted_actionable_when: _WhenIn | None
    immunotherapy_actionable_when: _WhenIn | None
    endocrine_actionable_when: _WhenIn | None
    rationale: str = Field(min_length=1)
    sources: tuple[_SourceIn, ...] = Field(min_length=1)


class _AmbiguousIn(_Model):
    alias: str
    markers: tuple[str, ...] = Field(min_length=2)
    reads_as: str | None = None


class _TableIn(_Model):
    kind: Literal["matcher.biomarkers"]
    schema_version: int
    data_version: str
    description: str
    markers: tuple[_MarkerIn, ...] = Field(min_length=1)
    ambiguous: tuple[_AmbiguousIn, ...]


class _SymbolsIn(_Model):
    kind: Literal["matcher.civic_gene_symbols"]
    schema_version: int
    data_version: str
    source: str
    licence: str
    note: str
    symbols: tuple[str, ...]
