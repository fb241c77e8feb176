"""Variants as laboratories write them, HER2 classes, the new markers, and tiered actionability."""

from __future__ import annotations

import contextlib
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import matcher
from matcher import ProfileError
from matcher.common._manifest import read_verified
from matcher.profile._biomarkers import (
    actionability,
    her2_class,
    parse_biomarkers,
    tier_meanings,
    variant_of,
)
from matcher.profile._ontology import default_ontology
from tests.strategies import variant_texts


def _labels(value: Any) -> list[str]:
    return [biomarker.label for biomarker in parse_biomarkers(value)]


def _one(text: str) -> Any:
    (biomarker,) = parse_biomarkers([text])
    return biomarker


# --- HGVS, exon events, fusions, copy number -------------------------------------------------


@pytest.mark.parametrize(
    ("value", "label"),
    [
        ({"BRAF": "NM_004333.6:c.1799T>A"}, "BRAF V600E"),
        (["BRAF c.1799T>A"], "BRAF V600E"),
        ({"BRAF": "p.Val600Glu"}, "BRAF V600E"),
        ({"BRAF": "p.(Val600Glu)"}, "BRAF V600E"),
        (["BRAF:p.V600E"], "BRAF V600E"),
        (["BRAF V600E"], "BRAF V600E"),
        (["KRAS NM_004985.5:c.34G>T"], "KRAS G12C"),
        (["EGFR exon 19 deletion"], "EGFR exon 19 deletion"),
        (["EGFR ex20ins"], "EGFR exon 20 insertion"),
        (["EGFR p.E746_A750del"], "EGFR E746_A750del"),
        (["EML4::ALK"], "ALK fusion"),
        (["EML4-ALK"], "ALK fusion"),
        (["ALK rearrangement"], "ALK fusion"),
        (["ERBB2 amplification"], "HER2 amplification"),
        (["MET amp"], "MET amplification"),
    ],
)
def test_hgvs_and_event_forms_read_as_one_canonical_result(value: Any, label: str) -> None:
    assert _labels(value) == [label]


def test_a_cdna_change_without_a_sourced_hotspot_is_kept_not_guessed() -> None:
    # c.2573T>G is the usual spelling of EGFR L858R, but no sourced row says so: never guessed.
    egfr = _one("EGFR NM_005228.5:c.2573T>G")
    assert egfr.alteration == "c.2573T>G"
    variant = variant_of(egfr)
    assert variant is not None
    assert (variant.kind, variant.effect_established) == ("cdna", False)


def test_a_genomic_change_keeps_its_locus_off_and_its_effect_unknown() -> None:
    braf = _one("BRAF chr7:g.140753336A>T")
    assert braf.alteration == "g.140753336A>T"
    variant = variant_of(braf)
    assert variant is not None and variant.kind == "genomic" and not variant.effect_established


def test_every_hotspot_quote_names_its_cdna_change() -> None:
    table = json.loads(read_verified("biomarkers.json"))
    hotspots = [(m["marker"], h) for m in table["markers"] for h in m.get("cdna_hotspots", ())]
    assert len(hotspots) >= 2
    for _, hotspot in hotspots:
        assert hotspot["cdna"] in hotspot["source"]["quote"]
        assert hotspot["source"]["ref"].startswith("https://")


@pytest.mark.parametrize(
    ("text", "kind", "detail"),
    [
        ("EGFR exon 19 deletion", "exon", 19),
        ("BRAF V600E", "protein change", "V600E"),
        ("EML4-ALK", "fusion", None),
        ("MET amplification", "amplification", None),
        ("FLT3-ITD", "other", None),
    ],
)
def test_a_gene_result_reads_as_a_structured_variant(text: str, kind: str, detail: Any) -> None:
    variant = variant_of(_one(text))
    assert variant is not None and variant.kind == kind
    assert detail in (None, variant.exon, variant.protein_change)


def test_staining_scores_and_protein_levels_are_not_variants() -> None:
    assert variant_of(_one("HER2 IHC 3+")) is None
    assert variant_of(_one("PD-L1 TPS 60%")) is None
    assert variant_of(_one("HER2 amplification")) is not None


def test_her2_gene_is_erbb2_in_the_variant() -> None:
    variant = variant_of(_one("HER2 exon 20 insertion"))
    assert variant is not None and (variant.gene, variant.exon) == ("ERBB2", 20)


@given(variant_texts())
def test_variant_strings_raise_nothing_but_profile_error(text: str) -> None:
    with contextlib.suppress(ProfileError):
        parse_biomarkers([text])


@given(variant_texts())
def test_reading_the_labels_of_a_variant_result_gives_the_same_result(text: str) -> None:
    try:
        first = parse_biomarkers([text])
    except ProfileError:
        return
    assert parse_biomarkers([b.label for b in first]) == first


@given(st.sampled_from(("BRAF", "EGFR", "TP53")), st.text(max_size=40))
def test_any_text_after_a_gene_raises_nothing_but_profile_error(gene: str, text: str) -> None:
    with contextlib.suppress(ProfileError):
        parse_biomarkers({gene: text})


# --- HER2 -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("HER2 IHC 3+", "positive"),
        ("HER2 IHC 2+ ISH+", "positive"),
        ("HER2 IHC 2+, ISH negative", "low"),
        ("HER2 IHC 1+", "low"),
        ("HER2-low", "low"),
        ("HER2 IHC 0 with membrane staining", "ultralow"),
        ("HER2 ultralow", "ultralow"),
        ("HER2 IHC 0", "negative"),
        ("HER2 IHC 2+", "equivocal"),
    ],
)
def test_her2_reads_as_positive_low_ultralow_or_negative(text: str, expected: str) -> None:
    assert her2_class(_one(text)) == expected


def test_her2_low_stays_negative_for_trastuzumab_and_does_not_contradict_her2_negative() -> None:
    low = _one("HER2 IHC 1+")
    assert (low.status, low.targeted_actionable) == ("negative", False)
    assert [b.marker for b in parse_biomarkers(["ER+/PR+/HER2-", "HER2 IHC 1+"])].count("HER2") == 2


# --- markers and their value forms ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "label", "status"),
    [
        ("PD-L1 TPS 60%", "PD-L1 TPS 60%", "positive"),
        ("PD-L1 CPS 10", "PD-L1 CPS 10", "positive"),
        ("Ki-67 30%", "Ki-67 30%", "positive"),
        ("PSA 12 ng/mL", "PSA 12 ng/mL", "positive"),
        ("PSA 1.2 ng/mL", "PSA 1.2 ng/mL", "negative"),
        ("AFP 400 ng/mL", "AFP 400 ng/mL", "positive"),
        ("CEA 12 ng/mL", "CEA 12 ng/mL", "positive"),
        ("CA-125 300 U/mL", "CA-125 300 U/mL", "positive"),
        ("CA125 20 U/mL", "CA-125 20 U/mL", "negative"),
        ("CA19-9 100 U/mL", "CA19-9 100 U/mL", "positive"),
        ("EBV DNA 1500 copies/mL", "EBV DNA 1500 copies/mL", "positive"),
        ("MGMT methylated", "MGMT methylated", "positive"),
        ("MGMT promoter methylation negative", "MGMT unmethylated", "negative"),
        ("FLT3-ITD", "FLT3 ITD", "positive"),
        ("NPM1 mutation", "NPM1 mutation", "positive"),
        ("BCMA positive", "BCMA positive", "positive"),
        ("CD20 positive", "CD20 positive", "positive"),
        ("HBsAg positive", "HBsAg positive", "positive"),
        ("HBV DNA 2000 IU/mL", "HBV DNA 2000 IU/mL", "positive"),
        ("乙肝表面抗原 阴性", "HBsAg negative", "negative"),
    ],
)
def test_markers_are_read_with_their_value_forms(text: str, label: str, status: str) -> None:
    biomarker = _one(text)
    assert (biomarker.label, biomarker.status) == (label, status)


def test_flt3_is_flagged_for_targeted_therapy_and_serum_markers_are_not() -> None:
    assert _one("FLT3 ITD positive").targeted_actionable
    assert not any(
        b.targeted_actionable for b in parse_biomarkers(["PSA 12", "CEA 9", "HBsAg positive"])
    )


def test_hbv_alone_is_ambiguous_and_names_both_readings() -> None:
    with pytest.raises(ProfileError) as error:
        parse_biomarkers(["HBV positive"])
    assert {"HBsAg", "HBV DNA"} <= set(error.value.suggestions)


# --- actionability ----------------------------------------------------------------------------


def _tiers(cancer: str, texts: list[str]) -> dict[str, str]:
    found = actionability(default_ontology().resolve(cancer), parse_biomarkers(texts))
    return {f.biomarker.label: f.tier for f in found}


@pytest.mark.parametrize(
    ("cancer", "tier"),
    [
        ("melanoma", "1A"),
        ("colorectal cancer", "1A"),
        ("NSCLC", "1B"),
        ("thyroid cancer", "2"),
        ("AML", "3"),
    ],
)
def test_braf_v600e_weighs_by_tumour_type(cancer: str, tier: str) -> None:
    assert _tiers(cancer, ["BRAF V600E"]) == {"BRAF V600E": tier}


def test_colorectal_braf_names_the_combination_not_a_braf_inhibitor_alone() -> None:
    cancer = default_ontology().resolve("colorectal cancer")
    (found,) = actionability(cancer, parse_biomarkers(["BRAF V600E"]))
    assert "cetuximab" in found.treatment
    assert found.evidence[0].url.startswith("https://")


@pytest.mark.parametrize(
    ("cancer", "texts", "expected"),
    [
        ("lung cancer", ["EGFR L858R", "EGFR T790M"], {"EGFR L858R": "1A", "EGFR T790M": "1A"}),
        (
            "NSCLC",
            ["EGFR ex20ins", "ALK fusion"],
            {"EGFR exon 20 insertion": "1A", "ALK fusion": "1A"},
        ),
        ("NSCLC", ["ROS1 fusion", "RET fusion"], {"ROS1 fusion": "1A", "RET fusion": "1A"}),
        ("NSCLC", ["KRAS G12C"], {"KRAS G12C": "1B"}),
        ("colorectal cancer", ["KRAS G12C"], {"KRAS G12C": "1B"}),
        ("breast cancer", ["HER2 3+"], {"HER2 3+": "1A"}),
        ("gastric cancer", ["HER2 3+"], {"HER2 3+": "1A"}),
        ("breast cancer", ["HER2 IHC 1+"], {"HER2 1+": "1A"}),
        ("gastric cancer", ["HER2 IHC 1+"], {"HER2 1+": "3"}),
        ("pancreatic cancer", ["NTRK fusion"], {"NTRK fusion": "2"}),
        ("colorectal cancer", ["MSI-H"], {"MSI-H": "2"}),
        ("ovarian cancer", ["BRCA2 mutation"], {"BRCA2 mutation": "1A"}),
        ("prostate cancer", ["BRCA1 mutation"], {"BRCA1 mutation": "1A"}),
        ("AML", ["IDH1 R132H", "FLT3-ITD"], {"IDH1 R132H": "1A", "FLT3 ITD": "1A"}),
        ("cholangiocarcinoma", ["IDH1 R132C"], {"IDH1 R132C": "1A"}),
        ("NSCLC", ["PD-L1 TPS 60%"], {"PD-L1 TPS 60%": "1A"}),
        ("NSCLC", ["KRAS G12D", "EGFR wild type", "TP53 R273H"], {}),
    ],
)
def test_each_sourced_finding_gets_its_tier(cancer: str, texts: list[str], expected: Any) -> None:
    assert _tiers(cancer, texts) == expected


def test_every_tier_is_defined_and_every_row_quotes_a_source() -> None:
    assert set(tier_meanings()) == {"1A", "1B", "2", "3"}
    table = json.loads(read_verified("actionability.json"))
    sources = {source["id"]: source for source in table["sources"]}
    for row in table["rows"]:
        for item in row["evidence"]:
            source = sources[item["source"]]
            assert source["url"].startswith("http") and source["authority"]
            assert len(item["quote"]) >= 20


def _weights(profile: dict[str, Any]) -> tuple[float, float]:
    recs = matcher.recommend(profile, top_k=1)
    return recs.weights["targeted"], recs.weights["clinical_trial"]


def test_tiers_change_weights_for_the_same_finding_in_different_tumours() -> None:
    melanoma = _weights({"cancer_type": "melanoma", "biomarkers": ["BRAF V600E"]})
    nsclc = _weights({"cancer_type": "NSCLC", "biomarkers": ["BRAF V600E"]})
    leukaemia = _weights({"cancer_type": "AML", "biomarkers": ["BRAF V600E"]})
    assert melanoma[0] > nsclc[0] > leukaemia[0]
    assert leukaemia[1] > melanoma[1]


def test_the_tier_caveat_says_the_tier_and_the_source_but_never_a_profile_value() -> None:
    recs = matcher.recommend(
        {"cancer_type": "NSCLC", "biomarkers": ["PD-L1 TPS 73.917%", "EGFR L858R"]}, top_k=1
    )
    text = " ".join(str(caveat) for caveat in recs.caveats)
    assert "tier 1A" in text and "osimertinib" in text and "https://" in text
    assert "73.917" not in text and "L858R" not in text


def test_her2_low_breast_cancer_carries_the_treatment_target_caveat() -> None:
    recs = matcher.recommend({"cancer_type": "breast cancer", "biomarkers": ["HER2 IHC 1+"]})
    assert any("HER2-low" in str(caveat) for caveat in recs.caveats)
    assert "biomarker.targeted-tier-1a" in {o.rule_id for o in recs.fired_rules if o.fired}


# --- FHIR tumour markers by LOINC -------------------------------------------------------------


def _observation(rid: str, loinc: str, value: dict[str, Any]) -> dict[str, Any]:
    return {
        "resource": {
            "resourceType": "Observation",
            "id": rid,
            "status": "final",
            "code": {"coding": [{"system": "http://loinc.org", "code": loinc}]},
            "effectiveDateTime": "2025-01-01",
            **value,
        }
    }


def _present() -> dict[str, Any]:
    return {
        "valueCodeableConcept": {"coding": [{"system": "http://loinc.org", "code": "LA9633-4"}]}
    }


def test_fhir_tumour_markers_are_read_by_their_sourced_loinc_codes() -> None:
    from tests.test_fhir import EXTENDED, TODAY, _bundle

    bundle = _bundle(EXTENDED)
    bundle["entry"] += [
        _observation("psa", "2857-1", {"valueQuantity": {"value": 12, "unit": "ng/mL"}}),
        _observation("cea", "2039-6", {"valueQuantity": {"value": 2, "unit": "ng/mL"}}),
        _observation("ca125", "10334-1", {"valueQuantity": {"value": 300, "unit": "U/mL"}}),
        _observation("ca199", "24108-3", {"valueQuantity": {"value": 100, "unit": "U/mL"}}),
        _observation("pdl1", "83053-9", {"valueQuantity": {"value": 60, "unit": "%"}}),
        _observation("flt3", "79210-1", _present()),
        _observation("hbsag", "5195-3", _present()),
    ]
    patient = matcher.Patient.from_fhir(bundle, today=TODAY)
    found = {b.label for b in patient.biomarkers}
    assert {
        "PSA 12 ng/mL",
        "CEA 2 ng/mL",
        "CA-125 300 U/mL",
        "CA19-9 100 U/mL",
        "PD-L1 TPS 60%",
        "FLT3 ITD",
        "HBsAg positive",
    } <= found


def test_every_fhir_tumour_marker_code_is_quoted_by_its_source() -> None:
    from matcher.profile.fhir._cancer import table

    rows = table().tumour_markers
    assert len(rows) >= 15
    for row in rows:
        assert row.loinc in row.quote
        assert row.source in table().sources
        sample = "50%" if row.reads_as == "PD-L1 TPS" else "positive"
        assert parse_biomarkers([f"{row.reads_as} {sample}"])  # what it reads as is a marker
