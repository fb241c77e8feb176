"""How long the command line takes from start to exit, against a bare ``python -c pass``.

Each command is run as a fresh process, several times in turn with the baseline (so a busy spell
slows both sides of a ratio), and the wall time of each run is printed, then the median and the
ratio median/baseline median. The commands:

- ``python -c pass``: the baseline, the interpreter starting and stopping;
- ``python -c "import matcher"``: the package itself (it loads no public name until used);
- ``python -m matcher --help``: the command line and its help (no numpy, pydantic or catalog);
- ``matcher recommend --cancer-type NPC --stage III --tcm-preference prefer --top-k 3``:
  a whole recommendation, from imports, profile and catalog validation to the printed table,
  three ways: *warm* (the parsed default catalog and ontology come from the load cache, as on
  every run after the first), *cold* (the cache emptied before each run: parsed, then written)
  and *cache off* (``MATCHER_CACHE_DIR=""``: parsed, nothing written).

The runs use a cache folder of their own (never the user's). Python's own bytecode cache matters
as much: without ``.pyc`` files every module is compiled from source on every start, so the
script says whether ``PYTHONDONTWRITEBYTECODE`` is set and how many of matcher's modules have an
up-to-date ``.pyc`` (``python -m compileall -q src`` writes them).

Beside wall time, the table gives each command's CPU time (user + system, where the platform
reports it): on a shared machine it moves much less with the load than wall time does.

The aims of issue 16 are 0.3 s for ``--help`` and 0.6 s for ``recommend`` on an idle machine;
this script says what it measured and how busy the machine was (load average), and asserts
nothing.

    python benchmarks/bench_cli.py              # 7 rounds
    python benchmarks/bench_cli.py --rounds 15
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

try:
    import resource  # CPU time of the runs; POSIX only
except ImportError:  # pragma: no cover - Windows
    resource = None  # type: ignore[assignment]

PYTHON = sys.executable
SCRIPT = shutil.which("matcher", path=str(Path(PYTHON).parent)) or "matcher"

RECOMMEND = [
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
]
WARM, COLD, OFF = "warm", "cold", "off"

#: (label, argv, cache) in the order they are run in each round.
COMMANDS: tuple[tuple[str, list[str], str], ...] = (
    ("python -c pass (baseline)", [PYTHON, "-c", "pass"], WARM),
    ("python -c 'import matcher'", [PYTHON, "-c", "import matcher"], WARM),
    ("python -m matcher --help", [PYTHON, "-m", "matcher", "--help"], WARM),
    ("matcher --help", [SCRIPT, "--help"], WARM),
    ("matcher recommend --cancer-type NPC ... (warm cache)", RECOMMEND, WARM),
    ("matcher recommend --cancer-type NPC ... (cold cache)", RECOMMEND, COLD),
    ("matcher recommend --cancer-type NPC ... (cache off)", RECOMMEND, OFF),
)


def _bytecode() -> str:
    """Whether Python may write bytecode here, and how many matcher modules have a fresh .pyc."""
    import matcher

    package = Path(matcher.__file__).parent
    modules = sorted(package.rglob("*.py"))
    fresh = 0
    for module in modules:
        compiled = Path(importlib.util.cache_from_source(str(module)))
        if compiled.is_file() and compiled.stat().st_mtime >= module.stat().st_mtime:
            fresh += 1
    writes = "not set" if not os.environ.get("PYTHONDONTWRITEBYTECODE") else "set"
    return (
        f"PYTHONDONTWRITEBYTECODE {writes}; {fresh} of {len(modules)} matcher modules have "
        "an up-to-date .pyc"
    )


def _wall(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one run of ``argv``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN) if resource else None
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    wall = time.perf_counter() - start
    if resource is None or before is None:
        return wall, float("nan")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _run(argv: list[str], cache: str, folder: Path) -> tuple[float, float]:
    """One timed run with the load cache warm, emptied first, or turned off."""
    env = dict(os.environ, MATCHER_CACHE_DIR="" if cache == OFF else str(folder))
    if cache == COLD:
        shutil.rmtree(folder, ignore_errors=True)
    return _wall(argv, env)  # a cold run writes the cache again for the warm ones


def main(argv: list[str] | None = None) -> None:
    """Run every command ``--rounds`` times in turn and print the wall times and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7, help="runs of each command (default 7)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="matcher-bench-cache-") as place:
        folder = Path(place) / "cache"
        for _, command, cache in COMMANDS:  # warm the file cache and the load cache; not timed
            _run(command, cache, folder)
        times: dict[str, list[float]] = {label: [] for label, _, _ in COMMANDS}
        cpu: dict[str, list[float]] = {label: [] for label, _, _ in COMMANDS}
        for _ in range(args.rounds):
            for label, command, cache in COMMANDS:
                wall, used = _run(command, cache, folder)
                times[label].append(wall)
                cpu[label].append(used)
    load = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    print(
        f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores, "
        f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (after the runs), "
        f"{args.rounds} rounds\n{_bytecode()}"
    )
    baseline = statistics.median(times[COMMANDS[0][0]])
    print(
        "\n| command | median s | min s | max s | median / baseline | median CPU s |"
        "\n|---|---|---|---|---|---|"
    )
    for label, _, _ in COMMANDS:
        runs = times[label]
        median = statistics.median(runs)
        print(
            f"| {label} | {median:.3f} | {min(runs):.3f} | {max(runs):.3f} | "
            f"{median / baseline:.1f} | {statistics.median(cpu[label]):.3f} |"
        )
    print("\nEvery run (s):")
    for label, _, _ in COMMANDS:
        print(f"  {label}: " + " ".join(f"{run:.3f}" for run in times[label]))


if __name__ == "__main__":
    main()
