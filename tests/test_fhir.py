"""FHIR mCODE bundles read through ``Patient.from_fhir`` and ``matcher recommend --fhir``."""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import matcher
from matcher.cli import cli
from matcher.profile._ontology import default_ontology
from matcher.profile.fhir._cancer import table

FIXTURES = Path(__file__).parent / "fixtures" / "fhir"
EXTENDED = FIXTURES / "mcode_extended_breast_cancer.json"
R4_2019 = FIXTURES / "mcode_r4_examples_2019_12_17.json"
FSH_2020 = FIXTURES / "mcode_fsh_build_output_2020_07_17.json"
TODAY = dt.date(2026, 3, 1)
#: Identifying values in the HL7 examples; none may appear in any output or error.
IDENTIFYING = (
    "Jenny", "MRN1234", "123 Main St", "Anytown", "555-867-5309", "example@example.com",
    "Anyperson", "John", "m123", "555-555-5555", "john.anyperson@example.com", "1965-01-01",
    "1951-01-20",
)  # fmt: skip


def _bundle(path: Path = EXTENDED) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _resource(bundle: dict[str, Any], rid: str) -> dict[str, Any]:
    found: dict[str, Any] = next(
        e["resource"] for e in bundle["entry"] if e["resource"]["id"] == rid
    )
    return found


def _markers(patient: matcher.Patient) -> dict[str, tuple[str, str | None]]:
    return {b.marker: (b.status, b.alteration) for b in patient.biomarkers}


def _assert_private(text: str) -> None:
    for value in IDENTIFYING:
        assert value not in text


def test_extended_breast_cancer_example() -> None:
    patient = matcher.Patient.from_fhir(EXTENDED, today=TODAY)
    assert patient.cancer_type.code == "IDC"  # left breast + infiltrating duct carcinoma
    assert patient.stage is not None and patient.stage.label == "IIB"  # pathologic, latest
    assert patient.age == 61  # born 1965-01-01
    assert patient.ecog == 0
    assert patient.disease_status == "newly_diagnosed"  # "improved" changes nothing
    markers = _markers(patient)
    assert markers["ER"] == ("positive", None)
    assert markers["PR"] == ("negative", None)
    assert markers["HER2"] == ("negative", None)
    assert markers["PALB2"] == ("positive", "Y1183*")  # from the ClinVar name
    assert set(markers) == {"ER", "PR", "HER2", "PALB2"}  # Oncotype DX is not a profile marker
    _assert_private(patient.model_dump_json())


@pytest.mark.parametrize("path", [R4_2019, FSH_2020])
def test_r4_json_examples(path: Path) -> None:
    patient = matcher.Patient.from_fhir(path, today=TODAY)
    assert patient.cancer_type.code == "LUAD"  # NSCLC + adenocarcinoma morphology
    assert patient.stage is not None and patient.stage.label == "IIIC"
    assert patient.age == 75  # born 1951-01-20
    markers = _markers(patient)
    assert markers["EGFR"][0] == "positive"
    assert markers["STK11"] == ("positive", "mutation")
    _assert_private(patient.model_dump_json())


def test_fsh_output_reads_ecog() -> None:
    assert matcher.Patient.from_fhir(FSH_2020, today=TODAY).ecog == 0


def test_input_forms_agree() -> None:
    text = EXTENDED.read_text(encoding="utf-8")
    forms = [EXTENDED, str(EXTENDED), text, json.loads(text)]
    patients = {matcher.Patient.from_fhir(form, today=TODAY) for form in forms}
    assert len(patients) == 1


def test_unmappable_cancer_code_names_resource_and_field() -> None:
    bundle = _bundle()
    condition = _resource(bundle, "primary-cancer-condition-jenny-m")
    condition["code"] = {"coding": [{"system": "http://snomed.info/sct", "code": "999999"}]}
    with pytest.raises(matcher.ProfileError) as caught:
        matcher.Patient.from_fhir(bundle, today=TODAY)
    assert caught.value.field == "Condition/primary-cancer-condition-jenny-m.code"
    _assert_private(str(caught.value))


def test_unreadable_stage_names_resource_and_field() -> None:
    bundle = _bundle()
    group = _resource(bundle, "tnm-pathologic-stage-group-jenny-m")
    group["valueCodeableConcept"] = {"coding": [{"system": "http://snomed.info/sct", "code": "1"}]}
    with pytest.raises(matcher.ProfileError) as caught:
        matcher.Patient.from_fhir(bundle, today=TODAY)
    assert (
        caught.value.field == "Observation/tnm-pathologic-stage-group-jenny-m.valueCodeableConcept"
    )


def test_unreadable_marker_result_names_resource_and_field() -> None:
    bundle = _bundle()
    _resource(bundle, "tumor-marker-test-er-jenny-m")["valueCodeableConcept"] = {"text": "?"}
    with pytest.raises(matcher.ProfileError) as caught:
        matcher.Patient.from_fhir(bundle, today=TODAY)
    assert caught.value.field.startswith("Observation/tumor-marker-test-er-jenny-m")


def test_bad_birth_date_is_reported_without_showing_it() -> None:
    bundle = _bundle()
    _resource(bundle, "cancer-patient-jenny-m")["birthDate"] = "1965-13-45"
    with pytest.raises(matcher.ProfileError) as caught:
        matcher.Patient.from_fhir(bundle, today=TODAY)
    assert caught.value.field == "Patient/cancer-patient-jenny-m.birthDate"
    assert "1965" not in str(caught.value)


def test_karnofsky_used_when_no_ecog() -> None:
    bundle = _bundle(FSH_2020)
    bundle["entry"] = [e for e in bundle["entry"] if "ECOG" not in e["resource"]["id"]]
    assert matcher.Patient.from_fhir(bundle, today=TODAY).ecog == 0  # KPS 90


def test_recurrence_and_progression() -> None:
    bundle = _bundle()
    condition = _resource(bundle, "primary-cancer-condition-jenny-m")
    condition["clinicalStatus"]["coding"][0]["code"] = "recurrence"
    assert matcher.Patient.from_fhir(bundle, today=TODAY).disease_status == "recurrent"
    worse = copy.deepcopy(bundle)
    _resource(worse, "cancer-disease-status-jenny-m")["valueCodeableConcept"]["coding"][0][
        "code"
    ] = "271299001"
    assert matcher.Patient.from_fhir(worse, today=TODAY).disease_status == "relapsed_refractory"


@pytest.mark.parametrize(
    ("source", "field"),
    [("{not json", "bundle"), ({"resourceType": "Patient"}, "bundle"), (42, "bundle")],
)
def test_not_a_bundle(source: object, field: str) -> None:
    with pytest.raises(matcher.ProfileError) as caught:
        matcher.Patient.from_fhir(source)
    assert caught.value.field == field


def test_no_cancer_condition() -> None:
    bundle = _bundle()
    bundle["entry"] = [e for e in bundle["entry"] if e["resource"]["resourceType"] != "Condition"]
    with pytest.raises(matcher.ProfileError) as caught:
        matcher.Patient.from_fhir(bundle, today=TODAY)
    assert caught.value.field == "Bundle.entry"


def test_every_table_row_is_a_known_oncotree_code() -> None:
    ontology = default_ontology()
    rows = (*table().condition_codes, *table().morphology, *table().morphology_alone)
    for row in rows:
        assert matcher.Patient(cancer_type=row.oncotree).cancer_type.code == row.oncotree, row
    assert ontology.version


@pytest.mark.parametrize(
    ("system", "code", "expected"),
    [
        ("http://hl7.org/fhir/sid/icd-10-cm", "C34.90", "LUNG"),
        ("http://hl7.org/fhir/sid/icd-10-cm", "C50.912", "BREAST"),
        ("http://hl7.org/fhir/sid/icd-10-cm", "C18.9", "BOWEL"),
        ("http://hl7.org/fhir/sid/icd-10-cm", "C16.9", "STOMACH"),
        ("http://hl7.org/fhir/sid/icd-10-cm", "C22.0", "HCC"),
        ("http://hl7.org/fhir/sid/icd-10-cm", "C11.9", "NPC"),
        ("http://hl7.org/fhir/sid/icd-10-cm", "C61", "PROSTATE"),
        ("http://hl7.org/fhir/sid/icd-10-cm", "C53.9", "CERVIX"),
        ("http://hl7.org/fhir/sid/icd-10-cm", "C56.9", "OVARY"),
        ("http://hl7.org/fhir/sid/icd-10-cm", "C83.30", "DLBCLNOS"),
        ("http://hl7.org/fhir/sid/icd-10-cm", "C92.00", "AML"),
        ("http://hl7.org/fhir/sid/icd-10-cm", "C91.00", "LNM"),
        ("http://terminology.hl7.org/CodeSystem/icd-o-3", "C34.1", "LUNG"),
    ],
)
def test_common_cancer_codes(system: str, code: str, expected: str) -> None:
    bundle = _bundle()
    condition = _resource(bundle, "primary-cancer-condition-jenny-m")
    condition["code"] = {"coding": [{"system": system, "code": code}]}
    condition.pop("extension")
    condition.pop("stage")
    bundle["entry"] = [
        e for e in bundle["entry"] if "stage-group" not in e["resource"]["id"]
    ]  # a breast stage does not fit every cancer
    assert matcher.Patient.from_fhir(bundle, today=TODAY).cancer_type.code == expected


def test_histology_refines_icd_site() -> None:
    bundle = _bundle()
    condition = _resource(bundle, "primary-cancer-condition-jenny-m")
    condition["code"] = {
        "coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "C34.90"}]
    }
    condition["extension"][0]["valueCodeableConcept"] = {
        "coding": [{"system": "http://terminology.hl7.org/CodeSystem/icd-o-3", "code": "8070/3"}]
    }
    assert matcher.Patient.from_fhir(bundle, today=TODAY).cancer_type.code == "LUSC"


def test_cli_recommend_fhir() -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["recommend", "--fhir", str(EXTENDED), "--top-k", "3", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["items"]
    _assert_private(result.output)


def test_cli_fhir_error_names_resource(tmp_path: Path) -> None:
    bundle = _bundle()
    _resource(bundle, "primary-cancer-condition-jenny-m")["code"] = {"text": "cancer"}
    runner = CliRunner()
    path = tmp_path / "b.json"
    path.write_text(json.dumps(bundle), encoding="utf-8")
    result = runner.invoke(cli, ["recommend", "--fhir", str(path)])
    assert result.exit_code == 2
    assert "Condition/primary-cancer-condition-jenny-m.code" in result.output
    _assert_private(result.output)


def test_a_fifo_given_as_a_bundle_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "bundle.json"
    os.mkfifo(fifo)
    with pytest.raises(matcher.ProfileError, match=r"not a regular file|is a"):
        matcher.Patient.from_fhir(fifo)
