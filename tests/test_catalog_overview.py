"""The generated catalog overview in docs/ stays in step with the data."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import matcher

ROOT = Path(__file__).resolve().parents[1]


def test_the_catalog_overview_matches_the_data() -> None:
    spec = importlib.util.spec_from_file_location(
        "catalog_overview", ROOT / "scripts" / "catalog_overview.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    expected = module.render(matcher.load_catalog())
    committed = (ROOT / "docs" / "catalog_overview.md").read_text(encoding="utf-8")
    assert committed == expected, "run: python scripts/catalog_overview.py"


def test_the_overview_lists_every_hospital() -> None:
    text = (ROOT / "docs" / "catalog_overview.md").read_text(encoding="utf-8")
    for hospital in matcher.load_catalog():
        assert f"`{hospital.id}`" in text
