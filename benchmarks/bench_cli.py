"""How long the command line takes from start to exit, against a bare ``python -c pass``.

Each command is run as a fresh process, several times in turn with the baseline (so a busy spell
slows both sides of a ratio), and the wall time of each run is printed, then the median and the
ratio median/baseline median. The commands:

- ``python -c pass``: the baseline, the interpreter starting and stopping;
- ``python -c "import matcher"``: the package itself (it loads no public name until used);
- ``python -m matcher --help``: the command line and its help (no numpy, pydantic or catalog);
- ``matcher recommend --cancer-type NPC --stage III --tcm-preference prefer --top-k 3``:
  a whole recommendation, from imports, profile and catalog validation to the printed table.

The aims of issue 16 are 0.3 s for ``--help`` and 0.6 s for ``recommend`` on an idle machine;
this script says what it measured and how busy the machine was (load average), and asserts
nothing.

    python benchmarks/bench_cli.py              # 7 rounds
    python benchmarks/bench_cli.py --rounds 15
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

PYTHON = sys.executable
SCRIPT = shutil.which("matcher", path=str(Path(PYTHON).parent)) or "matcher"

#: (label, argv) in the order they are run in each round.
COMMANDS: tuple[tuple[str, list[str]], ...] = (
    ("python -c pass (baseline)", [PYTHON, "-c", "pass"]),
    ("python -c 'import matcher'", [PYTHON, "-c", "import matcher"]),
    ("python -m matcher --help", [PYTHON, "-m", "matcher", "--help"]),
    ("matcher --help", [SCRIPT, "--help"]),
    (
        "matcher recommend --cancer-type NPC ...",
        [
            SCRIPT,
            "recommend",
            "--cancer-type",
            "NPC",
            "--stage",
            "III",
            "--tcm-preference",
            "prefer",
            "--top-k",
            "3",
        ],
    ),
)


def _wall(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> None:
    """Run every command ``--rounds`` times in turn and print the wall times and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7, help="runs of each command (default 7)")
    args = parser.parse_args(argv)
    for _, command in COMMANDS:  # warm the file cache; not timed
        _wall(command)
    times: dict[str, list[float]] = {label: [] for label, _ in COMMANDS}
    for _ in range(args.rounds):
        for label, command in COMMANDS:
            times[label].append(_wall(command))
    load = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    print(
        f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores, "
        f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (after the runs), "
        f"{args.rounds} rounds"
    )
    baseline = statistics.median(times[COMMANDS[0][0]])
    print("\n| command | median s | min s | max s | median / baseline |\n|---|---|---|---|---|")
    for label, _ in COMMANDS:
        runs = times[label]
        median = statistics.median(runs)
        print(
            f"| {label} | {median:.3f} | {min(runs):.3f} | {max(runs):.3f} | "
            f"{median / baseline:.1f} |"
        )
    print("\nEvery run (s):")
    for label, _ in COMMANDS:
        print(f"  {label}: " + " ".join(f"{run:.3f}" for run in times[label]))


if __name__ == "__main__":
    main()
