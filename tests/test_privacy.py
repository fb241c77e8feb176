"""No patient data leaks: a profile's values reach no log, warning, output stream or file, and an
error quotes only the field the user must fix.

Unique marker strings are planted in every field that can hold text (and in unknown field names),
and unusual numbers in the numeric fields; every channel is then searched for them.
"""

from __future__ import annotations

import builtins
import io
import json
import logging
import os
import subprocess
import sys
import traceback
import warnings
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

import matcher
from matcher import ProfileError, Recommendations

# Text markers: each unique, each tied to the field it is planted in.
TEXT_MARKERS: dict[str, str] = {
    "cancer_type": "nasopharangeal carcinoma qz-cancer-zq",  # a near miss, so suggestions run
    "stage": "IIIB qz-stage-zq",
    "biomarkers": "qz-biomarker-value-zq",
    "tcm_preference": "qz-tcm-zq",
    "disease_status": "qz-status-zq",
    "cities": "qz-city-zq",
    "city_mode": "qz-citymode-zq",
    "therapies_sought": "qz-therapy-zq",
    "needs_international_services": "qz-international-zq",
    "wants_clinical_trials": "qz-trials-zq",
}
BIOMARKER_KEY = "qz-biomarker-key-zq"
UNKNOWN_FIELD, UNKNOWN_VALUE = "qz_field_zq", "qz-unknown-value-zq"
# Unusual but valid numbers, two sets that rank alike: in range, so they travel the whole engine.
VALID_NUMBERS = {"age": 119, "ebv": "98765", "pdl1": "73.917", "tmb": "41.37"}
OTHER_NUMBERS = {"age": 118, "ebv": "97531", "pdl1": "71.113", "tmb": "43.29"}
# Unusual numbers out of range: the field must be fixed, so the error may quote them.
BAD_NUMBERS = {"age": 864209, "ecog": 31337}


def _valid_profile(numbers: Mapping[str, object] = VALID_NUMBERS) -> dict[str, Any]:
    """A valid profile, every field set, carrying unusual numbers."""
    return {
        "cancer_type": "nasopharyngeal carcinoma",
        "stage": "IVA",
        "biomarkers": {
            "EBV DNA": f"{numbers['ebv']} copies/mL",
            "PD-L1": f"TPS {numbers['pdl1']}%",
            "TMB": f"{numbers['tmb']} mut/Mb",
        },
        "tcm_preference": "prefer",
        "age": numbers["age"],
        "ecog": 1,
        "disease_status": "recurrent",
        "cities": ["Guangzhou", "Beijing"],
        "city_mode": "prefer",
        "needs_international_services": True,
        "wants_clinical_trials": True,
        "therapies_sought": ["proton", "tcm"],
    }


def _valid_markers() -> list[str]:
    return [str(value) for value in VALID_NUMBERS.values()]


def _all_bad_profile() -> dict[str, Any]:
    """Every field wrong, each with its own marker, plus an unknown field and a bad marker key."""
    profile: dict[str, Any] = {
        field: [marker] if field in {"cities", "therapies_sought"} else marker
        for field, marker in TEXT_MARKERS.items()
    }
    profile["biomarkers"] = {BIOMARKER_KEY: TEXT_MARKERS["biomarkers"]}
    profile.update(BAD_NUMBERS)
    profile[UNKNOWN_FIELD] = UNKNOWN_VALUE
    return profile


def _markers_of(field: str) -> set[str]:
    """The markers a problem with ``field`` may quote: the value of that field only."""
    top = field.split("[")[0].split(".")[0]
    allowed = {TEXT_MARKERS[top]} if top in TEXT_MARKERS else set()
    if top == "biomarkers":
        allowed.add(BIOMARKER_KEY)
    if top in BAD_NUMBERS:
        allowed.add(str(BAD_NUMBERS[top]))
    if top == UNKNOWN_FIELD:
        allowed |= {UNKNOWN_FIELD, UNKNOWN_VALUE}
    return allowed


def _every_marker() -> set[str]:
    return (
        set(TEXT_MARKERS.values())
        | {BIOMARKER_KEY, UNKNOWN_FIELD, UNKNOWN_VALUE}
        | {str(number) for number in BAD_NUMBERS.values()}
        | set(_valid_markers())
    )


def _found(text: str, markers: set[str]) -> set[str]:
    return {marker for marker in markers if marker in text}


# --- the channels: logs, warnings, standard streams, files --------------------------------------


def _snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Every file under ``root`` with its size and modification time."""
    return {
        str(path.relative_to(root)): (path.stat().st_size, path.stat().st_mtime_ns)
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC


@contextmanager
def _no_writes(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Make every attempt to open a file for writing fail the test."""
    real_open, real_os_open = io.open, os.open

    def guarded_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if any(flag in mode for flag in "wax+"):
            raise AssertionError(f"matcher opened {file!r} for writing")
        return real_open(file, mode, *args, **kwargs)

    def guarded_os_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & _WRITE_FLAGS:
            raise AssertionError(f"matcher opened {path!r} for writing")
        return real_os_open(path, flags, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(builtins, "open", guarded_open)
        patch.setattr(io, "open", guarded_open)
        patch.setattr(os, "open", guarded_os_open)
        yield


@pytest.fixture
def channels(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> Iterator[Callable[[Callable[[], object]], tuple[object, str]]]:
    """Run a call with every channel watched; returns its result and all text that escaped.

    The call runs in an empty temporary working directory with writes forbidden; afterwards
    the directory and the package's data folder must be as they were.
    """
    matcher.recommend({"cancer_type": "NPC"})  # load the data before watching
    data = Path(str(resources.files("matcher") / "data"))
    monkeypatch.chdir(tmp_path)
    before = (_snapshot(tmp_path), _snapshot(data))

    loggers = [logging.getLogger(name) for name in list(logging.root.manager.loggerDict)]
    levels = [logger.level for logger in loggers]

    def run(call: Callable[[], object]) -> tuple[object, str]:
        caplog.set_level(logging.DEBUG)  # the root logger, where records propagate
        for logger in loggers:
            logger.setLevel(logging.DEBUG)
        with warnings.catch_warnings(record=True) as caught, _no_writes(monkeypatch):
            warnings.simplefilter("always")
            try:
                outcome: object = call()
            except ProfileError as error:
                outcome = error
        out, err = capsys.readouterr()
        escaped = [
            *(record.getMessage() for record in caplog.records),
            *(repr(record.args) for record in caplog.records),
            *(str(warning.message) for warning in caught),
            out,
            err,
        ]
        return outcome, "\n".join(escaped)

    yield run
    for logger, level in zip(loggers, levels, strict=True):
        logger.setLevel(level)
    assert (_snapshot(tmp_path), _snapshot(data)) == before


def _rendered(error: BaseException) -> str:
    """Everything an error shows: message, repr, args and its traceback as Python prints it."""
    return "\n".join(
        [str(error), repr(error), repr(error.args), *traceback.format_exception(error)]
    )


# --- valid profiles -----------------------------------------------------------------------------


def test_a_valid_profile_leaves_no_trace_in_logs_warnings_streams_or_files(
    channels: Callable[[Callable[[], object]], tuple[object, str]],
) -> None:
    recs, escaped = channels(lambda: matcher.recommend(_valid_profile(), top_k=73))
    assert isinstance(recs, Recommendations) and len(recs) > 0
    assert _found(escaped, _every_marker()) == set()


def _rendered_result(recs: Recommendations) -> str:
    """Everything a result shows when printed or inspected."""
    assert recs.query is not None
    return "\n".join(
        [
            str(recs),
            repr(recs),
            str(recs.query),
            repr(recs.query),
            recs.message,
            *(repr(item) for item in recs),
            *(repr(exclusion) for exclusion in recs.excluded),
            *(str(outcome) + repr(outcome) for outcome in recs.rules),
            repr(recs.relaxations),
            repr(recs.caveats),
        ]
    )


def test_a_result_renders_without_the_profiles_values() -> None:
    # The two sets of numbers rank alike, so any difference in the text is a number shown.
    first = matcher.recommend(_valid_profile(VALID_NUMBERS), top_k=73)
    second = matcher.recommend(_valid_profile(OTHER_NUMBERS), top_k=73)
    assert first.hospital_ids == second.hospital_ids
    assert _rendered_result(first) == _rendered_result(second)
    assert repr(first.query) == str(first.query) == "Query(<patient withheld>)"


# --- invalid profiles ---------------------------------------------------------------------------


def test_an_error_quotes_each_field_only_with_its_own_value(
    channels: Callable[[Callable[[], object]], tuple[object, str]],
) -> None:
    error, escaped = channels(lambda: matcher.recommend(_all_bad_profile()))
    assert isinstance(error, ProfileError)
    assert _found(escaped, _every_marker()) == set()
    for problem in error.problems:
        assert _found(str(problem), _every_marker()) <= _markers_of(problem.field), problem.field
    quoted = set().union(*(_markers_of(problem.field) for problem in error.problems))
    assert _found(_rendered(error), _every_marker()) <= quoted


@pytest.mark.parametrize("field", [*TEXT_MARKERS, "biomarker key", "unknown field", *BAD_NUMBERS])
def test_an_error_about_one_field_quotes_nothing_else_of_the_profile(
    channels: Callable[[Callable[[], object]], tuple[object, str]], field: str
) -> None:
    profile = _valid_profile()
    if field == "biomarker key":
        profile["biomarkers"] = {**profile["biomarkers"], BIOMARKER_KEY: "positive"}
        allowed = {BIOMARKER_KEY}
    elif field == "unknown field":
        profile[UNKNOWN_FIELD] = UNKNOWN_VALUE
        allowed = {UNKNOWN_FIELD, UNKNOWN_VALUE}
    elif field in BAD_NUMBERS:
        profile[field] = BAD_NUMBERS[field]
        allowed = {str(BAD_NUMBERS[field])}
    else:
        marker = TEXT_MARKERS[field]
        profile[field] = [marker] if field in {"cities", "therapies_sought"} else marker
        if field == "biomarkers":
            profile[field] = {"EGFR": marker}
        allowed = {marker}
    error, escaped = channels(lambda: matcher.recommend(profile))
    assert isinstance(error, ProfileError), field
    assert _found(escaped, _every_marker()) == set()
    # The unusual numbers of the valid fields appear nowhere in what the error shows.
    assert _found(_rendered(error), _every_marker()) <= allowed


def test_a_profile_that_is_not_a_mapping_is_not_quoted_whole() -> None:
    # A list of pairs, as from a CSV row: the message names the type, cut to a short excerpt.
    pairs = list(TEXT_MARKERS.items())
    with pytest.raises(ProfileError) as caught:
        matcher.recommend(pairs)  # type: ignore[arg-type]
    assert len(_found(str(caught.value), _every_marker())) <= 1


def test_a_fresh_interpreter_prints_and_writes_nothing(tmp_path: Path) -> None:
    # Importing matcher and recommending, from a clean process in an empty directory.
    script = (
        "import json, sys, matcher\n"
        "matcher.recommend(json.loads(sys.argv[1]))\n"
        "try:\n"
        "    matcher.recommend(json.loads(sys.argv[2]))\n"
        "except matcher.ProfileError:\n"
        "    pass\n"
    )
    done = subprocess.run(
        [
            sys.executable,
            "-X",
            "dev",
            "-c",
            script,
            json.dumps(_valid_profile()),
            json.dumps(_all_bad_profile()),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        check=True,
    )
    assert (done.stdout, done.stderr) == ("", "")
    assert list(tmp_path.iterdir()) == []


def test_the_error_attributes_hold_only_the_field_to_fix() -> None:
    profile = _valid_profile()
    profile["cities"] = [TEXT_MARKERS["cities"]]
    with pytest.raises(ProfileError) as caught:
        matcher.recommend(profile)
    error = caught.value
    assert error.field == "cities[0]"
    assert error.value == TEXT_MARKERS["cities"]
    state: Mapping[str, object] = vars(error)
    assert _found(repr(state), set(_valid_markers())) == set()
