"""The documentation site builds with warnings as errors, notebooks executed, tables generated.

Skipped, with the reason shown, where the docs extra is not installed (``pip install ".[docs]"``);
the README's test command installs it, so CI always builds the site.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import matcher
from matcher.profile._patient import Patient
from matcher.rules import DEFAULT_RULES

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("mkdocs") is None
    or importlib.util.find_spec("mkdocs_jupyter") is None,
    reason='the docs extra is not installed: pip install ".[docs]"',
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr[-4000:]
    return out


def _page(site: Path, name: str) -> str:
    return (site / name / "index.html").read_text(encoding="utf-8")


def test_every_page_is_built(site: Path) -> None:
    for name in ("profile", "ranking", "evidence", "catalog_overview", "architecture", "api"):
        assert (site / name / "index.html").is_file(), name
    assert (site / "images" / "contribution_plot.png").is_file()


def test_the_profile_page_lists_every_field_from_the_model(site: Path) -> None:
    page = _page(site, "profile")
    for field in Patient.model_fields:
        assert f"<code>{field}</code>" in page, field
    assert "<code>--tcm-preference</code>" in page


def test_the_ranking_page_lists_every_rule(site: Path) -> None:
    page = _page(site, "ranking")
    for rule in DEFAULT_RULES:
        assert f"<code>{rule.id}</code>" in page, rule.id


def test_the_api_reference_documents_every_public_class_and_function(site: Path) -> None:
    page = _page(site, "api")
    documented = set(re.findall(r'id="matcher\.(\w+)"', page))
    callables = {name for name in matcher.__all__ if callable(getattr(matcher, name))}
    assert callables <= documented, sorted(callables - documented)


def test_the_notebooks_are_shown_with_their_outputs(site: Path) -> None:
    quick = _page(site, "examples/01_quick_start")
    assert "Sun Yat-sen University Cancer Center" in quick  # an output, not only code
    pictures = _page(site, "examples/02_explanations_and_what_if")
    assert "data:image/png;base64," in pictures  # the plots were drawn at build time
    for notebook in sorted((ROOT / "examples").glob("*.ipynb")):
        assert (site / "examples" / notebook.stem / "index.html").is_file(), notebook.name


def test_the_site_fetches_nothing_from_elsewhere(site: Path) -> None:
    page = (site / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis.com" not in page and "fonts.gstatic.com" not in page
