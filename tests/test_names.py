"""Names people use: vague words refused with fitting suggestions, labels kept, names shown."""

from __future__ import annotations

import json
import re

import pytest

import matcher
from matcher import Patient, ProfileError
from matcher.common._manifest import read_verified
from matcher.profile._names import display_name, person_name
from matcher.profile._ontology import default_ontology

ONTOLOGY = default_ontology()
_CJK = re.compile("[\u4e00-\u9fff]")


def _suggestions(text: str) -> tuple[str, ...]:
    with pytest.raises(ProfileError) as error:
        ONTOLOGY.resolve(text)
    return tuple(error.value.suggestions)


@pytest.mark.parametrize(
    "text",
    [
        "bone marrow",
        "bone marrow cancer",
        "blood cancer in bone marrow",
        "cancer in my bone marrow",
        "骨髓癌",
        "我的骨髓有癌",
    ],
)
def test_marrow_words_suggest_blood_cancers_never_a_bone_sarcoma(text: str) -> None:
    suggested = _suggestions(text)
    codes = {ONTOLOGY.resolve(name).code for name in suggested}
    assert {"AML", "PCM", "MDS"} <= codes
    assert not any(ONTOLOGY.get(code).is_within("BONE") for code in codes)
    assert not any(ONTOLOGY.resolve(name).is_within("LUNG") for name in suggested)


def test_free_text_about_blood_suggests_leukaemias_lymphoma_and_myeloma() -> None:
    codes = {ONTOLOGY.resolve(name).code for name in _suggestions("my blood cancer")}
    assert {"AML", "CLLSLL", "CML", "PCM"} <= codes
    assert all(ONTOLOGY.get(code).is_blood_cancer for code in codes)


@pytest.mark.parametrize("text", ["ALL", "acute lymphoblastic leukaemia", "急性淋巴细胞白血病"])
def test_all_is_labelled_and_not_staged(text: str) -> None:
    cancer = ONTOLOGY.resolve(text)
    assert (cancer.code, cancer.label, cancer.staged) == (
        "LNM",
        "acute lymphoblastic leukaemia",
        False,
    )


def test_a_stage_given_for_all_plays_no_part_and_is_explained_in_its_own_words() -> None:
    patient = Patient(cancer_type="ALL", stage="II")
    assert any(
        note.startswith("acute lymphoblastic leukaemia has no stage grouping")
        for note in patient.caveats
    )
    assert Patient(**patient.model_dump()) == patient  # the label is what is saved


def test_lymphoma_stays_the_staged_lymphoid_node() -> None:
    lymphoma = ONTOLOGY.resolve("lymphoma")
    assert (lymphoma.code, lymphoma.label, lymphoma.staged) == ("LNM", None, True)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("ALL", "acute lymphoblastic leukaemia (OncoTree: Lymphoid Neoplasm, LNM)"),
        ("gastric cancer", "gastric (stomach) cancer (OncoTree: Stomach Adenocarcinoma, STAD)"),
        ("胃癌", "gastric (stomach) cancer (OncoTree: Stomach Adenocarcinoma, STAD)"),
        (
            "esophageal cancer",
            "oesophageal or stomach cancer (OncoTree: Esophagus/Stomach, STOMACH)",
        ),
        ("NSCLC", "Non-Small Cell Lung Cancer (NSCLC)"),
        ("Cutaneous Melanoma", "Cutaneous Melanoma (SKCM)"),
    ],
)
def test_results_show_the_name_a_person_understands_beside_oncotree(text: str, shown: str) -> None:
    assert display_name(ONTOLOGY.resolve(text)) == shown


def test_reasons_speak_of_the_patients_own_name() -> None:
    recs = matcher.recommend({"cancer_type": "ALL", "age": 30})
    reasons = " ".join(str(exclusion) for exclusion in recs.excluded)
    assert "acute lymphoblastic leukaemia" in reasons
    assert "Lymphoid Neoplasm" not in reasons
    assert person_name(ONTOLOGY.resolve("ALL")) == "acute lymphoblastic leukaemia"


def _catalog_codes() -> set[str]:
    codes: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "cancer_type" and isinstance(value, str):
                    codes.add(value)
                elif key == "cancer_types" and isinstance(value, list):
                    codes.update(value)
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(read_verified("catalog.json")))
    return codes


#: Catalog types without a Chinese name we could give with confidence (or the root).
_NO_CHINESE_NAME = {"EGC", "ENCG", "MNGT", "TISSUE"}


def test_every_cancer_the_catalog_covers_has_an_english_and_a_chinese_name() -> None:
    names = ONTOLOGY.accepted_names()
    resolved = [(name, ONTOLOGY.resolve(name).code) for name in names]
    for code in _catalog_codes() - {"TISSUE"}:
        assert any(c == code and not _CJK.search(n) for n, c in resolved), code
        if code not in _NO_CHINESE_NAME:
            assert any(c == code and _CJK.search(n) for n, c in resolved), code
