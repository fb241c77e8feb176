"""A claim's source as a result shows it: the quote, who says it, how independent they are, and,
for a quote taken from a data file, the dataset row it is.

A ranking placing read from a data file (the Fudan lists, ``via`` a ``.json`` file) is quoted as
the span of that file that names the hospital (``"name": "..."``): right for checking, but not
words for a reader. :class:`DatasetRow` holds what the row says (the ranking, edition,
specialty, place, the name as printed, the score), and :meth:`SourceRef.shown` is what every
rendering prints in place of the quote; the JSON keeps the verbatim quote beside the row.
"""

from __future__ import annotations

import datetime as dt
import json
from types import MappingProxyType
from typing import Final

import attrs

from matcher.catalog._rankings import SPECIALTY_NAMES
from matcher.catalog._schema import Claim, RankingClaim, Source
from matcher.results._i18n import Lang, say

#: How each authority class reads in a result.
AUTHORITY_WORDS: Final = MappingProxyType(
    {
        "independent_ranking": "independent ranking",
        "national_designation": "national designation",
        "peer_reviewed": "peer-reviewed",
        "government": "government",
        "news": "news",
        "reference_work": "reference work",
        "commercial": "commercial",
        "self_description": "the hospital's own words",
    }
)
#: A source read ``via`` a file with one of these endings is a data file: its quotes are rows.
DATA_FILE_SUFFIXES: Final = (".json", ".csv", ".tsv")


def _printed_name(quote: str) -> str | None:
    """The ``name`` member of a quote that is a span of JSON members, else None."""
    try:
        members = json.loads("{" + quote + "}")
    except ValueError:
        return None
    name = members.get("name") if isinstance(members, dict) else None
    return name if isinstance(name, str) and name else None


@attrs.frozen
class DatasetRow:
    """A ranking placing as the row of the data file it was read from (only what the row holds)."""

    ranking: str
    year: int
    position: int
    name: str
    specialty: str | None = None
    reputation_score: float | None = None

    @classmethod
    def of(cls, source: Source, claim: Claim) -> DatasetRow | None:
        """The row behind a claim, or None when the claim's quote is not a data file's row."""
        if not (source.via or "").lower().endswith(DATA_FILE_SUFFIXES):
            return None
        if not isinstance(claim, RankingClaim) or claim.year is None or claim.position is None:
            return None
        name = _printed_name(claim.quote)
        if name is None:
            return None
        return cls(
            ranking=claim.ranking,
            year=claim.year,
            position=claim.position,
            name=name,
            specialty=claim.specialty,
            reputation_score=claim.reputation_score,
        )

    def words(self, lang: Lang = "en") -> str:
        """The row in words: "<ranking> 2021, neurosurgery (神经外科): rank 1, <name>, ..."."""
        if self.specialty is None:
            edition = say("text.row.edition", lang, ranking=self.ranking, year=self.year)
        else:
            english = SPECIALTY_NAMES.get(self.specialty)
            specialty = (
                self.specialty
                if english is None or lang == "zh"
                else f"{english} ({self.specialty})"
            )
            edition = say(
                "text.row.edition_specialty",
                lang,
                ranking=self.ranking,
                year=self.year,
                specialty=specialty,
            )
        if self.reputation_score is None:
            return say(
                "text.row.place", lang, edition=edition, position=self.position, name=self.name
            )
        return say(
            "text.row.place_scored",
            lang,
            edition=edition,
            position=self.position,
            name=self.name,
            score=f"{self.reputation_score:g}",
        )


@attrs.frozen
class SourceRef:
    """A quote and where it comes from: title, publisher, how independent the source is (its
    ``authority``), the year, and the seed file or URL with the date it was read; ``row`` is the
    dataset row the quote is a span of, where it is one."""

    id: str
    kind: str
    title: str
    where: str
    quote: str
    read: dt.date | None = None
    via: str | None = None
    authority: str | None = None
    publisher: str | None = None
    #: the year the claim refers to (a ranking's edition), else the year the source is dated
    year: int | None = None
    row: DatasetRow | None = None

    @classmethod
    def of(cls, source_id: str, source: Source, claim: Claim) -> SourceRef:
        """The reference for one claim."""
        claim_year = getattr(claim, "year", None)
        return cls(
            id=source_id,
            kind=source.kind,
            title=source.title,
            where=source.where,
            quote=claim.quote,
            read=source.read,
            via=source.via,
            authority=source.authority,
            publisher=source.publisher,
            year=claim_year if isinstance(claim_year, int) else source.year,
            row=DatasetRow.of(source, claim),
        )

    def shown(self, lang: Lang = "en") -> str:
        """What a reader is shown for the claim: the dataset row in words, else the quote."""
        return self.quote if self.row is None else self.row.words(lang)

    @property
    def credit(self) -> str:
        """Who says it and how independent they are: "Title (Publisher; news, 2021)"."""
        details = [AUTHORITY_WORDS.get(self.authority or "", self.authority or "")]
        if self.year is not None:
            details.append(str(self.year))
        about = ", ".join(part for part in details if part)
        who = "; ".join(part for part in (self.publisher, about) if part)
        return f"{self.title} ({who})" if who else self.title

    def __str__(self) -> str:
        where = self.credit
        if self.kind != "seed":
            where += f", {self.where}"
        if self.read is not None:
            where += f", read {self.read.isoformat()}"
        if self.via:
            where += f", via {self.via}"
        shown = self.shown() if self.row is not None else f"\u201c{self.quote}\u201d"
        return f"{shown} ({where})"
