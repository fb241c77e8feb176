"""The case packet in a real browser: headless Chromium renders it, the DOM has every section
(and the Chinese names in the Chinese packet), the page makes no network request, it prints to
A4, and a screenshot is saved in tests/artifacts/ for a person to look at."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

import matcher
from matcher import Recommendations
from matcher.results._i18n import say
from tests.chromium import find_chromium, run

pytestmark = pytest.mark.skipif(
    find_chromium() is None,
    reason="chromium is not installed (.ci/run installs Debian's chromium; "
    "apt-get install chromium to run the browser tests here)",
)

ARTIFACTS = Path(__file__).parent / "artifacts"
PROFILE = {
    "cancer_type": "鼻咽癌",
    "stage": "III",
    "tcm_preference": "prefer",
    "cities": ["Guangzhou"],
    "needs_international_services": True,
}


@pytest.fixture(scope="module")
def recs() -> Recommendations:
    return matcher.recommend(PROFILE, top_k=5)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_packet_renders_its_sections_and_makes_no_request(
    recs: Recommendations, lang: str, tmp_path: Path
) -> None:
    language = "zh" if lang == "zh" else "en"
    page = recs.report(tmp_path / f"packet-{lang}.html", lang=language)
    dom, requests = run(page, "--dump-dom")
    assert requests == []
    for section in ("profile", "shortlist", "missing", "left-out", "rules"):
        assert f'<section id="{section}">' in dom
    assert dom.count('<article class="hospital"') == len(recs)
    for heading in ("packet.profile", "packet.shortlist", "packet.missing", "packet.left_out"):
        assert f"<h2>{say(heading, language)}</h2>" in dom
    # The name each hospital's heading gives first: the Chinese name in the Chinese packet.
    shown = [
        html.unescape(name)
        for name in re.findall(r'<h3>[^<]*<span lang="[a-z]+" translate="no">(.*?)</span>', dom)
    ]
    expected = [
        item.hospital.name_zh if lang == "zh" and item.hospital.name_zh else item.hospital.name
        for item in recs
    ]
    assert shown == expected
    if lang == "zh":
        assert sum(re.search(r"[\u4e00-\u9fff]", name) is not None for name in shown) >= 4
    assert "<details" in dom and " open" not in re.search(r"<details[^>]*>", dom)[0]  # type: ignore[index]


def test_a_page_that_loads_something_is_caught(tmp_path: Path) -> None:
    # The check above can fail: a page with an image from the network shows up in the log.
    page = tmp_path / "loads.html"
    page.write_text('<!DOCTYPE html><img src="http://192.0.2.1/x.png"><p>x</p>', encoding="utf-8")
    _, requests = run(page, "--dump-dom")
    assert requests == ["http://192.0.2.1/x.png"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_packet_prints_to_a4_and_leaves_a_screenshot(
    recs: Recommendations, lang: str, tmp_path: Path
) -> None:
    page = recs.report(tmp_path / f"packet-{lang}.html", lang="zh" if lang == "zh" else "en")
    pdf = tmp_path / "packet.pdf"
    _, requests = run(page, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    assert requests == []
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf.read_bytes())
    assert boxes, "the PDF has no pages"
    for width, height in boxes:  # A4 is 595 x 842 points
        assert abs(float(width) - 595.3) < 2 and abs(float(height) - 841.9) < 2
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / f"packet-{lang}.png"
    shot.unlink(missing_ok=True)
    run(page, f"--screenshot={shot}")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
