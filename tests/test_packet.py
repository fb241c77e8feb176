"""The case packet: what it holds, that it loads nothing, and that the profile goes into it and
nowhere else."""

from __future__ import annotations

import html
import json
import logging
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import matcher
from matcher import Recommendations
from matcher.cli import cli
from matcher.results._i18n import say
from matcher.results._packet import CHECKLIST, missing_section, to_packet
from tests.test_privacy import VALID_NUMBERS, _valid_profile
from tests.test_render import HOSTILE, hostile  # noqa: F401  (a fixture)

NPC = {
    "cancer_type": "nasopharyngeal carcinoma",
    "stage": "III",
    "tcm_preference": "prefer",
    "cities": ["Guangzhou"],
    "needs_international_services": True,
}
SECTIONS = ("profile", "shortlist", "missing", "left-out", "rules")


@pytest.fixture(scope="module")
def recs() -> Recommendations:
    return matcher.recommend(NPC, top_k=5)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_packet_has_every_section_and_a_checklist_per_hospital(
    recs: Recommendations, lang: str
) -> None:
    page = to_packet(recs, "zh" if lang == "zh" else "en")
    for section in SECTIONS:
        assert f'<section id="{section}">' in page
    assert page.count('<article class="hospital"') == len(recs)
    for key in CHECKLIST:
        assert page.count(say(key, "zh" if lang == "zh" else "en")) == len(recs)
    for item in recs:
        for reason in item.reasons:
            source = reason.source
            if source is None:
                continue
            assert html.escape(source.title) in page
            if source.row is None:
                assert html.escape(source.quote) in page  # whole, in its own language
            else:  # a data file's row, whole, in words; the ranking's name in its own language
                words = source.shown("zh" if lang == "zh" else "en")
                assert words.startswith(source.row.ranking)
                assert html.escape(source.row.ranking) in page
                assert html.escape(words.removeprefix(source.row.ranking)) in page


def test_the_chinese_packet_names_hospitals_by_their_chinese_names(recs: Recommendations) -> None:
    page = to_packet(recs, "zh")
    assert '<html lang="zh-Hans">' in page
    named = [item.hospital for item in recs if item.hospital.name_zh]
    assert named
    headings = re.findall(r"<h3>(.*?)</h3>", page)
    for hospital in named:
        name = f'<span lang="zh" translate="no">{html.escape(hospital.name_zh or "")}</span>'
        assert any(heading.split(" <span class")[0].endswith(name) for heading in headings)


def test_the_packet_loads_nothing_and_blocks_every_request(recs: Recommendations) -> None:
    for lang in ("en", "zh"):
        page = to_packet(recs, lang)  # type: ignore[arg-type]
        assert "default-src 'none'" in page
        assert not re.search(r"<(script|link|img|iframe|object|embed|video|audio|source)\b", page)
        assert not re.search(r"\bsrc\s*=", page)
        assert "url(" not in page and "@import" not in page
        # Links to hospitals' sites are followed only when clicked; nothing else has a URL.
        for match in re.finditer(r"https?://", page):
            before = page[max(0, match.start() - 6) : match.start()]
            assert before.endswith('href="') or before.endswith(">"), page[match.start() - 40 :]


def test_an_unknown_contact_says_not_found_never_no(recs: Recommendations) -> None:
    page = to_packet(recs, "en")
    without_international = [
        item
        for item in recs
        if not any(c.kind == "international_department" for c in item.hospital.contacts)
    ]
    assert without_international
    assert page.count("not found in our sources") >= len(without_international)
    assert ">no<" not in page


def test_left_out_hospitals_are_folded_by_reason_with_counts_that_add_up(
    recs: Recommendations,
) -> None:
    page = to_packet(recs, "en")
    groups = re.findall(r"<details data-rule=\"[^\"]+\"><summary>(.*?) \((\d+)\)</summary>", page)
    assert groups
    assert sum(int(count) for _, count in groups) == recs.n_excluded
    assert "open" not in re.findall(r"<details[^>]*>", page)[0]


def test_the_missing_facts_section_lists_what_the_result_does_not_know(
    recs: Recommendations,
) -> None:
    page = to_packet(recs, "en")
    section = page[page.index('<section id="missing">') :]
    section = section[: section.index("</section>")]
    # No biomarkers or ECOG were given: each is listed, with its effect on the shortlist where
    # an answer would change it (recs.missing_facts()), otherwise as an unknown.
    quantified = {fact.field: str(fact) for fact in recs.missing_facts()}
    for field in ("biomarkers", "ecog"):
        expected = quantified.get(field) or say(f"missing.{field}", "en")
        assert html.escape(expected, quote=False) in section or html.escape(expected) in section
    assert say("missing.stage", "en") not in section  # the stage was given
    assert "stage:" not in section
    assert "Unknown whether this applies" not in section  # no rule left undecided by a gap
    assert "<li>" in missing_section(["a fact to find out"], "en")
    assert say("packet.missing_none", "zh") in missing_section([], "zh")


def test_the_packet_escapes_everything_from_the_catalog(
    hostile: Recommendations,  # noqa: F811
) -> None:
    page = to_packet(hostile, "en")
    assert "<script" not in page and "<img" not in page and "<b " not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'href="javascript' not in page


def test_report_writes_the_page_and_refuses_a_language_it_does_not_write(
    recs: Recommendations, tmp_path: Path
) -> None:
    written = recs.report(tmp_path / "packet.html", lang="zh")
    assert written == tmp_path / "packet.html"
    assert written.read_text(encoding="utf-8") == to_packet(recs, "zh")
    with pytest.raises(ValueError, match="lang must be one of en, zh"):
        recs.report(tmp_path / "other.html", lang="fr")
    assert not (tmp_path / "other.html").exists()


# --- the profile goes into the packet, and nowhere else ---------------------------------------


def _markers() -> list[str]:
    return [str(value) for value in VALID_NUMBERS.values()]


def test_the_profile_is_in_the_packet_and_in_no_log_or_stream(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    caplog.set_level(logging.DEBUG)
    recs = matcher.recommend(_valid_profile(), top_k=5)
    packet = recs.report(tmp_path / "packet.html")
    out, err = capsys.readouterr()
    escaped = "\n".join([out, err, *(r.getMessage() for r in caplog.records)])
    text = packet.read_text(encoding="utf-8")
    for marker in _markers():
        assert marker in text  # the packet holds the profile, as asked
        assert marker not in escaped
    assert [path.name for path in tmp_path.iterdir()] == ["packet.html"]


def test_the_report_command_writes_the_profile_only_into_the_packet(tmp_path: Path) -> None:
    profile = tmp_path / "patient.json"
    profile.write_text(json.dumps(_valid_profile()), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    done = subprocess.run(
        [sys.executable, "-m", "matcher", "report", "--profile", str(profile), "-o", "p.html"],
        cwd=out,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert [path.name for path in out.iterdir()] == ["p.html"]
    text = (out / "p.html").read_text(encoding="utf-8")
    for marker in _markers():
        assert marker in text
        assert marker not in done.stdout + done.stderr
    assert done.stdout.startswith("Wrote p.html (5 hospitals)")


def test_the_report_command_writes_chinese_and_refuses_bad_input(tmp_path: Path) -> None:
    runner = CliRunner()
    target = tmp_path / "zh.html"
    done = runner.invoke(
        cli, ["report", "--cancer-type", "鼻咽癌", "--lang", "zh", "-o", str(target)]
    )
    assert done.exit_code == 0, done.output
    assert '<html lang="zh-Hans">' in target.read_text(encoding="utf-8")
    bad = runner.invoke(cli, ["report", "--cancer-type", "NPC", "--lang", "fr", "-o", str(target)])
    assert bad.exit_code == 2
    missing = runner.invoke(cli, ["report", "--cancer-type", "NPC"])
    assert missing.exit_code == 2 and "--output" in missing.output
    nowhere = runner.invoke(
        cli, ["report", "--cancer-type", "NPC", "-o", str(tmp_path / "no" / "x.html")]
    )
    assert nowhere.exit_code == 2 and "cannot be written" in nowhere.output
