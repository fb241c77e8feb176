"""``matcher explain``: one hospital's rank and score broken down, or why it was left out."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from matcher._engine import recommend as _recommend
from matcher.catalog._loader import Catalog
from matcher.catalog._schema import Hospital
from matcher.cli._options import _catalog, _catalog_option, _fail, _patient, _profile_options
from matcher.common._text import closest
from matcher.common._version import __version__
from matcher.results._json import exclusion_dict, item_dict
from matcher.results._text import exclusion_detail, recommendation_detail


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


@click.command(
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
