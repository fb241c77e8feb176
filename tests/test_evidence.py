"""How strong and how independent the evidence is: authority, specificity, corroboration, rankings.

Each test protects one promise of the evidence rubric (``matcher/data/README.md``) through the
public API or the catalog file format.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import matcher
from matcher import CatalogError, load_catalog
from matcher.catalog._evidence import specificities, weighed_levels
from tests.catalog_fixtures import minimal_catalog, minimal_catalog_v1, write

CATALOG = load_catalog()
CLINICAL = ("strengths", "modalities", "services", "rankings")
NOT_INDEPENDENT = {"self_description", "commercial"}


def _load(tmp_path: Path, document: dict[str, Any]) -> matcher.Catalog:
    return load_catalog(write(tmp_path, document))


def _refused(tmp_path: Path, document: dict[str, Any]) -> CatalogError:
    with pytest.raises(CatalogError) as caught:
        _load(tmp_path, document)
    return caught.value


# --- the catalog's own data --------------------------------------------------------------------


def test_no_top_level_claim_rests_on_the_hospitals_own_words_or_marketing() -> None:
    for hospital in CATALOG:
        for claim in (*hospital.strengths, *hospital.modalities, *hospital.services):
            if claim.level == 5:
                assert CATALOG.sources[claim.source].authority not in NOT_INDEPENDENT, (
                    hospital.id,
                    claim.quote,
                )


def test_every_source_says_how_independent_it_is_and_who_published_it() -> None:
    for source_id, source in CATALOG.sources.items():
        assert source.authority, source_id
        assert source.publisher, source_id


def test_every_hospital_has_at_least_three_sourced_clinical_claims() -> None:
    short = {
        hospital.id: n
        for hospital in CATALOG
        if (n := sum(len(getattr(hospital, group)) for group in CLINICAL)) < 3
    }
    assert short == {}


def test_an_evidence_note_never_says_nothing_is_recorded_when_claims_are() -> None:
    # The note is what a reader sees first; it must not contradict the claims beside it.
    nothing = ("known only by name", "no strengths, modalities or services are recorded")
    stale = [
        hospital.id
        for hospital in CATALOG
        if any(words in hospital.evidence_note.lower() for words in nothing)
        and any(getattr(hospital, group) for group in CLINICAL)
    ]
    assert stale == []


def test_the_catalog_covers_every_province_level_division_with_150_hospitals_or_more() -> None:
    provinces = {hospital.province for hospital in CATALOG}
    assert len(CATALOG) >= 150
    assert len(provinces) == 33, sorted(provinces)


def test_most_hospitals_have_a_sourced_website_or_contact() -> None:
    reachable = [h for h in CATALOG if h.website or h.contacts]
    assert len(reachable) >= 0.6 * len(CATALOG)


def test_every_hospital_has_a_chinese_name_and_the_source_that_gives_it() -> None:
    unsourced = [h.id for h in CATALOG if not h.name_zh or h.name_zh_source is None]
    assert unsourced == []


def test_particle_therapy_is_listed_completely_in_the_default_catalog() -> None:
    assert {"proton", "heavy_ion"} <= CATALOG.complete_for


# --- authority, specificity and corroboration ----------------------------------------------------


def test_a_quote_listing_many_cancers_counts_less_than_one_naming_a_specialty() -> None:
    cams = CATALOG["cams-cancer-hospital"]
    listed = specificities(cams)
    by_quote = {
        claim.cancer_type: kind
        for claim, kind in zip(cams.strengths, listed, strict=True)
        if "leading domestic center" in claim.quote
    }
    assert by_quote and set(by_quote.values()) == {"listed"}
    fuscc = CATALOG["fudan-shanghai-cancer-center"]
    named = {
        claim.cancer_type: kind
        for claim, kind in zip(fuscc.strengths, specificities(fuscc), strict=True)
        if "affluent cancers" in claim.quote
    }
    assert named and set(named.values()) == {"named"}


def _one_hospital(strengths: list[dict[str, Any]], sources: dict[str, Any]) -> matcher.Catalog:
    document = minimal_catalog()
    document["sources"].update(sources)
    document["hospitals"] = [document["hospitals"][1]]
    document["hospitals"][0]["strengths"] = strengths
    return matcher.Catalog.from_file_model(matcher.CatalogFile.model_validate(document))


def _page(authority: str, publisher: str) -> dict[str, Any]:
    return {
        "kind": "news",
        "authority": authority,
        "publisher": publisher,
        "url": f"https://example.org/{publisher}",
        "read": "2026-12-01",
        "title": f"A page by {publisher}",
    }


def test_agreeing_independent_publishers_raise_the_weight_and_copies_count_once() -> None:
    quote = "treats lung cancer with a dedicated team"
    alone = _one_hospital(
        [{"cancer_type": "LUNG", "level": 3, "source": "a", "quote": quote}],
        {"a": _page("news", "a")},
    )
    agreed = _one_hospital(
        [
            {"cancer_type": "LUNG", "level": 3, "source": "a", "quote": quote},
            {"cancer_type": "LUNG", "level": 3, "source": "b", "quote": "a second, other report"},
        ],
        {"a": _page("news", "a"), "b": _page("news", "b")},
    )
    copied = _one_hospital(
        [
            {"cancer_type": "LUNG", "level": 3, "source": "a", "quote": quote},
            {"cancer_type": "LUNG", "level": 3, "source": "b", "quote": quote},
        ],
        {"a": _page("news", "a"), "b": _page("news", "b")},
    )
    own = _one_hospital(
        [
            {"cancer_type": "LUNG", "level": 3, "source": "a", "quote": quote},
            {"cancer_type": "LUNG", "level": 3, "source": "b", "quote": "a second page of its own"},
        ],
        {"a": _page("self_description", "a"), "b": _page("self_description", "b")},
    )

    def best(catalog: matcher.Catalog) -> float:
        hospital = catalog.hospitals[0]
        return max(weighed_levels(hospital, catalog.sources))

    assert best(agreed) > best(alone)
    assert best(copied) == best(alone)
    assert best(own) == pytest.approx(3 * 0.8)


def test_the_same_level_counts_more_from_a_ranking_than_from_the_hospital_itself() -> None:
    ranked = _one_hospital(
        [{"cancer_type": "LUNG", "level": 4, "source": "a", "quote": "placed for lung cancer"}],
        {"a": _page("independent_ranking", "a")},
    )
    own = _one_hospital(
        [{"cancer_type": "LUNG", "level": 4, "source": "a", "quote": "placed for lung cancer"}],
        {"a": _page("self_description", "a")},
    )
    assert max(weighed_levels(ranked.hospitals[0], ranked.sources)) > max(
        weighed_levels(own.hospitals[0], own.sources)
    )


# --- the file format ---------------------------------------------------------------------


def test_a_top_level_claim_on_the_hospitals_own_page_is_refused_naming_the_field(
    tmp_path: Path,
) -> None:
    document = minimal_catalog()
    document["hospitals"][0]["strengths"][0]["source"] = "page"
    error = _refused(tmp_path, document)
    assert (error.hospital, error.field) == ("alpha-cancer-center", "strengths[0].level")
    assert "independent" in str(error)


def test_a_version_one_catalog_loads_with_authority_inferred_and_the_top_level_read_as_four(
    tmp_path: Path,
) -> None:
    catalog = _load(tmp_path, minimal_catalog_v1())
    assert catalog.schema_version == 2
    assert catalog.sources["seed-001"].authority == "commercial"
    assert catalog.sources["page"].authority == "self_description"
    claim = catalog["alpha-cancer-center"].strengths[0]
    assert claim.level == 4
    assert claim.note is not None and "schema version 1" in claim.note


def test_a_website_needs_a_page_read_on_that_site(tmp_path: Path) -> None:
    document = minimal_catalog()
    document["hospitals"][0]["website"] = "https://elsewhere.example.com/"
    assert _refused(tmp_path, document).field == "website"
    document["hospitals"][0]["website"] = "https://example.org/"
    assert _load(tmp_path, document)["alpha-cancer-center"].website == "https://example.org/"


def test_a_contact_must_be_quoted_from_its_source(tmp_path: Path) -> None:
    document = minimal_catalog()
    document["hospitals"][0]["contacts"] = [
        {"kind": "phone", "value": "+86-20-1234", "source": "page", "quote": "Tel: +86-20-9999"}
    ]
    assert "contacts" in (_refused(tmp_path, document).field or "")


def test_a_chinese_name_source_must_be_defined(tmp_path: Path) -> None:
    document = minimal_catalog()
    document["hospitals"][0]["name_zh_source"] = "nowhere"
    assert _refused(tmp_path, document).field == "name_zh_source"


def test_complete_for_names_known_modalities(tmp_path: Path) -> None:
    document = minimal_catalog()
    document["complete_for"] = ["teleportation"]
    assert _refused(tmp_path, document).field == "complete_for"


# --- what results show -------------------------------------------------------------------


def test_a_national_leader_for_one_disease_is_not_penalised_for_being_a_general_hospital() -> None:
    recs = matcher.recommend({"cancer_type": "glioblastoma", "age": 45}, top_k=3)
    assert "beijing-tiantan-hospital" in recs.hospital_ids
    tiantan = recs[recs.hospital_ids.index("beijing-tiantan-hospital")]
    ranking = next(c for c in tiantan.contributions if c.feature == "specialty_ranking")
    assert ranking.points > 0 and ranking.evidence is not None
    assert ranking.evidence.authority == "independent_ranking"
    assert ranking.evidence.year == 2021


def test_every_quoted_claim_in_a_result_shows_its_authority_in_text_and_json() -> None:
    recs = matcher.recommend({"cancer_type": "NPC", "stage": "III"}, top_k=3)
    data = json.loads(recs.to_json())
    for item in data["items"]:
        for source in item["sources"]:
            assert source["authority"] in {
                "independent_ranking",
                "national_designation",
                "peer_reviewed",
                "government",
                "news",
                "reference_work",
                "commercial",
                "self_description",
            }
    text = " ".join(str(recs).split())
    assert "independent ranking, 2021" in text


@pytest.mark.parametrize(
    "cancer",
    [
        "lung cancer",
        "liver cancer",
        "gastric cancer",
        "esophageal cancer",
        "colorectal cancer",
        "pancreatic cancer",
        "breast cancer",
        "cervical cancer",
        "ovarian cancer",
        "prostate cancer",
        "nasopharyngeal carcinoma",
        "lymphoma",
        "AML",
        "multiple myeloma",
        "melanoma",
        "brain tumour",
    ],
)
def test_every_cancer_the_seeds_name_has_eight_eligible_hospitals_in_four_cities(
    cancer: str,
) -> None:
    recs = matcher.recommend({"cancer_type": cancer}, top_k=500)
    assert recs.n_eligible >= 8
    assert len({item.hospital.city for item in recs}) >= 4
