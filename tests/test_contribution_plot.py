"""The README's contribution plot stays in step with the code and the catalog that drew it."""

from __future__ import annotations

import hashlib
import importlib.util
import json
from pathlib import Path
from types import ModuleType

import matplotlib.pyplot as plt
import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "contribution_plot.py"


@pytest.fixture(scope="module")
def script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("contribution_plot", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_plot_shows_what_a_fresh_drawing_shows(script: ModuleType) -> None:
    record = json.loads(script.RECORD.read_text(encoding="utf-8"))
    ax = script.draw()
    try:
        shown = script.bars(ax)
    finally:
        plt.close("all")
    assert record["bars"] == shown, "run: python scripts/contribution_plot.py"


def test_the_png_is_the_one_written_with_its_record(script: ModuleType) -> None:
    record = json.loads(script.RECORD.read_text(encoding="utf-8"))
    assert hashlib.sha256(script.PNG.read_bytes()).hexdigest() == record["png_sha256"]


def test_the_record_holds_a_real_shortlist_whose_bars_add_up_to_the_scores(
    script: ModuleType,
) -> None:
    bars = json.loads(script.RECORD.read_text(encoding="utf-8"))["bars"]
    assert len(bars["hospitals"]) == bars["top_k"] == len(bars["scores"])
    totals = [sum(column) for column in zip(*bars["points"].values(), strict=True)]
    for total, score in zip(totals, bars["scores"], strict=True):
        assert total == pytest.approx(float(score), abs=0.06)  # labels show 1 decimal


def test_the_readme_shows_the_picture() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "](docs/images/contribution_plot.png)" in readme
