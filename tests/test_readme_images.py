"""The README's picture of a case packet is drawn from the packet matcher makes today."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "readme_images", ROOT / "scripts" / "readme_images.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_packet_picture_was_drawn_from_todays_packet() -> None:
    script = _script()
    recorded = script.DIGEST.read_text(encoding="utf-8").split()[0]
    assert recorded == script.digest(script.packet_html()), "run: python scripts/readme_images.py"
    assert script.PICTURE.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_readme_shows_the_packet_picture() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "](docs/images/packet.png)" in readme
