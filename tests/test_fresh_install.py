"""A fresh install works: the sdist and the wheel, built in an isolated environment, carry the
package data, and the wheel installed into a new virtual environment recommends from outside the
repository.

Part of the suite and of CI (about half a minute with a warm pip cache). It needs a package index
for the build backend and the dependencies; only outside CI, with no index reachable, it skips.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path
from typing import Any

import pytest

import matcher

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "src" / "matcher" / "data"
LICENCE = "ONCOTREE_LICENSE_CC-BY-4.0.md"
PROFILE = {"cancer_type": "NPC", "stage": "III"}

# Run by the new environment's python, from an empty directory outside the repository.
SCRIPT = """
import json, sys
from importlib import resources
import matcher
from matcher.common import _manifest
from matcher.profile import _ontology

catalog = matcher.load_catalog()
ontology = _ontology.default_ontology()
manifest = json.loads((resources.files("matcher") / "data" / "MANIFEST.json").read_bytes())
verified = sorted(name for name in manifest["files"] if _manifest.read_verified(name))
recs = matcher.recommend(json.loads(sys.argv[1]))
print(json.dumps({
    "file": matcher.__file__,
    "verified": verified,
    "top": list(recs.hospital_ids),
    "hospitals": len(catalog),
    "data_version": catalog.data_version,
    "cancer_types": len(ontology),
    "npc": ontology.resolve("nasopharyngeal carcinoma").code,
}))
"""


def _run(command: list[str], *, cwd: Path | None = None, timeout: int = 600) -> str:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    done = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    output = f"{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
    shown = " ".join(part if len(part) < 80 else part[:60] + "..." for part in command)
    assert done.returncode == 0, f"{shown} failed:\n{output}"
    return done.stdout


def _index_reachable() -> bool:
    try:
        socket.create_connection(("pypi.org", 443), timeout=5).close()
    except OSError:
        return False
    return True


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sdist and the wheel, built with build isolation (the backend comes from the index)."""
    if not os.environ.get("CI") and not _index_reachable():
        pytest.skip("no package index reachable (this test never skips in CI)")
    out = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "build", "--sdist", "--wheel", "--outdir", str(out), str(REPO)])
    (wheel,) = out.glob("*.whl")
    (sdist,) = out.glob("*.tar.gz")
    return {"wheel": wheel, "sdist": sdist}


def _listed() -> dict[str, Any]:
    files: dict[str, Any] = json.loads((DATA / "MANIFEST.json").read_text(encoding="utf-8"))[
        "files"
    ]
    assert "catalog.json" in files
    return files


def test_the_wheel_carries_the_data_the_manifest_licence_and_py_typed(
    built: dict[str, Path],
) -> None:
    with zipfile.ZipFile(built["wheel"]) as wheel:
        names = set(wheel.namelist())
        wanted = {
            "matcher/py.typed",
            "matcher/data/catalog.json",
            f"matcher/data/{LICENCE}",
            "matcher/data/MANIFEST.json",
            *(f"matcher/data/{name}" for name in _listed()),
        }
        assert wanted - names == set()
        shipped = json.loads(wheel.read("matcher/data/MANIFEST.json"))["files"]
        for name, entry in shipped.items():
            assert hashlib.sha256(wheel.read(f"matcher/data/{name}")).hexdigest() == entry["sha256"]


def test_the_sdist_carries_the_package_data(built: dict[str, Path]) -> None:
    with tarfile.open(built["sdist"]) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    wanted = {
        "pyproject.toml",
        "README.md",
        "src/matcher/py.typed",
        f"src/matcher/data/{LICENCE}",
        "src/matcher/data/MANIFEST.json",
        *(f"src/matcher/data/{name}" for name in _listed()),
    }
    assert wanted - names == set(), "the sdist lacks files a build from it needs"


def test_the_wheel_installed_in_a_new_venv_recommends_from_outside_the_repository(
    built: dict[str, Path], tmp_path: Path
) -> None:
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", str(venv)])
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    _run([str(python), "-m", "pip", "install", "--disable-pip-version-check", str(built["wheel"])])
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = json.loads(_run([str(python), "-c", SCRIPT, json.dumps(PROFILE)], cwd=elsewhere))

    installed = Path(result["file"]).resolve()
    assert installed.is_relative_to(venv.resolve())
    assert not installed.is_relative_to(REPO)
    here = matcher.recommend(PROFILE)  # the same data, from the source tree
    assert result["top"] == list(here.hospital_ids)
    assert result["top"][0] == here[0].hospital.id
    catalog = matcher.load_catalog()
    assert (result["hospitals"], result["data_version"]) == (len(catalog), catalog.data_version)
    assert result["cancer_types"] > 800
    assert result["npc"] == "NPC"
    assert result["verified"] == sorted(_listed())
