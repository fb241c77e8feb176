"""The patient profile: every field's accepted forms, clear refusals, and invariants."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given

from matcher import Patient, ProfileError
from tests.strategies import messy_profiles, profiles


def make(**fields: Any) -> Patient:
    return Patient.model_validate({"cancer_type": "NSCLC", **fields})


def refused(**fields: Any) -> ProfileError:
    with pytest.raises(ProfileError) as caught:
        Patient.model_validate({"cancer_type": "NSCLC", **fields})
    return caught.value


# -- the contract table's examples --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("NSCLC", "NSCLC"),
        ("lung adenocarcinoma", "LUAD"),
        ("LUAD", "LUAD"),
        ("nasopharyngeal carcinoma", "NPC"),
        ("NPC", "NPC"),
        ("Multiple Myeloma", "PCM"),
    ],
)
def test_cancer_type_resolves_codes_and_common_names(text: str, code: str) -> None:
    assert Patient(cancer_type=text).cancer_type.code == code


def test_lung_adenocarcinoma_knows_it_is_a_non_small_cell_lung_cancer() -> None:
    cancer = Patient(cancer_type="lung adenocarcinoma").cancer_type
    assert cancer.is_within("NSCLC")
    assert cancer.is_within("LUNG")


def test_misspelt_cancer_type_suggests_the_closest_names() -> None:
    with pytest.raises(ProfileError) as caught:
        Patient(cancer_type="nasopharangeal carcinoma")
    error = caught.value
    assert error.field == "cancer_type"
    assert error.value == "nasopharangeal carcinoma"
    assert any("nasopharyngeal" in s.lower() for s in error.suggestions)
    assert "nasopharangeal carcinoma" in str(error)


def test_vague_cancer_type_is_refused_as_too_vague() -> None:
    with pytest.raises(ProfileError, match="vague"):
        Patient(cancer_type="blood cancer")


def test_cancer_type_is_required() -> None:
    with pytest.raises(ProfileError) as caught:
        Patient.model_validate({})
    assert caught.value.field == "cancer_type"
    assert "required" in str(caught.value)


@pytest.mark.parametrize(
    ("given", "group", "substage", "category"),
    [
        ("0", "0", None, "early"),
        ("I", "I", None, "early"),
        ("IIIB", "III", "B", "locally_advanced"),
        ("3b", "III", "B", "locally_advanced"),
        (4, "IV", None, "advanced"),
        ("IV", "IV", None, "advanced"),
    ],
)
def test_stage_parses_into_group_substage_and_category(
    given: Any, group: str, substage: str | None, category: str
) -> None:
    stage = make(stage=given).stage
    assert stage is not None
    assert (stage.group, stage.substage, stage.category) == (group, substage, category)


@pytest.mark.parametrize(
    ("given", "category"),
    [("early", "early"), ("locally advanced", "locally_advanced"), ("metastatic", "advanced")],
)
def test_stage_words_give_a_category(given: str, category: str) -> None:
    stage = make(stage=given).stage
    assert stage is not None and stage.category == category


def test_limited_and_extensive_stage_small_cell_lung_cancer() -> None:
    limited = Patient(cancer_type="SCLC", stage="limited")
    extensive = Patient(cancer_type="SCLC", stage="extensive")
    assert limited.stage is not None and limited.stage.extent == "limited"
    assert extensive.stage is not None and extensive.stage.category == "advanced"
    assert limited.caveats == ()


def test_a_stage_given_for_an_unstaged_leukaemia_is_kept_with_a_caveat() -> None:
    patient = Patient(cancer_type="AML", stage="II")
    assert patient.stage is not None
    assert any("no stage grouping" in caveat for caveat in patient.caveats)


def test_unknown_stage_is_absent() -> None:
    assert make(stage=None).stage is None
    assert make(stage="unknown").stage is None


def test_bad_stage_names_the_field_and_what_is_accepted() -> None:
    error = refused(stage="stage V")
    assert error.field == "stage"
    assert "IIIB" in error.accepted


def test_biomarkers_accept_a_mapping_or_a_list_of_strings() -> None:
    from_map = make(biomarkers={"EGFR": "L858R", "PD-L1": "TPS 60%"}).biomarkers
    from_list = make(biomarkers=["EGFR L858R", "PD-L1 TPS 60%"]).biomarkers
    assert from_map == from_list
    egfr = next(m for m in from_map if m.marker == "EGFR")
    assert egfr.targeted_actionable
    pdl1 = next(m for m in from_map if m.marker == "PD-L1")
    assert pdl1.value == 60


@pytest.mark.parametrize("value", ["avoid", "neutral", "prefer", "require", "Prefer", " AVOID "])
def test_tcm_preference_accepts_the_four_values_in_any_case(value: str) -> None:
    assert make(tcm_preference=value).tcm_preference == value.strip().lower()


def test_tcm_preference_misspelling_suggests_the_value() -> None:
    error = refused(tcm_preference="prefr")
    assert error.field == "tcm_preference"
    assert error.suggestions == ("prefer",)


@pytest.mark.parametrize(
    ("age", "pediatric"), [(0, True), (17, True), (18, False), (120, False), ("45", False)]
)
def test_age_in_whole_years_with_a_pediatric_flag(age: Any, pediatric: bool) -> None:
    assert make(age=age).pediatric is pediatric


@pytest.mark.parametrize("age", [-1, 121, 45.5, "forty", True, float("nan")])
def test_bad_ages_are_refused(age: Any) -> None:
    assert refused(age=age).field == "age"


@pytest.mark.parametrize("ecog", [5, -1, 2.5, "good"])
def test_ecog_outside_0_to_4_is_refused(ecog: Any) -> None:
    assert refused(ecog=ecog).field == "ecog"


def test_disease_status_accepts_its_values_and_common_variants() -> None:
    assert make(disease_status="relapsed/refractory").disease_status == "relapsed_refractory"
    assert make(disease_status="recurrent").disease_status == "recurrent"
    assert refused(disease_status="cured").field == "disease_status"


def test_cities_know_common_variants() -> None:
    assert make(cities=["Peking", "Canton"]).cities == ("Beijing", "Guangzhou")
    assert make(cities="shanghai").cities == ("Shanghai",)


def test_an_unknown_city_names_its_position_in_the_list() -> None:
    error = refused(cities=["Beijing", "Shangai"])
    assert error.field == "cities[1]"
    assert "Shanghai" in error.suggestions


def test_therapies_sought_use_the_fixed_vocabulary() -> None:
    patient = make(therapies_sought=["CAR-T", "proton therapy", "surgery"])
    assert patient.therapies_sought == ("surgery", "proton", "car_t")
    assert refused(therapies_sought=["magic"]).field == "therapies_sought[0]"


def test_flags_are_true_or_false_not_guessed() -> None:
    assert make(needs_international_services=True).needs_international_services
    assert make(wants_clinical_trials="yes").wants_clinical_trials
    assert refused(wants_clinical_trials=2).field == "wants_clinical_trials"


def test_a_misspelt_field_is_an_error_naming_it_with_a_suggestion() -> None:
    with pytest.raises(ProfileError) as caught:
        Patient.model_validate({"cancer_type": "NSCLC", "tcm_preferance": "avoid"})
    assert caught.value.field == "tcm_preferance"
    assert "tcm_preference" in caught.value.suggestions


def test_several_problems_are_reported_together() -> None:
    with pytest.raises(ProfileError) as caught:
        Patient.model_validate({"cancer_type": "NSCLC", "age": -3, "ecog": 9})
    assert {p.field for p in caught.value.problems} == {"age", "ecog"}


def test_profile_error_is_a_value_error() -> None:
    assert issubclass(ProfileError, ValueError)


def test_a_profile_that_is_not_a_mapping_is_refused() -> None:
    with pytest.raises(ProfileError) as caught:
        Patient.model_validate(["NSCLC"])
    assert caught.value.field == "profile"


def test_patient_is_immutable() -> None:
    patient = make()
    with pytest.raises(Exception, match="frozen"):
        patient.age = 40  # type: ignore[misc]


def test_patient_exports_a_json_schema_describing_every_field() -> None:
    schema = Patient.model_json_schema()
    assert set(schema["properties"]) >= {"cancer_type", "stage", "biomarkers", "therapies_sought"}
    assert schema["required"] == ["cancer_type"]
    json.dumps(schema)


# -- properties --------------------------------------------------------------------------


@given(profiles())
def test_json_round_trip_gives_the_same_patient(profile: dict[str, Any]) -> None:
    patient = Patient.model_validate(profile)
    assert Patient.model_validate_json(patient.model_dump_json()) == patient


@given(profiles())
def test_normalising_twice_changes_nothing(profile: dict[str, Any]) -> None:
    once = Patient.model_validate(profile)
    twice = Patient.model_validate(once.model_dump(mode="json"))
    assert twice == once
    assert twice.model_dump(mode="json") == once.model_dump(mode="json")


@given(messy_profiles())
def test_any_json_like_input_gives_a_patient_or_a_profile_error(profile: Any) -> None:
    try:
        Patient.model_validate(profile)
    except ProfileError as error:
        assert error.field
        assert str(error)


def test_seeking_tcm_while_avoiding_it_is_a_contradiction_named_in_the_error() -> None:
    error = refused(tcm_preference="avoid", therapies_sought=["tcm", "surgery"])
    assert error.field == "therapies_sought"
    assert "avoid" in str(error)
