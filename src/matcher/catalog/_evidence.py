"""How much a strength claim counts: its level, weighed by who says it and how specifically.

A claim's *weight of evidence* is its curated level (1-5) times two factors, plus a bonus:

* **authority**: an independent ranking or a national designation counts in full; a hospital's
  own words or a medical-tourism text count for less (``AUTHORITY_FACTOR``);
* **specificity**: a quote that names one cancer as the hospital's specialty counts in full; the
  same quote repeated for ``LISTED_AT`` or more cancer types of one hospital ("lung, liver,
  pancreatic, colorectal, breast, ...") is a list, and counts ``LISTED_FACTOR`` of its level;
* **corroboration**: when sources from different publishers each support the type at level 3 or
  more, the best claim gains ``CORROBORATION_BONUS`` per further publisher (at most
  ``MAX_CORROBORATION``). The same words copied across sites count once, and all of a
  hospital's own pages are one voice.

The result never exceeds the top level (5). Every factor is a named constant here so that a
reviewer can see and change it; the rubric in ``matcher/data/README.md`` says the same in words.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final, Literal

from matcher.catalog._schema import Hospital, Source, StrengthClaim

Specificity = Literal["named", "listed"]

#: How much a claim counts by the independence of its source.
AUTHORITY_FACTOR: Final[Mapping[str, float]] = MappingProxyType(
    {
        "independent_ranking": 1.0,
        "national_designation": 1.0,
        "peer_reviewed": 0.95,
        "government": 0.95,
        "news": 0.9,
        "reference_work": 0.85,
        "commercial": 0.85,
        "self_description": 0.8,
    }
)
#: A quote used for this many cancer types of one hospital or more is a list of them.
LISTED_AT: Final = 4
LISTED_FACTOR: Final = 0.8
CORROBORATION_LEVEL: Final = 3
CORROBORATION_BONUS: Final = 0.5
MAX_CORROBORATION: Final = 1.0
TOP_LEVEL: Final = 5.0


def _words(quote: str) -> str:
    return " ".join(quote.split()).casefold()


def specificities(hospital: Hospital) -> tuple[Specificity, ...]:
    """Per strength claim: "listed" when its quote names many cancer types, else "named".

    A claim's own ``specificity``, where the curator recorded one, wins over the count.
    """
    types_per_quote: dict[str, set[str]] = defaultdict(set)
    for claim in hospital.strengths:
        types_per_quote[_words(claim.quote)].add(claim.cancer_type)
    found: list[Specificity] = []
    for claim in hospital.strengths:
        if claim.specificity is not None:
            found.append(claim.specificity)
        elif len(types_per_quote[_words(claim.quote)]) >= LISTED_AT:
            found.append("listed")
        else:
            found.append("named")
    return tuple(found)


def weighed_levels(
    hospital: Hospital, sources: Mapping[str, Source], *, adults_only: bool = False
) -> tuple[float, ...]:
    """Per strength claim, its weight of evidence on the 0-5 scale (see the module docstring).

    With ``adults_only`` a claim that speaks for children only corroborates nothing.
    """
    listed = specificities(hospital)
    weighed = [
        claim.level
        * AUTHORITY_FACTOR[sources[claim.source].authority]
        * (LISTED_FACTOR if specificity == "listed" else 1.0)
        for claim, specificity in zip(hospital.strengths, listed, strict=True)
    ]
    counted = [claim.counts_for(adults_only=adults_only) for claim in hospital.strengths]
    for claims in _by_type(hospital.strengths, counted).values():
        publishers = _independent_publishers(claims, hospital, sources)
        if len(publishers) < 2:
            continue
        bonus = min(MAX_CORROBORATION, CORROBORATION_BONUS * (len(publishers) - 1))
        best = max(claims, key=lambda index: weighed[index])
        weighed[best] = min(TOP_LEVEL, weighed[best] + bonus)
    return tuple(weighed)


def _by_type(strengths: tuple[StrengthClaim, ...], counted: list[bool]) -> dict[str, list[int]]:
    groups: dict[str, list[int]] = defaultdict(list)
    for index, claim in enumerate(strengths):
        if counted[index]:
            groups[claim.cancer_type].append(index)
    return groups


def _independent_publishers(
    claims: list[int], hospital: Hospital, sources: Mapping[str, Source]
) -> set[str]:
    """Publishers that support the type at CORROBORATION_LEVEL or more, copied words once."""
    seen_words: set[str] = set()
    publishers: set[str] = set()
    for index in claims:
        claim = hospital.strengths[index]
        words = _words(claim.quote)
        if claim.level < CORROBORATION_LEVEL or words in seen_words:
            continue
        seen_words.add(words)
        source = sources[claim.source]
        if source.authority == "self_description":
            publishers.add("the hospital itself")
        else:
            publishers.add((source.publisher or source.where).casefold())
    return publishers
