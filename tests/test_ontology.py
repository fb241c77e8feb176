"""The cancer-type ontology: OncoTree nodes, synonyms, migrations, vague names, staging."""

from __future__ import annotations

import copy
import json
from importlib import resources
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.common._errors import ProfileError
from matcher.profile._ontology import (
    ONCOTREE_VERSION,
    CancerType,
    OntologyDataError,
    default_ontology,
    load_ontology,
    text_key,
)

ONTOLOGY = default_ontology()
DATA = resources.files("matcher") / "data"
SHIPPED_TREE: dict[str, Any] = json.loads((DATA / f"{ONCOTREE_VERSION}.json").read_text("utf-8"))
SHIPPED_TABLE: dict[str, Any] = json.loads((DATA / "cancer_synonyms.json").read_text("utf-8"))
NON_ROOT_CODES = [code for code in ONTOLOGY.codes() if code != "TISSUE"]

#: The names people use, and the node each must land on (see cancer_synonyms.json for why).
COLLOQUIAL = {
    "NSCLC": "NSCLC",
    "non-small cell lung cancer": "NSCLC",
    "SCLC": "SCLC",
    "small cell lung cancer": "SCLC",
    "lung adenocarcinoma": "LUAD",
    "adenocarcinoma of the lung": "LUAD",
    "lung cancer": "LUNG",
    "liver cancer": "LIVER",
    "HCC": "HCC",
    "hepatocellular carcinoma": "HCC",
    "stomach cancer": "STAD",
    "gastric cancer": "STAD",
    "esophageal cancer": "STOMACH",
    "oesophageal cancer": "STOMACH",
    "colon cancer": "COAD",
    "colorectal cancer": "COADREAD",
    "rectal cancer": "READ",
    "breast cancer": "BREAST",
    "NPC": "NPC",
    "nasopharyngeal carcinoma": "NPC",
    "nasopharyngeal cancer": "NPC",
    "pancreatic cancer": "PANCREAS",
    "cervical cancer": "CERVIX",
    "ovarian cancer": "OVARY",
    "endometrial cancer": "UCEC",
    "prostate cancer": "PROSTATE",
    "thyroid cancer": "THYROID",
    "kidney cancer": "KIDNEY",
    "bladder cancer": "BLADDER",
    "brain tumour": "BRAIN",
    "brain tumor": "BRAIN",
    "glioblastoma": "GB",
    "glioma": "DIFG",
    "melanoma": "MEL",
    "lymphoma": "LNM",
    "Hodgkin lymphoma": "HL",
    "Hodgkin's lymphoma": "HL",
    "non-Hodgkin lymphoma": "NHL",
    "DLBCL": "DLBCLNOS",
    "diffuse large B-cell lymphoma": "DLBCLNOS",
    "multiple myeloma": "PCM",
    "myeloma": "PCM",
    "AML": "AML",
    "acute myeloid leukaemia": "AML",
    "acute myeloid leukemia": "AML",
    "B-ALL": "BLL",
    "T-ALL": "TLL",
    "CLL": "CLLSLL",
    "chronic lymphocytic leukaemia": "CLLSLL",
    "CML": "CML",
    "chronic myeloid leukaemia": "CML",
    "osteosarcoma": "OS",
    "sarcoma": "SOFT_TISSUE",
    "head and neck cancer": "HEAD_NECK",
    "laryngeal cancer": "LXSC",
    "neuroblastoma": "NBL",
    "cholangiocarcinoma": "CHOL",
    "肺癌": "LUNG",
    "肝癌": "LIVER",
    "鼻咽癌": "NPC",
    "胃癌": "STAD",
    "乳腺癌": "BREAST",
    "食管癌": "STOMACH",
    "结直肠癌": "COADREAD",
}

VAGUE = [
    "cancer",
    "tumor",
    "tumour",
    "carcinoma",
    "solid tumor",
    "solid tumour",
    "malignant tumour",
    "blood cancer",
    "leukemia",
    "leukaemia",
    "白血病",
    "癌症",
    "TISSUE",
    "yolk sac tumour",
]

#: Misspelt or cut-short text, and the node one of the suggestions must lead to.
MISSPELT = {
    "nasopharangeal": "NPC",
    "nasopharangeal carcinoma": "NPC",
    "nasopharyngeal": "NPC",
    "glioblastma": "GB",
    "hepatocelular carcinoma": "HCC",
    "brest cancer": "BREAST",
    "prostrate cancer": "PROSTATE",
    "multiple myelome": "PCM",
    "lung adenocarcinom": "LUAD",
    "oesophageal": "STOMACH",
    "leukimia": "AML",
    "鼻咽": "NPC",
}

#: Codes retired by OncoTree that people still use, and their successors.
RETIRED = {
    "GBM": "GB",
    "AASTR": "ASTR",
    "AODG": "ODG",
    "OAST": "GNOS",
    "DIPG": "DMG",
    "MM": "PCM",
    "CLL": "CLLSLL",
    "BALL": "BLL",
    "DLBCL": "DLBCLNOS",
}

SEPARATORS = st.sampled_from(["", "", "", " ", "  ", "-", "_", ",", ".", "/", "\t"])


def codes_of(suggestions: tuple[str, ...]) -> set[str]:
    return {ONTOLOGY.resolve(suggestion).code for suggestion in suggestions}


def problem_of(text: object) -> ProfileError:
    with pytest.raises(ProfileError) as caught:
        ONTOLOGY.resolve(text)  # type: ignore[arg-type]
    return caught.value


# --- the tree --------------------------------------------------------------------------------


def test_shipped_ontology_has_every_oncotree_node_and_its_version() -> None:
    assert ONTOLOGY.version == "oncotree_2025_10_03"
    assert len(ONTOLOGY) == len(ONTOLOGY.codes()) == 898
    assert ONTOLOGY.codes()[0] == "TISSUE"


def test_default_ontology_is_loaded_once() -> None:
    assert default_ontology() is ONTOLOGY


def test_luad_lineage_runs_through_nsclc_and_lung_to_the_root() -> None:
    luad = ONTOLOGY.get("LUAD")
    assert luad.lineage == ("LUAD", "NSCLC", "LUNG", "TISSUE")
    assert luad.is_within("NSCLC") and luad.is_within("LUNG") and luad.is_within("luad")
    assert not luad.is_within("SCLC")
    assert (luad.name, luad.main_type, luad.tissue, luad.level) == (
        "Lung Adenocarcinoma",
        "Non-Small Cell Lung Cancer",
        "Lung",
        3,
    )


def test_every_lineage_starts_with_its_own_code_and_climbs_one_level_at_a_time() -> None:
    for code in ONTOLOGY.codes():
        cancer = ONTOLOGY.get(code)
        assert cancer.lineage[0] == code and cancer.lineage[-1] == "TISSUE"
        assert len(cancer.lineage) == cancer.level + 1
        if code != "TISSUE":
            assert ONTOLOGY.get(cancer.lineage[1]).lineage == cancer.lineage[1:]


def test_descendants_are_exactly_the_nodes_whose_lineage_passes_through() -> None:
    expected: dict[str, set[str]] = {code: set() for code in ONTOLOGY.codes()}
    for code in ONTOLOGY.codes():
        for ancestor in ONTOLOGY.get(code).lineage[1:]:
            expected[ancestor].add(code)
    for code in ONTOLOGY.codes():
        assert ONTOLOGY.descendants(code) == expected[code]
    assert "LUAD" in ONTOLOGY.descendants("lung")
    assert ONTOLOGY.descendants("LUAD") == frozenset()


def test_get_matches_exact_codes_in_any_case_and_nothing_else() -> None:
    assert ONTOLOGY.get("luad") is ONTOLOGY.get("LUAD")
    assert "luad" in ONTOLOGY and "HCL-V" in ONTOLOGY
    assert "GBM" not in ONTOLOGY and 42 not in ONTOLOGY
    for code in ("GBM", "lung cancer", "NOPE"):
        with pytest.raises(KeyError):
            ONTOLOGY.get(code)


# --- resolving text --------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "code"), COLLOQUIAL.items())
def test_common_names_resolve_to_the_chosen_node(text: str, code: str) -> None:
    assert ONTOLOGY.resolve(text) is ONTOLOGY.get(code)


@pytest.mark.parametrize("text", ["LUNG CANCER", "Lung-Cancer", " lung   cancer ", "lung_cancer."])
def test_case_spacing_and_punctuation_are_ignored(text: str) -> None:
    assert ONTOLOGY.resolve(text).code == "LUNG"


@pytest.mark.parametrize(
    ("british", "american"),
    [
        ("oesophageal squamous cell carcinoma", "esophageal squamous cell carcinoma"),
        ("acute myeloid leukaemia", "acute myeloid leukemia"),
        ("Pancreatic Neuroendocrine Tumour", "Pancreatic Neuroendocrine Tumor"),
        ("Polycythaemia Vera", "Polycythemia Vera"),
        ("Waldenström macroglobulinaemia", "Waldenstrom Macroglobulinemia"),
    ],
)
def test_british_spellings_and_accents_resolve_like_american_ones(
    british: str, american: str
) -> None:
    assert ONTOLOGY.resolve(british) is ONTOLOGY.resolve(american)


@pytest.mark.parametrize(("text", "code"), MISSPELT.items())
def test_misspellings_raise_with_suggestions_that_lead_to_the_intended_node(
    text: str, code: str
) -> None:
    error = problem_of(text)
    assert error.field == "cancer_type" and error.value == text
    assert error.problems[0].problem == "is not a known cancer type"
    assert 1 <= len(error.suggestions) <= 4
    assert code in codes_of(error.suggestions)


def test_nasopharangeal_suggests_nasopharyngeal_carcinoma_first() -> None:
    assert problem_of("nasopharangeal").suggestions[0] == "Nasopharyngeal Carcinoma"


def test_error_names_the_field_the_value_and_what_is_accepted() -> None:
    message = str(problem_of("nasopharangeal carcinoma"))
    assert message.startswith("cancer_type: 'nasopharangeal carcinoma' is not a known cancer type")
    assert "an OncoTree code or a cancer name, e.g. 'NSCLC', 'lung adenocarcinoma'" in message
    assert "did you mean 'Nasopharyngeal Carcinoma'" in message


@pytest.mark.parametrize("text", VAGUE)
def test_vague_names_raise_too_vague_with_specific_suggestions(text: str) -> None:
    error = problem_of(text)
    assert error.problems[0].problem == "is too vague"
    assert len(error.suggestions) >= 2
    assert all(ONTOLOGY.resolve(suggestion).level >= 1 for suggestion in error.suggestions)


def test_leukaemia_is_too_vague_because_it_spans_myeloid_and_lymphoid_tissues() -> None:
    tissues = {ONTOLOGY.resolve(s).tissue for s in problem_of("leukaemia").suggestions}
    assert tissues == {"Lymphoid", "Myeloid"}


def test_germ_cell_names_used_at_several_sites_ask_for_the_site() -> None:
    error = problem_of("Yolk Sac Tumor")
    assert codes_of(error.suggestions) == {"OYST", "BYST", "TYST", "VYST"}
    assert ONTOLOGY.resolve("testicular yolk sac tumour").code == "TYST"
    assert ONTOLOGY.resolve("gestational choriocarcinoma").code == "UCCA"


@pytest.mark.parametrize(("old", "new"), RETIRED.items())
def test_retired_codes_migrate_to_their_successors(old: str, new: str) -> None:
    assert old not in ONTOLOGY
    assert ONTOLOGY.resolve(old).code == new
    assert ONTOLOGY.resolve(old.lower()).code == new


def test_every_code_oncotree_lists_as_replaced_resolves_to_a_node_that_covers_it() -> None:
    listed: dict[str, set[str]] = {}
    stack = [SHIPPED_TREE["TISSUE"]]
    while stack:
        node = stack.pop()
        stack.extend(node["children"].values())
        for old in node["history"] + node["precursors"] + node["revocations"]:
            listed.setdefault(old, set()).add(node["code"])
    assert {"GBM", "AASTR", "DIPG"} <= set(listed)
    for old, listing in listed.items():
        try:
            successor = ONTOLOGY.resolve(old)
        except ProfileError as error:  # retired codes too vague to migrate (BLOOD, LEUK)
            assert error.problems[0].problem == "is too vague", old
            continue
        assert all(ONTOLOGY.get(code).is_within(successor.code) for code in listing), old


def test_names_oncotree_gives_to_unrelated_nodes_are_taken_over_only_by_declaration() -> None:
    assert ONTOLOGY.resolve("malignant lymphoma").code == "LNM"
    assert ONTOLOGY.resolve("MLYM").name == "Malignant Lymphoma"
    assert problem_of("malignant tumour").problems[0].problem == "is too vague"
    assert ONTOLOGY.resolve("MT").name == "Malignant Tumor"


@pytest.mark.parametrize("value", [None, 42, 3.5, b"LUAD", ["LUAD"], {"code": "LUAD"}, object()])
def test_non_string_input_raises_profile_error(value: object) -> None:
    error = problem_of(value)
    assert error.field == "cancer_type" and error.problems[0].problem == "is not a string"


@pytest.mark.parametrize("text", ["", "   ", "--", "\n"])
def test_blank_input_raises_profile_error(text: str) -> None:
    assert problem_of(text).problems[0].problem == "is blank"


# --- staging and blood cancers ---------------------------------------------------------------


@pytest.mark.parametrize(
    "code", ["MYELOID", "AML", "APLPMLRARA", "CML", "MDS", "BLL", "TLL", "HCL", "TPLL"]
)
def test_leukaemias_and_myeloid_neoplasms_are_unstaged(code: str) -> None:
    assert not ONTOLOGY.get(code).staged


@pytest.mark.parametrize(
    "code", ["LNM", "HL", "NHL", "DLBCLNOS", "FL", "PCM", "CLLSLL", "BREAST", "LUAD", "NPC"]
)
def test_lymphomas_myeloma_and_solid_cancers_are_staged(code: str) -> None:
    assert ONTOLOGY.get(code).staged


def test_brain_tumours_are_graded_not_staged() -> None:
    assert not ONTOLOGY.resolve("glioblastoma").staged
    assert not any(ONTOLOGY.get(code).staged for code in ONTOLOGY.descendants("BRAIN"))


def test_blood_cancers_are_exactly_the_lymphoid_and_myeloid_tissues() -> None:
    for code in ONTOLOGY.codes():
        cancer = ONTOLOGY.get(code)
        assert cancer.is_blood_cancer == (
            cancer.is_within("LYMPH") or cancer.is_within("MYELOID")
        ), code
    assert ONTOLOGY.resolve("multiple myeloma").is_blood_cancer
    assert not ONTOLOGY.resolve("breast cancer").is_blood_cancer


# --- the shipped synonym table ---------------------------------------------------------------


def test_shipped_table_entries_all_resolve_as_written() -> None:
    assert SHIPPED_TABLE["oncotree_version"] == ONTOLOGY.version
    for entry in SHIPPED_TABLE["synonyms"]:
        assert ONTOLOGY.resolve(entry["name"]).code == entry["code"], entry
    for entry in SHIPPED_TABLE["migrations"]:
        assert ONTOLOGY.resolve(entry["old"]).code == entry["new"], entry
        assert entry["note"].strip(), entry
    for entry in SHIPPED_TABLE["vague"]:
        assert problem_of(entry["name"]).suggestions == tuple(entry["suggest"]), entry
    for entry in SHIPPED_TABLE["unstaged"]:
        assert not ONTOLOGY.get(entry["code"]).staged and entry["why"].strip(), entry


def test_synonyms_for_broad_nodes_and_chinese_names_carry_a_note() -> None:
    for entry in SHIPPED_TABLE["synonyms"]:
        broad = ONTOLOGY.get(entry["code"]).level <= 1
        chinese = not entry["name"].isascii()
        if broad or chinese:
            assert entry["note"].strip(), entry


def test_every_accepted_name_resolves_and_no_two_fold_alike() -> None:
    names = ONTOLOGY.accepted_names()
    keys = [text_key(name) for name in names]
    assert len(set(keys)) == len(keys)
    for name in names:
        assert isinstance(ONTOLOGY.resolve(name), CancerType)
    assert {"lung cancer", "Lung Adenocarcinoma", "肺癌"} <= set(names)


def test_oncotree_names_resolve_to_their_node_unless_the_table_claims_them() -> None:
    claimed = {
        text_key(entry["name"]) for entry in SHIPPED_TABLE["synonyms"] + SHIPPED_TABLE["vague"]
    }
    for code in NON_ROOT_CODES:
        cancer = ONTOLOGY.get(code)
        if text_key(cancer.name) not in claimed:
            assert ONTOLOGY.resolve(cancer.name) is cancer


# --- loading rejects inconsistent data -------------------------------------------------------


def node(code: str, name: str, parent: str | None, level: int, *children: dict[str, Any]) -> Any:
    return {
        "code": code,
        "name": name,
        "mainType": None if parent is None else f"{name} Cancer",
        "tissue": None if parent is None else "Lung",
        "parent": parent,
        "level": level,
        "children": {child["code"]: child for child in children},
        "history": [],
        "precursors": [],
        "revocations": [],
    }


TINY_TREE = {
    "TISSUE": node(
        "TISSUE",
        "Tissue",
        None,
        0,
        node(
            "LUNG",
            "Lung",
            "TISSUE",
            1,
            node("LUAD", "Lung Adenocarcinoma", "LUNG", 2),
            node("TA", "Teratoma", "LUNG", 2),
            node("TB", "Teratoma", "LUNG", 2),
        ),
    )
}
TINY_TABLE: dict[str, Any] = {
    "kind": "matcher.cancer_synonyms",
    "schema_version": 1,
    "oncotree_version": "tiny",
    "synonyms": [{"name": "lung cancer", "code": "LUNG", "note": ""}],
    "vague": [
        {
            "name": "Teratoma",
            "suggest": ["TA", "TB"],
            "why": "two sites",
            "overrides": ["TA", "TB"],
        },
        {"name": "tissue", "suggest": ["lung cancer"], "why": "root", "overrides": ["TISSUE"]},
    ],
    "migrations": [{"old": "LUADX", "new": "LUAD", "note": "renamed"}],
    "unstaged": [],
}


def tiny(**changes: Any) -> Any:
    table = copy.deepcopy(TINY_TABLE)
    table.update(changes)
    return load_ontology(TINY_TREE, table, version="tiny")


def test_a_consistent_tiny_table_loads() -> None:
    ontology = tiny()
    assert ontology.resolve("Lung Cancer").code == "LUNG"
    assert ontology.resolve("luadx").code == "LUAD"
    assert ontology.resolve("TB").code == "TB"
    with pytest.raises(ProfileError, match="too vague"):
        ontology.resolve("teratoma")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"synonyms": [{"name": "lung cancer", "code": "LUNGX", "note": ""}]}, "not an Onco"),
        (
            {
                "synonyms": [
                    {"name": "lung cancer", "code": "LUNG", "note": ""},
                    {"name": "Lung-Cancer", "code": "LUAD", "note": ""},
                ]
            },
            "same text as synonym 'lung cancer'",
        ),
        ({"synonyms": [{"name": "lung", "code": "LUAD", "note": ""}]}, "'overrides' must list"),
        ({"vague": TINY_TABLE["vague"][1:]}, r"'Teratoma' is the code or name of \['TA', 'TB'\]"),
        (
            {"vague": [{**TINY_TABLE["vague"][0], "suggest": ["TC"]}, TINY_TABLE["vague"][1]]},
            "suggests 'TC', which does not resolve",
        ),
        ({"migrations": [{"old": "LUAD", "new": "LUNG", "note": "x"}]}, "code or name of a curr"),
        ({"migrations": [{"old": "X", "new": "NOPE", "note": "x"}]}, "not an OncoTree code"),
        ({"unstaged": [{"code": "LUNG", "why": "x"}, {"code": "LUAD", "why": "x"}]}, "inside"),
        ({"schema_version": 2}, "supported: 1"),
        ({"kind": "matcher.catalog"}, "kind must be"),
        ({"oncotree_version": "other"}, "written for 'other'"),
        ({"surprise": 1}, "surprise"),
    ],
)
def test_inconsistent_tables_are_rejected_at_load(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(OntologyDataError, match=message):
        tiny(**changes)


def test_a_tree_with_a_misplaced_child_is_rejected_at_load() -> None:
    tree = copy.deepcopy(TINY_TREE)
    tree["TISSUE"]["children"]["LUNG"]["children"]["LUAD"]["parent"] = "TISSUE"
    with pytest.raises(OntologyDataError, match="'LUAD' under 'LUNG'"):
        load_ontology(tree, TINY_TABLE, version="tiny")


# --- properties ------------------------------------------------------------------------------


@given(st.sampled_from(NON_ROOT_CODES), st.booleans())
def test_every_code_resolves_to_its_own_node(code: str, lower: bool) -> None:
    assert ONTOLOGY.resolve(code.lower() if lower else code) is ONTOLOGY.get(code)


@st.composite
def respelt(draw: st.DrawFn) -> tuple[str, str]:
    """An accepted name, and the same name with case, spacing and punctuation shuffled."""
    name = draw(st.sampled_from(ONTOLOGY.accepted_names()))
    pieces = [draw(SEPARATORS)]
    for char in name:
        if char.isalnum():
            pieces.append(char.upper() if draw(st.booleans()) else char.lower())
            pieces.append(draw(SEPARATORS))
    return name, "".join(pieces)


@given(respelt())
def test_case_spacing_and_punctuation_variants_resolve_the_same(pair: tuple[str, str]) -> None:
    name, variant = pair
    assert ONTOLOGY.resolve(variant) is ONTOLOGY.resolve(name)


@settings(deadline=None)
@given(
    st.one_of(
        st.text(),
        st.text(alphabet="abcdefghijklmnopqrstuvwxyz -", max_size=30),
        st.sampled_from(ONTOLOGY.accepted_names()).map(lambda name: name[:-2] + "xq"),
        st.integers(),
        st.none(),
        st.binary(),
    )
)
def test_resolve_returns_a_cancer_type_or_raises_profile_error(value: object) -> None:
    try:
        result = ONTOLOGY.resolve(value)  # type: ignore[arg-type]
    except ProfileError as error:
        assert error.field == "cancer_type"
        assert all(isinstance(ONTOLOGY.resolve(s), CancerType) for s in error.suggestions)
    else:
        assert isinstance(result, CancerType)
