"""A calmer terminal: left-out hospitals folded by reason, every reason on request, Chinese."""

from __future__ import annotations

import re
from collections import Counter

import attrs
import pytest
from click.testing import CliRunner

import matcher
from matcher import Recommendations
from matcher.cli import cli
from matcher.results._packet import to_packet
from matcher.results._text import to_text

NPC = {"cancer_type": "NPC", "stage": "III", "cities": ["Guangzhou"]}
ARGS = ["recommend", "--cancer-type", "NPC", "--stage", "III", "--city", "Guangzhou"]


@pytest.fixture(scope="module")
def recs() -> Recommendations:
    return matcher.recommend(NPC, top_k=5)


def test_left_out_hospitals_fold_to_one_line_per_reason_with_its_count(
    recs: Recommendations,
) -> None:
    text = to_text(recs)
    tail = text[text.index("Left out:") :]
    counts = Counter((x.rule_id, x.reason) for x in recs.excluded)
    lines = [line for line in tail.splitlines()[1:] if re.match(r"  \d+ x ", line)]
    assert len(lines) == len(counts)
    assert sum(int(line.split()[0]) for line in lines) == recs.n_excluded
    assert not any(x.hospital.name in " ".join(tail.split()) for x in recs.excluded[:10])
    assert len(tail.splitlines()) < 3 * len(counts) + 2  # a few lines, not a wall of names


def test_show_excluded_names_every_left_out_hospital(recs: Recommendations) -> None:
    flat = " ".join(to_text(recs, show_excluded=True).split())
    assert all(x.hospital.name in flat for x in recs.excluded)
    # Chinese lines break between characters: compare without any white space.
    chinese = "".join(to_text(recs, lang="zh", show_excluded=True).split())
    for x in recs.excluded:
        assert "".join((x.hospital.name_zh or x.hospital.name).split()) in chinese


def test_all_reasons_shows_every_reason(recs: Recommendations) -> None:
    flat = " ".join(to_text(recs, all_reasons=True).split())
    assert "more reasons" not in flat
    for item in recs:
        for reason in item.reasons:
            assert reason.text in flat
    assert "more reasons (--all-reasons shows them)" in to_text(recs)


def test_the_chinese_table_names_hospitals_and_cities_in_chinese(recs: Recommendations) -> None:
    text = to_text(recs, lang="zh")
    assert text.startswith("共 ")
    for item in recs:
        assert (item.hospital.name_zh or item.hospital.name) in text
    assert "广州" in text and "Guangzhou" not in text.split("\n\n")[1].split("\n")[1]


def test_the_command_line_takes_lang_show_excluded_and_all_reasons() -> None:
    runner = CliRunner()
    plain = runner.invoke(cli, ARGS)
    chinese = runner.invoke(cli, [*ARGS, "--lang", "zh"])
    every = runner.invoke(cli, [*ARGS, "--show-excluded", "--all-reasons"])
    assert plain.exit_code == chinese.exit_code == every.exit_code == 0
    assert "排名理由" not in chinese.output and chinese.output.startswith("共 ")
    assert len(every.output.splitlines()) > len(plain.output.splitlines()) + 20
    assert runner.invoke(cli, [*ARGS, "--lang", "fr"]).exit_code == 2


def test_an_empty_result_and_one_without_its_profile_still_make_a_packet() -> None:
    empty = matcher.recommend(
        {
            "cancer_type": "NPC",
            "cities": ["Guangzhou"],
            "city_mode": "only",
            "therapies_sought": ["heavy_ion"],
        }
    )
    assert len(empty) == 0
    page = to_packet(empty, "zh")
    assert "目录中没有医院满足此病情资料的全部条件" in page
    assert "放宽" in page  # what relaxing a constraint would bring back, in Chinese
    withheld = to_packet(attrs.evolve(empty, query=None), "en")
    assert "The profile is not available for this result." in withheld
