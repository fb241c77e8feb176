"""The command line, run through click's CliRunner (and once as ``python -m matcher``)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner, Result

import matcher
from matcher import recommend
from matcher.cli import cli
from matcher.profile._ontology import default_ontology
from tests.catalog_fixtures import minimal_catalog, write

#: The example from the README and ``matcher recommend --help``, without its therapy.
EXAMPLE = [
    "recommend",
    "--cancer-type",
    "nasopharyngeal carcinoma",
    "--stage",
    "III",
    "--biomarker",
    "EGFR=L858R",
    "--biomarker",
    "PD-L1=TPS 60%",
    "--tcm",
    "prefer",
    "--city",
    "Guangzhou",
    "--city-mode",
    "only",
    "--age",
    "45",
    "--ecog",
    "1",
    "--status",
    "relapsed_refractory",
    "--international",
    "--trials",
    "--top-k",
    "5",
]
SYSUCC = "Sun Yat-sen University Cancer Center"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), prog_name="matcher")


def first_ranked_row(output: str) -> str:
    match = re.search(r"^\s+1\s+(.+)$", output, re.MULTILINE)
    assert match, output
    return match.group(1)


def one_error_line(result: Result) -> str:
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


# --- recommend -------------------------------------------------------------------------------


def test_the_example_ranks_sun_yat_sen_first_with_reasons_and_sources() -> None:
    result = run(*EXAMPLE)
    assert result.exit_code == 0, result.output
    assert first_ranked_row(result.stdout).startswith(SYSUCC)
    flat = " ".join(result.stdout.split())
    assert "001_350a1915a619eccc.txt" not in flat  # sources show title and publisher, not a file
    assert "Where in China is the best place for cancer treatment?" in flat  # a seed's title
    assert "https://" in result.stdout or "http://" in result.stdout


def test_the_example_seeking_heavy_ions_explains_the_empty_result_and_names_sun_yat_sen() -> None:
    # No Guangzhou hospital has a sourced heavy-ion claim (proton therapy there is now sourced).
    result = run(*EXAMPLE, "--therapy", "heavy_ion")
    assert result.exit_code == 0, result.output
    flat = " ".join(result.stdout.split())
    assert flat.startswith("No hospital in the catalog meets every constraint")
    relaxed = r"relaxing therapies_sought would bring back \d+ hospitals, best placed: "
    assert re.search(relaxed + re.escape(SYSUCC), flat)


def test_json_output_parses_and_leaves_the_profile_out() -> None:
    result = run(*EXAMPLE, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["kind"] == "matcher.recommendations"
    assert data["items"][0]["hospital"]["name"] == SYSUCC
    assert all(item["hospital"]["city"] == "Guangzhou" for item in data["items"])
    assert "profile" not in data


def test_profile_file_gives_the_same_result_as_the_options(tmp_path: Path) -> None:
    profile = {
        "cancer_type": "nasopharyngeal carcinoma",
        "stage": "III",
        "biomarkers": {"EGFR": "L858R", "PD-L1": "TPS 60%"},
        "tcm_preference": "prefer",
        "cities": ["Guangzhou"],
        "city_mode": "only",
        "age": 45,
        "ecog": 1,
        "disease_status": "relapsed_refractory",
        "needs_international_services": True,
        "wants_clinical_trials": True,
    }
    path = tmp_path / "patient.json"
    path.write_text(json.dumps(profile), encoding="utf-8")
    from_file = run("recommend", "--profile", str(path), "--top-k", "5", "--json")
    from_options = run(*EXAMPLE, "--json")
    assert from_file.exit_code == 0, from_file.output
    assert json.loads(from_file.stdout) == json.loads(from_options.stdout)


def test_command_line_options_override_the_profile_file(tmp_path: Path) -> None:
    path = tmp_path / "patient.json"
    path.write_text(
        json.dumps({"cancer_type": "NPC", "cities": ["Beijing"], "city_mode": "only"}),
        encoding="utf-8",
    )
    in_file = json.loads(run("recommend", "--profile", str(path), "--json").stdout)
    overridden = json.loads(
        run("recommend", "--profile", str(path), "--city", "Guangzhou", "--json").stdout
    )
    assert in_file["items"] and {i["hospital"]["city"] for i in in_file["items"]} == {"Beijing"}
    assert overridden["items"]
    assert {i["hospital"]["city"] for i in overridden["items"]} == {"Guangzhou"}


def test_a_custom_catalog_is_used(tmp_path: Path) -> None:
    path = write(tmp_path, minimal_catalog())
    result = run("recommend", "--cancer-type", "NPC", "--catalog", str(path), "--json")
    data = json.loads(result.stdout)
    assert data["catalog_version"] == "test.1"
    assert [item["hospital"]["id"] for item in data["items"]] == ["alpha-cancer-center"]


def test_the_output_does_not_depend_on_fields_that_do_not_change_the_ranking() -> None:
    base = ["recommend", "--cancer-type", "lung adenocarcinoma", "--city", "Dalian"]
    younger, older = run(*base, "--age", "61"), run(*base, "--age", "97")
    assert younger.exit_code == 0
    assert younger.stdout == older.stdout
    assert "Dalian" not in younger.stdout


# --- catalog ---------------------------------------------------------------------------------


def listing(*args: str) -> dict[str, Any]:
    result = run("catalog", *args, "--json")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_catalog_lists_every_hospital_without_filters() -> None:
    data = listing()
    assert len(data["hospitals"]) == len(matcher.load_catalog())
    first = data["hospitals"][0]
    assert set(first) >= {"id", "name", "city", "kind", "evidence", "strongest"}


def test_catalog_filters_by_city_understanding_old_names() -> None:
    data = listing("--city", "Canton")
    assert data["hospitals"]
    assert {hospital["city"] for hospital in data["hospitals"]} == {"Guangzhou"}


def test_catalog_filters_by_a_claim_for_the_cancer_type_or_a_broader_or_narrower_one() -> None:
    ontology = default_ontology()
    npc = ontology.resolve("NPC")
    data = listing("--cancer-type", "nasopharyngeal carcinoma")
    ids = [hospital["id"] for hospital in data["hospitals"]]
    assert "sysu-cancer-center" in ids
    for hospital in data["hospitals"]:
        code = hospital["cancer_type_claim"]["cancer_type"]
        related = npc.is_within(code) or ontology.get(code).is_within(npc.code)
        assert related and code != "TISSUE", (hospital["id"], code)
    left_out = {e.hospital.id for e in recommend({"cancer_type": "NPC"}).excluded}
    assert not left_out & set(ids)  # none of those left out for want of evidence is listed


def test_catalog_filters_combine_and_the_text_names_each_listed_hospital() -> None:
    result = run("catalog", "--city", "Guangzhou", "--cancer-type", "NPC")
    assert result.exit_code == 0, result.output
    ids = [h["id"] for h in listing("--city", "Guangzhou", "--cancer-type", "NPC")["hospitals"]]
    assert ids
    for hospital_id in ids:
        assert hospital_id in result.stdout
    assert result.stdout.startswith(f"{len(ids)} of {len(matcher.load_catalog())} hospitals")


# --- explain ---------------------------------------------------------------------------------


def test_explain_gives_a_ranked_hospitals_place_and_every_contribution() -> None:
    recs = recommend({"cancer_type": "NPC", "stage": "III"}, top_k=3)
    second = recs[1]
    result = run("explain", second.hospital.name.upper(), "--cancer-type", "NPC", "--stage", "III")
    assert result.exit_code == 0, result.output
    assert f"Rank 2 of {recs.n_eligible} eligible hospitals" in result.stdout
    assert f"score {second.score:.1f}" in result.stdout
    flat = " ".join(result.stdout.split())
    for part in second.contributions:
        assert f"{part.points:.1f} {part.label}" in flat


def test_explain_gives_an_excluded_hospitals_rule_and_reason() -> None:
    args = ["explain", "peking-university-cancer-hospital", "--cancer-type", "NPC"]
    result = run(*args, "--city", "Guangzhou", "--city-mode", "only")
    assert result.exit_code == 0, result.output
    assert "Left out by rule city.only" in result.stdout
    data = json.loads(run(*args, "--city", "Guangzhou", "--city-mode", "only", "--json").stdout)
    assert data["status"] == "excluded"
    assert data["exclusion"]["rule"] == "city.only"


def test_explain_an_unknown_hospital_names_close_matches() -> None:
    line = one_error_line(run("explain", "Sun Yatsen Cancer", "--cancer-type", "NPC"))
    assert "no hospital 'Sun Yatsen Cancer'" in line
    assert "sysu-cancer-center" in line


# --- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "field", "option"),
    [
        (["--cancer-type", "nasopharangeal"], "cancer_type", "--cancer-type"),
        (["--cancer-type", "NPC", "--age", "abc"], "age", "--age"),
        (["--cancer-type", "NPC", "--ecog", "7"], "ecog", "--ecog"),
        (["--cancer-type", "NPC", "--tcm", "sometimes"], "tcm_preference", "--tcm"),
        (["--cancer-type", "NPC", "--city", "Atlantis"], "cities", "--city"),
        (["--cancer-type", "NPC", "--therapy", "magic"], "therapies_sought", "--therapy"),
        (["--cancer-type", "NPC", "--status", "cured"], "disease_status", "--status"),
        (["--cancer-type", "NPC", "--biomarker", "NOTAGENE=x"], "biomarkers", "--biomarker"),
        (["--stage", "III"], "cancer type", "--cancer-type"),
    ],
)
def test_a_bad_profile_option_prints_one_line_naming_the_field(
    options: list[str], field: str, option: str
) -> None:
    line = one_error_line(run("recommend", *options))
    assert field in line and option in line


def test_a_misspelt_cancer_type_is_met_with_a_suggestion() -> None:
    line = one_error_line(run("recommend", "--cancer-type", "nasopharangeal"))
    assert "did you mean 'Nasopharyngeal Carcinoma'" in line


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "patient.json' cannot be read"),
        ('{"cancer_type": "NPC",', "patient.json' is not valid JSON"),
        ('["NPC"]', "patient.json' holds a JSON list, not an object of profile fields"),
        ('{"cancer_type": "NPC", "agee": 40}', "agee is not a profile field"),
    ],
)
def test_a_bad_profile_file_prints_one_line_saying_what_is_wrong(
    tmp_path: Path, content: str | None, expected: str
) -> None:
    path = tmp_path / "patient.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    line = one_error_line(run("recommend", "--profile", str(path)))
    assert expected in line


def test_a_bad_catalog_file_prints_one_line_naming_it(tmp_path: Path) -> None:
    document = minimal_catalog()
    document["hospitals"][0]["city"] = "Atlantis"
    path = write(tmp_path, document, "broken.json")
    line = one_error_line(run("recommend", "--cancer-type", "NPC", "--catalog", str(path)))
    assert "broken.json" in line and "alpha-cancer-center" in line and "city" in line


# --- help and version ------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["recommend", "catalog", "explain"])
def test_help_documents_every_option_and_shows_an_example(name: str) -> None:
    command = cli.commands[name]
    result = run(name, "--help")
    assert result.exit_code == 0
    flat = " ".join(result.stdout.split())
    assert "Example:" in result.stdout
    for param in command.params:
        if isinstance(param, click.Option):
            assert param.help, param.name
            for opt in (*param.opts, *param.secondary_opts):
                assert opt in flat, opt


def test_version_prints_the_package_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert matcher.__version__ in result.stdout


def test_python_dash_m_matcher_runs_the_command_line() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "matcher", "catalog", "--city", "Guangzhou"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert "sysu-cancer-center" in completed.stdout
