"""Regenerate ``src/matcher/data/MANIFEST.json`` after a deliberate edit of a data file.

Run it from anywhere after changing, adding or removing a file in ``src/matcher/data``, and commit
the manifest together with the data::

    python scripts/update_manifest.py           # rewrite the manifest, list what changed
    python scripts/update_manifest.py --check   # exit 1 if the manifest is stale, change nothing

The manifest holds each data file's SHA-256, size, kind, schema version and data version; the
package refuses to load a data file that does not match it (``matcher/_manifest.py``).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "matcher" / "data"
sys.path.insert(0, str(ROOT / "src"))  # the source tree's matcher, whatever is installed

from matcher.common._manifest import MANIFEST_NAME, manifest_text  # noqa: E402


def _changes(old_text: str, new_text: str) -> list[str]:
    """One line per file added, removed or changed between two manifests."""
    try:
        old = json.loads(old_text).get("files", {}) if old_text else {}
    except ValueError:
        old = {}
    new = json.loads(new_text)["files"]
    lines = []
    for name in sorted(set(old) | set(new)):
        before, after = old.get(name), new.get(name)
        if before == after:
            continue
        if before is None:
            lines.append(f"  added    {name} ({after['sha256'][:12]}, {after['bytes']} bytes)")
        elif after is None:
            lines.append(f"  removed  {name}")
        else:
            lines.append(
                f"  changed  {name} ({before.get('sha256', '?')[:12]} -> {after['sha256'][:12]}, "
                f"{after['bytes']} bytes)"
            )
    return lines


def main(argv: list[str] | None = None) -> int:
    """Write (or with ``--check`` only compare) the manifest; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if the manifest is stale; write nothing"
    )
    args = parser.parse_args(argv)
    path = DATA / MANIFEST_NAME
    old_text = path.read_text(encoding="utf-8") if path.exists() else ""
    new_text = manifest_text(DATA)
    changes = _changes(old_text, new_text)
    if new_text == old_text:
        print(f"{path.relative_to(ROOT)} is up to date.")
        return 0
    if args.check:
        print(f"{path.relative_to(ROOT)} is stale:", *changes, sep="\n")
        print("Run `python scripts/update_manifest.py` and commit the manifest with the data.")
        return 1
    path.write_text(new_text, encoding="utf-8")
    print(f"Wrote {path.relative_to(ROOT)}:", *changes, sep="\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
