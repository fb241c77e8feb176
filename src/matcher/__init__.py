"""matcher: ranked, explained, sourced shortlists of Chinese hospitals for a cancer patient."""

from matcher._errors import CatalogError, MatcherError, ProfileError

__all__ = ["CatalogError", "MatcherError", "ProfileError"]
