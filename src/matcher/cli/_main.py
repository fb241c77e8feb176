"""The ``matcher`` command group, its commands, and the console script's entry point."""

from __future__ import annotations

import contextlib
import importlib
import os
import sys
from collections.abc import MutableMapping
from typing import Any, Final

import click

from matcher.cli._commands import COMMANDS, EXAMPLE, WIDTH


class _Commands(dict[str, click.Command]):
    """The group's commands: one listed in ``COMMANDS`` is imported when first looked up."""

    def __missing__(self, name: str) -> click.Command:
        lazy = COMMANDS.get(name)
        if lazy is None:
            raise KeyError(name)
        command = getattr(importlib.import_module(lazy.module), name)
        if not isinstance(command, click.Command):  # a wrong entry in COMMANDS
            raise TypeError(f"{lazy.module}.{name} is not a click command")
        self[name] = command
        return command


class _LazyGroup(click.Group):
    """A group whose commands are imported when run, and listed from their one-line help."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands = _Commands(self.commands)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*COMMANDS, *(name for name in self.commands if name not in COMMANDS)]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        try:
            return self.commands[cmd_name]
        except KeyError:
            return None

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, lazy.short_help) for name, lazy in COMMANDS.items()]
        rows += [
            (name, command.get_short_help_str(formatter.width))
            for name, command in self.commands.items()  # listing imports nothing
            if name not in COMMANDS and not command.hidden
        ]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def _print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from matcher.common._version import __version__

    click.echo(f"matcher, version {__version__}")
    ctx.exit()


@click.group(
    cls=_LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": WIDTH},
    epilog=EXAMPLE,
)
@click.option(
    "--version",
    "-V",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_print_version,
    help="Show the version and exit.",
)
def cli() -> None:
    """Ranked, explained, sourced shortlists of hospitals in China for a cancer patient.

    Decision support, not medical advice: every result shows the claims and quotes it rests on.
    Nothing about the patient is printed or stored.
    """


def main() -> None:
    """Run the ``matcher`` command line.

    Output that cannot be written (an encoding that lacks a character, a full disk, a closed
    pipe) ends in one line on stderr and status 1, never a traceback.
    """
    status: int | str | None = 0
    problem: str | None = None
    one_blas_thread(os.environ)
    no_validation_plugins(os.environ)
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


#: The thread count variables of the BLAS libraries NumPy is built with (OpenBLAS in the
#: wheels on the package index, MKL in some distributions).
BLAS_THREADS: Final = ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def one_blas_thread(environ: MutableMapping[str, str]) -> None:
    """Ask NumPy's BLAS for one thread, unless the user chose a number (before numpy loads).

    A command ranks one patient: its arrays are far too small for BLAS threads to help, while
    starting a pool of them when NumPy loads costs a command tens of milliseconds (more on a
    busy machine). The Python API is left as it is.
    """
    for variable in BLAS_THREADS:
        environ.setdefault(variable, "1")


#: Pydantic's switch for its validation plugins: "__all__" turns every one off.
PLUGINS_VARIABLE: Final = "PYDANTIC_DISABLE_PLUGINS"


def no_validation_plugins(environ: MutableMapping[str, str]) -> None:
    """Turn off pydantic's validation plugins for the command, unless the user set the switch.

    A plugin sees every value pydantic validates, here a patient's profile, and may record or
    send it (observability plugins do); the command promises that nothing about the patient is
    printed or stored, so it hands the profile to none. It also spares each command pydantic's
    scan of every installed package for plugins. The Python API is left as it is.
    """
    environ.setdefault(PLUGINS_VARIABLE, "__all__")


def _silence_stdout() -> None:
    """Point stdout at the null device, so that nothing is flushed (and fails) at exit."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    with contextlib.suppress(Exception):
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
