"""A small made-up catalog and graded vignettes for the evaluation, learning and stability tests.

The grades here are test fixtures, not expert judgements: they exist to give the metrics and the
learner known inputs. The hospitals are invented; the quotes are placeholders.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from matcher import Catalog
from matcher.catalog._loader import parse_catalog

_SOURCES = {
    "page": {
        "kind": "official",
        "url": "https://example.org/fixture",
        "read": "2026-11-22",
        "title": "A fixture page",
    }
}


def _hospital(
    hospital_id: str, city: str, province: str, evidence: str, strengths: dict[str, int]
) -> dict[str, Any]:
    return {
        "id": hospital_id,
        "name": hospital_id.replace("-", " ").title(),
        "city": city,
        "province": province,
        "kind": "cancer_centre",
        "ownership": "public",
        "evidence": evidence,
        "evidence_note": "A test fixture.",
        "identity": [{"source": "page", "quote": f"fixture identity of {hospital_id}"}],
        "strengths": [
            {"cancer_type": code, "level": level, "source": "page", "quote": f"fixture {code}"}
            for code, level in strengths.items()
        ],
    }


#: Claims, all from one placeholder page: leader is at least as strong as every other hospital on
#: every feature; strong has more NPC expertise than broad, broad more general oncology; minor is
#: known by name only; lung-only has no evidence for NPC (the eligibility rule leaves it out).
_CATALOG: dict[str, Any] = {
    "kind": "matcher.catalog",
    "schema_version": 1,
    "data_version": "fixture.1",
    "updated": "2026-11-22",
    "sources": _SOURCES,
    "hospitals": [
        _hospital("npc-leader", "Guangzhou", "Guangdong", "substantial", {"NPC": 5, "TISSUE": 5}),
        _hospital("npc-strong", "Beijing", "Beijing", "substantial", {"NPC": 4}),
        _hospital("npc-broad", "Shanghai", "Shanghai", "substantial", {"NPC": 3, "TISSUE": 4}),
        _hospital("npc-minor", "Hangzhou", "Zhejiang", "thin", {"NPC": 2}),
        _hospital("lung-only", "Tianjin", "Tianjin", "substantial", {"LUNG": 4}),
    ],
}


def fixture_catalog() -> Catalog:
    """The five-hospital fixture catalog."""
    return parse_catalog(json.dumps(_CATALOG), origin="fixture-catalog")


def _grade(hospital: str, grade: int) -> dict[str, Any]:
    return {
        "hospital": hospital,
        "grade": grade,
        "rationale": "test fixture",
        "source": "fixture",
        "quote": "not an expert judgement",
    }


def _vignette(
    vignette_id: str, split: str, profile: dict[str, Any], grades: dict[str, int]
) -> dict[str, Any]:
    return {
        "id": vignette_id,
        "split": split,
        "description": f"fixture case {vignette_id}",
        "profile": profile,
        "grades": [_grade(hospital, grade) for hospital, grade in grades.items()],
        "expect_few_matches": False,
    }


_LADDER = {"npc-leader": 3, "npc-strong": 2, "npc-broad": 1, "npc-minor": 0}
_VIGNETTES: dict[str, Any] = {
    "kind": "matcher.vignettes",
    "schema_version": 1,
    "data_version": "fixture.1",
    "vignettes": [
        _vignette("npc-unstaged", "train", {"cancer_type": "NPC"}, _LADDER),
        _vignette("npc-stage-2", "train", {"cancer_type": "NPC", "stage": "II"}, _LADDER),
        _vignette(
            "npc-stage-4",
            "train",
            {"cancer_type": "nasopharyngeal carcinoma", "stage": "IV"},
            {"npc-leader": 3, "npc-broad": 2, "npc-strong": 1, "npc-minor": 0},
        ),
        _vignette(
            "npc-elderly", "train", {"cancer_type": "NPC", "age": 75}, {**_LADDER, "lung-only": 0}
        ),
        _vignette(
            "npc-shanghai",
            "test",
            {"cancer_type": "NPC", "cities": ["Shanghai"]},
            {"npc-broad": 3, "npc-leader": 2, "npc-minor": 0},
        ),
        _vignette("npc-one-graded", "test", {"cancer_type": "NPC"}, {"npc-leader": 3}),
    ],
}


def vignettes_document() -> dict[str, Any]:
    """The fixture vignettes as a JSON-ready document (a fresh copy each call)."""
    return copy.deepcopy(_VIGNETTES)


def write_vignettes(tmp_path: Path, document: object, name: str = "vignettes.json") -> Path:
    """Write a vignettes document as JSON and return its path."""
    path = tmp_path / name
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path
