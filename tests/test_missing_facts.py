"""recs.missing_facts(): the unknown fields whose answer would change the shortlist most."""

from __future__ import annotations

import json

from click.testing import CliRunner

import matcher
from matcher.cli import cli

ADENO = {"cancer_type": "lung adenocarcinoma"}


def test_the_child_figure_matches_a_hand_checked_rerun() -> None:
    # Checked by hand: the top 5 for lung adenocarcinoma are CAMS, Shanghai Chest, West China,
    # SYSU and Peking University cancer hospitals; for a child of 10 they are Beijing
    # Children's, CAMS, the Shanghai proton centre, Hong Kong Children's and Shanghai Chest:
    # three different hospitals.
    facts = {fact.field: fact for fact in matcher.recommend(ADENO).missing_facts()}
    child = next(a for a in facts["age"].answers if a.label == "a child")
    assert child.changed == 3
    assert str(facts["age"]) == "age: if a child, 3 of the top 5 change"


def test_each_figure_is_the_number_of_new_hospitals_in_a_rerun_with_that_answer() -> None:
    recs = matcher.recommend(ADENO)
    for fact in recs.missing_facts(limit=10):
        for answer in fact.answers:
            again = recs.what_if(**answer.changes).after.hospital_ids
            assert answer.changed == len(set(again) - set(recs.hospital_ids))


def test_known_fields_are_not_asked_about() -> None:
    recs = matcher.recommend({**ADENO, "stage": "IV", "age": 60, "ecog": 1, "languages": ["zh"]})
    fields = {fact.field for fact in recs.missing_facts(limit=10)}
    assert not fields & {"stage", "age", "ecog", "languages"}


def test_facts_are_ordered_by_how_much_they_change() -> None:
    facts = matcher.recommend(ADENO).missing_facts(limit=10)
    changed = [fact.most.changed for fact in facts]
    assert changed == sorted(changed, reverse=True)
    assert len(matcher.recommend(ADENO).missing_facts(limit=2)) <= 2


def test_missing_facts_show_in_json_html_and_on_the_command_line() -> None:
    recs = matcher.recommend(ADENO)
    data = recs.to_dict(missing_facts=True)
    assert data["missing_facts"][0]["field"] == recs.missing_facts()[0].field
    assert "missing_facts" not in recs.to_dict()
    from matcher.results._html import to_html

    assert "What to ask next" in to_html(recs, missing_facts=True)
    result = CliRunner().invoke(
        cli, ["recommend", "--cancer-type", "lung adenocarcinoma", "--missing-facts"]
    )
    assert result.exit_code == 0
    assert "age: if a child, 3 of the top 5 change" in result.output
    as_json = CliRunner().invoke(
        cli,
        ["recommend", "--cancer-type", "lung adenocarcinoma", "--missing-facts", "--json"],
    )
    assert json.loads(as_json.output)["missing_facts"]


def test_what_to_ask_next_is_written_in_chinese_on_the_command_line_with_lang_zh() -> None:
    from click.testing import CliRunner

    from matcher.cli import cli

    args = ["recommend", "--cancer-type", "lung adenocarcinoma", "--top-k", "3", "--missing-facts"]
    result = CliRunner().invoke(cli, [*args, "--lang", "zh"])
    assert result.exit_code == 0, result.output
    section = result.output[result.output.index("下一步可以了解的情况") :]
    assert "前 3 名" in section
    assert "What to ask next" not in result.output
    assert " of the top " not in section
