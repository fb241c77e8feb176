"""Test configuration: hypothesis profiles and shared fixtures."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# "dev" is quick for local runs; "ci" is what CI runs (derandomised so a failure reproduces);
# "thorough" is the on-demand deep run: HYPOTHESIS_PROFILE=thorough python -m pytest
settings.register_profile("dev", max_examples=40, deadline=None)
settings.register_profile("ci", max_examples=120, deadline=None, derandomize=True, print_blob=True)
settings.register_profile(
    "thorough",
    max_examples=20_000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))

# The suite keeps matcher's load cache (matcher.common._cache) in a folder of its own, never in
# the user's home; set before any test imports matcher, inherited by the commands tests run.
_CACHE = tempfile.TemporaryDirectory(prefix="matcher-test-cache-")
os.environ["MATCHER_CACHE_DIR"] = _CACHE.name

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = REPO_ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The shared folder beside the repository (seeds and reference data)."""
    if not SHARED.is_dir():
        pytest.skip(f"the shared folder is not beside the repository ({SHARED})")
    return SHARED
