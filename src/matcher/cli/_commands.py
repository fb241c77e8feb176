"""The command line: ``matcher recommend``, ``matcher catalog`` and ``matcher explain``.

Profile options are handed to :class:`~matcher.Patient` as text, so the command line accepts
exactly what the Python API accepts and reports bad input with the same words. Bad input
(profile, profile file, catalog file, unknown hospital) prints one line to stderr and exits
with status 2; the profile itself is never printed.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Final, NoReturn, TypeVar

import click

from matcher import __version__
from matcher._engine import recommend as _recommend
from matcher.catalog._loader import Catalog, load_catalog
from matcher.catalog._schema import Claim, Hospital
from matcher.common._errors import CatalogError, ProfileError
from matcher.common._text import closest
from matcher.profile._cities import resolve_city
from matcher.profile._names import cancer_name
from matcher.profile._ontology import CancerType, default_ontology
from matcher.profile._patient import FIELD_ACCEPTS, Patient
from matcher.results._json import exclusion_dict, item_dict, to_json
from matcher.results._text import WIDTH, exclusion_detail, recommendation_detail, to_text
from matcher.scoring._features import MAX_LEVEL, ROOT_CODE
from matcher.scoring._patient_features import patient_features

#: Exit status for input that cannot be used: bad options, profile, profile file or catalog.
BAD_INPUT: Final = 2
#: Profile files larger than this are refused unread (a profile is a few hundred bytes).
MAX_PROFILE_BYTES: Final = 1024 * 1024
#: Claims shown per hospital by ``matcher catalog``.
STRONGEST: Final = 3

#: Where each profile field is set on the command line.
OPTION_OF_FIELD: Final = {
    "cancer_type": "--cancer-type",
    "stage": "--stage",
    "biomarkers": "--biomarker",
    "tcm_preference": "--tcm",
    "age": "--age",
    "ecog": "--ecog",
    "disease_status": "--status",
    "cities": "--city",
    "city_mode": "--city-mode",
    "needs_international_services": "--international",
    "wants_clinical_trials": "--trials",
    "therapies_sought": "--therapy",
}

_EXAMPLE: Final = """\b
Example:
  matcher recommend --cancer-type "nasopharyngeal carcinoma" --stage III \\
    --biomarker EGFR=L858R --biomarker "PD-L1=TPS 60%" --tcm prefer \\
    --city Guangzhou --city-mode only --age 45 --ecog 1 \\
    --status relapsed_refractory --international --trials --top-k 5
  matcher recommend --profile patient.json --city Shanghai --json
"""

_F = TypeVar("_F", bound=Callable[..., Any])


def _fail(message: str) -> NoReturn:
    """Print one line to stderr and exit with status 2."""
    click.echo("Error: " + " ".join(message.split()), err=True)
    raise click.exceptions.Exit(BAD_INPUT)


def _profile_problem_line(error: ProfileError) -> str:
    parts = []
    for problem in error.problems:
        field = problem.field.split(".")[0].split("[")[0]
        option = OPTION_OF_FIELD.get(field)
        parts.append(f"{problem} (set with {option})" if option else str(problem))
    return "; and ".join(parts)


def _catalog(path: Path | None) -> Catalog:
    try:
        return load_catalog(path)
    except CatalogError as error:
        _fail(f"catalog {error}")


def _read_profile(path: Path) -> dict[str, Any]:
    """The profile fields in a JSON file; one clear line and exit 2 for anything else."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_PROFILE_BYTES + 1)
    except OSError as error:
        _fail(f"profile file {str(path)!r} cannot be read: {error.strerror or error}")
    if len(raw) > MAX_PROFILE_BYTES:
        _fail(f"profile file {str(path)!r} is larger than a profile can be (1 MiB)")
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as error:
        _fail(
            f"profile file {str(path)!r} is not valid JSON ({error.msg} at line {error.lineno} "
            f'column {error.colno}); it must hold one object, e.g. {{"cancer_type": "NPC"}}'
        )
    except (UnicodeDecodeError, RecursionError, ValueError):
        _fail(f"profile file {str(path)!r} is not UTF-8 JSON text")
    if not isinstance(data, dict):
        _fail(
            f"profile file {str(path)!r} holds a JSON {type(data).__name__}, not an object of "
            "profile fields; accepted fields: " + ", ".join(Patient.model_fields)
        )
    return data


def _biomarkers(values: tuple[str, ...]) -> list[str]:
    """``MARKER=RESULT`` options as the profile's list of result strings ("EGFR L858R")."""
    return [" ".join(value.split("=", 1)) if "=" in value else value for value in values]


def _patient(options: Mapping[str, Any]) -> Patient:
    """The profile from ``--profile`` with the profile options given on the command line over it."""
    path = options.get("profile_file")
    fields: dict[str, Any] = _read_profile(path) if path is not None else {}
    given: dict[str, Any] = {
        "cancer_type": options.get("cancer_type"),
        "stage": options.get("stage"),
        "biomarkers": _biomarkers(options.get("biomarker") or ()) or None,
        "tcm_preference": options.get("tcm"),
        "age": options.get("age"),
        "ecog": options.get("ecog"),
        "disease_status": options.get("status"),
        "cities": list(options.get("city") or ()) or None,
        "city_mode": options.get("city_mode"),
        "needs_international_services": options.get("international"),
        "wants_clinical_trials": options.get("trials"),
        "therapies_sought": list(options.get("therapy") or ()) or None,
    }
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
            "--cancer-type",
            metavar="TEXT",
            help=f"Cancer type (required, here or in --profile): {FIELD_ACCEPTS['cancer_type']}.",
        ),
        click.option("--stage", metavar="STAGE", help=f"Stage: {FIELD_ACCEPTS['stage']}."),
        click.option(
            "--biomarker",
            metavar="MARKER=RESULT",
            multiple=True,
            help="A biomarker result, e.g. EGFR=L858R, 'PD-L1=TPS 60%', MSI=high, or a whole "
            "result such as 'ALK fusion'. Repeat for several.",
        ),
        click.option(
            "--tcm",
            metavar="PREFERENCE",
            help=f"View of Traditional Chinese Medicine: {FIELD_ACCEPTS['tcm_preference']} "
            "(default 'neutral').",
        ),
        click.option("--age", metavar="YEARS", help=f"Age: {FIELD_ACCEPTS['age']}."),
        click.option("--ecog", metavar="0-4", help=f"Fitness: {FIELD_ACCEPTS['ecog']}."),
        click.option(
            "--status",
            metavar="STATUS",
            help=f"Disease status: {FIELD_ACCEPTS['disease_status']} (default 'newly_diagnosed').",
        ),
        click.option(
            "--city",
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
            "--international/--no-international",
            default=None,
            help="Whether the patient needs international-patient services (English-speaking "
            "care, an international department).",
        ),
        click.option(
            "--trials/--no-trials",
            default=None,
            help="Whether the patient wants access to clinical trials.",
        ),
        click.option(
            "--therapy",
            metavar="THERAPY",
            multiple=True,
            help="A therapy sought; hospitals offering none of those sought are left out. "
            f"One of: {FIELD_ACCEPTS['therapies_sought'].removeprefix('a list of: ')}. "
            "Repeat for several.",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


_catalog_option = click.option(
    "--catalog",
    "catalog_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A hospital catalog file in matcher's catalog format (default: the catalog shipped "
    "with matcher).",
)


@click.group(
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": WIDTH},
    epilog=_EXAMPLE,
)
@click.version_option(__version__, "--version", "-V", prog_name="matcher")
def cli() -> None:
    """Ranked, explained, sourced shortlists of hospitals in China for a cancer patient.

    Decision support, not medical advice: every result shows the claims and quotes it rests on.
    Nothing about the patient is printed or stored.
    """


@cli.command(epilog=_EXAMPLE, short_help="Rank hospitals for a patient, with reasons and sources.")
@_profile_options
@click.option(
    "--top-k",
    type=click.IntRange(min=1),
    metavar="N",
    default=5,
    show_default=True,
    help="The most hospitals to list.",
)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print the whole result as JSON (the structure of Recommendations.to_json(); the "
    "profile is not included).",
)
@_catalog_option
def recommend(top_k: int, as_json: bool, catalog_path: Path | None, **options: Any) -> None:
    """Rank hospitals for a patient, with reasons, sources, caveats and who was left out."""
    patient = _patient(options)
    catalog = _catalog(catalog_path)
    recs = _recommend(patient, top_k=top_k, catalog=catalog)
    click.echo(to_json(recs) if as_json else to_text(recs))


# --- matcher catalog -------------------------------------------------------------------------


def _claim_label(claim: Claim) -> str:
    code = getattr(claim, "cancer_type", None)
    if isinstance(code, str):
        return "cancer care in general" if code == ROOT_CODE else cancer_name(code)
    name = getattr(claim, "modality", None) or getattr(claim, "service", None) or "claim"
    return str(name).replace("_", " ")


def _strongest(hospital: Hospital) -> list[Claim]:
    """The hospital's highest-level strength, modality and service claims, strengths first."""
    claims: list[Claim] = [*hospital.strengths, *hospital.modalities, *hospital.services]
    seen: dict[str, Claim] = {}
    for claim in sorted(claims, key=lambda claim: -int(getattr(claim, "level", 0))):
        seen.setdefault(_claim_label(claim), claim)
    return list(seen.values())[:STRONGEST]


def _claim_dict(claim: Claim) -> dict[str, Any]:
    return {
        "claim": _claim_label(claim),
        "cancer_type": getattr(claim, "cancer_type", None),
        "level": getattr(claim, "level", None),
        "source": claim.source,
        "quote": claim.quote,
    }


def _level(claim: Claim) -> str:
    return f"{getattr(claim, 'level', 0)}/{MAX_LEVEL:g}"


def _resolve_cancer(text: str) -> CancerType:
    try:
        return default_ontology().resolve(text)
    except ProfileError as error:
        _fail(_profile_problem_line(error))


def _resolve_cities(names: tuple[str, ...]) -> set[str]:
    try:
        return {resolve_city(name).name for name in names}
    except ProfileError as error:
        _fail(_profile_problem_line(error))


@cli.command(
    short_help="List hospitals, by city or by cancer type.",
    epilog="\b\nExample:\n  matcher catalog --city Guangzhou --cancer-type NPC\n"
    "  matcher catalog --cancer-type 'lung adenocarcinoma' --json",
)
@click.option(
    "--city",
    metavar="CITY",
    multiple=True,
    help="List only hospitals in this city (e.g. Beijing, 'Canton'). Repeat for several.",
)
@click.option(
    "--cancer-type",
    metavar="TEXT",
    help="List only hospitals with a sourced claim for this cancer type, a broader type that "
    f"covers it or a narrower one: {FIELD_ACCEPTS['cancer_type']}.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the listing as JSON.")
@_catalog_option
def catalog(
    city: tuple[str, ...], cancer_type: str | None, as_json: bool, catalog_path: Path | None
) -> None:
    """List the catalog's hospitals: id, name, city, kind, evidence and strongest claims."""
    wanted_cities = _resolve_cities(city)
    cancer = _resolve_cancer(cancer_type) if cancer_type is not None else None
    hospitals_catalog = _catalog(catalog_path)
    features = (
        patient_features(hospitals_catalog.encoded, cancer, ()) if cancer is not None else None
    )
    rows: list[tuple[Hospital, Claim | None]] = []
    for row, hospital in enumerate(hospitals_catalog.hospitals):
        if wanted_cities and hospital.city not in wanted_cities:
            continue
        match: Claim | None = None
        if features is not None:
            if not features.has_type_evidence[row]:
                continue
            index = int(features.cancer_claim[row])
            match = hospital.strengths[index] if index >= 0 else None
        rows.append((hospital, match))
    if as_json:
        click.echo(_catalog_json(hospitals_catalog, rows, wanted_cities, cancer))
    else:
        click.echo(_catalog_text(hospitals_catalog, rows, wanted_cities, cancer))


def _catalog_json(
    hospitals_catalog: Catalog,
    rows: list[tuple[Hospital, Claim | None]],
    cities: set[str],
    cancer: CancerType | None,
) -> str:
    listing = {
        "kind": "matcher.catalog-listing",
        "schema_version": 1,
        "matcher_version": __version__,
        "catalog_version": hospitals_catalog.data_version,
        "filters": {
            "cities": sorted(cities),
            "cancer_type": None if cancer is None else cancer.code,
        },
        "hospitals": [
            {
                "id": hospital.id,
                "name": hospital.name,
                "name_zh": hospital.name_zh,
                "city": hospital.city,
                "province": hospital.province,
                "kind": hospital.kind,
                "evidence": hospital.evidence,
                "strongest": [_claim_dict(claim) for claim in _strongest(hospital)],
                "cancer_type_claim": None if match is None else _claim_dict(match),
            }
            for hospital, match in rows
        ],
    }
    return json.dumps(listing, indent=2, ensure_ascii=False)


def _catalog_text(
    hospitals_catalog: Catalog,
    rows: list[tuple[Hospital, Claim | None]],
    cities: set[str],
    cancer: CancerType | None,
) -> str:
    where = []
    if cities:
        where.append("in " + ", ".join(sorted(cities)))
    if cancer is not None:
        where.append(f"with a sourced claim for {cancer.name} or a broader or narrower type")
    total = len(hospitals_catalog)
    heading = (
        f"{len(rows)} of {total} hospitals"
        + (" " + " and ".join(where) if where else "")
        + f" (catalog {hospitals_catalog.data_version})"
    )
    lines = textwrap.wrap(heading, WIDTH, subsequent_indent="  ")
    for hospital, match in rows:
        lines += ["", f"{hospital.id}  {hospital.name}"]
        kind = hospital.kind.replace("_", " ")
        lines.append(f"    {hospital.city} | {kind} | evidence: {hospital.evidence}")
        if match is not None:
            lines.append(f"    for this cancer: {_claim_label(match)} {_level(match)}")
        strongest = "; ".join(f"{_claim_label(c)} {_level(c)}" for c in _strongest(hospital))
        lines.append(f"    strongest: {strongest or 'no graded claims'}")
    return "\n".join(lines)


# --- matcher explain -------------------------------------------------------------------------


def _find(hospitals_catalog: Catalog, key: str) -> Hospital:
    found = hospitals_catalog.find(key)
    if found is not None:
        return found
    names = [name for hospital in hospitals_catalog for name in (hospital.id, *hospital.all_names)]
    near: dict[str, None] = {}
    for name in closest(key, names, n=6, cutoff=0.6):
        hospital = hospitals_catalog.find(name)
        if hospital is not None:
            near.setdefault(f"{hospital.name!r} ({hospital.id})", None)
    hint = (
        "; close matches: " + ", ".join(list(near)[:3])
        if near
        else "; list the hospitals with 'matcher catalog'"
    )
    _fail(f"no hospital {key!r} in the catalog (matched by id, name or alias){hint}")


@cli.command(
    short_help="Explain one hospital's rank and score, or why it was left out.",
    epilog="\b\nExample:\n  matcher explain sysu-cancer-center --cancer-type NPC --stage III\n"
    "  matcher explain 'Peking University Cancer Hospital' --profile patient.json",
)
@click.argument("hospital")
@_profile_options
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print the explanation as JSON (the ranked item or the exclusion).",
)
@_catalog_option
def explain(hospital: str, as_json: bool, catalog_path: Path | None, **options: Any) -> None:
    """Explain one HOSPITAL's place for a patient: its rank and score broken down, or why it
    was left out.

    HOSPITAL is a hospital id, name or alias, e.g. sysu-cancer-center.
    """
    patient = _patient(options)
    hospitals_catalog = _catalog(catalog_path)
    chosen = _find(hospitals_catalog, hospital)
    recs = _recommend(patient, top_k=len(hospitals_catalog), catalog=hospitals_catalog)
    item = next((item for item in recs if item.hospital.id == chosen.id), None)
    exclusion = next((x for x in recs.excluded if x.hospital.id == chosen.id), None)
    header = {
        "kind": "matcher.explanation",
        "schema_version": 1,
        "matcher_version": __version__,
        "catalog_version": recs.catalog_version,
        "n_eligible": recs.n_eligible,
    }
    if item is not None:
        if as_json:
            body = {**header, "status": "ranked", "item": item_dict(item)}
            click.echo(json.dumps(body, indent=2, ensure_ascii=False))
        else:
            click.echo(recommendation_detail(item, recs.n_eligible))
    elif exclusion is not None:
        rule = next((o for o in recs.rules if o.rule_id == exclusion.rule_id), None)
        if as_json:
            body = {**header, "status": "excluded", "exclusion": exclusion_dict(exclusion)}
            click.echo(json.dumps(body, indent=2, ensure_ascii=False))
        else:
            click.echo(exclusion_detail(exclusion, rule, recs.relaxations))
    else:  # every hospital is either ranked or excluded when top_k covers the catalog
        raise RuntimeError(f"hospital {chosen.id!r} is neither ranked nor excluded")


def main() -> None:
    """Run the ``matcher`` command line."""
    cli(prog_name="matcher")
