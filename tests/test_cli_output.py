"""Issue 15, item 9: output that cannot be written ends in one line and a non-zero status."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

COMMAND = [sys.executable, "-m", "matcher", "recommend", "--cancer-type", "NPC", "--json"]


def _one_line(done: subprocess.CompletedProcess[bytes]) -> str:
    assert done.returncode != 0
    lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
    assert len(lines) == 1, lines
    assert "Traceback" not in lines[0]
    return lines[0]


def test_an_encoding_that_lacks_a_character_gives_one_line() -> None:
    env = {**os.environ, "PYTHONIOENCODING": "cp1252"}
    done = subprocess.run(COMMAND, env=env, capture_output=True, timeout=120, check=False)
    assert "encoding" in _one_line(done)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
@pytest.mark.parametrize("as_json", [True, False])
def test_a_full_device_gives_one_line(as_json: bool) -> None:
    command = COMMAND if as_json else COMMAND[:-1]
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            command, stdout=full, stderr=subprocess.PIPE, timeout=120, check=False
        )
    assert "cannot be written" in _one_line(done)
