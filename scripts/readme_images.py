"""Draw docs/images/packet.png, the README's picture of a case packet page, in headless Chromium.

Run after changing the packet, its words or the catalog: ``python scripts/readme_images.py``
(needs Debian's ``chromium``). Beside the picture, ``packet.sha256`` records the SHA-256 of the
HTML it was drawn from; ``tests/test_readme_images.py`` rebuilds that HTML and fails when the
picture is out of step.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import matcher

IMAGES = Path(__file__).resolve().parents[1] / "docs" / "images"
PICTURE = IMAGES / "packet.png"
DIGEST = IMAGES / "packet.sha256"
#: The example of the README's command line.
PROFILE = {
    "cancer_type": "nasopharyngeal carcinoma",
    "stage": "III",
    "tcm_preference": "prefer",
    "cities": ["Guangzhou"],
    "needs_international_services": True,
}
WINDOW = (1000, 1500)


def packet_html() -> str:
    """The page the picture shows: the README example's packet, in English."""
    from matcher.results._packet import to_packet

    return to_packet(matcher.recommend(PROFILE, top_k=3), "en")


def digest(page: str) -> str:
    """The SHA-256 of the page's UTF-8 text, as recorded beside the picture."""
    return hashlib.sha256(page.encode("utf-8")).hexdigest()


def main() -> int:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("chromium is not installed (apt-get install chromium)", file=sys.stderr)
        return 1
    page = packet_html()
    IMAGES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="matcher-readme-") as folder:
        html = Path(folder) / "packet.html"
        html.write_text(page, encoding="utf-8")
        subprocess.run(
            [
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                "--proxy-server=http://127.0.0.1:9",
                f"--user-data-dir={folder}/profile",
                f"--window-size={WINDOW[0]},{WINDOW[1]}",
                f"--screenshot={PICTURE}",
                html.as_uri(),
            ],
            capture_output=True,
            timeout=120,
            check=True,
        )
    DIGEST.write_text(f"{digest(page)}  packet.html\n", encoding="utf-8")
    print(f"wrote {PICTURE} and {DIGEST}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
