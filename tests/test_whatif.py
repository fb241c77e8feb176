"""What-if questions and the smallest hard-constraint change that brings a hospital in."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import matcher
from matcher import BringIn, ProfileError, WhatIf
from matcher.analysis._compare import MIN_SHIFT
from tests.strategies import CITIES, profiles

CATALOG = matcher.load_catalog()
NPC = {"cancer_type": "nasopharyngeal carcinoma", "stage": "III"}
SHANGHAI_ONLY_NO_TCM = {
    "cancer_type": "lung adenocarcinoma",
    "stage": "IV",
    "biomarkers": {"EGFR": "L858R", "PD-L1": "TPS 60%"},
    "cities": ["Shanghai"],
    "city_mode": "only",
    "tcm_preference": "avoid",
}
HARD_FIELDS = {"cities", "city_mode", "tcm_preference", "therapies_sought"}


def _points(rec: matcher.Recommendation) -> dict[str, float]:
    return {c.feature: c.points for c in rec.contributions}


def _check_consistent(result: WhatIf) -> None:
    """The report matches the two results it compares."""
    old, new = result.before.hospital_ids, result.after.hospital_ids
    assert [m.hospital_id for m in result.entered] == [i for i in new if i not in old]
    assert [m.hospital_id for m in result.left] == [i for i in old if i not in new]
    for move in (*result.moved_up, *result.moved_down):
        assert move.before == old.index(move.hospital_id) + 1
        assert move.after == new.index(move.hospital_id) + 1
    assert all((m.places or 0) > 0 for m in result.moved_up)
    assert all((m.places or 0) < 0 for m in result.moved_down)
    for move in result.entered:
        assert move.after == new.index(move.hospital_id) + 1
    for move in result.left:
        assert move.before == old.index(move.hospital_id) + 1
        assert move.after is None or move.after > result.after.top_k
    for move in (*result.entered, *result.left, *result.moved_up, *result.moved_down):
        sizes = [abs(shift.delta) for shift in move.features]
        assert sizes == sorted(sizes, reverse=True)
        assert all(size >= MIN_SHIFT for size in sizes)


def test_what_if_reruns_the_same_query_with_the_field_changed() -> None:
    recs = matcher.recommend(NPC, top_k=5)
    result = recs.what_if(tcm_preference="prefer")
    expected = matcher.recommend({**NPC, "tcm_preference": "prefer"}, top_k=5)
    assert result.after.items == expected.items
    assert result.after.excluded == expected.excluded
    assert result.before is recs
    assert [(c.field, c.before, c.after) for c in result.changes] == [
        ("tcm_preference", "neutral", "prefer")
    ]


def test_what_if_keeps_a_custom_catalog_and_top_k() -> None:
    catalog = matcher.Catalog.from_file_model(
        CATALOG.to_file_model().model_copy(update={"hospitals": CATALOG.hospitals[:20]})
    )
    recs = matcher.recommend(NPC, top_k=2, catalog=catalog)
    result = recs.what_if(cities=["Beijing"])
    expected = matcher.recommend({**NPC, "cities": ["Beijing"]}, top_k=2, catalog=catalog)
    assert result.after.items == expected.items
    assert result.after.top_k == 2


def test_the_rules_whose_outcome_changed_are_named() -> None:
    result = matcher.recommend(NPC).what_if(tcm_preference="prefer")
    changed = {(r.rule_id, r.before, r.after) for r in result.rule_changes}
    assert ("tcm.prefer", "not_met", "met") in changed
    assert all(r.before != r.after for r in result.rule_changes)
    assert "tcm.prefer now applies" in str(result)


def test_the_feature_shifts_of_a_mover_are_its_contribution_changes() -> None:
    recs = matcher.recommend(NPC, top_k=8)
    result = recs.what_if(tcm_preference="prefer")
    movers = (*result.moved_up, *result.moved_down)
    assert movers, "a TCM preference reorders the NPC shortlist"
    for move in movers:
        before = _points(recs[move.before - 1])  # type: ignore[operator]
        after = _points(result.after[move.after - 1])  # type: ignore[operator]
        assert move.score_before == recs[move.before - 1].score  # type: ignore[operator]
        for shift in move.features:
            assert np.isclose(shift.before, before.get(shift.feature, 0.0))
            assert np.isclose(shift.after, after.get(shift.feature, 0.0))
        largest = max(abs(after.get(f, 0.0) - before.get(f, 0.0)) for f in set(before) | set(after))
        assert not move.features or np.isclose(abs(move.features[0].delta), largest)


def test_entering_and_leaving_follow_the_two_shortlists() -> None:
    recs = matcher.recommend(SHANGHAI_ONLY_NO_TCM, top_k=4)
    result = recs.what_if(cities=["Beijing"])
    _check_consistent(result)
    assert result.entered and result.left
    assert result.changed_ranking
    assert "Entered the shortlist:" in str(result)


@given(
    profiles(),
    st.sampled_from(
        [
            {"tcm_preference": "prefer"},
            {"tcm_preference": "neutral"},
            {"city_mode": "prefer"},
            {"wants_clinical_trials": True},
            {"needs_international_services": True},
            {"therapies_sought": []},
        ]
    )
    | st.lists(st.sampled_from(CITIES), min_size=1, max_size=2).map(lambda c: {"cities": c}),
    st.integers(1, 8),
)
@settings(max_examples=40)
def test_a_what_if_report_always_matches_the_results_it_compares(
    profile: dict[str, Any], change: dict[str, Any], top_k: int
) -> None:
    recs = matcher.recommend(profile, top_k=top_k)
    try:
        result = recs.what_if(**change)
    except ProfileError:
        return  # e.g. asking for TCM therapies while avoiding TCM: refused, as for a profile
    _check_consistent(result)
    assert {c.field for c in result.changes} <= set(change)


def test_bad_changes_are_refused_like_a_bad_profile() -> None:
    recs = matcher.recommend(NPC)
    with pytest.raises(ProfileError) as error:
        recs.what_if(tcm_preference="sometimes")
    assert error.value.field == "tcm_preference"
    with pytest.raises(ProfileError) as error:
        recs.what_if(tcm_preferance="prefer")
    assert "tcm_preference" in error.value.suggestions


def test_what_if_needs_a_change() -> None:
    with pytest.raises(ValueError, match="at least one profile field"):
        matcher.recommend(NPC).what_if()


def test_setting_a_field_to_its_current_value_changes_nothing() -> None:
    recs = matcher.recommend(NPC)
    result = recs.what_if(tcm_preference="neutral")
    assert result.changes == ()
    assert result.after.items == recs.items
    assert not (result.entered or result.left or result.moved_up or result.moved_down)
    assert "nothing changed" in str(result)


def test_the_words_describe_the_changed_fields_and_never_the_rest_of_the_profile() -> None:
    recs = matcher.recommend(SHANGHAI_ONLY_NO_TCM)
    result = recs.what_if(city_mode="prefer")
    for text in (str(result), repr(result)):
        assert "city_mode" in text
        for private in ("EGFR", "L858R", "PD-L1", "TPS"):
            assert private not in text
    bring = recs.what_would_bring_in(recs.excluded[0].hospital.id)
    for text in (str(bring), repr(bring)):
        assert not any(p in text for p in ("EGFR", "L858R", "PD-L1", "TPS"))


# --- what would bring a hospital in ---------------------------------------------------------


def _excluded_by(recs: matcher.Recommendations, rule_id: str) -> list[str]:
    return [e.hospital.id for e in recs.excluded if e.rule_id == rule_id]


def test_a_shortlisted_hospital_is_already_in() -> None:
    recs = matcher.recommend(NPC)
    answer = recs.what_would_bring_in(recs[1].hospital.id)
    assert (answer.verdict, answer.rank, answer.changes) == ("already_shortlisted", 2, ())


def test_a_hospital_is_found_by_id_name_or_alias() -> None:
    recs = matcher.recommend(SHANGHAI_ONLY_NO_TCM)
    hospital = CATALOG[_excluded_by(recs, "city.only")[0]]
    answers = {recs.what_would_bring_in(key) for key in (hospital.id, *hospital.all_names)}
    assert len(answers) == 1
    assert recs.what_would_bring_in(hospital) == recs.what_would_bring_in(hospital.id)


def test_an_unknown_hospital_is_refused_with_close_names() -> None:
    recs = matcher.recommend(NPC)
    with pytest.raises(ValueError, match="did you mean 'sysu-cancer-center'"):
        recs.what_would_bring_in("sysu-cancer-centre")


def test_a_hospital_outside_the_only_cities_comes_in_with_a_city_change() -> None:
    recs = matcher.recommend({**NPC, "cities": ["Shanghai"], "city_mode": "only"}, top_k=5)
    outside = _excluded_by(recs, "city.only")
    answers = [recs.what_would_bring_in(hospital_id) for hospital_id in outside]
    brought = [a for a in answers if a.verdict == "brought_in"]
    assert brought
    for answer in brought:
        assert {c.field for c in answer.changes} <= {"cities", "city_mode"}
        assert len(answer.changes) == 1  # one constraint was enough: no pair is offered
        changed = {c.field: c.after for c in answer.changes}
        rerun = matcher.recommend(
            {**NPC, "cities": ["Shanghai"], "city_mode": "only", **changed}, top_k=5
        )
        assert rerun.hospital_ids.index(answer.hospital_id) + 1 == answer.rank
        assert answer.what_if is not None
        assert answer.what_if.after.hospital_ids == rerun.hospital_ids
        assert str(answer).startswith("Changing c")


def test_two_constraints_are_relaxed_together_only_when_one_is_not_enough() -> None:
    recs = matcher.recommend(SHANGHAI_ONLY_NO_TCM, top_k=10)
    tcm_elsewhere = [
        hospital_id
        for hospital_id in _excluded_by(recs, "tcm.avoid")
        if CATALOG[hospital_id].city != "Shanghai"
    ]
    assert tcm_elsewhere
    for hospital_id in tcm_elsewhere:
        answer = recs.what_would_bring_in(hospital_id)
        if answer.verdict == "not_possible":
            continue
        fields = {c.field for c in answer.changes}
        assert "tcm_preference" in fields and fields & {"cities", "city_mode"}
        for single in ({"tcm_preference": "neutral"}, {"city_mode": "prefer"}):
            alone = matcher.recommend({**SHANGHAI_ONLY_NO_TCM, **single}, top_k=10)
            assert hospital_id not in alone.hospital_ids


def test_no_hard_constraint_change_helps_without_evidence_for_the_cancer() -> None:
    recs = matcher.recommend(SHANGHAI_ONLY_NO_TCM)
    hospital_id = _excluded_by(recs, "eligibility.cancer-type-evidence")[0]
    answer = recs.what_would_bring_in(hospital_id)
    assert (answer.verdict, answer.rank, answer.changes) == ("not_possible", None, ())
    assert "no sourced evidence" in answer.reason
    assert str(answer).startswith("No change to the profile's hard constraints")


def test_a_hospital_below_top_k_on_merit_is_told_the_rank_it_would_have() -> None:
    recs = matcher.recommend(NPC, top_k=2)
    full = matcher.recommend(NPC, top_k=len(CATALOG))
    third = full[2].hospital.id
    answer = recs.what_would_bring_in(third)
    assert (answer.verdict, answer.rank, answer.changes) == ("below_top_k", 3, ())
    assert "top_k=3" in str(answer)


@given(profiles(), st.sampled_from(CATALOG.ids), st.integers(1, 6))
@settings(max_examples=30)
def test_every_answer_is_borne_out_by_rerunning_the_query(
    profile: dict[str, Any], hospital_id: str, top_k: int
) -> None:
    recs = matcher.recommend(profile, top_k=top_k)
    answer: BringIn = recs.what_would_bring_in(hospital_id)
    assert {c.field for c in answer.changes} <= HARD_FIELDS
    changed = {**profile, **{c.field: c.after for c in answer.changes}}
    if answer.verdict == "already_shortlisted":
        assert recs.hospital_ids.index(hospital_id) + 1 == answer.rank
    elif answer.verdict == "not_possible":
        relaxed = {**profile, "city_mode": "prefer", "tcm_preference": "neutral"}
        relaxed["therapies_sought"] = []
        everything_dropped = matcher.recommend(relaxed, top_k=top_k)
        assert hospital_id in {e.hospital.id for e in everything_dropped.excluded}
        assert answer.reason
    else:
        assert answer.rank is not None
        rerun = matcher.recommend(changed, top_k=answer.rank)
        assert rerun.hospital_ids.index(hospital_id) + 1 == answer.rank
        assert (answer.rank <= top_k) == (answer.verdict == "brought_in")
