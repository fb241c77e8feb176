"""The catalog file format (schema version 1): immutable pydantic models, validated once at load.

A catalog file is JSON::

    {"kind": "matcher.catalog", "schema_version": 1, "data_version": "...", "updated": "YYYY-MM-DD",
     "sources": {"<source id>": Source, ...}, "hospitals": [Hospital, ...]}

Every claim about a hospital names a source id defined in ``sources`` and quotes it. Levels follow
the rubric in ``matcher/data/README.md`` (1 mentioned, 2 offered, 3 dedicated, 4 distinguished,
5 leading). Checks that need more than one field or the ontology (known cancer types, defined
sources, unique ids and aliases) live in the loader.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

SCHEMA_VERSION = 1
CATALOG_KIND = "matcher.catalog"

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
Quote = Annotated[str, StringConstraints(strip_whitespace=True, min_length=8, max_length=800)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=80)]
# Numbers are strict: a level written "4" or true is a curator's mistake, not a 4.
Level = Annotated[int, Field(ge=1, le=5, strict=True)]
Year = Annotated[int, Field(ge=1800, le=2100, strict=True)]

SourceKind = Literal["seed", "official", "government", "news", "journal", "wiki", "third_party"]
HospitalKind = Literal[
    "cancer_centre",
    "general",
    "tcm",
    "integrated_medicine",
    "particle_therapy",
    "children",
    "other",
]
Ownership = Literal["public", "private", "unknown"]
Evidence = Literal["substantial", "moderate", "thin"]
Metric = Literal[
    "beds",
    "clinical_departments",
    "staff",
    "annual_outpatients",
    "annual_discharges",
    "annual_operations",
    "patients_treated_in_year",
    "patients_treated_total",
    "overseas_patients_total",
]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


class Source(_Frozen):
    """Where claims come from: a seed file, or a public page (with the date it was read)."""

    kind: SourceKind
    title: Text
    file: Text | None = None
    url: Text | None = None
    read: dt.date | None = None
    via: Text | None = Field(
        default=None,
        description="The reference file the quotes were taken from when the page itself "
        "was not read (e.g. 'HOSPITAL_SOURCES.md').",
    )
    note: Text | None = None

    @model_validator(mode="after")
    def _located(self) -> Source:
        if self.kind == "seed":
            if not self.file or self.url:
                raise ValueError("a seed source names its file (and no url)")
        elif not self.url or self.read is None:
            raise ValueError("a public source names its url and the date it was read")
        return self

    @property
    def where(self) -> str:
        """The seed file name or the URL."""
        return self.file or self.url or ""


class Claim(_Frozen):
    """A statement about a hospital, backed by a quote from a defined source."""

    source: Text
    quote: Quote
    note: Text | None = None


class StrengthClaim(Claim):
    """Strength in a cancer type (an OncoTree code; a claim covers the type's descendants)."""

    cancer_type: Text
    level: Level


class ModalityClaim(Claim):
    """A treatment modality the hospital offers, optionally only for some cancer types."""

    modality: Text
    level: Level = 2
    cancer_types: tuple[Text, ...] = ()


class ServiceClaim(Claim):
    """A service or capability that is not a treatment (MDT, international department...)."""

    service: Text
    level: Level = 2


class LanguageClaim(Claim):
    """A language in which care or consultation is offered (ISO 639-1 code)."""

    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]


class AccreditationClaim(Claim):
    """An accreditation as reported by a source (reported, not verified as current)."""

    name: Text
    year: Year | None = None


class FigureClaim(Claim):
    """A figure a source gives (beds, volumes), with its year where the source gives one."""

    metric: Metric
    value: Annotated[float, Field(ge=0, strict=True)]
    year: Year | None = None


class RankingClaim(Claim):
    """A place in a published ranking, as reported by a source."""

    ranking: Text
    position: Annotated[int, Field(ge=1, strict=True)] | None = None
    year: Year | None = None


class ProgrammeClaim(Claim):
    """Membership of a named pilot or programme (e.g. a city's international-medicine pilot)."""

    name: Text
    year: Year | None = None


class Hospital(_Frozen):
    """One hospital and everything the catalog claims about it, each claim sourced."""

    id: Slug
    name: Text
    name_zh: Text | None = None
    aliases: tuple[Text, ...] = ()
    city: Text
    province: Text
    kind: HospitalKind
    ownership: Ownership
    evidence: Evidence
    evidence_note: Text
    identity: tuple[Claim, ...] = Field(min_length=1)
    strengths: tuple[StrengthClaim, ...] = ()
    modalities: tuple[ModalityClaim, ...] = ()
    services: tuple[ServiceClaim, ...] = ()
    languages: tuple[LanguageClaim, ...] = ()
    accreditations: tuple[AccreditationClaim, ...] = ()
    figures: tuple[FigureClaim, ...] = ()
    rankings: tuple[RankingClaim, ...] = ()
    programmes: tuple[ProgrammeClaim, ...] = ()

    @property
    def all_names(self) -> tuple[str, ...]:
        """The name, the Chinese name and every alias."""
        names = [self.name, *self.aliases]
        if self.name_zh:
            names.append(self.name_zh)
        return tuple(names)

    def claims(self) -> tuple[Claim, ...]:
        """Every claim about this hospital, identity first."""
        return (
            *self.identity,
            *self.strengths,
            *self.modalities,
            *self.services,
            *self.languages,
            *self.accreditations,
            *self.figures,
            *self.rankings,
            *self.programmes,
        )


class CatalogFile(_Frozen):
    """A whole catalog file: header, sources and hospitals."""

    kind: Literal["matcher.catalog"]
    schema_version: Literal[1]
    data_version: Text
    updated: dt.date
    description: Text | None = None
    sources: dict[Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_.-]*$")], Source]
    hospitals: tuple[Hospital, ...] = Field(min_length=1)
