"""The README's promises: two quick-start commands, the one CI runs, and a runnable example."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

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


def _benchmark_table_script() -> object:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "benchmark_table", ROOT / "scripts" / "benchmark_table.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_performance_table_is_the_one_the_benchmark_script_writes() -> None:
    script: Any = _benchmark_table_script()
    assert README.count(script.START) == 1 and README.count(script.END) == 1
    section = README.split(script.START, 1)[1].split(script.END, 1)[0].strip("\n")
    lines = section.splitlines()
    assert tuple(lines[:2]) == script.HEADER
    assert len(lines) > 2, "the table has no rows"
    for line in lines[2:]:
        assert script.ROW.match(line), line
    # Writing the same rows back gives the same text: the script owns the section.
    rows = [tuple(part.strip() for part in line.strip("|").split(" | ")) for line in lines[2:]]
    parsed = [(m, f, t, verdict == "met") for m, f, t, verdict in rows]
    assert script.replace(README, script.markdown(parsed)) == README


def test_the_benchmark_script_reads_what_the_benchmarks_print() -> None:
    script: Any = _benchmark_table_script()
    recommend = (
        "   100,000      100      34.55   140.60      6.51     13.15          5.3       4.07   "
        "(catalog built in 84.2 s)\n100,000 / 10,000 hospitals: median x8.6 for x10 hospitals\n"
    )
    rows = script.recommend_rows(recommend)
    assert [(figure, met) for _, figure, _, met in rows] == [
        ("5.3x", True),
        ("4.07", False),
        ("8.6x", True),
    ]
    dask = (
        "dask, 2 worker processes x 1 thread: 2,000 patients -> 9,000 ranking rows in 1.0 s = "
        "2,000 patients/s\n  largest worker peak: 1,100 MB (aim: under 1,024 MB)\n"
    )
    assert script.dask_rows(dask)[0][1:] == ("1,100 MB (2,000 patients/s)", "under 1 GB", False)
