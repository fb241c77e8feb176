"""The ``matcher`` command line: ``recommend``, ``catalog`` and ``explain``.

Profile options are handed to :class:`~matcher.Patient` as text, so the command line accepts
exactly what the Python API accepts and reports bad input with the same words. Bad input
(profile, profile file, catalog file, unknown hospital) prints one line to stderr and exits
with status 2; the profile itself is never printed.
"""

from __future__ import annotations

from matcher.cli._main import cli, main

__all__ = ["cli", "main"]
