"""Invariants of recommend(), checked with hypothesis over many profiles."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import matcher
from matcher import Catalog, Patient, recommend
from matcher.catalog._schema import Source, StrengthClaim
from tests.strategies import profiles

CATALOG = matcher.load_catalog()
#: An independent source for claims this module makes up (any level may rest on it).
MADE_UP_SOURCE_ID = "made-up-ranking"
MADE_UP_SOURCE = Source(
    kind="third_party",
    authority="independent_ranking",
    title="A ranking made up for the property tests",
    url="https://example.invalid/ranking",
    read=dt.date(2026, 1, 1),
)
ALL = len(CATALOG)


@given(profiles(), st.integers(1, 12))
def test_ranks_run_from_one_with_scores_never_increasing(
    profile: dict[str, Any], top_k: int
) -> None:
    recs = recommend(profile, top_k=top_k)
    assert len(recs) <= top_k
    assert [r.rank for r in recs] == list(range(1, len(recs) + 1))
    scores = [r.score for r in recs]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= s <= 100.0 for s in scores)


@given(profiles())
def test_an_excluded_hospital_never_appears_and_every_hospital_is_accounted_for(
    profile: dict[str, Any],
) -> None:
    recs = recommend(profile, top_k=ALL)
    ranked = set(recs.hospital_ids)
    excluded = {e.hospital.id for e in recs.excluded}
    assert not ranked & excluded
    assert ranked | excluded == set(CATALOG.ids)
    assert len(ranked) == recs.n_eligible


@given(profiles())
def test_contributions_add_up_to_the_score(profile: dict[str, Any]) -> None:
    for rec in recommend(profile, top_k=ALL):
        total = sum(c.points for c in rec.contributions)
        assert np.isclose(total, rec.score, atol=1e-6)


@given(profiles())
def test_the_same_input_gives_the_same_output(profile: dict[str, Any]) -> None:
    first, second = recommend(profile, top_k=ALL), recommend(profile, top_k=ALL)
    assert first.items == second.items
    assert first.excluded == second.excluded


@given(profiles(), st.randoms(use_true_random=False))
@settings(max_examples=30)
def test_shuffling_the_catalog_changes_no_ranking(
    profile: dict[str, Any], rng: random.Random
) -> None:
    model = CATALOG.to_file_model()
    hospitals = list(model.hospitals)
    rng.shuffle(hospitals)
    shuffled = Catalog.from_file_model(model.model_copy(update={"hospitals": tuple(hospitals)}))
    original = recommend(profile, top_k=ALL)
    again = recommend(profile, top_k=ALL, catalog=shuffled)
    assert again.hospital_ids == original.hospital_ids
    assert [r.score for r in again] == [r.score for r in original]
    assert again.excluded == original.excluded


@given(profiles(), st.data())
@settings(max_examples=30)
def test_raising_a_hospitals_strength_for_the_cancer_type_never_lowers_its_rank(
    profile: dict[str, Any], data: st.DataObject
) -> None:
    patient = Patient.model_validate(profile)
    before = recommend(patient, top_k=ALL)
    if not len(before):
        return
    target = data.draw(st.sampled_from(before.hospital_ids))
    hospital = CATALOG[target]
    current = max(
        (c.level for c in hospital.strengths if c.cancer_type == patient.cancer_type.code),
        default=0,
    )
    if current == 5:
        return
    claim = StrengthClaim(
        cancer_type=patient.cancer_type.code,
        level=data.draw(st.integers(current + 1, 5)),
        source=MADE_UP_SOURCE_ID,
        quote="a stronger claim, made up for this property test only",
    )
    stronger = hospital.model_copy(update={"strengths": (*hospital.strengths, claim)})
    model = CATALOG.to_file_model()
    hospitals = tuple(stronger if h.id == target else h for h in model.hospitals)
    sources = {**model.sources, MADE_UP_SOURCE_ID: MADE_UP_SOURCE}
    catalog = Catalog.from_file_model(
        model.model_copy(update={"hospitals": hospitals, "sources": sources})
    )
    after = recommend(patient, top_k=ALL, catalog=catalog)
    assert after.hospital_ids.index(target) <= before.hospital_ids.index(target)


@given(profiles())
def test_avoiding_tcm_never_returns_a_tcm_hospital(profile: dict[str, Any]) -> None:
    therapies = [t for t in profile.get("therapies_sought", []) if t != "tcm"]
    recs = recommend(
        {**profile, "tcm_preference": "avoid", "therapies_sought": therapies}, top_k=ALL
    )
    assert all(r.hospital.kind not in ("tcm", "integrated_medicine") for r in recs)
    assert all(c.feature != "tcm" or c.weight == 0 for r in recs for c in r.contributions)


@given(
    profiles(),
    st.lists(
        st.sampled_from(["Beijing", "Shanghai", "Guangzhou", "Hangzhou"]), min_size=1, max_size=2
    ),
)
def test_city_mode_only_never_returns_another_city(
    profile: dict[str, Any], cities: list[str]
) -> None:
    recs = recommend({**profile, "cities": cities, "city_mode": "only"}, top_k=ALL)
    assert all(r.hospital.city in cities for r in recs)


@given(profiles())
def test_requiring_tcm_keeps_only_hospitals_that_offer_it(profile: dict[str, Any]) -> None:
    recs = recommend({**profile, "tcm_preference": "require"}, top_k=ALL)
    for rec in recs:
        offers = any(c.feature == "tcm" and c.value > 0 for c in rec.contributions)
        assert offers or rec.hospital.kind in ("tcm", "integrated_medicine")
