"""The inputs every command shares: the profile and catalog options, read or refused in one line."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Final, NoReturn, TypeVar

import click

from matcher.catalog._loader import Catalog, load_catalog
from matcher.common._errors import CatalogError, ProfileError
from matcher.common._jsonfile import UnreadableFileError, read_regular
from matcher.profile._history import PRIOR_THERAPY_KINDS
from matcher.profile._patient import FIELD_ACCEPTS, MAX_JSON_BYTES, Patient, read_profile_json

#: Exit status for input that cannot be used: bad options, profile, profile file or catalog.
BAD_INPUT: Final = 2
#: Profile files larger than this are refused unread (a profile is a few hundred bytes).
MAX_PROFILE_BYTES: Final = MAX_JSON_BYTES

#: Where each profile field is set on the command line: the option named as the field, then
#: the shorter name it also answers to.
OPTION_OF_FIELD: Final = {
    "cancer_type": ("--cancer-type",),
    "stage": ("--stage",),
    "biomarkers": ("--biomarkers", "--biomarker"),
    "tcm_preference": ("--tcm-preference", "--tcm"),
    "age": ("--age",),
    "ecog": ("--ecog",),
    "disease_status": ("--disease-status", "--status"),
    "cities": ("--cities", "--city"),
    "city_mode": ("--city-mode",),
    "needs_international_services": ("--needs-international-services", "--international"),
    "wants_clinical_trials": ("--wants-clinical-trials", "--trials"),
    "therapies_sought": ("--therapies-sought", "--therapy"),
    "languages": ("--languages", "--language"),
    "language_mode": ("--language-mode",),
    "metastatic_sites": ("--metastatic-sites", "--metastasis"),
    "prior_therapies": ("--prior-therapies", "--prior-lines"),
}


_F = TypeVar("_F", bound=Callable[..., Any])


def _fail(message: str) -> NoReturn:
    """Print one line to stderr and exit with status 2."""
    click.echo("Error: " + " ".join(message.split()), err=True)
    raise click.exceptions.Exit(BAD_INPUT)


def _profile_problem_line(error: ProfileError) -> str:
    parts = []
    for problem in error.problems:
        field = problem.field.split(".")[0].split("[")[0]
        names = OPTION_OF_FIELD.get(field)
        parts.append(f"{problem} (set with {' or '.join(names)})" if names else str(problem))
    return "; and ".join(parts)


def _catalog(path: Path | None) -> Catalog:
    try:
        return load_catalog(path)
    except CatalogError as error:
        _fail(f"catalog {error}")


def _read_profile(path: Path) -> dict[str, Any]:
    """The profile fields in a JSON file; one clear line and exit 2 for anything else."""
    try:
        raw = read_regular(path, MAX_PROFILE_BYTES, "a profile")
    except UnreadableFileError as error:
        _fail(f"profile file {str(path)!r} {error.problem}")
    try:
        return read_profile_json(raw)
    except ProfileError as error:
        _fail(f"profile file {str(path)!r} {error.problems[0].problem}")


def _biomarkers(values: tuple[str, ...]) -> list[str]:
    """``MARKER=RESULT`` options as the profile's list of result strings ("EGFR L858R")."""
    return [" ".join(value.split("=", 1)) if "=" in value else value for value in values]


def _patient(options: Mapping[str, Any]) -> Patient:
    """The profile from ``--profile`` with the profile options given on the command line over it."""
    path = options.get("profile_file")
    fields: dict[str, Any] = _read_profile(path) if path is not None else {}
    fhir = options.get("fhir_file")
    if fhir is not None:
        from matcher.profile.fhir import read_fhir  # loaded only for --fhir

        try:
            fields.update(read_fhir(fhir).fields)
        except ProfileError as error:
            _fail(_profile_problem_line(error))
    given: dict[str, Any] = {field: options.get(field) for field in OPTION_OF_FIELD}
    given["biomarkers"] = _biomarkers(options.get("biomarkers") or ()) or None
    for field in ("cities", "therapies_sought", "languages", "metastatic_sites"):
        given[field] = list(options.get(field) or ()) or None
    kinds, lines = list(options.get("prior_therapies") or ()), options.get("prior_lines")
    given["prior_therapies"] = (
        {"lines": lines, "therapies": kinds} if kinds or lines is not None else None
    )
    fields.update({field: value for field, value in given.items() if value is not None})
    if "cancer_type" not in fields:
        _fail(
            "a cancer type is required: give --cancer-type or a --profile file with "
            f"cancer_type; accepted: {FIELD_ACCEPTS['cancer_type']}"
        )
    try:
        return Patient.model_validate(fields)
    except ProfileError as error:
        _fail(_profile_problem_line(error))


def _profile_options(command: _F) -> _F:
    """The options that make a patient profile, shared by ``recommend`` and ``explain``."""
    options = [
        click.option(
            "--profile",
            "profile_file",
            type=click.Path(dir_okay=False, path_type=Path),
            help="A JSON file holding an object of profile fields (the names in the Python API, "
            'e.g. {"cancer_type": "NPC", "stage": "III"}). Options given on the command line '
            "replace the file's value of that field.",
        ),
        click.option(
            "--fhir",
            "fhir_file",
            type=click.Path(dir_okay=False, path_type=Path),
            help="An HL7 FHIR R4 Bundle of mCODE resources (JSON): cancer type, stage, "
            "biomarkers, age, ECOG, disease status, languages, metastatic sites and prior "
            "therapies are read from it; options given on the command line replace what it "
            "gives.",
        ),
        click.option(
            "--cancer-type",
            metavar="TEXT",
            help=f"Cancer type (required, here or in --profile): {FIELD_ACCEPTS['cancer_type']}.",
        ),
        click.option("--stage", metavar="STAGE", help=f"Stage: {FIELD_ACCEPTS['stage']}."),
        click.option(
            "--biomarkers",
            "--biomarker",
            "biomarkers",
            metavar="MARKER=RESULT",
            multiple=True,
            help="A biomarker result, e.g. EGFR=L858R, 'PD-L1=TPS 60%', MSI=high, or a whole "
            "result such as 'ALK fusion'. Repeat for several.",
        ),
        click.option(
            "--tcm-preference",
            "--tcm",
            "tcm_preference",
            metavar="PREFERENCE",
            help=f"View of Traditional Chinese Medicine: {FIELD_ACCEPTS['tcm_preference']} "
            "(default 'neutral').",
        ),
        click.option("--age", metavar="YEARS", help=f"Age: {FIELD_ACCEPTS['age']}."),
        click.option("--ecog", metavar="0-4", help=f"Fitness: {FIELD_ACCEPTS['ecog']}."),
        click.option(
            "--disease-status",
            "--status",
            "disease_status",
            metavar="STATUS",
            help=f"Disease status: {FIELD_ACCEPTS['disease_status']} (default 'newly_diagnosed').",
        ),
        click.option(
            "--cities",
            "--city",
            "cities",
            metavar="CITY",
            multiple=True,
            help="A city the patient prefers, in mainland China, Hong Kong or Macau (e.g. "
            "Guangzhou, 'Canton'). Repeat for several.",
        ),
        click.option(
            "--city-mode",
            metavar="MODE",
            help="'prefer' (default: hospitals in the cities rank higher) or 'only' (hospitals "
            "elsewhere are left out).",
        ),
        click.option(
            "--needs-international-services/--no-needs-international-services",
            "--international/--no-international",
            "needs_international_services",
            default=None,
            help="Whether the patient needs international-patient services (English-speaking "
            "care, an international department).",
        ),
        click.option(
            "--wants-clinical-trials/--no-wants-clinical-trials",
            "--trials/--no-trials",
            "wants_clinical_trials",
            default=None,
            help="Whether the patient wants access to clinical trials.",
        ),
        click.option(
            "--therapies-sought",
            "--therapy",
            "therapies_sought",
            metavar="THERAPY",
            multiple=True,
            help="A therapy sought; hospitals offering none of those sought are left out. "
            f"One of: {FIELD_ACCEPTS['therapies_sought'].removeprefix('a list of: ')}. "
            "Repeat for several.",
        ),
        click.option(
            "--languages",
            "--language",
            "languages",
            metavar="LANGUAGE",
            multiple=True,
            help="A language the patient can be cared in: an English name, its own name or a "
            "BCP-47 code (English, Русский, ar, zh-Hans). Repeat for several.",
        ),
        click.option(
            "--language-mode",
            metavar="MODE",
            help="'prefer' (default: hospitals where a source confirms the language rank "
            "higher) or 'only' (confirmed ones weigh heavily; none is left out, since sources "
            "never say a hospital lacks a language).",
        ),
        click.option(
            "--metastatic-sites",
            "--metastasis",
            "metastatic_sites",
            metavar="SITE",
            multiple=True,
            help="A site of distant metastasis: "
            f"{FIELD_ACCEPTS['metastatic_sites'].split(': ', 1)[1]}. Repeat for several.",
        ),
        click.option(
            "--prior-therapies",
            "prior_therapies",
            metavar="KIND",
            multiple=True,
            help=f"A kind of therapy the patient has had: {', '.join(PRIOR_THERAPY_KINDS)}. "
            "Repeat for several.",
        ),
        click.option(
            "--prior-lines",
            "prior_lines",
            type=click.IntRange(min=0),
            metavar="N",
            help="How many lines of therapy the patient has had (the 'lines' of prior_therapies).",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


#: ``--top-k N``: how many hospitals a command lists (recommend and report).
top_k_option = click.option(
    "--top-k",
    type=click.IntRange(min=1),
    metavar="N",
    default=5,
    show_default=True,
    help="The most hospitals to list.",
)

_catalog_option = click.option(
    "--catalog",
    "catalog_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A hospital catalog file in matcher's catalog format (default: the catalog shipped "
    "with matcher).",
)
