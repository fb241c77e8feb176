"""Stage parsing: what is accepted, how it maps to a treatment setting, and what is refused."""

from __future__ import annotations

import math

import attrs
import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import given

from matcher.common._errors import ProfileError
from matcher.profile._stage import ACCEPTED, STAGING_SITES, Stage, parse_stage

SITES = (None, "Lung", "Breast", *STAGING_SITES)


# --- worked examples --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "group", "substage", "label"),
    [
        ("0", "0", None, "0"),
        ("I", "I", None, "I"),
        ("IIIB", "III", "B", "IIIB"),
        ("IA1", "I", "A1", "IA1"),
        ("IVB", "IV", "B", "IVB"),
        ("IIIC2", "III", "C2", "IIIC2"),
        ("IIID", "III", "D", "IIID"),
        ("3b", "III", "B", "IIIB"),
        ("3B", "III", "B", "IIIB"),
        ("1a1", "I", "A1", "IA1"),
        ("stage IIIB", "III", "B", "IIIB"),
        ("Stage 3", "III", None, "III"),
        ("IIIB stage", "III", "B", "IIIB"),
        ("III-B", "III", "B", "IIIB"),
        ("  stage   iii b  ", "III", "B", "IIIB"),
        ("stage 4", "IV", None, "IV"),
        ("Stage IV disease", "IV", None, "IV"),
        ("IIIB期", "III", "B", "IIIB"),
        ("Ⅲb", "III", "B", "IIIB"),
        ("\uff29\uff29\uff29\uff22", "III", "B", "IIIB"),  # full-width "IIIB"
        ("0is", "0", "IS", "0IS"),
        ("0a", "0", "A", "0A"),
        ("IS", "I", "S", "IS"),
        ("IIE", "II", "E", "IIE"),
        ("IIBE", "II", "BE", "IIBE"),
        ("IIEB", "II", "BE", "IIBE"),
        ("in situ", "0", None, "0"),
        ("carcinoma in situ", "0", None, "0"),
        (0, "0", None, "0"),
        (2, "II", None, "II"),
        (4, "IV", None, "IV"),
        (np.int64(3), "III", None, "III"),
    ],
)
def test_stage_groups_are_read_in_any_common_spelling(
    value: object, group: str, substage: str | None, label: str
) -> None:
    stage = parse_stage(value)
    assert (stage.group, stage.substage, stage.label, stage.extent) == (
        group,
        substage,
        label,
        None,
    )


@pytest.mark.parametrize(
    ("value", "label", "category", "extent", "metastatic"),
    [
        ("limited", "limited", "locally_advanced", "limited", False),
        ("Limited-stage", "limited", "locally_advanced", "limited", False),
        ("limited stage disease", "limited", "locally_advanced", "limited", False),
        ("extensive", "extensive", "advanced", "extensive", False),
        ("extensive disease", "extensive", "advanced", "extensive", False),
        ("Extensive-Stage", "extensive", "advanced", "extensive", False),
        ("early", "early", "early", None, False),
        ("early-stage", "early", "early", None, False),
        ("Localized", "early", "early", None, False),
        ("localised", "early", "early", None, False),
        ("locally advanced", "locally advanced", "locally_advanced", None, False),
        ("Locally-Advanced", "locally advanced", "locally_advanced", None, False),
        ("advanced", "advanced", "advanced", None, False),
        ("metastatic", "metastatic", "advanced", None, True),
        ("Metastatic disease", "metastatic", "advanced", None, True),
        ("distant metastases", "metastatic", "advanced", None, True),
        ("M1", "metastatic", "advanced", None, True),
        ("cM1a", "metastatic", "advanced", None, True),
        ("pT2 N1 M1c", "metastatic", "advanced", None, True),
        ("晚期", "advanced", "advanced", None, False),
        ("局部晚期", "locally advanced", "locally_advanced", None, False),
        ("局限期", "limited", "locally_advanced", "limited", False),
        ("广泛期", "extensive", "advanced", "extensive", False),
        ("远处转移", "metastatic", "advanced", None, True),
    ],
)
def test_stages_given_in_words_have_no_group_and_a_canonical_label(
    value: str, label: str, category: str, extent: str | None, metastatic: bool
) -> None:
    stage = parse_stage(value)
    assert stage.group is None
    assert (stage.label, stage.category, stage.extent, stage.metastatic) == (
        label,
        category,
        extent,
        metastatic,
    )


@pytest.mark.parametrize(
    ("value", "category", "metastatic"),
    [
        ("0", "early", False),
        ("IA", "early", False),
        ("IIB", "early", False),
        ("IIIA", "locally_advanced", False),
        ("IIIC", "locally_advanced", False),
        ("IV", "advanced", True),
        ("IVA", "advanced", True),
        ("IVB", "advanced", True),
    ],
)
def test_plain_mapping_reads_0_to_2_as_early_3_as_locally_advanced_4_as_metastatic(
    value: str, category: str, metastatic: bool
) -> None:
    for site in (None, "Lung", "Breast"):
        stage = parse_stage(value, site=site)
        assert (stage.category, stage.metastatic) == (category, metastatic)


@pytest.mark.parametrize(
    ("site", "value", "category", "metastatic"),
    [
        ("Head and Neck", "IVA", "locally_advanced", False),
        ("Head and Neck", "IVB", "locally_advanced", False),
        ("Head and Neck", "IVC", "advanced", True),
        ("Head and Neck", "IV", "advanced", False),
        ("Head and Neck", "III", "locally_advanced", False),
        ("head and neck", "IVA", "locally_advanced", False),
        ("Nasopharynx", "IVA", "locally_advanced", False),
        ("Nasopharynx", "IVB", "advanced", True),
        ("Nasopharynx", "4a", "locally_advanced", False),
        ("Cervix", "IVA", "locally_advanced", False),
        ("Cervix", "IVB", "advanced", True),
        ("Cervix", "IIIC1", "locally_advanced", False),
        ("Vulva/Vagina", "IVA", "locally_advanced", False),
        ("Esophagus/Stomach", "IVA", "locally_advanced", False),
        ("Esophagus/Stomach", "IVB", "advanced", True),
        ("Prostate", "IVA", "locally_advanced", False),
        ("Prostate", "IVB", "advanced", True),
        ("Liver", "IVA", "advanced", False),
        ("Liver", "IVB", "advanced", True),
        ("Lymphoid", "II", "early", False),
        ("Lymphoid", "IIIB", "advanced", False),
        ("Lymphoid", "IVB", "advanced", False),
        ("Lymphoid", "metastatic", "advanced", True),
        ("Head and Neck", "metastatic", "advanced", True),
        ("Head and Neck", "extensive", "advanced", False),
    ],
)
def test_site_refines_stage_iv_where_its_staging_puts_locoregional_disease_there(
    site: str, value: str, category: str, metastatic: bool
) -> None:
    stage = parse_stage(value, site=site)
    assert (stage.category, stage.metastatic) == (category, metastatic)


def test_extensive_small_cell_is_advanced_but_not_stated_metastatic() -> None:
    stage = parse_stage("extensive stage")
    assert stage.category == "advanced"
    assert not stage.metastatic


def test_a_stage_is_parsed_again_for_the_site_given() -> None:
    stage = parse_stage("IVA")
    assert stage.metastatic
    again = parse_stage(stage, site="Cervix")
    assert (again.category, again.metastatic) == ("locally_advanced", False)
    assert parse_stage(stage) == stage


def test_str_of_a_stage_is_its_label() -> None:
    assert str(parse_stage("stage 3b")) == "IIIB"
    assert str(parse_stage("Locally-advanced")) == "locally advanced"


def test_stage_is_frozen_and_validates_its_fields() -> None:
    stage = parse_stage("II")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        stage.label = "III"  # type: ignore[misc]
    with pytest.raises(ValueError, match="group"):
        Stage("V", None, "advanced", None, "V", True)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="category"):
        Stage("I", None, "late", None, "I", False)  # type: ignore[arg-type]


def test_site_that_is_not_text_is_a_programming_error() -> None:
    with pytest.raises(TypeError, match="site"):
        parse_stage("II", site=3)  # type: ignore[arg-type]


# --- refusals ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "problem", "suggestions"),
    [
        ("stage V", "groups run from 0 to IV", ()),
        ("V", "groups run from 0 to IV", ()),
        ("IIII", "groups run from 0 to IV", ()),
        ("5", "groups run from 0 to IV", ()),
        ("IIIZ", "sub-stage ('Z')", ("III",)),
        ("IVA1", "sub-stage ('A1')", ("IV",)),
        ("IIIE", "extranodal suffix E", ("III",)),
        ("IIIS", "sub-stage ('S')", ("III",)),
        ("recurrent", "disease_status='recurrent'", ()),
        ("Recurrence", "disease_status='recurrent'", ()),
        ("relapsed", "disease_status='relapsed_refractory'", ()),
        ("unknown", "leave the stage out", ()),
        ("not staged", "leave the stage out", ()),
        ("", "is empty", ()),
        ("   ", "is empty", ()),
        ("stage", "names no stage", ()),
        ("metastatc", "is not a stage", ("metastatic",)),
        ("advnced", "is not a stage", ("advanced",)),
        ("limted", "is not a stage", ("limited",)),
        ("cT2N1M0 stage IIB", "TNM classification", ("IIB",)),
        ("T2N0M0", "TNM classification", ()),
        ("T3 N2", "TNM classification", ()),
        ("M0", "TNM classification", ()),
        ("III/IV", "more than a stage", ("III", "IV")),
        ("stage IV NSCLC", "more than a stage", ("IV",)),
        ("2.5", "decimal number", ()),
        (2.5, "decimal number", ()),
        (2.0, "decimal number", ()),
        (float("nan"), "not a number", ()),
        (5, "outside the stage groups 0-4", ()),
        (-1, "outside the stage groups 0-4", ()),
        (True, "yes/no", ()),
        ([], "of type list", ()),
        (["III"], "of type list", ()),
        (b"III", "of type bytes", ()),
        (None, "is missing", ()),
    ],
)
def test_bad_stages_raise_profile_error_saying_why(
    value: object, problem: str, suggestions: tuple[str, ...]
) -> None:
    with pytest.raises(ProfileError) as raised:
        parse_stage(value)
    error = raised.value
    assert error.field == "stage"
    assert error.accepted == ACCEPTED
    assert error.value is value or (isinstance(value, float) and math.isnan(value))
    assert problem in error.problems[0].problem
    assert error.suggestions == suggestions


def test_error_message_names_field_value_and_accepted_forms() -> None:
    with pytest.raises(ProfileError) as raised:
        parse_stage("metastatc")
    message = str(raised.value)
    assert message.startswith("stage: 'metastatc'")
    assert "'locally advanced'" in message
    assert "did you mean 'metastatic'?" in message


# --- properties -------------------------------------------------------------------------------

_SUBSTAGES = {
    "0": ["", "A", "IS"],
    "I": ["", "A", "B", "C", "D", "A1", "A2", "A3", "B1", "B2", "B3", "C1", "S", "E", "AE", "BE"],
    "II": ["", "A", "B", "C", "A1", "A2", "E", "AE", "BE"],
    "III": ["", "A", "B", "C", "D", "C1", "C2"],
    "IV": ["", "A", "B", "C"],
}
_ARABIC = {"0": "0", "I": "1", "II": "2", "III": "3", "IV": "4"}


@st.composite
def stage_texts(draw: st.DrawFn) -> tuple[str, str, str]:
    """A stage group written as people write it, with the group and sub-stage it means."""
    group = draw(st.sampled_from(sorted(_SUBSTAGES)))
    substage = draw(st.sampled_from(_SUBSTAGES[group]))
    numeral = draw(st.sampled_from([group, _ARABIC[group]]))
    separator = draw(st.sampled_from(["", "", " ", "-", "."]))
    core = numeral + (separator + substage if substage else "")
    core = "".join(draw(st.sampled_from([c.lower(), c.upper()])) for c in core)
    before = draw(st.sampled_from(["", "stage ", "Stage ", "STAGE-", " "]))
    after = draw(st.sampled_from(["", " stage", " disease", "期", "  "]))
    return before + core + after, group, substage


@given(stage_texts(), st.sampled_from(SITES))
def test_stage_texts_parse_to_their_group_and_round_trip_through_the_label(
    drawn: tuple[str, str, str], site: str | None
) -> None:
    text, group, substage = drawn
    stage = parse_stage(text, site=site)
    assert stage.group == group
    assert stage.substage == (substage or None)
    assert parse_stage(stage.label, site=site) == stage
    assert parse_stage(str(stage), site=site) == stage


@given(st.sampled_from(list(range(5))), st.sampled_from(SITES))
def test_int_stages_match_their_roman_numerals(number: int, site: str | None) -> None:
    roman = ["0", "I", "II", "III", "IV"][number]
    assert parse_stage(number, site=site) == parse_stage(roman, site=site)


_DESCRIBED = [
    "early",
    "localized",
    "locally advanced",
    "advanced",
    "metastatic",
    "limited",
    "extensive",
    "in situ",
    "M1",
]


@given(st.sampled_from(_DESCRIBED), st.sampled_from(SITES))
def test_described_stages_round_trip_through_the_label(text: str, site: str | None) -> None:
    stage = parse_stage(text, site=site)
    assert parse_stage(stage.label, site=site) == stage


_ANYTHING = st.one_of(
    st.text(),
    st.text(alphabet="ivxIVX0123456789abcdeEsStTnNmM -/.期", max_size=12),
    st.integers(),
    st.floats(allow_nan=True),
    st.booleans(),
    st.none(),
    st.binary(max_size=8),
    st.lists(st.text(max_size=4), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


@given(_ANYTHING, st.sampled_from(SITES))
def test_any_input_gives_a_stage_or_a_profile_error(value: object, site: str | None) -> None:
    try:
        stage = parse_stage(value, site=site)
    except ProfileError as error:
        assert error.field == "stage"
        assert error.accepted == ACCEPTED
    else:
        assert isinstance(stage, Stage)
        assert parse_stage(stage.label, site=site) == stage
