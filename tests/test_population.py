"""Claims that speak only of children count for a child, never for a known adult (issue 12)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import matcher
from matcher import CatalogError, Recommendations, recommend, recommend_many
from matcher.catalog._compiled import EncodedCatalog, encode
from matcher.catalog._schema import ClinicalClaim, Hospital
from matcher.results._i18n import is_chinese, translate
from matcher.results._text import to_text
from matcher.rules import DEFAULT_RULES
from tests.catalog_fixtures import minimal_catalog, write
from tests.strategies import profiles

CATALOG = matcher.load_catalog()
SYSMH = "sun-yat-sen-memorial-hospital"
#: The start of the quote from Sun Yat-sen Memorial's paediatric oncology page behind its
#: chemotherapy and radiotherapy claims.
PAEDIATRIC = "It is also currently the only national hospital"
CHILDREN_ONLY = "its source speaks of children only"


def _item(recs: Recommendations, hospital_id: str) -> Any:
    found = [item for item in recs if item.hospital.id == hospital_id]
    assert found, f"{hospital_id} is not ranked"
    return found[0]


def _contribution(recs: Recommendations, hospital_id: str, feature: str) -> Any:
    return next(c for c in _item(recs, hospital_id).contributions if c.feature == feature)


def _children_only(hospital: Hospital) -> list[ClinicalClaim]:
    claims = (*hospital.strengths, *hospital.modalities, *hospital.services, *hospital.programmes)
    return [claim for claim in claims if claim.population == "children"]


# --- the data -------------------------------------------------------------------------------


def test_sun_yat_sen_memorials_paediatric_chemotherapy_and_radiotherapy_are_childrens() -> None:
    hospital = CATALOG[SYSMH]
    paediatric = [m for m in hospital.modalities if m.quote.startswith(PAEDIATRIC)]
    assert {m.modality for m in paediatric} == {"chemotherapy", "radiotherapy"}
    assert all(m.population == "children" for m in paediatric)
    # its adult haematology department's claims speak for everyone
    adult = [s for s in hospital.strengths if "Since 2002" in s.quote]
    assert adult and all(s.population is None for s in adult)


def test_shengjings_only_general_cancer_claim_is_childrens() -> None:
    general = [s for s in CATALOG["shengjing-hospital"].strengths if s.cancer_type == "TISSUE"]
    assert [s.population for s in general] == ["children"]


def test_every_childrens_only_claim_quotes_or_cites_children() -> None:
    words = ("child", "paediatric", "pediatric", "儿", "兒", "infant", "4-month-old")
    for hospital in CATALOG:
        for claim in _children_only(hospital):
            source = CATALOG.source(claim.source)
            text = f"{claim.quote} {source.title} {source.url or ''}".casefold()
            assert hospital.kind == "children" or any(w in text for w in words), (
                hospital.id,
                claim.quote,
            )


def test_every_childrens_hospitals_clinical_claim_is_childrens_but_a_women_and_childrens() -> None:
    for hospital in CATALOG:
        if hospital.kind != "children":
            continue
        claims = (*hospital.strengths, *hospital.modalities, *hospital.services)
        mixed = hospital.id == "guangzhou-women-and-childrens-medical-center"
        assert all((c.population == "children") != mixed for c in claims), hospital.id


# --- the file format ------------------------------------------------------------------------


def _with_childrens_claim(population: object) -> dict[str, Any]:
    document = minimal_catalog()
    document["hospitals"][1]["strengths"].append(
        {
            "cancer_type": "NBL",
            "level": 3,
            "source": "page",
            "quote": "a paediatric oncology ward for neuroblastoma",
            "population": population,
        }
    )
    return document


def test_a_claim_may_say_it_speaks_for_children_and_loads(tmp_path: Path) -> None:
    catalog = matcher.load_catalog(write(tmp_path, _with_childrens_claim("children")))
    assert catalog["beta-hospital"].strengths[-1].population == "children"
    assert catalog["beta-hospital"].strengths[0].population is None  # absent: everyone


def test_any_other_population_is_refused_naming_the_field(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="population"):
        matcher.load_catalog(write(tmp_path, _with_childrens_claim("adults")))


# --- the engine, through the public API -----------------------------------------------------


def test_an_adult_is_not_ranked_on_sun_yat_sen_memorials_paediatric_chemotherapy() -> None:
    recs = recommend({"cancer_type": "NHL", "cities": ["Guangzhou"], "age": 40}, top_k=10)
    for feature in ("chemotherapy", "radiotherapy"):
        contribution = _contribution(recs, SYSMH, feature)
        assert contribution.points == 0
        assert contribution.evidence is None
    assert not any(CHILDREN_ONLY in r.text for item in recs for r in item.reasons)


def test_a_child_is_ranked_on_it() -> None:
    recs = recommend({"cancer_type": "NHL", "cities": ["Guangzhou"], "age": 10}, top_k=10)
    contribution = _contribution(recs, SYSMH, "chemotherapy")
    assert contribution.points > 0
    assert contribution.evidence is not None
    assert contribution.evidence.quote.startswith(PAEDIATRIC)


def test_for_an_unknown_age_it_counts_and_the_reason_says_it_is_about_children() -> None:
    unknown = recommend({"cancer_type": "NHL", "cities": ["Guangzhou"]}, top_k=10)
    child = recommend({"cancer_type": "NHL", "cities": ["Guangzhou"], "age": 10}, top_k=10)
    assert _contribution(unknown, SYSMH, "chemotherapy").points > 0
    texts = [r.text for r in _item(unknown, SYSMH).reasons]
    about_children = [t for t in texts if CHILDREN_ONLY in t]
    assert any("chemotherapy" in t for t in about_children)
    assert any("Non-Hodgkin" in t for t in about_children)  # its paediatric designation
    for text in about_children:
        chinese = translate(text, "zh")
        assert is_chinese(chinese) and "children" not in chinese
        assert "只涉及儿童" in chinese
    assert CHILDREN_ONLY in "\n".join(r.text for r in _item(child, SYSMH).reasons)
    table = to_text(unknown, lang="zh", all_reasons=True)
    assert "只涉及儿童" in table and CHILDREN_ONLY not in table


def test_a_hospital_with_only_childrens_evidence_is_left_out_for_a_known_adult() -> None:
    profile: dict[str, Any] = {"cancer_type": "rectal cancer", "cities": ["Shenyang"]}
    adult = recommend({**profile, "age": 58}, top_k=10)
    left_out = {e.hospital.id: e for e in adult.excluded}
    exclusion = left_out["shengjing-hospital"]
    assert exclusion.rule_id == "eligibility.children-only-evidence"
    assert "speaks of children" in exclusion.reason and "adult" in exclusion.reason
    for age in (None, 9):
        given = profile if age is None else {**profile, "age": age}
        recs = recommend(given, top_k=10)
        assert "shengjing-hospital" in recs.hospital_ids
        assert "shengjing-hospital" not in {e.hospital.id for e in recs.excluded}


def test_the_exclusion_rule_has_a_statement_and_a_source() -> None:
    rule = next(r for r in DEFAULT_RULES if r.id == "eligibility.children-only-evidence")
    assert "children" in rule.statement and "adult" in rule.statement
    assert rule.source is not None and rule.source.quote


def test_the_age_question_shows_what_childrens_only_claims_do() -> None:
    recs = recommend({"cancer_type": "Ewing sarcoma"}, top_k=8)
    assert SYSMH in recs.hospital_ids
    adult = recommend({"cancer_type": "Ewing sarcoma", "age": 70}, top_k=8)
    assert SYSMH not in adult.hospital_ids
    age = next(fact for fact in recs.missing_facts(limit=10) if fact.field == "age")
    answer = next(a for a in age.answers if a.label == "70")
    assert answer.changed >= 1


# --- properties -----------------------------------------------------------------------------


def _claim_behind(hospital: Hospital, source_id: str, quote: str) -> list[object]:
    claims = (
        *hospital.strengths,
        *hospital.modalities,
        *hospital.services,
        *hospital.languages,
        *hospital.rankings,
    )
    return [c for c in claims if c.source == source_id and c.quote == quote]


@given(profiles(), st.integers(18, 120))
@settings(max_examples=40, deadline=None)
def test_for_a_known_adult_no_childrens_only_claim_contributes_to_any_score(
    profile: dict[str, Any], age: int
) -> None:
    recs = recommend({**profile, "age": age}, top_k=200)
    for item in recs:
        assert item.hospital.kind != "children"
        for contribution in item.contributions:
            if contribution.points <= 0 or contribution.evidence is None:
                continue
            behind = _claim_behind(
                item.hospital, contribution.evidence.id, contribution.evidence.quote
            )
            assert behind, (item.hospital.id, contribution.feature)
            assert any(getattr(c, "population", None) is None for c in behind)
        assert not any(CHILDREN_ONLY in reason.text for reason in item.reasons)


def _without_childrens_claims(catalog: matcher.Catalog) -> matcher.Catalog:
    """The catalog with every children-only claim taken out, and no children's hospitals."""
    model = catalog.to_file_model()
    hospitals = []
    for hospital in model.hospitals:
        if hospital.kind == "children":
            continue
        kept = {
            group: tuple(c for c in getattr(hospital, group) if c.population is None)
            for group in ("strengths", "modalities", "services", "programmes")
        }
        hospitals.append(hospital.model_copy(update=kept))
    return matcher.Catalog.from_file_model(model.model_copy(update={"hospitals": tuple(hospitals)}))


WITHOUT = _without_childrens_claims(CATALOG)


@given(profiles(), st.integers(18, 120))
@settings(max_examples=40, deadline=None)
def test_an_adult_is_ranked_as_if_the_childrens_only_claims_were_not_there(
    profile: dict[str, Any], age: int
) -> None:
    given_profile = {**profile, "age": age}
    recs = recommend(given_profile, top_k=12)
    without = recommend(given_profile, top_k=12, catalog=WITHOUT)
    assert recs.hospital_ids == without.hospital_ids
    assert [r.score for r in recs] == [r.score for r in without]


#: Cancers for which children-only claims exist in the catalog, and cities where they weigh.
AFFECTED = ("NHL", "ALL", "AML", "Ewing sarcoma", "neuroblastoma", "osteosarcoma", "glioma")
AFFECTED_CITIES = ((), ("Guangzhou",), ("Shenyang",), ("Shanghai",), ("Chengdu",))


@st.composite
def affected_profiles(draw: st.DrawFn) -> dict[str, Any]:
    """Profiles of every field, for a cancer with children-only claims most of the time."""
    profile = draw(profiles())
    if draw(st.booleans()):
        profile["cancer_type"] = draw(st.sampled_from(AFFECTED))
        profile["cities"] = list(draw(st.sampled_from(AFFECTED_CITIES)))
        profile.pop("city_mode", None)
    return profile


def _assert_cohort_ranked_as_recommend(given_profiles: list[dict[str, Any]], top_k: int) -> None:
    # The same profiles at three ages each: the children-only claims count differently.
    cohort = [
        {**{k: v for k, v in p.items() if k != "age"}, **extra}
        for p in given_profiles
        for extra in ({}, {"age": 8}, {"age": 45})
    ]
    result = recommend_many(cohort, top_k=top_k)
    for row, profile in enumerate(cohort):
        expected = recommend(profile, top_k=top_k)
        entries = result.patient == row
        assert result.hospital_id[entries].tolist() == list(expected.hospital_ids)
        assert result.score[entries].tolist() == [r.score for r in expected]


def test_a_cohort_with_childrens_only_claims_at_stake_is_ranked_as_recommend_ranks_each() -> None:
    _assert_cohort_ranked_as_recommend(
        [
            {"cancer_type": "NHL", "cities": ["Guangzhou"]},
            {"cancer_type": "Ewing sarcoma"},
            {"cancer_type": "rectal cancer", "cities": ["Shenyang"], "city_mode": "only"},
            {"cancer_type": "ALL", "therapies_sought": ["car_t"]},
        ],
        10,
    )


@given(st.lists(affected_profiles(), max_size=8), st.integers(1, 10))
@settings(max_examples=30, deadline=None)
def test_a_cohort_of_children_adults_and_unknown_ages_is_ranked_as_recommend_ranks_each(
    given_profiles: list[dict[str, Any]], top_k: int
) -> None:
    _assert_cohort_ranked_as_recommend(given_profiles, top_k)


def test_the_adult_view_re_encodes_only_what_differs_and_equals_a_whole_adult_encoding() -> None:
    model = CATALOG.to_file_model()
    view = CATALOG.encoded.adult
    direct = encode(model.hospitals, model.sources, adults_only=True)
    assert view is not None and direct.adult is None
    for field in attrs.fields(EncodedCatalog):
        found, expected = getattr(view, field.name), getattr(direct, field.name)
        if field.name == "scoped":
            for name in ("hospital", "column", "level", "claim", "codes"):
                assert np.array_equal(getattr(found, name), getattr(expected, name)), name
        elif field.name == "language_claim":
            assert found.keys() == expected.keys()
            assert all(np.array_equal(found[code], expected[code]) for code in found)
        elif isinstance(found, np.ndarray):
            assert np.array_equal(found, expected), field.name
            assert not found.flags.writeable, field.name
        elif field.name != "adult":
            assert found == expected, field.name
    # the hospitals with children-only claims differ, and only they
    differs = (view.strength != CATALOG.encoded.strength).any(axis=1)
    assert set(np.flatnonzero(differs)) <= {
        row for row, h in enumerate(CATALOG.hospitals) if _children_only(h)
    }
    assert differs.any()


def test_a_catalog_without_childrens_only_claims_has_no_adult_view(tmp_path: Path) -> None:
    assert matcher.load_catalog(write(tmp_path, minimal_catalog())).encoded.adult is None


def test_the_age_read_from_a_fhir_birth_date_decides_as_a_given_age_does() -> None:
    bundle = Path(__file__).parent / "fixtures" / "fhir" / "mcode_extended_breast_cancer.json"
    adult = matcher.Patient.from_fhir(bundle, today=dt.date(2026, 3, 1))  # born 1965
    child = matcher.Patient.from_fhir(bundle, today=dt.date(1975, 3, 1))
    assert adult.adult and not adult.pediatric
    assert child.pediatric and not child.adult
    for patient, outcome in ((adult, "met"), (child, "not_met")):
        rules = {o.rule_id: o.outcome for o in recommend(patient).rules}
        assert rules["eligibility.children-only-evidence"] == outcome
