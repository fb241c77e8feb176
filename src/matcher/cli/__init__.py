"""The ``matcher`` command line: ``recommend``, ``catalog`` and ``explain``."""

from __future__ import annotations

from matcher.cli._commands import cli, main

__all__ = ["cli", "main"]
