"""``matcher recommend``: rank hospitals for a patient, as a table or as JSON."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from matcher._engine import recommend as _recommend
from matcher.cli._commands import EXAMPLE
from matcher.cli._options import _catalog, _catalog_option, _patient, _profile_options, top_k_option
from matcher.cli._output import text_options
from matcher.results._i18n import check_lang
from matcher.results._json import to_json
from matcher.results._text import missing_facts_text, to_text


@click.command(epilog=EXAMPLE, short_help="Rank hospitals for a patient, with reasons and sources.")
@_profile_options
@top_k_option
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print the whole result as JSON (the structure of Recommendations.to_json(); the "
    "profile is not included).",
)
@click.option(
    "--missing-facts",
    "missing_facts",
    is_flag=True,
    help="Also say which unknown fields (stage, biomarkers, ECOG, age, metastases, lines of "
    "therapy, languages) would change the shortlist most if answered, and by how much (each "
    "answer tried re-runs the ranking).",
)
@text_options
@_catalog_option
def recommend(
    top_k: int,
    as_json: bool,
    missing_facts: bool,
    catalog_path: Path | None,
    lang: str,
    show_excluded: bool,
    all_reasons: bool,
    **options: Any,
) -> None:
    """Rank hospitals for a patient, with reasons, sources, caveats and who was left out."""
    patient = _patient(options)
    catalog = _catalog(catalog_path)
    recs = _recommend(patient, top_k=top_k, catalog=catalog)
    if as_json:
        click.echo(to_json(recs, missing_facts=missing_facts))
        return
    shown = to_text(
        recs, lang=check_lang(lang), show_excluded=show_excluded, all_reasons=all_reasons
    )
    if missing_facts:
        shown += "\n\n" + missing_facts_text(recs, lang=check_lang(lang))
    click.echo(shown)
