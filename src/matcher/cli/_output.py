"""Options for how a command prints a result: language, left-out hospitals, reasons."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from matcher.results._i18n import LANGS

_F = TypeVar("_F", bound=Callable[..., Any])


def text_options(command: _F) -> _F:
    """``--lang``, ``--show-excluded`` and ``--all-reasons`` for a command that prints a result."""
    options = [
        click.option(
            "--lang",
            type=click.Choice(LANGS),
            default="en",
            show_default=True,
            help="The language matcher writes in (quotes stay in their source's language).",
        ),
        click.option(
            "--show-excluded",
            is_flag=True,
            help="List every left-out hospital (by default one line per reason, with a count).",
        ),
        click.option(
            "--all-reasons",
            is_flag=True,
            help="Show every reason for each hospital (by default the top 3).",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command
