"""The published JSON Schemas in docs/ stay in step with the models."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import matcher

ROOT = Path(__file__).resolve().parents[1]


def _script_schemas() -> dict[str, str]:
    spec = importlib.util.spec_from_file_location(
        "json_schemas", ROOT / "scripts" / "json_schemas.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    result: dict[str, str] = module.schemas()
    return result


def test_the_published_schemas_match_the_models() -> None:
    for name, expected in _script_schemas().items():
        committed = (ROOT / "docs" / name).read_text(encoding="utf-8")
        assert committed == expected, f"run: python scripts/json_schemas.py ({name})"


def test_the_catalog_schema_describes_hospitals_and_claims() -> None:
    schema = json.loads((ROOT / "docs" / "catalog.schema.json").read_text(encoding="utf-8"))
    assert {"Hospital", "StrengthClaim", "Source"} <= set(schema["$defs"])
    assert schema["properties"]["schema_version"]["const"] == 2


def test_the_profile_schema_requires_only_the_cancer_type() -> None:
    schema = json.loads((ROOT / "docs" / "profile.schema.json").read_text(encoding="utf-8"))
    assert schema["required"] == ["cancer_type"]
    assert set(schema["properties"]) == set(matcher.Patient.model_fields)
