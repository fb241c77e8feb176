"""Small, valid catalog documents for tests, to copy and break one field at a time."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

SEED = "001_350a1915a619eccc.txt"


def minimal_catalog() -> dict[str, Any]:
    """A valid two-hospital catalog document (a fresh copy each call)."""
    return copy.deepcopy(_MINIMAL)


def minimal_catalog_v1() -> dict[str, Any]:
    """The same catalog in schema version 1 (no authority on sources; a fresh copy each call)."""
    document = minimal_catalog()
    document["schema_version"] = 1
    for source in document["sources"].values():
        del source["authority"]
    document["hospitals"][0]["strengths"][0]["source"] = "seed-001"
    del document["sources"]["ranking"]
    return document


def write(tmp_path: Path, document: object, name: str = "catalog.json") -> Path:
    """Write a document as JSON and return its path."""
    path = tmp_path / name
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


_MINIMAL: dict[str, Any] = {
    "kind": "matcher.catalog",
    "schema_version": 2,
    "data_version": "test.1",
    "updated": "2026-11-22",
    "sources": {
        "seed-001": {
            "kind": "seed",
            "authority": "commercial",
            "file": SEED,
            "title": "Where in China is best",
        },
        "ranking": {
            "kind": "third_party",
            "authority": "independent_ranking",
            "url": "https://example.org/ranking",
            "read": "2026-11-22",
            "title": "An independent ranking",
        },
        "page": {
            "kind": "official",
            "authority": "self_description",
            "url": "https://example.org/hospital",
            "read": "2026-11-22",
            "title": "An official page",
        },
    },
    "hospitals": [
        {
            "id": "alpha-cancer-center",
            "name": "Alpha Cancer Center",
            "name_zh": "阿尔法肿瘤中心",
            "aliases": ["Alpha Hospital"],
            "city": "Guangzhou",
            "province": "Guangdong",
            "kind": "cancer_centre",
            "ownership": "public",
            "evidence": "substantial",
            "evidence_note": "Described in depth by a seed.",
            "identity": [
                {"source": "seed-001", "quote": "Cancer Hospital, Sun Yat-sen University"}
            ],
            "strengths": [
                {
                    "cancer_type": "NPC",
                    "level": 5,
                    "source": "ranking",
                    "quote": "Internationally renowned for treating nasopharyngeal carcinoma",
                }
            ],
            "modalities": [
                {
                    "modality": "imrt",
                    "level": 4,
                    "cancer_types": ["NPC"],
                    "source": "seed-001",
                    "quote": "Intensity-Modulated Radiation Therapy (IMRT) combined with Targeted",
                }
            ],
            "figures": [
                {"metric": "beds", "value": 1600, "source": "page", "quote": "1,600 ward beds"}
            ],
        },
        {
            "id": "beta-hospital",
            "name": "Beta Hospital",
            "city": "Beijing",
            "province": "Beijing",
            "kind": "general",
            "ownership": "unknown",
            "evidence": "thin",
            "evidence_note": "Known by name only.",
            "identity": [{"source": "page", "quote": "Beta Hospital, Beijing"}],
            "strengths": [
                {"cancer_type": "LUNG", "level": 2, "source": "page", "quote": "treats lung cancer"}
            ],
        },
    ],
}
