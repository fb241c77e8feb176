"""The commands the ``matcher`` group offers, found by name and imported only when run.

``matcher --help`` lists the commands from this table, so it starts without importing numpy,
pydantic or the catalog; ``matcher recommend ...`` imports only what ``recommend`` needs.
"""

from __future__ import annotations

from typing import Final, NamedTuple

#: Terminal width the help and the text output wrap to (``matcher.results._text.WIDTH``).
WIDTH: Final = 100


class LazyCommand(NamedTuple):
    """Where a command is defined, and its one-line help for ``matcher --help``."""

    module: str
    short_help: str


#: Every command of the group, in the order ``matcher --help`` lists them. Adding a command is
#: one line here (its module defines a click command of the same name).
COMMANDS: Final = {
    "recommend": LazyCommand(
        "matcher.cli._recommend", "Rank hospitals for a patient, with reasons and sources."
    ),
    "catalog": LazyCommand("matcher.cli._catalog", "List hospitals, by city or by cancer type."),
    "explain": LazyCommand(
        "matcher.cli._explain", "Explain one hospital's rank and score, or why it was left out."
    ),
    "report": LazyCommand(
        "matcher.cli._report",
        "Write a case packet (HTML) for a family or a hospital.",
    ),
}

EXAMPLE: Final = """\b
Example:
  matcher recommend --cancer-type "nasopharyngeal carcinoma" --stage III \\
    --biomarkers EGFR=L858R --biomarkers "PD-L1=TPS 60%" --tcm-preference prefer \\
    --cities Guangzhou --city-mode only --age 45 --ecog 1 \\
    --disease-status relapsed_refractory --needs-international-services \\
    --wants-clinical-trials --top-k 5
  matcher recommend --profile patient.json --cities Shanghai --json
"""
