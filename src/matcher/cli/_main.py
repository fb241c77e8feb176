"""The ``matcher`` command group, its commands, and the console script's entry point."""

from __future__ import annotations

import contextlib
import os
import sys

import click

from matcher.cli._catalog import catalog
from matcher.cli._explain import explain
from matcher.cli._recommend import _EXAMPLE, recommend
from matcher.cli._report import report
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
cli.add_command(report)


def main() -> None:
    """Run the ``matcher`` command line.

    Output that cannot be written (an encoding that lacks a character, a full disk, a closed
    pipe) ends in one line on stderr and status 1, never a traceback.
    """
    status: int | str | None = 0
    problem: str | None = None
    try:
        try:
            cli.main(prog_name="matcher")
        except SystemExit as done:
            status = done.code
        sys.stdout.flush()  # here, not at exit, where a failure would print a traceback
    except UnicodeEncodeError:
        encoding = getattr(sys.stdout, "encoding", None) or "unknown"
        problem = (
            f"the output cannot be written in the encoding {encoding}; set PYTHONIOENCODING=utf-8"
        )
    except OSError as error:
        problem = f"the output cannot be written: {error.strerror or type(error).__name__}"
    if problem is not None:
        _silence_stdout()
        with contextlib.suppress(OSError, ValueError):
            sys.stderr.write(f"matcher: {problem}\n")
            sys.stderr.flush()
        sys.exit(1)
    sys.exit(status)


def _silence_stdout() -> None:
    """Point stdout at the null device, so that nothing is flushed (and fails) at exit."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    with contextlib.suppress(Exception):
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
