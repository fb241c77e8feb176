"""Every quote in the default catalog is found word for word in what was actually read.

Claims citing a seed must quote the seed file; claims whose source was read through
``HOSPITAL_SOURCES.md`` (``via``) must quote that file. Both are compared after collapsing runs
of whitespace to one space, so line wrapping in the source does not matter but every word,
letter, typo and curly quote does. The seeds and ``HOSPITAL_SOURCES.md`` live in the shared
folder beside the repository; without it these tests are skipped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = REPO_ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
HOSPITAL_SOURCES = SHARED / "data" / "HOSPITAL_SOURCES.md"
FUDAN_FILE = "fudan_specialty_rankings_2009_2021.json"
FUDAN_RANKINGS = SHARED / "data" / FUDAN_FILE
CATALOG_PATH = REPO_ROOT / "src" / "matcher" / "data" / "catalog.json"

CLAIM_FIELDS = (
    "identity",
    "contacts",
    "strengths",
    "modalities",
    "services",
    "languages",
    "accreditations",
    "figures",
    "rankings",
    "programmes",
)

#: Hospitals the seeds describe in depth, with the names each must answer to.
IN_DEPTH_HOSPITALS: dict[str, tuple[str, ...]] = {
    "cams-cancer-hospital": (
        "Cancer Hospital of the Chinese Academy of Medical Sciences",
        "National Cancer Center",
    ),
    "peking-university-cancer-hospital": (
        "Peking University Cancer Hospital",
        "Beijing Cancer Hospital",
    ),
    "beijing-friendship-hospital": ("Beijing Friendship Hospital",),
    "fudan-shanghai-cancer-center": ("Fudan University Shanghai Cancer Center",),
    "ruijin-hospital": (
        "Ruijin Hospital",
        "Ruijin Hospital Shanghai Jiao Tong University School of Medicine",
    ),
    "sysu-cancer-center": (
        "Sun Yat-sen University Cancer Center",
        "Cancer Hospital, Sun Yat-sen University",
        "Cancer Hospital of Sun Yat-sen University",
    ),
    "guangzhou-tcm-first-affiliated": (
        "The First Affiliated Hospital of Guangzhou University of Chinese Medicine",
        "The First Affiliated Hospital of Guangzhou University of Traditional Chinese Medicine",
    ),
    "shanghai-proton-heavy-ion-center": (
        "Shanghai Proton and Heavy Ion Center",
        "Shanghai Proton Heavy Ion Hospital",
    ),
    "zhongshan-hospital-fudan": (
        "Zhongshan Hospital, Fudan University",
        "Zhongshan Hospital Fudan University",
    ),
}


#: Described at length by a seed, but not its cancer care: no cancer-type strength is sourced.
NO_SOURCED_CANCER_STRENGTHS = frozenset({"beijing-friendship-hospital"})


def _collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _fold(name: str) -> str:
    return _collapse(name).casefold()


def _load_catalog() -> dict[str, Any]:
    with CATALOG_PATH.open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


CATALOG = _load_catalog()
SOURCES: dict[str, dict[str, Any]] = CATALOG["sources"]


def _claims() -> Iterator[tuple[str, str, dict[str, Any], dict[str, Any]]]:
    """(test id, hospital id, claim, source) for every claim in the catalog."""
    for hospital in CATALOG["hospitals"]:
        for field in CLAIM_FIELDS:
            for index, claim in enumerate(hospital.get(field, ())):
                source = SOURCES.get(claim["source"], {})
                yield f"{hospital['id']}/{field}[{index}]", hospital["id"], claim, source


SEED_CLAIMS = [
    pytest.param(hospital_id, claim, source, id=test_id)
    for test_id, hospital_id, claim, source in _claims()
    if source.get("kind") == "seed"
]
VIA_CLAIMS = [
    pytest.param(hospital_id, claim, id=test_id)
    for test_id, hospital_id, claim, source in _claims()
    if source.get("via") == "HOSPITAL_SOURCES.md"
]


FUDAN_CLAIMS = [
    pytest.param(hospital_id, claim, id=test_id)
    for test_id, hospital_id, claim, source in _claims()
    if source.get("via") == FUDAN_FILE
]


def _require_shared() -> None:
    if not SHARED.is_dir():
        pytest.skip(f"the shared folder with the seeds is not beside the repository ({SHARED})")


_TEXT_CACHE: dict[Path, str] = {}


def _collapsed_text(path: Path) -> str:
    if path not in _TEXT_CACHE:
        _TEXT_CACHE[path] = _collapse(path.read_text(encoding="utf-8"))
    return _TEXT_CACHE[path]


def test_catalog_has_claims_quoting_seeds_and_hospital_sources() -> None:
    assert SEED_CLAIMS, "no claim cites a seed"
    assert VIA_CLAIMS, "no claim cites a page read through HOSPITAL_SOURCES.md"


@pytest.mark.parametrize(("hospital_id", "claim", "source"), SEED_CLAIMS)
def test_seed_quote_is_verbatim_in_its_seed_file(
    hospital_id: str, claim: dict[str, Any], source: dict[str, Any]
) -> None:
    _require_shared()
    path = SEEDS / source["file"]
    assert path.is_file(), f"{hospital_id}: source {claim['source']!r} names a missing seed {path}"
    quote = _collapse(claim["quote"])
    assert quote in _collapsed_text(path), (
        f"{hospital_id}: quote not found verbatim in seed {source['file']}: {claim['quote']!r}"
    )


@pytest.mark.parametrize(("hospital_id", "claim"), VIA_CLAIMS)
def test_hospital_sources_quote_is_verbatim_in_hospital_sources_md(
    hospital_id: str, claim: dict[str, Any]
) -> None:
    _require_shared()
    assert HOSPITAL_SOURCES.is_file(), f"missing {HOSPITAL_SOURCES}"
    quote = _collapse(claim["quote"])
    assert quote in _collapsed_text(HOSPITAL_SOURCES), (
        f"{hospital_id}: quote (source {claim['source']!r}) not found verbatim in "
        f"HOSPITAL_SOURCES.md: {claim['quote']!r}"
    )


@pytest.mark.parametrize(
    ("hospital_id", "names"), sorted(IN_DEPTH_HOSPITALS.items()), ids=sorted(IN_DEPTH_HOSPITALS)
)
def test_hospital_described_in_depth_is_present_under_all_its_names(
    hospital_id: str, names: tuple[str, ...]
) -> None:
    by_id = {hospital["id"]: hospital for hospital in CATALOG["hospitals"]}
    assert hospital_id in by_id, f"{hospital_id} is missing from the catalog"
    hospital = by_id[hospital_id]
    known = {_fold(hospital["name"]), *(_fold(alias) for alias in hospital.get("aliases", ()))}
    missing = [name for name in names if _fold(name) not in known]
    assert not missing, f"{hospital_id} does not answer to {missing}"
    assert hospital.get("strengths") or hospital_id in NO_SOURCED_CANCER_STRENGTHS, (
        f"{hospital_id} is described in depth by a seed but has no strength claims"
    )


def test_every_name_and_alias_belongs_to_one_hospital_only() -> None:
    owner: dict[str, str] = {}
    clashes = []
    for hospital in CATALOG["hospitals"]:
        names = [hospital["name"], *hospital.get("aliases", ())]
        if hospital.get("name_zh"):
            names.append(hospital["name_zh"])
        for name in {_fold(n) for n in names}:
            if owner.setdefault(name, hospital["id"]) != hospital["id"]:
                clashes.append(f"{name!r}: {owner[name]} and {hospital['id']}")
    assert not clashes, clashes


def test_every_ranking_claim_from_the_fudan_file_matches_a_placing_in_it() -> None:
    _require_shared()
    assert FUDAN_CLAIMS, "no claim cites the Fudan rankings"
    editions = json.loads(FUDAN_RANKINGS.read_text(encoding="utf-8"))["years"]
    wrong = []
    for param in FUDAN_CLAIMS:
        hospital_id, claim = param.values
        name = claim["quote"].removeprefix('"name": "').removesuffix('"')
        placings = editions[str(claim["year"])]["specialty"][claim["specialty"]]
        found = [entry for entry in placings if entry["name"] == name]
        if (
            not found
            or int(found[0]["rank"]) != claim["position"]
            or float(found[0]["avgRep"]) != claim["reputation_score"]
        ):
            wrong.append(f"{hospital_id}: {claim['year']} {claim['specialty']} {name}")
    assert wrong == []


def test_every_fudan_quote_is_verbatim_in_the_shared_rankings_file() -> None:
    _require_shared()
    text = _collapsed_text(FUDAN_RANKINGS)
    missing = [p.values[1]["quote"] for p in FUDAN_CLAIMS if p.values[1]["quote"] not in text]
    assert missing == []


def test_every_fudan_oncology_top_ten_hospital_of_2015_to_2021_is_in_the_catalog() -> None:
    _require_shared()
    editions = json.loads(FUDAN_RANKINGS.read_text(encoding="utf-8"))["years"]
    placed = {
        (int(year), entry["name"])
        for year in range(2015, 2022)
        for entry in editions[str(year)]["specialty"]["肿瘤学"]
    }
    entered = {
        (claim["year"], claim["quote"].removeprefix('"name": "').removesuffix('"'))
        for _, _, claim, source in _claims()
        if source.get("via") == FUDAN_FILE and claim.get("specialty") == "肿瘤学"
    }
    assert placed - entered == set()
