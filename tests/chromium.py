"""Headless Chromium for tests: render a page, dump its DOM, take a screenshot, print a PDF, and
list the network requests the page made (from Chromium's own net log).

Chromium is Debian's ``chromium`` package (``.ci/run`` installs it when missing). Every run gets
a fresh profile and an unreachable proxy, so nothing can leave the machine even if a page asked.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

#: Flags for a quiet, isolated headless run (no sync, updates or background traffic of its own
#: that could be mistaken for the page's, no GPU, no sandbox as CI runs as root).
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--hide-scrollbars",
    "--proxy-server=http://127.0.0.1:9",
)
TIMEOUT = 120


def find_chromium() -> str | None:
    """The Chromium executable on PATH, or None."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def run(page: Path, *actions: str, window: tuple[int, int] = (1000, 1600)) -> tuple[str, list[str]]:
    """Open ``page`` with ``actions`` (e.g. ``--dump-dom``); return stdout and the URLs of every
    request the page itself made (requests Chromium makes for itself are told apart by their
    initiator and isolation key, and left out)."""
    chromium = find_chromium()
    if chromium is None:
        raise RuntimeError("chromium is not installed")
    with tempfile.TemporaryDirectory(prefix="matcher-chromium-") as folder:
        log = Path(folder) / "net-log.json"
        done = subprocess.run(
            [
                chromium,
                *FLAGS,
                f"--user-data-dir={folder}/profile",
                f"--log-net-log={log}",
                "--net-log-capture-mode=Everything",
                f"--window-size={window[0]},{window[1]}",
                *actions,
                page.resolve().as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=True,
        )
        return done.stdout, page_requests(json.loads(log.read_text(encoding="utf-8")))


def page_requests(net_log: dict[str, Any]) -> list[str]:
    """URLs the page (not the browser) asked for, from a Chromium net log."""
    names = {value: key for key, value in net_log["constants"]["logEventTypes"].items()}
    urls = []
    for event in net_log.get("events", []):
        params = event.get("params") or {}
        url = params.get("url")
        if not url or names.get(event["type"]) != "URL_REQUEST_START_JOB":
            continue
        by_page = params.get("initiator") != "not an origin" or "file://" in str(
            params.get("network_isolation_key", "")
        )
        if by_page and not url.startswith(("file:", "data:", "about:", "chrome:")):
            urls.append(url)
    return urls
