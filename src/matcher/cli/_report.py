"""``matcher report``: write the case packet, one self-contained HTML page, in English or
Chinese."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from matcher._engine import recommend as _recommend
from matcher.cli._options import (
    _catalog,
    _catalog_option,
    _fail,
    _patient,
    _profile_options,
    top_k_option,
)
from matcher.results._i18n import LANGS, check_lang
from matcher.results._packet import write_packet

_EXAMPLE = """\b
Example:
  matcher report --cancer-type "nasopharyngeal carcinoma" --stage III --tcm-preference prefer \\
    --cities Guangzhou -o packet.html
  matcher report --profile patient.json --lang zh -o packet-zh.html
"""


@click.command(
    epilog=_EXAMPLE,
    short_help="Write a case packet (HTML) for a family or a hospital.",
)
@_profile_options
@top_k_option
@click.option(
    "-o",
    "--output",
    "output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    required=True,
    help="The HTML file to write (replaced if it exists).",
)
@click.option(
    "--lang",
    type=click.Choice(LANGS),
    default="en",
    show_default=True,
    help="The language matcher writes in: en or zh (quotes stay in their source's language).",
)
@_catalog_option
def report(top_k: int, output: Path, lang: str, catalog_path: Path | None, **options: Any) -> None:
    """Write the case packet: the profile as given, the shortlist with reasons, quotes and
    sources, contacts, what to confirm with each hospital, the facts still missing and the
    hospitals left out. One HTML file that loads nothing and prints to A4.

    The profile is written into this file only, because you asked for it; nothing is printed
    about it.
    """
    patient = _patient(options)
    catalog = _catalog(catalog_path)
    recs = _recommend(patient, top_k=top_k, catalog=catalog)
    try:
        written = write_packet(recs, output, check_lang(lang))
    except OSError as error:
        _fail(f"the packet cannot be written to {str(output)!r}: {error.strerror or 'error'}")
    click.echo(f"Wrote {written} ({len(recs)} hospitals).")
