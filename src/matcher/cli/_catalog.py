"""``matcher catalog``: list hospitals, by city or cancer type, with their strongest claims."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any, Final

import click

from matcher.catalog._loader import Catalog
from matcher.catalog._schema import Claim, Hospital
from matcher.cli._options import _catalog, _catalog_option, _fail, _profile_problem_line
from matcher.common._errors import ProfileError
from matcher.common._version import __version__
from matcher.profile._cities import resolve_city
from matcher.profile._names import cancer_name
from matcher.profile._ontology import CancerType, default_ontology
from matcher.profile._patient import FIELD_ACCEPTS
from matcher.results._text import WIDTH
from matcher.scoring._features import MAX_LEVEL, ROOT_CODE
from matcher.scoring._patient_features import patient_features

#: Claims shown per hospital by ``matcher catalog``.
STRONGEST: Final = 3


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


@click.command(
    short_help="List hospitals, by city or by cancer type.",
    epilog="\b\nExample:\n  matcher catalog --city Guangzhou --cancer-type NPC\n"
    "  matcher catalog --cancer-type 'lung adenocarcinoma' --json",
)
@click.option(
    "--cities",
    "--city",
    "city",
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
