"""Draw docs/images/contribution_plot.png: a real shortlist's scores, stacked by feature.

The picture is ``recs.plot()`` of the README's own example (a nasopharyngeal carcinoma, stage
III, who prefers TCM; top 5 on the default catalog), drawn with matplotlib's Agg backend. Beside
it, ``contribution_plot.json`` records what the bars show (each hospital's rank, name, score and
the points of every feature, as drawn on the Axes) and the SHA-256 of the PNG written with them.
``tests/test_contribution_plot.py`` redraws the bars and compares them with that record, so the
picture cannot fall out of step with the code or the catalog without a test failing.

    python scripts/contribution_plot.py          # rewrite the PNG and its record
    python scripts/contribution_plot.py --check  # exit 1 when either is out of step
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import sys
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # before pyplot is imported: no window, the same everywhere

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.patches import Rectangle

import matcher

ROOT = Path(__file__).resolve().parent.parent
PNG = ROOT / "docs" / "images" / "contribution_plot.png"
RECORD = PNG.with_suffix(".json")
#: The README's example patient (made up).
PROFILE: dict[str, Any] = {
    "cancer_type": "nasopharyngeal carcinoma",
    "stage": "III",
    "tcm_preference": "prefer",
}
TOP_K = 5
DPI = 100


def draw() -> Axes:
    """The picture on a new figure (the caller closes it)."""
    return matcher.recommend(PROFILE, top_k=TOP_K).plot()


def bars(ax: Axes) -> dict[str, Any]:
    """What the Axes shows: title, hospital labels, and each feature's segment widths."""
    segments: dict[str, list[float]] = {}
    for container in ax.containers:
        label = str(container.get_label())
        segments[label] = [
            round(float(patch.get_width()), 3)
            for patch in container
            if isinstance(patch, Rectangle)
        ]
    return {
        "profile": PROFILE,
        "top_k": TOP_K,
        "title": ax.get_title(),
        "hospitals": [tick.get_text().replace("\n", " ") for tick in ax.get_yticklabels()],
        "scores": [text.get_text() for text in ax.texts],
        "points": segments,
    }


def png_bytes(ax: Axes) -> bytes:
    """The figure as PNG, without the software-version metadata that would change with it."""
    buffer = io.BytesIO()
    ax.figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    """Write (or with ``--check``, compare) the PNG and its record; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, write nothing")
    args = parser.parse_args(argv)
    ax = draw()
    try:
        shown = bars(ax)
        image = png_bytes(ax)
    finally:
        plt.close("all")
    if args.check:
        record = json.loads(RECORD.read_text(encoding="utf-8"))
        digest = hashlib.sha256(PNG.read_bytes()).hexdigest()
        in_step = record["bars"] == shown and record["png_sha256"] == digest
        print("in step" if in_step else "out of step: run python scripts/contribution_plot.py")
        return 0 if in_step else 1
    PNG.parent.mkdir(parents=True, exist_ok=True)
    PNG.write_bytes(image)
    record = {
        "note": "written by scripts/contribution_plot.py; do not edit",
        "matplotlib": matplotlib.__version__,
        "png_sha256": hashlib.sha256(image).hexdigest(),
        "bars": shown,
    }
    RECORD.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {PNG.relative_to(ROOT)} and {RECORD.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
