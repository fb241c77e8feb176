"""Why an item cannot be read: the error that becomes a ProfileProblem, and what to suggest."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from matcher.common._errors import ProfileProblem
from matcher.common._text import closest
from matcher.profile._biomarkers._table import _Marker, _Tables

_FIELD: Final = "biomarkers"
_ACCEPTED: Final = (
    "a mapping of marker to result ({'EGFR': 'L858R'}) or a list of results (['EGFR L858R'])"
)
_ACCEPTED_MARKER: Final = (
    "a biomarker such as EGFR, ALK, ROS1, BRAF, KRAS, HER2, BRCA1, NTRK, MET, PD-L1, MSI, TMB, "
    "ER, PR, EBV DNA or AFP (or a CIViC gene symbol) followed by its result"
)


class _ItemError(Exception):
    """One item cannot be read; becomes a ProfileProblem naming the item."""

    def __init__(
        self, problem: str, accepted: str = _ACCEPTED_MARKER, suggestions: Sequence[str] = ()
    ) -> None:
        super().__init__(problem)
        self.problem = problem
        self.accepted = accepted
        self.suggestions = tuple(suggestions)

    def problem_for(self, item: object) -> ProfileProblem:
        return ProfileProblem(_FIELD, item, self.accepted, self.suggestions, self.problem)


def _accepted_result(marker: _Marker) -> str:
    examples = ", ".join(repr(example) for example in marker.examples)
    return f"{marker.name} results such as {examples}"


def _suggest_markers(words: Sequence[str], tables: _Tables) -> tuple[str, ...]:
    """Markers whose names are close to the first words given: named ones first."""
    queries = [" ".join(words[:n]) for n in (1, 2, 3) if len(words) >= n]
    found: dict[str, None] = {}
    for pool, cutoff in ((tables.suggestion_pool, 0.6), (tables.generic, 0.8)):
        for query in queries:
            for match in closest(query, pool, n=3, cutoff=cutoff):
                found.setdefault(pool[match], None)
        if found:
            break
    return tuple(found)[:3]
