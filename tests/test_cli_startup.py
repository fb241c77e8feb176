"""The command line starts light and names its options as the profile names its fields."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata

import click
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

import matcher
from matcher.catalog._schema import _UNSEEN, _visible
from matcher.cli import cli
from matcher.cli._commands import COMMANDS
from matcher.cli._main import BLAS_THREADS, PLUGINS_VARIABLE, no_validation_plugins, one_blas_thread
from matcher.cli._options import OPTION_OF_FIELD
from matcher.profile._patient import Patient

#: Modules that cost most of a second to import; ``matcher --help`` needs none of them.
HEAVY = ("numpy", "pydantic", "attrs", "sklearn", "pandas", "matplotlib", "matcher._engine")


def _loaded_after(code: str) -> set[str]:
    probe = f"import sys\n{code}\nimport json; print(json.dumps(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    return set(json.loads(result.stdout.strip().splitlines()[-1]))


def _heavy(modules: set[str]) -> set[str]:
    return {name for name in modules if name.split(".")[0] in HEAVY or name in HEAVY}


def test_importing_matcher_and_its_command_line_loads_no_heavy_module() -> None:
    assert _heavy(_loaded_after("import matcher, matcher.cli")) == set()


def test_top_level_help_loads_no_heavy_module() -> None:
    code = (
        "from matcher.cli import cli\n"
        "try:\n    cli.main(['--help'], prog_name='matcher')\nexcept SystemExit:\n    pass"
    )
    assert _heavy(_loaded_after(code)) == set()


#: What ``matcher recommend``'s text and JSON output never need: tables, plots, the packet, the
#: what-if analyses, cohorts and the FHIR reader (loaded by the commands and options that use them).
NOT_FOR_RECOMMEND = (
    "pandas",
    "matplotlib",
    "dask",
    "pyarrow",
    "matcher.analysis",
    "matcher.cohort",
    "matcher.evaluation",
    "matcher.synthetic",
    "matcher.profile.fhir",
    "matcher.results._frame",
    "matcher.results._html",
    "matcher.results._packet",
    "matcher.results._plot",
)


@pytest.mark.parametrize("output", [[], ["--json"]])
def test_recommend_loads_only_what_its_output_needs(output: list[str]) -> None:
    argv = ["recommend", "--cancer-type", "NPC", "--stage", "III", "--top-k", "3", *output]
    code = (
        "from matcher.cli import cli\n"
        f"try:\n    cli.main({argv!r}, prog_name='matcher')\nexcept SystemExit as end:\n"
        "    assert not end.code, end.code"
    )
    loaded = _loaded_after(code)
    assert "matcher._engine" in loaded  # the command ran
    unneeded = {
        name
        for name in loaded
        for prefix in NOT_FOR_RECOMMEND
        if name == prefix or name.startswith(prefix + ".")
    }
    assert unneeded == set()


def _seen_by_the_command(environ: dict[str, str], module: str, variable: str) -> str:
    """An environment variable as it stands when ``module`` loads inside ``matcher recommend``."""
    probe = (
        "import sys\n"
        "sys.argv = ['matcher', 'recommend', '--cancer-type', 'NPC', '--top-k', '1']\n"
        "class Watch:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        f"        if name == {module!r}:\n"
        "            from os import environ\n"
        f"            print('SEEN=' + str(environ.get({variable!r})), file=sys.stderr)\n"
        "sys.meta_path.insert(0, Watch())\n"
        "from matcher.cli import main\n"
        "main()"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=environ, check=True
    )
    seen = [line for line in result.stderr.splitlines() if line.startswith("SEEN=")]
    assert len(seen) == 1, result.stderr
    return seen[0].removeprefix("SEEN=")


def test_the_command_asks_for_one_blas_thread_unless_the_user_chose() -> None:
    environ = {key: value for key, value in os.environ.items() if key not in BLAS_THREADS}
    blas = "OPENBLAS_NUM_THREADS"
    assert _seen_by_the_command(environ, "numpy", blas) == "1"
    assert _seen_by_the_command({**environ, blas: "3"}, "numpy", blas) == "3"


def test_the_command_hands_the_profile_to_no_validation_plugin_unless_the_user_chose() -> None:
    environ = {key: value for key, value in os.environ.items() if key != PLUGINS_VARIABLE}
    assert _seen_by_the_command(environ, "pydantic", PLUGINS_VARIABLE) == "__all__"
    chosen = {**environ, PLUGINS_VARIABLE: "logfire"}
    assert _seen_by_the_command(chosen, "pydantic", PLUGINS_VARIABLE) == "logfire"


def test_no_validation_plugins_sets_only_what_is_unset() -> None:
    environ = {"OTHER": "x"}
    no_validation_plugins(environ)
    assert environ == {"OTHER": "x", PLUGINS_VARIABLE: "__all__"}
    chosen = {PLUGINS_VARIABLE: "logfire"}
    no_validation_plugins(chosen)
    assert chosen == {PLUGINS_VARIABLE: "logfire"}


def test_one_blas_thread_sets_only_what_is_unset() -> None:
    environ = {"MKL_NUM_THREADS": "4", "OTHER": "x"}
    one_blas_thread(environ)
    assert environ == {"MKL_NUM_THREADS": "4", "OTHER": "x", "OPENBLAS_NUM_THREADS": "1"}


def test_a_public_name_loads_its_module_on_first_use() -> None:
    loaded = _loaded_after("import matcher\nmatcher.Patient")
    assert "matcher.profile._patient" in loaded
    assert "matcher._engine" not in loaded


def test_every_public_name_is_the_object_its_module_defines() -> None:
    from matcher.results._values import Recommendations

    assert matcher.Recommendations is Recommendations
    with pytest.raises(AttributeError, match="no attribute 'not_a_name'"):
        _ = matcher.not_a_name  # type: ignore[attr-defined]


def test_the_listed_one_line_help_is_each_commands_own() -> None:
    for name, lazy in COMMANDS.items():
        command = cli.commands[name]
        assert isinstance(command, click.Command)
        assert command.short_help == lazy.short_help, name


def test_top_level_help_lists_every_command() -> None:
    result = CliRunner().invoke(cli, ["--help"], prog_name="matcher")
    assert result.exit_code == 0
    for name, lazy in COMMANDS.items():
        assert f"{name}  " in result.stdout and lazy.short_help in result.stdout


def test_an_unknown_command_is_refused_with_status_2() -> None:
    result = CliRunner().invoke(cli, ["recomend"], prog_name="matcher")
    assert result.exit_code == 2
    assert "No such command" in result.stderr


def test_every_profile_field_has_an_option_named_as_the_field() -> None:
    assert set(OPTION_OF_FIELD) == set(Patient.model_fields)
    options = {
        opt
        for param in cli.commands["recommend"].params
        for opt in (*param.opts, *getattr(param, "secondary_opts", ()))
    }
    for field, names in OPTION_OF_FIELD.items():
        assert names[0] == "--" + field.replace("_", "-")
        assert set(names) <= options, field


#: The same profile, given once by the options named as the fields and once by the short forms.
LONG = [
    "--cancer-type", "NPC", "--stage", "III", "--biomarkers", "EGFR=L858R",
    "--tcm-preference", "prefer", "--disease-status", "recurrent", "--cities", "Guangzhou",
    "--needs-international-services", "--wants-clinical-trials", "--therapies-sought", "surgery",
]  # fmt: skip
SHORT = [
    "--cancer-type", "NPC", "--stage", "III", "--biomarker", "EGFR=L858R",
    "--tcm", "prefer", "--status", "recurrent", "--city", "Guangzhou",
    "--international", "--trials", "--therapy", "surgery",
]  # fmt: skip


def test_the_short_option_names_are_aliases_of_the_field_names() -> None:
    runner = CliRunner()
    long = runner.invoke(cli, ["recommend", *LONG, "--json"], prog_name="matcher")
    short = runner.invoke(cli, ["recommend", *SHORT, "--json"], prog_name="matcher")
    assert long.exit_code == 0, long.output
    assert json.loads(long.stdout) == json.loads(short.stdout)
    default = runner.invoke(cli, ["recommend", "--cancer-type", "NPC", "--json"])
    assert json.loads(default.stdout) != json.loads(long.stdout)  # the options were read


def test_a_bad_value_names_the_option_named_as_the_field_and_its_alias() -> None:
    result = CliRunner().invoke(
        cli, ["recommend", "--cancer-type", "NPC", "--tcm-preference", "sometimes"]
    )
    assert result.exit_code == 2
    assert "(set with --tcm-preference or --tcm)" in result.stderr


@pytest.mark.parametrize(
    ("field", "short"),
    [(field, names[-1][2:]) for field, names in OPTION_OF_FIELD.items() if len(names) > 1],
)
def test_what_if_with_a_short_option_name_suggests_the_field(field: str, short: str) -> None:
    recs = matcher.recommend({"cancer_type": "NPC"})
    with pytest.raises(matcher.ProfileError) as caught:
        recs.what_if(**{short.replace("-", "_"): "prefer"})
    assert caught.value.suggestions[0] == field
    assert f"did you mean '{field}'" in str(caught.value)


@given(st.text(alphabet=st.characters(codec=None), max_size=40))
def test_the_fast_text_check_refuses_exactly_the_unseen_characters(text: str) -> None:
    """``_visible`` skips its per-character loop for printable text; the answer is the same."""
    unseen = any(unicodedata.category(character) in _UNSEEN for character in text)
    if unseen:
        with pytest.raises(ValueError, match="invisible or control character"):
            _visible(text)
    else:
        assert _visible(text) == text


def test_catalog_takes_cities_as_recommend_does() -> None:
    runner = CliRunner()
    long = runner.invoke(cli, ["catalog", "--cities", "Guangzhou", "--json"])
    short = runner.invoke(cli, ["catalog", "--city", "Guangzhou", "--json"])
    assert long.exit_code == 0, long.output
    assert json.loads(long.stdout) == json.loads(short.stdout)
    assert json.loads(long.stdout)["filters"]["cities"] == ["Guangzhou"]
