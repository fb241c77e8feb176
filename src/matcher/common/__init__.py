"""What every stage shares: error types, text folding, versioned JSON files, the data manifest.

Imports nothing else from matcher.
"""

from __future__ import annotations

from matcher.common._errors import CatalogError, MatcherError, ProfileError, ProfileProblem
from matcher.common._manifest import DataIntegrityError, read_verified
from matcher.common._text import closest, fold

__all__ = [
    "CatalogError",
    "DataIntegrityError",
    "MatcherError",
    "ProfileError",
    "ProfileProblem",
    "closest",
    "fold",
    "read_verified",
]
