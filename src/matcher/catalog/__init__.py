"""The hospital catalog: its file schema, the loader that checks it, and its compiled arrays.

Imports :mod:`matcher.common` and :mod:`matcher.profile` (cancer types and cities) only.
"""

from __future__ import annotations

from matcher.catalog._compiled import EncodedCatalog, encode
from matcher.catalog._loader import Catalog, default_catalog, load_catalog, parse_catalog
from matcher.catalog._schema import CatalogFile, Claim, Hospital, Source

__all__ = [
    "Catalog",
    "CatalogFile",
    "Claim",
    "EncodedCatalog",
    "Hospital",
    "Source",
    "default_catalog",
    "encode",
    "load_catalog",
    "parse_catalog",
]
