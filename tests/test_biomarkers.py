"""Biomarker results: how every accepted form reads, what is refused, and the marker table.

The table (``data/biomarkers.json``) is tested against its sources: every seed quote is found
word for word in the seed file and every CIViC quote in that gene's CIViC definition, after
collapsing runs of whitespace. The shared folder with the seeds and the CIViC export lives
beside the repository; without it those tests are skipped.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from matcher import ProfileError
from matcher.profile._biomarkers import Biomarker, marker_names, parse_biomarkers
from tests.strategies import json_like

TABLE: dict[str, Any] = json.loads(
    (files("matcher") / "data" / "biomarkers.json").read_text("utf-8")
)
MARKERS: dict[str, dict[str, Any]] = {entry["marker"]: entry for entry in TABLE["markers"]}


def one(text: str) -> Biomarker:
    """The single result that one text reads as."""
    (result,) = parse_biomarkers([text])
    return result


def summary(biomarker: Biomarker) -> tuple[object, ...]:
    return (
        biomarker.marker,
        biomarker.status,
        biomarker.alteration,
        biomarker.value,
        biomarker.unit,
    )


def refused(value: object) -> ProfileError:
    with pytest.raises(ProfileError) as caught:
        parse_biomarkers(value)
    return caught.value


# -- worked examples, one or more per marker ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("EGFR L858R", ("EGFR", "positive", "L858R", None, None)),
        ("EGFR exon 19 deletion", ("EGFR", "positive", "exon 19 deletion", None, None)),
        ("EGFR 19del", ("EGFR", "positive", "exon 19 deletion", None, None)),
        ("EGFR ex19del", ("EGFR", "positive", "exon 19 deletion", None, None)),
        ("EGFR exon 21 L858R", ("EGFR", "positive", "L858R", None, None)),
        ("EGFR p.Leu858Arg", ("EGFR", "positive", "L858R", None, None)),
        ("EGFR T790M negative", ("EGFR", "negative", "T790M", None, None)),
        ("EGFR exon 20 insertion", ("EGFR", "positive", "exon 20 insertion", None, None)),
        ("EGFR E746-A750del", ("EGFR", "positive", "E746_A750del", None, None)),
        ("EGFR wild-type", ("EGFR", "negative", None, None, None)),
        ("EGFR+", ("EGFR", "positive", None, None, None)),
        ("ALK fusion", ("ALK", "positive", "fusion", None, None)),
        ("ALK rearranged", ("ALK", "positive", "fusion", None, None)),
        ("ALK-positive", ("ALK", "positive", None, None, None)),
        ("ROS1 fusion", ("ROS1", "positive", "fusion", None, None)),
        ("CD74-ROS1", ("ROS1", "positive", "fusion", None, None)),
        ("BRAF V600E", ("BRAF", "positive", "V600E", None, None)),
        ("BRAF p.Val600Glu", ("BRAF", "positive", "V600E", None, None)),
        ("KRAS G12C", ("KRAS", "positive", "G12C", None, None)),
        ("KRAS G12D", ("KRAS", "positive", "G12D", None, None)),
        ("KRAS wild type", ("KRAS", "negative", None, None, None)),
        ("HER2 positive", ("HER2", "positive", None, None, None)),
        ("HER2 amplified", ("HER2", "positive", "amplification", None, None)),
        ("ERBB2 exon 20 insertion", ("HER2", "positive", "exon 20 insertion", None, None)),
        ("BRCA1 pathogenic variant", ("BRCA1", "positive", "mutation", None, None)),
        ("BRCA1 c.5266dupC", ("BRCA1", "positive", "c.5266dupC", None, None)),
        ("BRCA2 c.5946delT", ("BRCA2", "positive", "c.5946delT", None, None)),
        ("TP53 R196*", ("TP53", "positive", "R196*", None, None)),
        ("BRCA2 VUS", ("BRCA2", "equivocal", None, None, None)),
        ("BRCA2 negative", ("BRCA2", "negative", None, None, None)),
        ("NTRK fusion", ("NTRK", "positive", "fusion", None, None)),
        ("NTRK1 fusion", ("NTRK", "positive", "fusion", None, None)),
        ("ETV6-NTRK3", ("NTRK", "positive", "fusion", None, None)),
        ("RET fusion", ("RET", "positive", "fusion", None, None)),
        ("KIF5B-RET", ("RET", "positive", "fusion", None, None)),
        ("RET M918T", ("RET", "positive", "M918T", None, None)),
        ("MET exon 14 skipping", ("MET", "positive", "exon 14 skipping", None, None)),
        ("METex14", ("MET", "positive", "exon 14 skipping", None, None)),
        ("MET amplification", ("MET", "positive", "amplification", None, None)),
        ("PIK3CA H1047R", ("PIK3CA", "positive", "H1047R", None, None)),
        ("IDH1 R132H", ("IDH1", "positive", "R132H", None, None)),
        ("IDH2 R140Q", ("IDH2", "positive", "R140Q", None, None)),
        ("FGFR2 fusion", ("FGFR2", "positive", "fusion", None, None)),
        ("FGFR2-BICC1", ("FGFR2", "positive", "fusion", None, None)),
        ("FGFR3 S249C", ("FGFR3", "positive", "S249C", None, None)),
        ("PD-L1 TPS 60%", ("PD-L1", "positive", "high", 60.0, "TPS %")),
        ("PD-L1 CPS 10", ("PD-L1", "positive", "high", 10.0, "CPS")),
        ("PD-L1 negative", ("PD-L1", "negative", None, None, None)),
        ("MSI-H", ("MSI", "positive", "MSI-H", None, None)),
        ("MSS", ("MSI", "negative", "MSS", None, None)),
        ("dMMR", ("MSI", "positive", "dMMR", None, None)),
        ("pMMR", ("MSI", "negative", "pMMR", None, None)),
        ("MSI-L", ("MSI", "negative", "MSI-L", None, None)),
        ("mismatch repair deficient", ("MSI", "positive", "dMMR", None, None)),
        ("TMB 12 mut/Mb", ("TMB", "positive", "high", 12.0, "mut/Mb")),
        ("TMB-high", ("TMB", "positive", "high", None, None)),
        ("TMB low", ("TMB", "negative", "low", None, None)),
        ("ER positive", ("ER", "positive", None, None, None)),
        ("ER 90%", ("ER", "positive", None, 90.0, "%")),
        ("ER 5%", ("ER", "positive", "low", 5.0, "%")),
        ("ER negative", ("ER", "negative", None, None, None)),
        ("PR positive", ("PR", "positive", None, None, None)),
        ("PR 0%", ("PR", "negative", None, 0.0, "%")),
        ("Ki-67 30%", ("Ki-67", "positive", "high", 30.0, "%")),
        ("EBV DNA positive", ("EBV DNA", "positive", None, None, None)),
        ("EBV DNA 1500 copies/mL", ("EBV DNA", "positive", None, 1500.0, "copies/mL")),
        ("EBV DNA undetectable", ("EBV DNA", "negative", None, None, None)),
        ("AFP 400 ng/mL", ("AFP", "positive", None, 400.0, "ng/mL")),
        ("AFP normal", ("AFP", "negative", None, None, None)),
    ],
)
def test_each_marker_reads_its_worked_examples(text: str, expected: tuple[object, ...]) -> None:
    assert summary(one(text)) == expected


def test_the_contract_mapping_example_reads_marker_by_marker() -> None:
    found = parse_biomarkers(
        {
            "EGFR": "L858R",
            "PD-L1": "TPS 60%",
            "MSI": "high",
            "HER2": "positive",
            "TMB": "12 mut/Mb",
            "EBV DNA": "positive",
            "ER": "negative",
            "KRAS": "G12C",
            "ALK": "fusion",
            "BRCA1": "pathogenic variant",
            "AFP": "400 ng/mL",
        }
    )
    assert [b.label for b in found] == [
        "EGFR L858R",
        "ALK fusion",
        "KRAS G12C",
        "HER2 positive",
        "BRCA1 mutation",
        "PD-L1 TPS 60%",
        "MSI-H",
        "TMB 12 mut/Mb",
        "ER negative",
        "EBV DNA positive",
        "AFP 400 ng/mL",
    ]


def test_the_contract_list_example_reads_item_by_item() -> None:
    found = parse_biomarkers(
        [
            "EGFR exon 19 deletion",
            "ALK fusion",
            "PD-L1 CPS 10",
            "MSI-H",
            "dMMR",
            "HER2 3+",
            "BRAF V600E",
            "EML4-ALK",
            "KRAS wild-type",
            "TMB-high",
        ]
    )
    assert [b.label for b in found] == [
        "EGFR exon 19 deletion",
        "ALK fusion",
        "BRAF V600E",
        "KRAS negative",
        "HER2 3+",
        "PD-L1 CPS 10",
        "MSI-H",
        "dMMR",
        "TMB high",
    ]


def test_mapping_and_list_forms_read_the_same() -> None:
    assert parse_biomarkers({"EGFR": "L858R", "PD-L1": "TPS 60%"}) == parse_biomarkers(
        ["PD-L1 TPS 60%", "EGFR L858R"]
    )


@pytest.mark.parametrize(
    ("mapping", "labels"),
    [
        ({"EGFR": True}, ["EGFR positive"]),
        ({"KRAS": False}, ["KRAS negative"]),
        ({"HER2": 3}, ["HER2 3+"]),
        ({"PD-L1": 60}, ["PD-L1 TPS 60%"]),
        ({"TMB": 12.5}, ["TMB 12.5 mut/Mb"]),
        ({"AFP": 400}, ["AFP 400 ng/mL"]),
        ({"EGFR": ["L858R", "T790M"]}, ["EGFR L858R", "EGFR T790M"]),
        ({"EGFR": "EGFR L858R"}, ["EGFR L858R"]),
        ({"ALK": "EML4-ALK"}, ["ALK fusion"]),
        ({"MMR": "deficient"}, ["dMMR"]),
        ({"EGFR L858R": True}, ["EGFR L858R"]),
    ],
)
def test_mapping_values_may_be_text_numbers_bools_or_lists(
    mapping: dict[str, Any], labels: list[str]
) -> None:
    assert [b.label for b in parse_biomarkers(mapping)] == labels


@pytest.mark.parametrize("empty", [None, {}, [], (), set()])
def test_nothing_given_reads_as_no_biomarkers(empty: object) -> None:
    assert parse_biomarkers(empty) == ()


@pytest.mark.parametrize(
    "value", [{"EGFR": None}, {"EGFR": "not tested"}, ["ALK unknown"], ["KRAS pending"]]
)
def test_untested_markers_are_left_out_so_rules_see_them_as_unknown(value: object) -> None:
    assert parse_biomarkers(value) == ()


def test_biomarker_values_are_accepted_and_renormalised() -> None:
    results = parse_biomarkers(["EGFR L858R", "MSI-H"])
    assert parse_biomarkers(list(results)) == results
    wrong_flags = Biomarker("EGFR", "positive", "L858R", None, None, False, False)
    assert parse_biomarkers([wrong_flags]) == parse_biomarkers(["EGFR L858R"])


# -- aliases -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("alias", "marker"),
    [
        ("HER2", "HER2"),
        ("ERBB2", "HER2"),
        ("HER-2", "HER2"),
        ("HER-2/neu", "HER2"),
        ("HER2/neu", "HER2"),
        ("CD274", "PD-L1"),
        ("PDL1", "PD-L1"),
        ("B7-H1", "PD-L1"),
        ("ESR1", "ER"),
        ("estrogen receptor", "ER"),
        ("oestrogen receptor", "ER"),
        ("PGR", "PR"),
        ("PgR", "PR"),
        ("progesterone receptor", "PR"),
        ("NTRK1", "NTRK"),
        ("NTRK2", "NTRK"),
        ("NTRK3", "NTRK"),
        ("TRKA", "NTRK"),
        ("c-Met", "MET"),
        ("B-RAF", "BRAF"),
        ("K-RAS", "KRAS"),
        ("ERBB1", "EGFR"),
        ("HER1", "EGFR"),
        ("EBV-DNA", "EBV DNA"),
        ("Epstein-Barr virus DNA", "EBV DNA"),
        ("alpha-fetoprotein", "AFP"),
        ("Ki67", "Ki-67"),
        ("tumor mutational burden", "TMB"),
        ("microsatellite instability", "MSI"),
    ],
)
def test_aliases_read_as_their_canonical_marker(alias: str, marker: str) -> None:
    assert one(f"{alias} positive").marker == marker


def test_case_spacing_and_punctuation_do_not_matter() -> None:
    expected = one("PD-L1 TPS 60%")
    for variant in ["pd-l1 tps 60%", "PD L1  TPS: 60 %", "PDL1 TPS=60%", "pd-l1 (tps 60%)"]:
        assert one(variant) == expected


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("EGFR阳性", "EGFR positive"),
        ("EGFR 19外显子缺失", "EGFR exon 19 deletion"),
        ("KRAS野生型", "KRAS negative"),
        ("雌激素受体阳性", "ER positive"),
        ("EB病毒DNA 1500 拷贝/mL", "EBV DNA 1500 copies/mL"),
        ("微卫星稳定", "MSS"),
    ],
)
def test_common_chinese_report_terms_are_read(text: str, label: str) -> None:
    assert one(text).label == label


# -- numbers and thresholds ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "status", "alteration", "value", "unit"),
    [
        ("PD-L1 TPS 60%", "positive", "high", 60.0, "TPS %"),
        ("PD-L1 60%", "positive", "high", 60.0, "TPS %"),
        ("PD-L1 60", "positive", "high", 60.0, "TPS %"),
        ("PD-L1 60% TPS", "positive", "high", 60.0, "TPS %"),
        ("PD-L1 TPS 50%", "positive", "high", 50.0, "TPS %"),
        ("PD-L1 TPS 49%", "positive", "low", 49.0, "TPS %"),
        ("PD-L1 TPS 1%", "positive", "low", 1.0, "TPS %"),
        ("PD-L1 TPS 0.5%", "negative", None, 0.5, "TPS %"),
        ("PD-L1 CPS 10", "positive", "high", 10.0, "CPS"),
        ("PD-L1 CPS 9", "positive", "low", 9.0, "CPS"),
        ("PD-L1 CPS 0", "negative", None, 0.0, "CPS"),
        ("PD-L1 TC 50%", "positive", "high", 50.0, "TC %"),
        ("PD-L1 IC 5%", "positive", "low", 5.0, "IC %"),
        ("PD-L1 ≥50%", "positive", "high", None, "TPS %"),
        ("PD-L1 >=50%", "positive", "high", None, "TPS %"),
        ("PD-L1 <1%", "negative", None, None, "TPS %"),
        ("PD-L1 1-49%", "positive", "low", None, "TPS %"),
        ("PD-L1 ≥1%", "positive", None, None, "TPS %"),
        ("PD-L1 high", "positive", "high", None, None),
        ("PD-L1 CPS high", "positive", "high", None, "CPS"),
        ("TMB 12 mut/Mb", "positive", "high", 12.0, "mut/Mb"),
        ("TMB 10 mutations/Mb", "positive", "high", 10.0, "mut/Mb"),
        ("TMB 9.9", "negative", "low", 9.9, "mut/Mb"),
        ("TMB 12mut/Mb", "positive", "high", 12.0, "mut/Mb"),
        ("TMB-high", "positive", "high", None, None),
        ("TMB-H", "positive", "high", None, None),
        ("TMB ≥10 mut/Mb", "positive", "high", None, None),
        ("AFP 20 ng/mL", "positive", None, 20.0, "ng/mL"),
        ("AFP 19 ng/mL", "negative", None, 19.0, "ng/mL"),
        ("AFP 400 μg/L", "positive", None, 400.0, "ng/mL"),
        ("EBV DNA 0 copies/mL", "negative", None, 0.0, "copies/mL"),
        ("EBV DNA 1.5\u00d710³ copies/mL", "positive", None, 1500.0, "copies/mL"),
        ("EBV DNA 2x10^4 copies/mL", "positive", None, 20000.0, "copies/mL"),
        ("ER 1%", "positive", "low", 1.0, "%"),
        ("ER 0.5%", "negative", None, 0.5, "%"),
        ("ER 10%", "positive", None, 10.0, "%"),
        ("Ki-67 15%", "negative", "low", 15.0, "%"),
    ],
)
def test_numbers_are_read_with_their_unit_and_threshold(
    text: str, status: str, alteration: str | None, value: float | None, unit: str | None
) -> None:
    result = one(text)
    assert (result.status, result.alteration, result.value, result.unit) == (
        status,
        alteration,
        value,
        unit,
    )


def test_one_item_may_give_several_pd_l1_scores() -> None:
    found = parse_biomarkers(["PD-L1 TPS 60%, CPS 70"])
    assert {(b.unit, b.value) for b in found} == {("TPS %", 60.0), ("CPS", 70.0)}


@pytest.mark.parametrize(
    "text",
    [
        "PD-L1 TPS 150%",
        "PD-L1 <50%",
        "PD-L1 60% negative",
        "PD-L1 high 10%",
        "TMB 12 ng/mL",
        "AFP 1e999 ng/mL",
        "EGFR 12",
    ],
)
def test_numbers_that_are_out_of_range_ambiguous_or_contradicted_are_refused(text: str) -> None:
    error = refused([text])
    assert error.value == text


# -- HER2 scoring ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "status", "alteration"),
    [
        ("HER2 0", "negative", "0"),
        ("HER2 IHC 0", "negative", "0"),
        ("HER2 1+", "negative", "1+"),
        ("HER2 2+", "equivocal", "2+"),
        ("HER2 2+ FISH+", "positive", "2+ FISH+"),
        ("HER2 IHC 2+, FISH amplified", "positive", "2+ FISH+"),
        ("HER2 2+ FISH negative", "negative", "2+ FISH-"),
        ("HER2 3+", "positive", "3+"),
        ("HER2 (+++)", "positive", "3+"),
        ("HER2-low", "negative", "low"),
        ("HER2 FISH positive", "positive", "amplification"),
        ("HER2 not amplified", "negative", "amplification"),
        ("HER2-", "negative", None),
        ("HER2 equivocal", "equivocal", None),
    ],
)
def test_her2_ihc_scores_and_ish_results_set_the_status(
    text: str, status: str, alteration: str | None
) -> None:
    result = one(text)
    assert (result.status, result.alteration) == (status, alteration)


def test_her2_score_contradicting_a_status_word_is_refused() -> None:
    refused(["HER2 3+ negative"])
    refused(["HER2 1+ positive"])


# -- several markers in one item, fusions ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("ER+/PR+/HER2-", ["HER2 negative", "ER positive", "PR positive"]),
        ("ER/PR positive", ["ER positive", "PR positive"]),
        ("KRAS/NRAS/BRAF wild type", ["BRAF negative", "KRAS negative", "NRAS negative"]),
        ("EGFR L858R, KRAS wild type", ["EGFR L858R", "KRAS negative"]),
        ("EGFR L858R and KRAS G12C", ["EGFR L858R", "KRAS G12C"]),
        ("MSI-H, dMMR", ["MSI-H", "dMMR"]),
        ("EGFR L858R/T790M", ["EGFR L858R", "EGFR T790M"]),
    ],
)
def test_an_item_naming_several_markers_is_split(text: str, labels: list[str]) -> None:
    assert [b.label for b in parse_biomarkers([text])] == labels


@pytest.mark.parametrize(
    "text", ["EML4-ALK", "EML4::ALK", "EML4 :: ALK", "ALK fusion", "ALK rearrangement"]
)
def test_eml4_alk_in_any_spelling_is_an_alk_fusion(text: str) -> None:
    assert summary(one(text)) == ("ALK", "positive", "fusion", None, None)


@pytest.mark.parametrize("text", ["L858R", "p.Leu858Arg", "exon 19 deletion", "19del", "T790M"])
def test_an_egfr_specific_variant_names_egfr_by_itself(text: str) -> None:
    assert one(text).marker == "EGFR"


@pytest.mark.parametrize(
    ("text", "marker"), [("V600E", "BRAF"), ("G12C", "KRAS"), ("R132H", "IDH1")]
)
def test_a_marker_specific_variant_names_its_marker(text: str, marker: str) -> None:
    assert one(text).marker == marker


def test_a_variant_beside_another_gene_belongs_to_that_gene() -> None:
    assert one("NRAS G12C").marker == "NRAS"


# -- generic CIViC genes ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("CDK4 amplification", "CDK4 amplification"),
        ("TP53 R273H", "TP53 R273H"),
        ("BCR-ABL1", "ABL1 fusion"),
        ("PTEN loss", "PTEN loss"),
        ("HLA-A positive", "HLA-A positive"),
    ],
)
def test_civic_genes_outside_the_table_are_generic_markers_without_flags(
    text: str, label: str
) -> None:
    result = one(text)
    assert result.label == label
    assert not (
        result.targeted_actionable or result.immunotherapy_actionable or result.endocrine_actionable
    )


def test_esr1_mutation_is_an_er_alteration() -> None:
    result = one("ESR1 Y537S")
    assert summary(result) == ("ER", "positive", "Y537S", None, None)
    assert not result.targeted_actionable


# -- actionability ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "targeted", "immunotherapy", "endocrine"),
    [
        ("EGFR L858R", True, False, False),
        ("EGFR exon 19 deletion", True, False, False),
        ("EGFR T790M", True, False, False),
        ("EGFR exon 20 insertion", True, False, False),
        ("EGFR positive", True, False, False),
        ("EGFR C797S", False, False, False),
        ("EGFR wild type", False, False, False),
        ("EML4-ALK", True, False, False),
        ("ROS1 fusion", True, False, False),
        ("BRAF V600E", True, False, False),
        ("BRAF V600K", True, False, False),
        ("BRAF G469A", False, False, False),
        ("BRAF mutation", False, False, False),
        ("KRAS G12C", True, False, False),
        ("KRAS G12D", False, False, False),
        ("KRAS mutation", False, False, False),
        ("HER2 3+", True, False, False),
        ("HER2 2+ FISH+", True, False, False),
        ("HER2 amplification", True, False, False),
        ("HER2 exon 20 insertion", True, False, False),
        ("HER2 2+", False, False, False),
        ("HER2 1+", False, False, False),
        ("HER2-low", False, False, False),
        ("BRCA1 pathogenic variant", True, False, False),
        ("BRCA2 c.5946delT", True, False, False),
        ("BRCA1 VUS", False, False, False),
        ("NTRK fusion", True, False, False),
        ("NTRK1 G595R", False, False, False),
        ("RET fusion", True, False, False),
        ("RET M918T", True, False, False),
        ("MET exon 14 skipping", True, False, False),
        ("MET amplification", True, False, False),
        ("MET overexpression", False, False, False),
        ("PIK3CA H1047R", True, False, False),
        ("PIK3CA amplification", False, False, False),
        ("IDH1 R132H", True, False, False),
        ("IDH2 R140Q", True, False, False),
        ("FGFR2 fusion", True, False, False),
        ("FGFR2 amplification", False, False, False),
        ("FGFR3 S249C", True, False, False),
        ("FGFR3-TACC3", True, False, False),
        ("PD-L1 TPS 60%", False, True, False),
        ("PD-L1 TPS 10%", False, True, False),
        ("PD-L1 CPS 5", False, True, False),
        ("PD-L1 TPS 0%", False, False, False),
        ("MSI-H", False, True, False),
        ("dMMR", False, True, False),
        ("MSS", False, False, False),
        ("pMMR", False, False, False),
        ("TMB 12 mut/Mb", False, True, False),
        ("TMB-high", False, True, False),
        ("TMB 5 mut/Mb", False, False, False),
        ("ER positive", False, False, True),
        ("ER 5%", False, False, True),
        ("ER negative", False, False, False),
        ("PR positive", False, False, True),
        ("EBV DNA 1500 copies/mL", False, False, False),
        ("AFP 400 ng/mL", False, False, False),
        ("Ki-67 40%", False, False, False),
    ],
)
def test_actionability_flags_follow_the_table(
    text: str, targeted: bool, immunotherapy: bool, endocrine: bool
) -> None:
    result = one(text)
    assert (
        result.targeted_actionable,
        result.immunotherapy_actionable,
        result.endocrine_actionable,
    ) == (targeted, immunotherapy, endocrine)


# -- contradictions --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "items",
    [
        ["EGFR positive", "EGFR negative"],
        ["EGFR L858R", "EGFR wild type"],
        ["EGFR L858R", "EGFR L858R negative"],
        ["HER2 3+", "HER2 1+"],
        ["HER2 negative", "HER2 amplified"],
        ["MSI-H", "MSS"],
        ["TMB 12 mut/Mb", "TMB low"],
        ["PD-L1 negative", "PD-L1 TPS 60%"],
        ["ER negative", "ER 80%"],
    ],
)
def test_a_marker_reported_positive_and_negative_is_refused_by_name(items: list[str]) -> None:
    error = refused(items)
    marker = one(items[0]).marker
    assert error.field == "biomarkers"
    assert error.value == marker
    assert marker in str(error)


def test_contradictions_do_not_depend_on_the_form_of_input() -> None:
    refused({"EGFR": ["positive", "negative"]})
    refused(["EGFR+", "EGFR-"])


@pytest.mark.parametrize(
    "items",
    [
        ["EGFR L858R", "EGFR T790M negative"],
        ["MSI-H", "pMMR"],
        ["HER2 negative", "ERBB2 S310F"],
        ["HER2 2+", "HER2 FISH positive"],
        ["PD-L1 TPS 0%", "PD-L1 CPS 5"],
        ["TMB 12 mut/Mb", "TMB 15 mut/Mb"],
    ],
)
def test_different_findings_of_one_marker_are_not_contradictions(items: list[str]) -> None:
    assert len(parse_biomarkers(items)) == len(items)


def test_duplicates_are_merged() -> None:
    assert parse_biomarkers(["EGFR L858R", "egfr l858r", "EGFR p.L858R"]) == (one("EGFR L858R"),)
    assert parse_biomarkers(["EML4-ALK", "ALK fusion"]) == (one("ALK fusion"),)


# -- refusals --------------------------------------------------------------------------------


def test_an_unknown_marker_is_refused_with_close_matches() -> None:
    error = refused(["EGRF L858R"])
    assert error.field == "biomarkers"
    assert error.value == "EGRF L858R"
    assert "EGFR" in error.suggestions


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [
        ("PD-1 positive", "PD-L1"),
        ("TBM high", "TMB"),
        ("BRAFF V600E", "BRAF"),
        ("AFT 400", "AFP"),
        ("EGFR exon 19 delation", "EGFR exon 19 deletion"),
        ("KRAS wildtipe", "KRAS wild type"),
    ],
)
def test_misspellings_suggest_what_was_meant(text: str, suggestion: str) -> None:
    assert suggestion in refused([text]).suggestions


@pytest.mark.parametrize(
    ("text", "options"),
    [
        ("BRCA mutation", ("BRCA1", "BRCA2")),
        ("BRCA1/2 pathogenic variant", ("BRCA1", "BRCA2")),
        ("IDH mutation", ("IDH1", "IDH2")),
        ("HR+", ("ER", "PR")),
        ("MMR positive", ("dMMR", "pMMR")),
    ],
)
def test_an_ambiguous_name_is_refused_with_the_choices(text: str, options: tuple[str, ...]) -> None:
    assert refused([text]).suggestions == options


@pytest.mark.parametrize(
    "text",
    [
        "EGFR",
        "EGFR banana",
        "EGFR positive negative",
        "EGFR unknown L858R",
        "BRCA1 variant",
        "foo bar",
        "+",
        "",
        "   ",
        "x" * 1000,
        "EGFR L858R KRAS G12C",
    ],
)
def test_text_that_cannot_be_read_is_refused_naming_the_item(text: str) -> None:
    error = refused([text])
    assert error.field == "biomarkers"
    assert error.value == text


@pytest.mark.parametrize(
    ("value", "offending"),
    [
        ([None], None),
        ([12], 12),
        ([["EGFR L858R"]], ["EGFR L858R"]),
        ({"EGFR": {"nested": "junk"}}, {"EGFR": {"nested": "junk"}}),
        ({3: "positive"}, {3: "positive"}),
        ({"": "positive"}, {"": "positive"}),
        ({"TMB": float("nan")}, None),
        ({"TMB": float("inf")}, None),
        ({"PD-L1": 10**400}, None),
    ],
)
def test_items_of_the_wrong_type_are_refused_naming_the_item(
    value: object, offending: object
) -> None:
    error = refused(value)
    assert error.field == "biomarkers"
    if offending is not None:
        assert error.value == offending


@pytest.mark.parametrize("value", ["EGFR L858R", b"EGFR", 5, 2.5, True, object()])
def test_a_field_that_is_not_a_mapping_or_a_list_is_refused(value: object) -> None:
    assert refused(value).field == "biomarkers"


def test_every_bad_item_is_reported_in_one_error() -> None:
    error = refused(["EGFR L858R", "EGRF", "foo", None, "KRAS G12C"])
    assert [problem.value for problem in error.problems] == ["EGRF", "foo", None]


def test_errors_never_print_more_than_a_short_excerpt_of_a_huge_item() -> None:
    error = refused(["EGFR " + "L858R " * 10_000])
    assert len(str(error)) < 1_000


# -- labels, order and idempotence -----------------------------------------------------------


EXAMPLES = [
    "EGFR L858R",
    "EGFR exon 19 deletion",
    "EGFR T790M negative",
    "EGFR E746_A750del",
    "EGFR wild type",
    "EML4-ALK",
    "ALK negative",
    "ROS1 fusion negative",
    "BRAF V600E",
    "BRAF V600",
    "KRAS G12C",
    "KRAS G13D",
    "HER2 2+ FISH+",
    "HER2 2+ FISH-",
    "HER2 1+",
    "HER2 equivocal",
    "HER2 amplification negative",
    "BRCA1 c.5266dupC",
    "BRCA2 Q1756Pfs*74",
    "BRCA2 VUS",
    "NTRK fusion",
    "RET fusion",
    "MET exon 14 skipping",
    "PIK3CA E545K",
    "IDH1 R132H",
    "IDH2 mutation",
    "FGFR2 fusion",
    "FGFR3 S249C",
    "PD-L1 TPS 60%",
    "PD-L1 TPS 0.5%",
    "PD-L1 CPS 10",
    "PD-L1 ≥1%",
    "PD-L1 CPS high",
    "PD-L1 low",
    "PD-L1 positive",
    "MSI-H",
    "MSI-L",
    "pMMR",
    "TMB 1e-05 mut/Mb",
    "TMB 12.25 mut/Mb",
    "TMB low",
    "ER 90%",
    "ER low",
    "PR negative",
    "Ki-67 30%",
    "EBV DNA 1500 copies/mL",
    "EBV DNA 20 IU/mL",
    "EBV DNA negative",
    "AFP 400 ng/mL",
    "AFP positive",
    "CDK4 amplification",
    "TP53 R273H",
    "ESR1 Y537S",
]


@pytest.mark.parametrize("text", EXAMPLES)
def test_a_label_reads_back_as_the_same_biomarker(text: str) -> None:
    for result in parse_biomarkers([text]):
        assert parse_biomarkers([result.label]) == (result,)
        assert str(result) == result.label


def test_every_alteration_and_example_of_the_table_reads_back_from_its_label() -> None:
    for name, entry in MARKERS.items():
        texts = [f"{name} {example}" for example in entry["examples"]]
        texts += [f"{name} {alteration['name']}" for alteration in entry.get("alterations", [])]
        for text in texts:
            for result in parse_biomarkers([text]):
                assert result.marker == name, text
                assert parse_biomarkers([result.label]) == (result,), text


def test_output_is_in_table_order_then_generic_markers_by_name() -> None:
    found = parse_biomarkers(["TP53 R273H", "AFP 400", "CDK4 amplification", "EGFR L858R"])
    assert [b.marker for b in found] == ["EGFR", "AFP", "CDK4", "TP53"]


def test_marker_names_lists_the_table_in_order() -> None:
    names = marker_names()
    assert names == tuple(MARKERS)
    required = {"EGFR", "ALK", "ROS1", "BRAF", "KRAS", "HER2", "BRCA1", "BRCA2", "NTRK"}
    required |= {"RET", "MET", "PIK3CA", "IDH1", "IDH2", "FGFR2", "FGFR3", "PD-L1", "MSI"}
    required |= {"TMB", "ER", "PR", "EBV DNA", "AFP"}
    assert required <= set(names)


def test_biomarkers_are_frozen_values() -> None:
    result = one("EGFR L858R")
    with pytest.raises(AttributeError):
        result.status = "negative"  # type: ignore[misc]
    assert hash(result) == hash(one("EGFR p.L858R"))


VALID_ITEMS = st.sampled_from(EXAMPLES) | st.builds(
    "{} {}".format,
    st.sampled_from(["PD-L1 TPS", "PD-L1 CPS", "TMB", "AFP", "EBV DNA", "ER", "Ki-67"]),
    st.floats(0, 100, allow_nan=False).map(lambda value: f"{value:g}"),
)


def parsed_or_skipped(items: list[str]) -> tuple[Biomarker, ...]:
    try:
        return parse_biomarkers(items)
    except ProfileError:
        assume(False)
        raise


@given(st.lists(VALID_ITEMS, max_size=6))
def test_parsing_the_labels_of_a_result_changes_nothing(items: list[str]) -> None:
    first = parsed_or_skipped(items)
    assert parse_biomarkers([b.label for b in first]) == first
    assert parse_biomarkers(list(first)) == first


@given(st.lists(VALID_ITEMS, max_size=6), st.randoms(use_true_random=False))
def test_output_does_not_depend_on_input_order(items: list[str], random: Any) -> None:
    first = parsed_or_skipped(items)
    shuffled = list(items)
    random.shuffle(shuffled)
    assert parse_biomarkers(shuffled) == first
    assert parse_biomarkers(tuple(reversed(items))) == first


@given(json_like())
def test_any_json_like_value_gives_biomarkers_or_a_profile_error(value: Any) -> None:
    try:
        result = parse_biomarkers(value)
    except ProfileError as error:
        assert error.field == "biomarkers"
    else:
        assert isinstance(result, tuple)
        assert all(isinstance(b, Biomarker) for b in result)


MARKER_WORDS = st.sampled_from(
    [*MARKERS, "HER-2/neu", "ERBB2", "MMR", "BRCA", "EML4", "TP53", "NRAS", "pd l1", "EBV"]
)
RESULT_WORDS = st.sampled_from(
    [
        "positive", "negative", "+", "-", "L858R", "fusion", "3+", "2+", "FISH+", "TPS", "CPS",
        "60%", "<1%", "≥50%", "1-49%", "high", "low", "wild type", "not tested", "/", ",",
        "exon 19", "deletion", "mut/Mb", "ng/mL", "copies/mL", "\u00d710³", "VUS", "阳性", "::",
    ]
)  # fmt: skip


@given(
    st.lists(
        st.lists(MARKER_WORDS | RESULT_WORDS | st.text(max_size=6), min_size=1, max_size=6).map(
            " ".join
        ),
        max_size=4,
    )
)
def test_near_miss_text_gives_biomarkers_or_a_profile_error(items: list[str]) -> None:
    try:
        result = parse_biomarkers(items)
    except ProfileError as error:
        assert error.field == "biomarkers"
        assert error.problems
    else:
        assert parse_biomarkers([b.label for b in result]) == result


@given(st.dictionaries(MARKER_WORDS, json_like(max_leaves=4), max_size=4))
def test_mappings_with_any_values_give_biomarkers_or_a_profile_error(value: Any) -> None:
    try:
        parse_biomarkers(value)
    except ProfileError as error:
        assert error.field == "biomarkers"


# -- the table and its sources ---------------------------------------------------------------


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def sources() -> Iterator[tuple[str, dict[str, str]]]:
    for name, entry in MARKERS.items():
        for source in entry["sources"]:
            yield name, source


def test_every_marker_has_a_rationale_and_sourced_quotes() -> None:
    for name, entry in MARKERS.items():
        assert entry["rationale"].strip(), name
        assert entry["sources"], name
        for source in entry["sources"]:
            assert source["ref"].strip() and source["quote"].strip(), name
            if source["kind"] == "url":
                assert source["ref"].startswith(("http://", "https://")), name


def test_every_actionable_marker_cites_a_source_beyond_its_own_rationale() -> None:
    for entry in MARKERS.values():
        flagged = any(
            entry[key] is not None
            for key in (
                "targeted_actionable_when",
                "immunotherapy_actionable_when",
                "endocrine_actionable_when",
            )
        )
        if flagged:
            assert any(source["kind"] in ("url", "civic", "seed") for source in entry["sources"])


def civic_definitions(shared: Path) -> dict[str, dict[str, str]]:
    with (shared / "data" / "civic_genes_2025-10-01.tsv").open(encoding="utf-8") as handle:
        return {row["name"]: row for row in csv.DictReader(handle, delimiter="\t")}


def civic_aliases(shared: Path) -> dict[str, set[str]]:
    with (shared / "data" / "civic_gene_symbols_cc0.tsv").open(encoding="utf-8") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return {row["symbol"]: set(filter(None, row["aliases"].split("|"))) for row in rows}


def test_every_seed_quote_is_found_word_for_word_in_its_seed(shared_dir: Path) -> None:
    for name, source in sources():
        if source["kind"] == "seed":
            text = (shared_dir / "seeds" / source["ref"]).read_text("utf-8")
            assert collapse(source["quote"]) in collapse(text), (name, source["quote"])


def test_every_civic_quote_is_found_in_that_genes_civic_definition(shared_dir: Path) -> None:
    definitions = civic_definitions(shared_dir)
    for name, source in sources():
        if source["kind"] == "civic":
            match = re.fullmatch(r"CIViC genes export 2025-10-01, gene (\S+)", source["ref"])
            assert match, (name, source["ref"])
            definition = definitions[match[1]]["definition"]
            assert collapse(source["quote"]) in collapse(definition), (name, source["quote"])


def test_civic_aliases_are_copied_from_civic(shared_dir: Path) -> None:
    aliases = civic_aliases(shared_dir)
    definitions = civic_definitions(shared_dir)
    for name, entry in MARKERS.items():
        genes = [entry["gene"]] if entry["gene"] else []
        if name == "NTRK":
            genes = ["NTRK1", "NTRK2", "NTRK3"]
        known = set(genes)
        for gene in genes:
            known |= aliases.get(gene, set())
        if name in definitions:
            known |= set(filter(None, definitions[name]["synonyms"].split("|")))
        for alias in entry["civic_aliases"]:
            assert alias in known, (name, alias)


def test_no_alias_is_another_genes_civic_symbol(shared_dir: Path) -> None:
    symbols = {symbol.casefold(): symbol for symbol in civic_aliases(shared_dir)}
    own = {"NTRK": {"NTRK1", "NTRK2", "NTRK3"}}
    for name, entry in MARKERS.items():
        mine = own.get(name, {entry["gene"] or name})
        for alias in [*entry["aliases"], *entry["civic_aliases"]]:
            symbol = symbols.get(alias.casefold())
            assert symbol is None or symbol in mine, (name, alias, symbol)


def test_no_alias_names_two_markers() -> None:
    seen: dict[str, str] = {}
    for name, entry in MARKERS.items():
        for alias in {name, *entry["aliases"], *entry["civic_aliases"]}:
            key = re.sub(r"[\W_]+", "", alias.casefold())
            assert seen.setdefault(key, name) == name, (alias, seen[key], name)
    for ambiguous in TABLE["ambiguous"]:
        key = re.sub(r"[\W_]+", "", ambiguous["alias"].casefold())
        assert key not in seen, ambiguous["alias"]


def test_result_words_are_not_read_as_gene_symbols() -> None:
    words = ["positive", "negative", "wild type", "fusion", "amplification", "mutation", "high"]
    words += ["low", "loss", "deletion", "detected", "pending", "status", "expression", "exon"]
    for word in words:
        with pytest.raises(ProfileError):
            parse_biomarkers([word])


def test_the_table_declares_its_kind_and_schema_version() -> None:
    assert TABLE["kind"] == "matcher.biomarkers"
    assert TABLE["schema_version"] == 1
    symbols = json.loads((files("matcher") / "data" / "civic_gene_symbols.json").read_text("utf-8"))
    assert symbols["kind"] == "matcher.civic_gene_symbols"
    assert symbols["licence"].startswith("CC0")


@pytest.mark.parametrize("cancer", ["NSCLC", "BRCA", "COADREAD", "MEL", "AML", "LUNG"])
def test_results_are_matched_to_the_rows_that_name_their_marker_as_a_scan_would(
    cancer: str,
) -> None:
    from matcher.profile._biomarkers._actionability import _applies, _table, actionability
    from matcher.profile._ontology import default_ontology

    cancer_type = default_ontology().get(cancer)
    texts = ["EGFR L858R", "ALK fusion", "BRAF V600E", "HER2 3+", "KRAS G12C", "PD-L1 TPS 60%"]
    texts += ["MSI-H", "TMB 12 mut/Mb", "ER positive", "FGFR2 fusion", "IDH1 R132H", "Ki-67 40%"]
    markers = parse_biomarkers(texts)
    table = _table()
    expected = []
    for biomarker in markers:  # every row of the table looked at, as before the index
        rows = [row for row in table.rows if row.covers(biomarker)]
        if rows:
            here = sorted((r for r in rows if _applies(r, cancer_type)), key=lambda r: r.tier)
            best = here[0] if here else min(rows, key=lambda r: r.tier)
            expected.append((biomarker, best.tier if here else "3", best.therapy, best.treatment))
    found = [
        (f.biomarker, f.tier, f.therapy, f.treatment) for f in actionability(cancer_type, markers)
    ]
    assert found == expected
    assert len(found) >= 8
