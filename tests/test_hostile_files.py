"""Issue 15, items 4 and 7: files that are not regular files, files larger than their limit,
and profile files that give a key twice. Each is refused, at once, in one line."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import given, settings
from hypothesis import strategies as st

import matcher
from matcher import CatalogError, Patient, ProfileError
from matcher.cli import cli
from matcher.common._manifest import DataIntegrityError, read_verified
from tests.strategies import profiles

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), prog_name="matcher")


def one_error_line(result: Result) -> str:
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.json"
    os.mkfifo(path)
    return path


@needs_fifo
def test_load_catalog_refuses_a_fifo_without_waiting(fifo: Path) -> None:
    started = time.perf_counter()
    with pytest.raises(CatalogError, match="not a regular file"):
        matcher.load_catalog(fifo)
    assert time.perf_counter() - started < 2


@needs_fifo
@pytest.mark.parametrize("option", ["--catalog", "--profile"])
def test_the_command_line_refuses_a_fifo_in_one_line(fifo: Path, option: str) -> None:
    line = one_error_line(run("recommend", "--cancer-type", "NPC", option, str(fifo)))
    assert "not a regular file" in line


def test_load_catalog_refuses_a_folder_and_a_device(tmp_path: Path) -> None:
    for path in (tmp_path, Path("/dev/zero")):
        if path.exists():
            with pytest.raises(CatalogError):
                matcher.load_catalog(path)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    from importlib import resources

    source = resources.files("matcher") / "data"
    folder = tmp_path / "data"
    folder.mkdir()
    for name in ("MANIFEST.json", "catalog.json"):
        (folder / name).write_bytes((source / name).read_bytes())
    return folder


def test_the_manifest_check_refuses_a_link_to_a_device(data_copy: Path) -> None:
    (data_copy / "catalog.json").unlink()
    (data_copy / "catalog.json").symlink_to("/dev/zero")
    started = time.perf_counter()
    with pytest.raises(DataIntegrityError, match="not a regular file"):
        read_verified("catalog.json", data_copy)
    assert time.perf_counter() - started < 2


def test_the_manifest_check_compares_the_size_before_reading(data_copy: Path) -> None:
    with (data_copy / "catalog.json").open("r+b") as handle:
        handle.truncate(2 * 1024**3)  # sparse: 2 GB listed, nothing written
    started = time.perf_counter()
    with pytest.raises(DataIntegrityError, match="does not match"):
        read_verified("catalog.json", data_copy)
    assert time.perf_counter() - started < 2


@pytest.mark.parametrize(
    ("document", "key"),
    [
        ('{"cancer_type": "NPC", "cancer_type": "breast cancer"}', "cancer_type"),
        ('{"cancer_type": "NSCLC", "biomarkers": {"EGFR": "L858R", "EGFR": "negative"}}', "EGFR"),
    ],
)
def test_a_profile_file_giving_a_key_twice_is_refused(
    tmp_path: Path, document: str, key: str
) -> None:
    path = tmp_path / "profile.json"
    path.write_text(document, encoding="utf-8")
    line = one_error_line(run("recommend", "--profile", str(path)))
    assert "twice" in line and key in line


def test_a_profile_file_larger_than_the_limit_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "profile.json"
    path.write_text(json.dumps({"cancer_type": "NPC", "notes": "x" * 868_000}), encoding="utf-8")
    started = time.perf_counter()
    line = one_error_line(run("recommend", "--profile", str(path)))
    assert "larger" in line
    assert time.perf_counter() - started < 2


@settings(max_examples=40, deadline=None)
@given(profiles(), st.data())
def test_any_key_given_twice_in_profile_json_is_refused(profile: dict[str, Any], data: Any) -> None:
    key = data.draw(st.sampled_from(sorted(profile)))
    body = json.dumps(profile)[1:-1]
    document = "{" + body + ", " + json.dumps(key) + ": " + json.dumps(profile[key]) + "}"
    with pytest.raises(ProfileError, match="twice") as caught:
        Patient.model_validate_json(document)
    assert caught.value.__context__ is None
