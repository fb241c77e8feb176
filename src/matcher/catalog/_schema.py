"""The catalog file format (schema version 2): immutable pydantic models, validated once at load.

A catalog file is JSON::

    {"kind": "matcher.catalog", "schema_version": 2, "data_version": "...", "updated": "YYYY-MM-DD",
     "complete_for": ["proton", "heavy_ion"],
     "sources": {"<source id>": Source, ...}, "hospitals": [Hospital, ...]}

Every claim about a hospital names a source id defined in ``sources`` and quotes it; every source
says how independent it is (``authority``). Levels follow the rubric in ``matcher/data/README.md``
(1 mentioned, 2 offered, 3 dedicated, 4 distinguished, 5 leading). Checks that need more than one
field or the ontology (known cancer types, defined sources, unique ids and aliases, what each
authority can support) live in the loader. Schema version 1 files (no ``authority``) are read
through :mod:`matcher.catalog._versions`.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Annotated, Final, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

SCHEMA_VERSION = 2
#: Every schema version this matcher reads (older ones are upgraded on load).
SCHEMA_VERSIONS = (1, 2)
CATALOG_KIND = "matcher.catalog"

#: Unicode categories a catalog's text may not hold: controls (NUL, ESC, newline, tab),
#: invisible format characters (zero-width spaces and joiners, right-to-left marks and
#: overrides, the BOM), surrogates, private use, and line and paragraph separators.
_UNSEEN: Final = frozenset({"Cc", "Cf", "Cs", "Co", "Zl", "Zp"})


def _visible(text: str) -> str:
    """Refuse text holding a character that is not seen as written (or moves what follows)."""
    if text.isprintable():  # fast path: no character of an _UNSEEN category is printable
        return text
    for character in text:
        if unicodedata.category(character) in _UNSEEN:
            name = unicodedata.name(character, "a control character")
            raise ValueError(
                f"holds an invisible or control character (U+{ord(character):04X}, {name})"
            )
    return text


Text = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=2000),
    AfterValidator(_visible),
]
Quote = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=8, max_length=800),
    AfterValidator(_visible),
]
#: The largest figure a hospital can have (beds, staff, patients in all): far above any real one.
MAX_FIGURE: Final = 1e9
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=80)]
# Numbers are strict: a level written "4" or true is a curator's mistake, not a 4.
Level = Annotated[int, Field(ge=1, le=5, strict=True)]
Year = Annotated[int, Field(ge=1800, le=2100, strict=True)]

SourceKind = Literal["seed", "official", "government", "news", "journal", "wiki", "third_party"]
#: How independent a source is of the hospital it describes, from most to least independent
#: (see the catalog README for what each can support).
Authority = Literal[
    "independent_ranking",
    "national_designation",
    "peer_reviewed",
    "government",
    "news",
    "reference_work",
    "commercial",
    "self_description",
]
AUTHORITIES: tuple[Authority, ...] = get_args(Authority)
ContactKind = Literal["phone", "email", "address", "international_department", "appointment"]
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
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False, defer_build=True)


class Source(_Frozen):
    """Where claims come from: a seed file, or a public page (with the date it was read)."""

    kind: SourceKind
    authority: Authority
    title: Text
    publisher: Text | None = None
    year: Year | None = Field(default=None, description="The year the page or document is dated.")
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
        if self.read is not None and self.read > dt.date.today() + dt.timedelta(days=1):
            raise ValueError(f"was read on {self.read.isoformat()}, a date still to come")
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


#: Who a clinical claim speaks for: "children" when its source speaks only of children (a
#: paediatric department or page, a children's hospital, 儿童, 小儿); absent, everyone.
Population = Literal["children"]


class ClinicalClaim(Claim):
    """A claim about care, which may speak only for children (``population``)."""

    population: Population | None = Field(
        default=None,
        description="'children' when the source speaks only of children (a paediatric "
        "department or page, a children's hospital, 儿童, 小儿, 少儿): the claim counts for a "
        "child, never for a known adult. Left out, the claim speaks for everyone.",
    )

    def counts_for(self, *, adults_only: bool) -> bool:
        """Whether the claim counts where only what speaks for adults may (``adults_only``)."""
        return not (adults_only and self.population == "children")


class StrengthClaim(ClinicalClaim):
    """Strength in a cancer type (an OncoTree code; a claim covers the type's descendants)."""

    cancer_type: Text
    level: Level
    specificity: Literal["named", "listed"] | None = Field(
        default=None,
        description="'named' when the quote singles this cancer out, 'listed' when it is one of "
        "many in a list; left out, it is derived from how many types the same quote supports.",
    )


class ModalityClaim(ClinicalClaim):
    """A treatment modality the hospital offers, optionally only for some cancer types."""

    modality: Text
    level: Level = 2
    cancer_types: tuple[Text, ...] = ()
    offered: bool = Field(
        default=True,
        description="False records a sourced 'no': the source says the hospital does not offer "
        "it. A modality without any claim is unknown, never 'no'.",
    )


class ServiceClaim(ClinicalClaim):
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
    value: Annotated[float, Field(ge=0, le=MAX_FIGURE, strict=True)]
    year: Year | None = None


class RankingClaim(Claim):
    """A place in a published ranking, as reported by a source."""

    ranking: Text
    specialty: Text | None = Field(
        default=None, description="The ranked specialty as the ranking names it (e.g. 肿瘤学)."
    )
    position: Annotated[int, Field(ge=1, strict=True)] | None = None
    year: Year | None = Field(default=None, description="The ranking's edition (year).")
    reputation_score: Annotated[float, Field(ge=0, allow_inf_nan=False)] | None = Field(
        default=None,
        description="The placing's mean expert reputation score, as the ranking prints it.",
    )


class ContactClaim(Claim):
    """A way to reach the hospital, as a source gives it; the value appears in the quote."""

    kind: ContactKind
    value: Text

    @model_validator(mode="after")
    def _quoted(self) -> ContactClaim:
        if " ".join(self.value.split()) not in " ".join(self.quote.split()):
            raise ValueError("a contact's value must appear in its quote")
        return self


class ProgrammeClaim(ClinicalClaim):
    """Membership of a named pilot or programme (e.g. a city's international-medicine pilot)."""

    name: Text
    year: Year | None = None


class Hospital(_Frozen):
    """One hospital and everything the catalog claims about it, each claim sourced."""

    id: Slug
    name: Text
    name_zh: Text | None = None
    name_zh_source: Text | None = Field(
        default=None, description="The source id whose text gives the Chinese name."
    )
    aliases: tuple[Text, ...] = ()
    city: Text
    province: Text
    kind: HospitalKind
    ownership: Ownership
    evidence: Evidence
    evidence_note: Text
    website: Annotated[str, StringConstraints(pattern=r"^https?://[^\s/]+(/\S*)?$")] | None = Field(
        default=None,
        description="The hospital's own site, read for one of its self-description sources.",
    )
    contacts: tuple[ContactClaim, ...] = ()
    identity: tuple[Claim, ...] = Field(min_length=1)
    strengths: tuple[StrengthClaim, ...] = ()
    modalities: tuple[ModalityClaim, ...] = ()
    services: tuple[ServiceClaim, ...] = ()
    languages: tuple[LanguageClaim, ...] = ()
    accreditations: tuple[AccreditationClaim, ...] = ()
    figures: tuple[FigureClaim, ...] = ()
    rankings: tuple[RankingClaim, ...] = ()
    programmes: tuple[ProgrammeClaim, ...] = ()

    def __repr__(self) -> str:
        claims = (
            f"{len(self.strengths)} strengths, {len(self.modalities)} modalities, "
            f"{len(self.services)} services, {len(self.rankings)} rankings"
        )
        return (
            f"Hospital(id={self.id!r}, name={self.name!r}, city={self.city!r}, "
            f"kind={self.kind!r}, evidence={self.evidence!r}; {claims})"
        )

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
            *self.contacts,
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
    schema_version: Literal[2]
    data_version: Text
    updated: dt.date
    description: Text | None = None
    complete_for: tuple[Text, ...] = Field(
        default=(),
        description="Modalities the catalog means to list completely (facility-bound ones such "
        "as proton and heavy_ion): a hospital without a claim for one of them is taken not to "
        "offer it. For every other modality a missing claim means unknown.",
    )
    sources: dict[Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_.-]*$")], Source]
    hospitals: tuple[Hospital, ...] = Field(min_length=1)
