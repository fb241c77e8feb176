"""Enter the Fudan specialty reputation rankings into the catalog as ranking claims.

Reads ``../shared/data/fudan_specialty_rankings_2009_2021.json`` (every edition's top 10 per
specialty, transcribed from the Fudan University Hospital Management Institute's official pages)
and the reviewed table ``scripts/data/fudan_hospital_ids.json`` (each printed Chinese name -> a
catalog id), and rewrites the catalog's Fudan sources and ranking claims: one source per edition
and specialty, one ranking claim per placing of a catalog hospital. Run it after changing either
file, then ``python scripts/update_manifest.py``::

    python scripts/fudan_rankings.py [--shared ../shared]

Only the cancer-relevant specialties of editions 2015-2021 are entered (see ``SPECIALTIES``).
``tests/test_catalog_quotes.py`` checks every claim this writes against the shared file.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
CATALOG = REPO / "src" / "matcher" / "data" / "catalog.json"
LEADS = REPO / "src" / "matcher" / "data" / "catalog_leads.json"
IDS = REPO / "scripts" / "data" / "fudan_hospital_ids.json"
RANKINGS_FILE = "fudan_specialty_rankings_2009_2021.json"
RANKING = (
    "Fudan University Hospital Management Institute, China Hospital Specialty Reputation Ranking"
)
URL = "http://www.fudanmed.com/institute/news222.aspx"
EDITIONS = range(2015, 2022)
#: The ranked specialties that speak for cancer care, with their English names and id slugs.
SPECIALTIES = {
    "肿瘤学": ("oncology", "oncology"),
    "血液学": ("haematology", "haematology"),
    "神经外科": ("neurosurgery", "neurosurgery"),
    "胸外科": ("thoracic surgery", "thoracic-surgery"),
    "普通外科": ("general surgery", "general-surgery"),
    "妇产科": ("obstetrics and gynaecology", "gynaecology"),
    "泌尿外科": ("urology", "urology"),
    "耳鼻喉科": ("ENT (otorhinolaryngology)", "ent"),
    "小儿内科": ("paediatrics", "paediatrics"),
    "小儿外科": ("paediatric surgery", "paediatric-surgery"),
}
PREFIX = "fudan-ranking-"


def source_id(edition: int, specialty: str) -> str:
    """The catalog source id of one edition's list for one specialty."""
    return f"{PREFIX}{edition}-{SPECIALTIES[specialty][1]}"


def build(rankings: dict[str, Any], ids: dict[str, str], read: str) -> tuple[dict, dict]:
    """(sources by id, ranking claims by hospital id) for every placing of a catalog hospital."""
    sources: dict[str, Any] = {}
    claims: dict[str, list[dict[str, Any]]] = {}
    for edition in EDITIONS:
        lists = rankings["years"][str(edition)]["specialty"]
        for specialty, (english, _) in SPECIALTIES.items():
            for entry in lists.get(specialty, []):
                hospital = ids.get(entry["name"])
                if hospital is None:
                    continue
                sid = source_id(edition, specialty)
                sources[sid] = {
                    "kind": "third_party",
                    "authority": "independent_ranking",
                    "title": f"{RANKING} {edition}: {english} ({specialty}), top 10",
                    "publisher": "Fudan University Hospital Management Institute",
                    "url": URL,
                    "read": read,
                    "via": RANKINGS_FILE,
                    "note": (
                        "An annual survey of expert reputation, published late in the following "
                        "year. Read from the project's transcription of the official pages "
                        f"(shared/data/{RANKINGS_FILE}); the quote is the hospital's name as "
                        "printed in that file."
                    ),
                }
                claims.setdefault(hospital, []).append(
                    {
                        "source": sid,
                        "quote": f'"name": "{entry["name"]}"',
                        "ranking": RANKING,
                        "specialty": specialty,
                        "position": int(entry["rank"]),
                        "year": edition,
                        "reputation_score": float(entry["avgRep"]),
                        "note": (
                            f"{english.capitalize()}, edition {edition}: rank {entry['rank']} of "
                            f"the top 10 (mean expert reputation score {entry['avgRep']})."
                        ),
                    }
                )
    return dict(sorted(sources.items())), claims


def main() -> int:
    """Rewrite the catalog's Fudan sources and ranking claims."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--read", default="2026-12-03", help="the date the file was read")
    args = parser.parse_args()
    rankings = json.loads((args.shared / "data" / RANKINGS_FILE).read_text(encoding="utf-8"))
    ids = json.loads(IDS.read_text(encoding="utf-8"))["ids"]
    catalog = json.loads(CATALOG.read_text(encoding="utf-8"))
    known = {hospital["id"] for hospital in catalog["hospitals"]}
    leads = json.loads(LEADS.read_text(encoding="utf-8"))
    lead_ids = {hospital["id"] for hospital in leads["hospitals"]}
    missing = sorted(set(ids.values()) - known - lead_ids)
    if missing:
        print(f"ids in {IDS.name} that the catalog lacks: {missing}", file=sys.stderr)
        return 1
    # A hospital moved to the leads (known by name only) keeps its id in the reviewed table,
    # ready for when it is catalogued; its placings are not entered meanwhile.
    waiting = sorted(set(ids.values()) & lead_ids - known)
    if waiting:
        print(f"placings left out for hospitals among the leads: {waiting}", file=sys.stderr)
    ids = {name: hospital for name, hospital in ids.items() if hospital in known}
    sources, claims = build(rankings, ids, args.read)
    catalog["sources"] = {
        sid: source for sid, source in catalog["sources"].items() if not sid.startswith(PREFIX)
    } | sources
    for hospital in catalog["hospitals"]:
        kept = [c for c in hospital.get("rankings", []) if not c["source"].startswith(PREFIX)]
        kept += claims.get(hospital["id"], [])
        if kept:
            hospital["rankings"] = kept
        else:
            hospital.pop("rankings", None)
    CATALOG.write_text(json.dumps(catalog, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    placed = sum(len(c) for c in claims.values())
    print(f"{placed} ranking claims for {len(claims)} hospitals from {len(sources)} lists")
    return 0


if __name__ == "__main__":
    sys.exit(main())
