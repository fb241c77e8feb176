"""Reading older catalog files: each schema version is upgraded to the current one on load.

Schema version 1 had no ``authority`` on sources. It is inferred from the source's ``kind``
(an official page is the hospital's own description, a seed or third-party page is treated as
commercial, the least independent reading), and a level-5 claim resting on such a source is read
as level 4 with a note saying why: the top level needs an independent source.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, Final

#: The authority a version-1 source is read with, by its kind.
AUTHORITY_OF_KIND: Final[Mapping[str, str]] = MappingProxyType(
    {
        "seed": "commercial",
        "official": "self_description",
        "government": "government",
        "news": "news",
        "journal": "peer_reviewed",
        "wiki": "reference_work",
        "third_party": "commercial",
    }
)
#: Authorities that cannot hold the top level on their own.
NOT_INDEPENDENT: Final = frozenset({"self_description", "commercial"})
TOP_LEVEL: Final = 5
_LEVELLED: Final = ("strengths", "modalities", "services")
_UPGRADE_NOTE: Final = (
    "Read as level 4 from a schema version 1 file: the source's authority was inferred as {}, "
    "which cannot hold the top level on its own."
)


def _from_v1(document: dict[str, Any]) -> dict[str, Any]:
    upgraded = copy.deepcopy(document)
    upgraded["schema_version"] = 2
    sources = upgraded.get("sources")
    if not isinstance(sources, dict):
        return upgraded  # validation names the problem
    for source in sources.values():
        if isinstance(source, dict) and "authority" not in source:
            kind = source.get("kind")
            if isinstance(kind, str) and kind in AUTHORITY_OF_KIND:
                source["authority"] = AUTHORITY_OF_KIND[kind]
    hospitals = upgraded.get("hospitals")
    for hospital in hospitals if isinstance(hospitals, list) else ():
        if not isinstance(hospital, dict):
            continue
        for group in _LEVELLED:
            claims = hospital.get(group)
            for claim in claims if isinstance(claims, list) else ():
                if not isinstance(claim, dict) or claim.get("level") != TOP_LEVEL:
                    continue
                key = claim.get("source")
                source = sources.get(key) if isinstance(key, str) else None
                authority = source.get("authority") if isinstance(source, dict) else None
                if authority in NOT_INDEPENDENT:
                    claim["level"] = TOP_LEVEL - 1
                    note = _UPGRADE_NOTE.format(authority)
                    claim["note"] = f"{claim['note']} {note}" if claim.get("note") else note
    return upgraded


_UPGRADES: Final[Mapping[int, Callable[[dict[str, Any]], dict[str, Any]]]] = MappingProxyType(
    {1: _from_v1}
)


def upgrade(document: dict[str, Any], version: int) -> dict[str, Any]:
    """The document in the current schema version (unchanged when it already is)."""
    step = _UPGRADES.get(version)
    return document if step is None else step(document)
