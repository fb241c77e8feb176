"""Languages, prior therapies and metastatic sites: reading, refusing, rules and FHIR."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import matcher
from matcher import Patient, ProfileError, recommend
from matcher.profile.fhir import read_fhir
from matcher.rules import DEFAULT_RULES
from tests.strategies import mutated_catalogs

FIXTURES = Path(__file__).parent / "fixtures" / "fhir"
NSCLC = {"cancer_type": "NSCLC", "stage": "IV"}


@pytest.mark.parametrize(
    ("given_name", "code"),
    [
        ("English", "en"),
        ("english", "en"),
        ("Русский", "ru"),
        ("ar", "ar"),
        ("zh-Hans", "zh"),
        ("ZH-hant-TW", "zh"),
        ("Mandarin", "zh"),
        ("普通话", "zh"),
        ("pt-BR", "pt"),
        ("العربية", "ar"),
        ("粵語", "yue"),
    ],
)
def test_a_language_is_read_from_its_english_name_endonym_or_bcp47_tag(
    given_name: str, code: str
) -> None:
    assert Patient(cancer_type="NSCLC", languages=[given_name]).languages == (code,)


def test_languages_keep_first_seen_order_and_drop_repeats() -> None:
    patient = Patient(cancer_type="NSCLC", languages=["ru", "English", "Русский", "en-GB"])
    assert patient.languages == ("ru", "en")


@pytest.mark.parametrize("bad", [["Klingon"], ["xx-YY"], [""], [42], 7, {"en": 1}])
def test_an_unknown_language_is_refused_without_echoing_it(bad: object) -> None:
    with pytest.raises(ProfileError) as caught:
        Patient(cancer_type="NSCLC", languages=bad)
    message = str(caught.value)
    assert message.startswith("languages")
    assert "Klingon" not in message and "xx-YY" not in message
    assert "accepted" in message and ("BCP-47" in message)


def test_the_refusal_of_a_language_lists_the_accepted_forms() -> None:
    with pytest.raises(ProfileError) as caught:
        Patient(cancer_type="NSCLC", languages=["Elvish"])
    assert "Russian (Русский) / ru" in caught.value.accepted
    assert caught.value.field == "languages[0]"


def test_language_mode_is_read_like_city_mode_and_refuses_other_words() -> None:
    assert Patient(cancer_type="NSCLC", language_mode="ONLY").language_mode == "only"
    with pytest.raises(ProfileError, match="language_mode"):
        Patient(cancer_type="NSCLC", language_mode="always")


def test_prior_therapies_read_a_list_or_lines_and_kinds() -> None:
    listed = Patient(cancer_type="NSCLC", prior_therapies=["chemo", "TKI", "chemotherapy"])
    assert listed.prior_therapies.lines is None
    assert listed.prior_therapies.therapies == ("chemotherapy", "targeted")
    mapped = Patient(
        cancer_type="DLBCL", prior_therapies={"lines": 3, "therapies": ["CAR-T", "HSCT"]}
    )
    assert mapped.prior_therapies.lines == 3
    assert mapped.prior_therapies.therapies == ("car_t", "stem_cell_transplant")
    assert Patient.model_validate_json(mapped.model_dump_json()) == mapped


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        (["homeopathy"], "prior_therapies[0]"),
        ({"lines": -1}, "prior_therapies.lines"),
        ({"lines": 21}, "prior_therapies.lines"),
        ({"lines": True}, "prior_therapies.lines"),
        ({"lines": 0, "therapies": ["surgery"]}, "prior_therapies.lines"),
        ({"cycles": 2}, "prior_therapies"),
        (3, "prior_therapies"),
    ],
)
def test_bad_prior_therapies_are_refused_naming_the_field(bad: object, field: str) -> None:
    with pytest.raises(ProfileError) as caught:
        Patient(cancer_type="NSCLC", prior_therapies=bad)
    assert caught.value.field == field


def test_metastatic_sites_read_names_and_chinese_and_refuse_others() -> None:
    patient = Patient(cancer_type="NSCLC", metastatic_sites=["brain mets", "骨", "Liver"])
    assert patient.metastatic_sites == ("brain", "bone", "liver")
    with pytest.raises(ProfileError) as caught:
        Patient(cancer_type="NSCLC", metastatic_sites=["brian"])
    assert caught.value.field == "metastatic_sites[0]"
    assert caught.value.suggestions == ("brain",)


def _weights(profile: dict[str, Any]) -> dict[str, float]:
    return dict(recommend(profile).weights)


def test_brain_metastases_weigh_stereotactic_radiotherapy_and_neurosurgery() -> None:
    with_brain = _weights({**NSCLC, "metastatic_sites": ["brain"]})
    without = _weights(NSCLC)
    assert with_brain["sbrt"] > without.get("sbrt", 0.0)
    assert with_brain["neurosurgery_ranking"] > without.get("neurosurgery_ranking", 0.0)


def test_brain_metastases_bring_up_a_hospital_ranked_in_neurosurgery() -> None:
    recs = recommend({**NSCLC, "metastatic_sites": ["brain"]}, top_k=10)
    reasons = [reason.text for item in recs for reason in item.reasons]
    assert any("in neurosurgery by expert reputation" in text for text in reasons)


def test_unknown_history_leaves_the_history_rules_unknown_not_met() -> None:
    outcomes = {o.rule_id: o.outcome for o in recommend(NSCLC).rules}
    assert outcomes["history.brain-metastases"] == "unknown"
    assert outcomes["history.after-two-lines"] == "unknown"


@pytest.mark.parametrize(
    "rule",
    [r for r in DEFAULT_RULES if r.id.startswith(("history.", "language."))],
    ids=lambda r: r.id,
)
def test_each_history_and_language_rule_carries_a_quoted_source(rule: matcher.rules.Rule) -> None:
    assert rule.source is not None
    assert rule.source.where.startswith(("http", "0"))
    assert len(rule.source.quote) > 40


def test_a_chinese_speaker_is_told_no_interpreter_is_needed_and_nothing_is_weighed() -> None:
    recs = recommend({**NSCLC, "languages": ["中文"]})
    assert any("no interpreter is needed" in caveat for caveat in recs.caveats)
    assert recs.weights.get("language", 0.0) == 0.0
    assert recs.hospital_ids == recommend(NSCLC).hospital_ids


def test_language_only_keeps_unconfirmed_hospitals_with_a_caveat_and_leaves_none_out() -> None:
    base = recommend(NSCLC, top_k=200)
    only = recommend({**NSCLC, "languages": ["ru"], "language_mode": "only"}, top_k=200)
    assert {x.hospital.id for x in only.excluded} == {x.hospital.id for x in base.excluded}
    assert all(any("not confirmed by our sources" in c for c in item.caveats) for item in only)
    assert any("left no hospital out" in caveat for caveat in only.caveats)


def test_english_only_ranks_confirmed_hospitals_first() -> None:
    recs = recommend({**NSCLC, "languages": ["English"], "language_mode": "only"}, top_k=10)
    confirmed = [not any("not confirmed" in c for c in item.caveats) for item in recs]
    assert confirmed[0]
    assert any(
        "a source confirms care in a language the patient speaks" in r.text for r in recs[0].reasons
    )


def test_language_results_do_not_name_the_patients_language() -> None:
    recs = recommend({**NSCLC, "languages": ["Русский"]})
    text = str(recs) + recs.to_json()
    assert "Русский" not in text and "Russian" not in text


def test_recommend_many_ranks_language_and_history_patients_as_recommend_does() -> None:
    profiles = [
        {**NSCLC, "languages": ["en"], "language_mode": "only"},
        {**NSCLC, "languages": ["en"]},
        {"cancer_type": "BRCA", "languages": ["ru", "en"], "metastatic_sites": ["bone"]},
        {**NSCLC, "prior_therapies": {"lines": 2}},
        NSCLC,
    ]
    many = matcher.recommend_many(profiles, top_k=6)
    for row, profile in enumerate(profiles):
        alone = recommend(profile, top_k=6)
        chosen = many.patient == row
        assert list(many.hospital_id[chosen]) == list(alone.hospital_ids)


# --- FHIR ---------------------------------------------------------------------------------


def test_the_hl7_examples_give_english_from_patient_communication() -> None:
    for name in (
        "mcode_extended_breast_cancer.json",
        "mcode_fsh_build_output_2020_07_17.json",
        "mcode_r4_examples_2019_12_17.json",
    ):
        reading = read_fhir(FIXTURES / name)
        assert reading.fields["languages"] == ["en"]
        assert reading.origins["languages"].startswith("Patient/")


def test_the_hl7_secondary_cancer_condition_gives_brain_metastases() -> None:
    reading = read_fhir(FIXTURES / "mcode_fsh_build_output_2020_07_17.json")
    assert reading.fields["metastatic_sites"] == ["brain"]
    assert reading.origins["metastatic_sites"] == "Condition/mCODESecondaryCancerConditionExample01"
    patient = Patient.from_fhir(FIXTURES / "mcode_fsh_build_output_2020_07_17.json")
    assert patient.metastatic_sites == ("brain",)


def _bundle(*resources: dict[str, Any]) -> dict[str, Any]:
    base = json.loads((FIXTURES / "mcode_r4_examples_2019_12_17.json").read_text("utf-8"))
    base["entry"] = [*base["entry"], *({"resource": r} for r in resources)]
    return base


def _condition(ident: str, **fields: Any) -> dict[str, Any]:
    return {
        "resourceType": "Condition",
        "id": ident,
        "meta": {
            "profile": [
                "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-secondary-cancer-condition"
            ]
        },
        **fields,
    }


def test_secondary_conditions_map_icd10_codes_and_body_sites_and_report_the_rest() -> None:
    icd = "http://hl7.org/fhir/sid/icd-10-cm"
    sct = "http://snomed.info/sct"
    bundle = _bundle(
        _condition("bone", code={"coding": [{"system": icd, "code": "C79.51"}]}),
        _condition(
            "liver",
            code={"text": "metastasis"},
            bodySite=[{"coding": [{"system": sct, "code": "10200004"}]}],
        ),
        _condition("odd", code={"coding": [{"system": icd, "code": "C79.89"}]}),
        _condition(
            "gone",
            code={"coding": [{"system": icd, "code": "C79.31"}]},
            clinicalStatus={"coding": [{"code": "resolved"}]},
        ),
    )
    reading = read_fhir(bundle)
    assert reading.fields["metastatic_sites"] == ["bone", "liver"]
    assert any(note.startswith("Condition/odd.code") for note in reading.notes)


def test_procedures_give_prior_therapies_and_medications_are_reported_unmapped() -> None:
    profile = "http://hl7.org/fhir/us/mcode/StructureDefinition/"
    bundle = _bundle(
        {
            "resourceType": "Procedure",
            "id": "op",
            "status": "completed",
            "meta": {"profile": [profile + "mcode-cancer-related-surgical-procedure"]},
        },
        {
            "resourceType": "Procedure",
            "id": "rt",
            "status": "completed",
            "meta": {"profile": [profile + "mcode-radiotherapy-course-summary"]},
        },
        {
            "resourceType": "Procedure",
            "id": "err",
            "status": "entered-in-error",
            "meta": {"profile": [profile + "mcode-radiotherapy-course-summary"]},
        },
        {"resourceType": "MedicationRequest", "id": "drug"},
    )
    reading = read_fhir(bundle)
    assert reading.fields["prior_therapies"] == {"therapies": ["surgery", "radiotherapy"]}
    assert "MedicationRequest/drug.medication" in " ".join(reading.notes)
    assert Patient.from_fhir(bundle).prior_therapies.therapies == ("surgery", "radiotherapy")


@pytest.mark.parametrize("status", [{"code": "completed"}, ["completed"], 3])
def test_a_procedure_status_that_is_not_a_code_is_reported_not_read(status: object) -> None:
    profile = "http://hl7.org/fhir/us/mcode/StructureDefinition/"
    bundle = _bundle(
        {
            "resourceType": "Procedure",
            "id": "odd",
            "status": status,
            "meta": {"profile": [profile + "mcode-cancer-related-surgical-procedure"]},
        },
    )
    reading = read_fhir(bundle)
    assert "prior_therapies" not in reading.fields
    assert any(note.startswith("Procedure/odd.status") for note in reading.notes)


def test_an_unknown_communication_language_is_reported_not_guessed() -> None:
    bundle = _bundle()
    for entry in bundle["entry"]:
        if entry["resource"]["resourceType"] == "Patient":
            entry["resource"]["communication"] = [
                {"language": {"coding": [{"system": "urn:ietf:bcp:47", "code": "tlh"}]}}
            ]
    reading = read_fhir(bundle)
    assert "languages" not in reading.fields
    assert any("communication[0].language" in note for note in reading.notes)


def _history_bundle() -> dict[str, Any]:
    """The HL7 bundle's Patient and Conditions (primary and secondary), with a surgical
    procedure and a medication: what the language, metastasis and therapy readers read.
    (The whole bundles, marker observations included, are mutated by the next test.)"""
    document = json.loads((FIXTURES / "mcode_fsh_build_output_2020_07_17.json").read_text("utf-8"))
    kept = [
        e for e in document["entry"] if e["resource"]["resourceType"] in ("Patient", "Condition")
    ]
    surgery = (
        "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-cancer-related-surgical-procedure"
    )
    document["entry"] = [
        *kept,
        {
            "resource": {
                "resourceType": "Procedure",
                "id": "op",
                "status": "completed",
                "meta": {"profile": [surgery]},
            }
        },
        {"resource": {"resourceType": "MedicationRequest", "id": "drug"}},
    ]
    return copy.deepcopy(document)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_mutated_bundle_gives_a_patient_or_a_profile_error(data: st.DataObject) -> None:
    bundle = data.draw(mutated_catalogs(_history_bundle()))
    try:
        patient = Patient.from_fhir(bundle)
    except ProfileError as error:
        assert error.problems
    else:
        assert isinstance(patient, Patient)


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_mutated_whole_bundle_with_its_marker_observations_gives_a_patient_or_a_profile_error(
    data: st.DataObject,
) -> None:
    for name in ("mcode_extended_breast_cancer.json", "mcode_fsh_build_output_2020_07_17.json"):
        whole = json.loads((FIXTURES / name).read_text("utf-8"))
        bundle = data.draw(mutated_catalogs(whole))
        try:
            patient = Patient.from_fhir(bundle)
        except ProfileError as error:
            assert error.problems
        else:
            assert isinstance(patient, Patient)


def test_a_malformed_histology_extension_is_a_profile_error_naming_it() -> None:
    bundle = json.loads((FIXTURES / "mcode_r4_examples_2019_12_17.json").read_text("utf-8"))
    for entry in bundle["entry"]:
        resource = entry["resource"]
        if resource["resourceType"] == "Condition":
            resource["extension"] = [
                {
                    "url": "http://hl7.org/fhir/us/mcode/StructureDefinition/"
                    "mcode-histology-morphology-behavior",
                    "valueCodeableConcept": {"coding": 5},
                }
            ]
    with pytest.raises(ProfileError) as caught:
        Patient.from_fhir(bundle)
    assert ".extension[0].valueCodeableConcept" in caught.value.field


def test_metastases_with_an_early_stage_are_kept_with_a_caveat() -> None:
    early = Patient(cancer_type="NSCLC", stage="I", metastatic_sites=["bone"])
    assert any("Distant metastases were given with an earlier stage" in c for c in early.caveats)
    late = Patient(cancer_type="NSCLC", stage="IV", metastatic_sites=["bone"])
    assert not any("Distant metastases" in c for c in late.caveats)


def test_prior_therapies_and_lines_on_the_command_line_reach_the_rules() -> None:
    from click.testing import CliRunner

    from matcher.cli import cli

    args = ["recommend", "--cancer-type", "NSCLC", "--stage", "IV", "--json"]
    given = ["--prior-therapies", "chemotherapy", "--prior-therapies", "immunotherapy"]
    result = CliRunner().invoke(cli, [*args, *given, "--prior-lines", "2"])
    assert result.exit_code == 0, result.output
    fired = {r["id"] for r in json.loads(result.output)["rules"] if r["outcome"] == "met"}
    assert "history.after-two-lines" in fired
    result = CliRunner().invoke(cli, [*args, "--prior-lines", "1"])
    fired = {r["id"] for r in json.loads(result.output)["rules"] if r["outcome"] == "met"}
    assert "history.after-two-lines" not in fired
    bad = CliRunner().invoke(cli, [*args, "--prior-therapies", "magic"])
    assert bad.exit_code == 2
    assert "prior_therapies" in bad.output and "--prior-therapies" in bad.output


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("component", "not a list"),
        ("component", [{"code": "not a CodeableConcept"}]),
        ("interpretation", ["not a CodeableConcept"]),
        ("interpretation", {"not": "a list"}),
    ],
)
def test_a_malformed_marker_observation_is_a_profile_error_naming_resource_and_field(
    field: str, value: object
) -> None:
    bundle = json.loads((FIXTURES / "mcode_extended_breast_cancer.json").read_text("utf-8"))
    variants = [
        entry["resource"]
        for entry in bundle["entry"]
        if entry["resource"]["resourceType"] == "Observation" and "component" in entry["resource"]
    ]
    assert variants  # the example's genomic variant observations
    for resource in variants:
        resource.pop("valueCodeableConcept", None)  # so that the interpretation is read
        resource[field] = value
    with pytest.raises(ProfileError) as raised:
        Patient.from_fhir(bundle)
    assert raised.value.problems[0].field.startswith("Observation/")
    assert field in raised.value.problems[0].field
