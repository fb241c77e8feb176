"""The package version, in one place that every stage may import."""

from __future__ import annotations

from typing import Final

__version__: Final = "0.2.0"
