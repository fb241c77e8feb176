"""recommend_many(): every row is exactly what recommend() gives that profile alone."""

from __future__ import annotations

import pickle
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import matcher
from matcher import (
    Catalog,
    CohortRecommendations,
    Patient,
    ProfileError,
    recommend,
    recommend_many,
)
from matcher.cohort._key import _reads_only_the_key
from matcher.cohort._validation import ProfileRowError
from matcher.rules import DEFAULT_RULES, Rule, Weigh
from matcher.scoring import Weights
from matcher.synthetic import (
    synthetic_catalog,
    synthetic_cohort_frame,
    synthetic_profiles,
)
from tests.catalog_fixtures import minimal_catalog
from tests.strategies import hostile_profiles, messy_profiles, profiles

CATALOG = matcher.load_catalog()
SYNTHETIC = synthetic_catalog(400, seed=11)


def _same_problems(found: ProfileError, expected: ProfileError) -> bool:
    """The same problems, field by field and in words (NaN values never compare equal)."""
    return [(p.field, str(p)) for p in found.problems] == [
        (p.field, str(p)) for p in expected.problems
    ]


def _assert_table_matches_recommend(
    cohort: CohortRecommendations,
    given: list[Any],
    top_k: int,
    catalog: Catalog,
    **options: Any,
) -> None:
    """Every valid row's entries are recommend()'s ranking; every invalid row its error."""
    for row, profile in enumerate(given):
        try:
            expected = recommend(profile, top_k=top_k, catalog=catalog, **options)
        except ProfileError as error:
            assert _same_problems(cohort.errors[row], error)
            assert not (cohort.patient == row).any()
            continue
        entries = cohort.patient == row
        assert cohort.hospital_id[entries].tolist() == list(expected.hospital_ids)
        assert cohort.score[entries].tolist() == [r.score for r in expected]
        assert cohort.rank[entries].tolist() == [r.rank for r in expected]


def test_the_table_ranks_each_patient_exactly_as_recommend_does() -> None:
    given = synthetic_profiles(400, seed=1, invalid_fraction=0.03)
    cohort = recommend_many(given, catalog=CATALOG, errors="collect")
    _assert_table_matches_recommend(cohort, given, 5, CATALOG)


def test_the_table_matches_recommend_on_a_large_sparse_catalog_with_many_ties() -> None:
    given = synthetic_profiles(150, seed=2)
    cohort = recommend_many(given, top_k=8, catalog=SYNTHETIC)
    _assert_table_matches_recommend(cohort, given, 8, SYNTHETIC)


@given(st.lists(profiles(), max_size=12), st.integers(1, 12))
def test_any_cohort_is_ranked_as_recommend_ranks_each_profile(
    given: list[dict[str, Any]], top_k: int
) -> None:
    cohort = recommend_many(given, top_k=top_k)
    _assert_table_matches_recommend(cohort, given, top_k, CATALOG)


def _assert_rows_validate_as_the_profile_model_does(given: list[Any]) -> None:
    cohort = recommend_many(given, errors="collect")
    for row, profile in enumerate(given):
        try:
            patient = Patient.model_validate(profile)
        except ProfileError as error:
            assert _same_problems(cohort.errors[row], error)
            assert row not in cohort
        else:
            assert row in cohort
            query = cohort[row].query
            assert query is not None
            assert query.patient == patient
            assert query.patient.model_fields_set == patient.model_fields_set


@given(st.lists(messy_profiles() | profiles(), max_size=8))
def test_validating_in_parts_accepts_and_refuses_exactly_what_the_profile_model_does(
    given: list[Any],
) -> None:
    _assert_rows_validate_as_the_profile_model_does(given)


def test_fields_validated_on_their_own_read_as_in_a_whole_profile() -> None:
    values: dict[str, list[Any]] = {
        "age": [64, 64.0, "64", np.int64(7), 64.5, -1, True, None, "sixty"],
        "ecog": [0, 4.0, 5, "1", None],
        "disease_status": ["relapsed", "New", 3, "soon"],
        "cities": ["Beijing", ("guangzhou", "Beijing", "beijing"), ["Atlantis"], [3], {"a": 1}],
        "city_mode": ["ONLY", "prefer", "never"],
        "needs_international_services": ["yes", False, 1, "maybe"],
        "wants_clinical_trials": [np.bool_(True), "n", 0.0],
        "biomarkers": [{"EGFR": "L858R"}, ["ALK fusion", "MSI-H"], "PD-L1 50%", [{"x": 1}], 7],
        "languages": ["en", ["Russian", "zh-Hans"], ["Klingon"], 5],
        "language_mode": ["only", "sometimes"],
        "prior_therapies": [["chemotherapy"], {"lines": 2}, {"lines": -1}, ["magic"]],
        "metastatic_sites": [["liver", "bone"], ["moon"], "brain"],
    }
    given = [
        {"cancer_type": "NSCLC", field: value}
        for field, found in values.items()
        for value in [*found, *found]  # each value twice, in rows validated once
    ]
    _assert_rows_validate_as_the_profile_model_does(given)
    assert 0 < len(recommend_many(given, errors="collect").errors) < len(given)


@given(st.lists(hostile_profiles(), max_size=4))
@settings(max_examples=25)
def test_hostile_rows_are_refused_or_accepted_as_the_profile_model_does(given: list[Any]) -> None:
    _assert_rows_validate_as_the_profile_model_does(given)


def test_each_patients_full_result_equals_recommend() -> None:
    given = synthetic_profiles(40, seed=3)
    cohort = recommend_many(given, top_k=3)
    for row in cohort:
        assert cohort[row] == recommend(given[row], top_k=3)


def test_a_data_frame_reads_missing_cells_as_absent_fields() -> None:
    frame = synthetic_cohort_frame(120, seed=4)
    cohort = recommend_many(frame, catalog=SYNTHETIC)
    given = [
        {field: value for field, value in row.items() if value is not None and value == value}
        for row in frame.to_dict("records")
    ]
    assert any("age" not in profile for profile in given)
    _assert_table_matches_recommend(cohort, given, 5, SYNTHETIC)


def test_a_data_frame_may_hold_numpy_arrays_in_list_fields() -> None:
    frame = pd.DataFrame(
        {
            "cancer_type": ["NPC", "HCC"],
            "cities": [np.array(["Guangzhou"]), None],
            "age": [45, np.nan],
        }
    )
    cohort = recommend_many(frame)
    assert cohort[0] == recommend({"cancer_type": "NPC", "cities": ["Guangzhou"], "age": 45})
    assert cohort[1] == recommend({"cancer_type": "HCC"})


def test_collect_keeps_the_valid_rows_and_reports_each_invalid_one_with_row_and_field() -> None:
    given: list[Any] = [
        {"cancer_type": "NPC", "stage": "III"},
        {"cancer_type": "nasopharangeal carcinomma"},
        {"cancer_type": "HCC", "age": 130},
        "not a profile",
        {"cancer_type": "HCC", "ecog": 1},
    ]
    cohort = recommend_many(given, errors="collect")
    assert sorted(cohort.errors) == [1, 2, 3]
    assert cohort.errors[1].field == "cancer_type"
    assert cohort.errors[2].field == "age"
    assert cohort.errors[2].row == 2
    assert "row 2" in str(cohort.errors[2])
    assert list(cohort) == [0, 4]
    assert sorted(set(cohort.patient.tolist())) == [0, 4]
    assert cohort.n_rows == 5
    with pytest.raises(KeyError):
        cohort[1]


def test_raise_stops_at_the_first_invalid_row_and_names_it() -> None:
    given = [{"cancer_type": "NPC"}, {"cancer_type": "NPC", "ecog": 7}, {"stage": "II"}]
    with pytest.raises(ProfileError, match="row 1") as caught:
        recommend_many(given)
    assert isinstance(caught.value, ProfileRowError)
    assert caught.value.row == 1
    assert caught.value.field == "ecog"


def test_a_row_error_survives_pickling_with_its_row() -> None:
    error = recommend_many([{"cancer_type": "HCC", "age": -1}], errors="collect").errors[0]
    again = pickle.loads(pickle.dumps(error))
    assert again.row == 0
    assert again.problems == error.problems
    assert str(again) == str(error)


def test_patients_and_mappings_can_be_mixed() -> None:
    patient = Patient.model_validate({"cancer_type": "DLBCL", "disease_status": "relapsed"})
    given: list[Any] = [patient, {"cancer_type": "DLBCL", "disease_status": "relapsed"}]
    cohort = recommend_many(given)
    _assert_table_matches_recommend(cohort, given, 5, CATALOG)
    assert cohort[0] == cohort[1]


def test_a_patient_left_with_no_hospital_has_no_entries() -> None:
    given = [
        {"cancer_type": "NPC", "cities": ["Lhasa"], "city_mode": "only"},
        {"cancer_type": "NPC"},
    ]
    cohort = recommend_many(given)
    assert not len(recommend(given[0]))
    assert not (cohort.patient == 0).any()
    assert (cohort.patient == 1).sum() == 5


def test_the_chunk_size_changes_nothing_but_memory() -> None:
    given = synthetic_profiles(200, seed=5)
    whole = recommend_many(given, catalog=SYNTHETIC)
    chunked = recommend_many(given, catalog=SYNTHETIC, chunk_size=3)
    for name in ("patient", "rank", "hospital_index", "score"):
        assert np.array_equal(getattr(whole, name), getattr(chunked, name))


def test_custom_weights_are_used_for_every_patient() -> None:
    weights = Weights(name="trials first", values={"clinical_trial": 5.0, "evidence": 1.0})
    given = synthetic_profiles(60, seed=6)
    cohort = recommend_many(given, catalog=SYNTHETIC, weights=weights)
    _assert_table_matches_recommend(cohort, given, 5, SYNTHETIC, weights=weights)


def test_reordered_default_rules_are_still_evaluated_by_key() -> None:
    rules = tuple(reversed(DEFAULT_RULES))
    assert _reads_only_the_key(rules)
    given = synthetic_profiles(80, seed=7)
    cohort = recommend_many(given, catalog=SYNTHETIC, rules=rules)
    _assert_table_matches_recommend(cohort, given, 5, SYNTHETIC, rules=rules)


class _OlderThan:
    """A condition matcher does not ship: it reads the exact age."""

    def test(self, patient: Patient) -> bool | None:
        return None if patient.age is None else patient.age >= 75

    def describe(self) -> str:
        return "aged 75 or more"


def test_rules_reading_other_fields_are_applied_to_each_distinct_profile() -> None:
    elderly = Rule(
        id="test.elderly-supportive-care",
        statement="Older patients weigh supportive care.",
        when=_OlderThan(),
        effects=(Weigh("supportive_care", add=3.0),),
    )
    rules = (*DEFAULT_RULES, elderly)
    assert not _reads_only_the_key(rules)
    given = [
        {"cancer_type": "stomach cancer", "age": 74},
        {"cancer_type": "stomach cancer", "age": 80},
        *synthetic_profiles(60, seed=8),
    ]
    cohort = recommend_many(given, catalog=SYNTHETIC, rules=rules)
    _assert_table_matches_recommend(cohort, given, 5, SYNTHETIC, rules=rules)


def test_matchers_own_rules_are_evaluated_by_key() -> None:
    assert _reads_only_the_key(DEFAULT_RULES)


def test_ties_break_by_hospital_id_as_in_recommend() -> None:
    document = minimal_catalog()
    template = document["hospitals"][1]
    document["hospitals"] += [
        {**template, "id": f"clone-{letter}", "name": f"Clone {letter}", "aliases": []}
        for letter in "dcba"
    ]
    catalog = Catalog.from_file_model(matcher.CatalogFile.model_validate(document))
    given = [{"cancer_type": "lung cancer"}, {"cancer_type": "NSCLC", "stage": "IV"}]
    cohort = recommend_many(given, top_k=3, catalog=catalog)
    _assert_table_matches_recommend(cohort, given, 3, catalog)
    assert cohort.hospital_id[cohort.patient == 0].tolist()[:2] == ["beta-hospital", "clone-a"]


def test_the_long_table_as_a_frame() -> None:
    cohort = recommend_many([{"cancer_type": "NPC"}, {"cancer_type": "HCC"}], top_k=2)
    frame = cohort.to_frame()
    assert list(frame.columns) == ["patient", "rank", "hospital_id", "score"]
    assert frame["patient"].tolist() == [0, 0, 1, 1]
    assert frame["rank"].tolist() == [1, 2, 1, 2]
    assert frame["hospital_id"].tolist() == cohort.hospital_id.tolist()
    assert frame["hospital_id"].iloc[0] == recommend({"cancer_type": "NPC"})[0].hospital.id


def test_an_empty_cohort_gives_an_empty_table() -> None:
    cohort = recommend_many([])
    assert len(cohort) == 0
    assert cohort.to_frame().empty
    assert recommend_many(pd.DataFrame({"cancer_type": []})).n_rows == 0


def test_settings_are_checked_like_recommends() -> None:
    with pytest.raises(ValueError, match="top_k"):
        recommend_many([{"cancer_type": "NPC"}], top_k=0)
    with pytest.raises(ValueError, match="errors"):
        recommend_many([{"cancer_type": "NPC"}], errors="ignore")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="chunk_size"):
        recommend_many([{"cancer_type": "NPC"}], chunk_size=0)
    with pytest.raises(TypeError, match="recommend"):
        recommend_many({"cancer_type": "NPC"})  # type: ignore[arg-type]


def test_the_summary_names_counts_and_never_a_profile() -> None:
    cohort = recommend_many(
        [{"cancer_type": "NPC", "cities": ["Guangzhou"]}, {"cancer_type": "X"}], errors="collect"
    )
    text = repr(cohort)
    assert "1 patients ranked" in text
    assert "1 invalid rows" in text
    assert "Guangzhou" not in text
