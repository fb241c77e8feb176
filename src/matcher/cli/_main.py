"""The ``matcher`` command group, its three commands, and the console script's entry point."""

from __future__ import annotations

import click

from matcher.cli._catalog import catalog
from matcher.cli._explain import explain
from matcher.cli._recommend import _EXAMPLE, recommend
from matcher.common._version import __version__
from matcher.results._text import WIDTH


@click.group(
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": WIDTH},
    epilog=_EXAMPLE,
)
@click.version_option(__version__, "--version", "-V", prog_name="matcher")
def cli() -> None:
    """Ranked, explained, sourced shortlists of hospitals in China for a cancer patient.

    Decision support, not medical advice: every result shows the claims and quotes it rests on.
    Nothing about the patient is printed or stored.
    """


cli.add_command(recommend)
cli.add_command(catalog)
cli.add_command(explain)


def main() -> None:
    """Run the ``matcher`` command line."""
    cli(prog_name="matcher")
