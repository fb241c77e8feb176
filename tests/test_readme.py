"""The README's promises: two quick-start commands, the one CI runs, and a runnable example."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _command_after(marker: str) -> str:
    lines = README.split(marker, 1)[1].splitlines()
    return next(line for line in lines[1:] if line.strip() and not line.startswith("```"))


def test_the_quick_start_has_exactly_two_commands() -> None:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```(?:bash|sh)\n(.*?)```", section, flags=re.S)
    commands = [line for block in blocks for line in block.splitlines() if line.strip()]
    assert len(commands) == 2, commands


def test_ci_runs_the_readme_test_command() -> None:
    command = _command_after("<!-- test-command -->")
    assert "pytest" in command
    assert "awk '/<!-- test-command -->/" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_the_run_command_makes_a_real_recommendation() -> None:
    """Runs the README's command (after its install steps) with this environment's matcher."""
    command = _command_after("<!-- run-command -->")
    assert "pip install ." in command
    run = shlex.split(command.split("&&")[-1])
    assert run[0] == ".venv/bin/matcher"
    result = subprocess.run(
        [sys.executable, "-m", "matcher", *run[1:]], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "Sun Yat-sen University Cancer Center" in result.stdout
