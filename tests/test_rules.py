"""The rule layer: every default rule fires for the patient it is written for, and only then."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import matcher
from matcher import Patient, recommend
from matcher.rules import DEFAULT_RULES, Rule, Weigh
from matcher.rules._conditions import AllOf, AnyOf, HasMarker, Not, StageCategory
from tests.strategies import profiles

#: For each rule, a profile it must fire for and one it must not.
FIRES: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "eligibility.cancer-type-evidence": ({"cancer_type": "NPC"}, {}),
    "eligibility.thin-evidence": ({"cancer_type": "NPC"}, {}),
    "eligibility.adults-not-to-childrens-hospitals": (
        {"cancer_type": "AML", "age": 40},
        {"cancer_type": "AML", "age": 6},
    ),
    "eligibility.children-only-evidence": (
        {"cancer_type": "NHL", "age": 40},
        {"cancer_type": "NHL", "age": 6},
    ),
    "tcm.general-oncology-not-sought": (
        {"cancer_type": "NPC"},
        {"cancer_type": "NPC", "tcm_preference": "prefer"},
    ),
    "particle.centre-needs-type-evidence": ({"cancer_type": "AML"}, {}),
    "fitness.child-general-adult-care": (
        {"cancer_type": "neuroblastoma", "age": 4},
        {"cancer_type": "neuroblastoma", "age": 40},
    ),
    "stage.early-surgery": (
        {"cancer_type": "NSCLC", "stage": "IA"},
        {"cancer_type": "NSCLC", "stage": "IV"},
    ),
    "stage.early-resectable-surgery-first": (
        {"cancer_type": "NSCLC", "stage": "IA"},
        {"cancer_type": "NPC", "stage": "I"},
    ),
    "stage.early-breast-conservation": (
        {"cancer_type": "breast cancer", "stage": "I"},
        {"cancer_type": "NSCLC", "stage": "I"},
    ),
    "stage.early-liver-ablation": (
        {"cancer_type": "HCC", "stage": "I"},
        {"cancer_type": "HCC", "stage": "III"},
    ),
    "stage.locally-advanced-combined": (
        {"cancer_type": "cervical cancer", "stage": "IIIB"},
        {"cancer_type": "cervical cancer", "stage": "I"},
    ),
    "stage.locally-advanced-npc-imrt": (
        {"cancer_type": "NPC", "stage": "III"},
        {"cancer_type": "laryngeal cancer", "stage": "III"},
    ),
    "stage.advanced-systemic": (
        {"cancer_type": "colorectal cancer", "stage": "metastatic"},
        {"cancer_type": "colorectal cancer", "stage": "II"},
    ),
    "stage.advanced-liver-haic": (
        {"cancer_type": "liver cancer", "stage": "IV"},
        {"cancer_type": "pancreatic cancer", "stage": "IV"},
    ),
    "biomarker.actionable-driver": (
        {"cancer_type": "NSCLC", "biomarkers": {"ALK": "fusion"}},
        {"cancer_type": "NSCLC", "biomarkers": {"KRAS": "G12D"}},
    ),
    "biomarker.immunotherapy": (
        {"cancer_type": "colorectal cancer", "biomarkers": ["MSI-H"]},
        {"cancer_type": "colorectal cancer", "biomarkers": ["MSS"]},
    ),
    "biomarker.brca": (
        {"cancer_type": "ovarian cancer", "biomarkers": {"BRCA1": "pathogenic variant"}},
        {"cancer_type": "ovarian cancer", "biomarkers": {"BRCA1": "negative"}},
    ),
    "biomarker.targeted-tier-1a": (
        {"cancer_type": "melanoma", "biomarkers": ["BRAF V600E"]},
        {"cancer_type": "NSCLC", "biomarkers": ["BRAF V600E"]},
    ),
    "biomarker.targeted-tier-1b": (
        {"cancer_type": "NSCLC", "biomarkers": ["BRAF V600E"]},
        {"cancer_type": "colorectal cancer", "biomarkers": ["BRAF V600E"]},
    ),
    "biomarker.targeted-tier-2": (
        {"cancer_type": "thyroid cancer", "biomarkers": ["NTRK fusion"]},
        {"cancer_type": "NSCLC", "biomarkers": ["ALK fusion"]},
    ),
    "biomarker.targeted-tier-3": (
        {"cancer_type": "AML", "biomarkers": ["BRAF V600E"]},
        {"cancer_type": "melanoma", "biomarkers": ["BRAF V600E"]},
    ),
    "biomarker.immunotherapy-approved": (
        {"cancer_type": "colorectal cancer", "biomarkers": ["MSI-H"]},
        {"cancer_type": "colorectal cancer", "biomarkers": ["MSS"]},
    ),
    "biomarker.her2-low": (
        {"cancer_type": "breast cancer", "biomarkers": ["HER2 IHC 2+, ISH negative"]},
        {"cancer_type": "breast cancer", "biomarkers": ["HER2 IHC 0"]},
    ),
    "biomarker.variant-effect-not-established": (
        {"cancer_type": "NSCLC", "biomarkers": {"TP53": "NM_000546.6:c.818G>A"}},
        {"cancer_type": "melanoma", "biomarkers": {"BRAF": "NM_004333.6:c.1799T>A"}},
    ),
    "relapse.car-t": (
        {"cancer_type": "DLBCL", "disease_status": "relapsed_refractory"},
        {"cancer_type": "Hodgkin lymphoma", "disease_status": "relapsed_refractory"},
    ),
    "relapse.recurrent": (
        {"cancer_type": "NSCLC", "disease_status": "recurrent"},
        {"cancer_type": "NSCLC"},
    ),
    "particle.critical-sites-and-children": (
        {"cancer_type": "prostate cancer"},
        {"cancer_type": "breast cancer", "age": 50},
    ),
    "particle.not-for-blood-cancers": ({"cancer_type": "AML"}, {"cancer_type": "NSCLC"}),
    "fitness.poor-performance-status": (
        {"cancer_type": "NSCLC", "ecog": 3},
        {"cancer_type": "NSCLC", "ecog": 2},
    ),
    "fitness.poor-performance-trials": (
        {"cancer_type": "NSCLC", "ecog": 4},
        {"cancer_type": "NSCLC", "ecog": 1},
    ),
    "fitness.poor-performance-chemotherapy": (
        {"cancer_type": "pancreatic cancer", "stage": "IV", "ecog": 3},
        {"cancer_type": "DLBCL", "stage": "IV", "ecog": 4},
    ),
    "fitness.child": (
        {"cancer_type": "neuroblastoma", "age": 4},
        {"cancer_type": "NSCLC", "age": 40},
    ),
    "tcm.avoid": ({"cancer_type": "NSCLC", "tcm_preference": "avoid"}, {"cancer_type": "NSCLC"}),
    "tcm.prefer": ({"cancer_type": "NSCLC", "tcm_preference": "prefer"}, {"cancer_type": "NSCLC"}),
    "tcm.require": (
        {"cancer_type": "NSCLC", "tcm_preference": "require"},
        {"cancer_type": "NSCLC"},
    ),
    "city.only": (
        {"cancer_type": "NSCLC", "cities": ["Beijing"], "city_mode": "only"},
        {"cancer_type": "NSCLC", "cities": ["Beijing"]},
    ),
    "city.prefer": (
        {"cancer_type": "NSCLC", "cities": ["Beijing"]},
        {"cancer_type": "NSCLC", "cities": ["Beijing"], "city_mode": "only"},
    ),
    "preference.international-services": (
        {"cancer_type": "NSCLC", "needs_international_services": True},
        {"cancer_type": "NSCLC"},
    ),
    "preference.clinical-trials": (
        {"cancer_type": "NSCLC", "wants_clinical_trials": True},
        {"cancer_type": "NSCLC"},
    ),
    "preference.therapies-sought": (
        {"cancer_type": "NSCLC", "therapies_sought": ["surgery"]},
        {"cancer_type": "NSCLC"},
    ),
    "language.chinese": (
        {"cancer_type": "NSCLC", "languages": ["普通话", "English"]},
        {"cancer_type": "NSCLC", "languages": ["English"]},
    ),
    "language.prefer": (
        {"cancer_type": "NSCLC", "languages": ["Русский"]},
        {"cancer_type": "NSCLC", "languages": ["zh-Hans", "ru"]},
    ),
    "language.only": (
        {"cancer_type": "NSCLC", "languages": ["en"], "language_mode": "only"},
        {"cancer_type": "NSCLC", "languages": ["en"]},
    ),
    "history.brain-metastases": (
        {"cancer_type": "NSCLC", "stage": "IV", "metastatic_sites": ["brain"]},
        {"cancer_type": "NSCLC", "stage": "IV", "metastatic_sites": ["liver"]},
    ),
    "history.bone-metastases": (
        {"cancer_type": "BRCA", "stage": "IV", "metastatic_sites": ["bone", "liver"]},
        {"cancer_type": "BRCA", "stage": "IV", "metastatic_sites": ["brain"]},
    ),
    "history.after-two-lines": (
        {"cancer_type": "NSCLC", "prior_therapies": {"lines": 2, "therapies": ["chemo"]}},
        {"cancer_type": "NSCLC", "prior_therapies": {"lines": 1}},
    ),
}


def test_every_default_rule_has_a_firing_case() -> None:
    assert {rule.id for rule in DEFAULT_RULES} == set(FIRES)


def test_rule_ids_are_unique() -> None:
    ids = [rule.id for rule in DEFAULT_RULES]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("rule_id", sorted(FIRES))
def test_rule_fires_for_its_patient_and_not_for_the_other(rule_id: str) -> None:
    fires, does_not = FIRES[rule_id]
    outcome = {o.rule_id: o.outcome for o in recommend(fires).rules}
    assert outcome[rule_id] == "met"
    if does_not:
        outcome = {o.rule_id: o.outcome for o in recommend(does_not).rules}
        assert outcome[rule_id] != "met"


@pytest.mark.parametrize("rule", DEFAULT_RULES, ids=lambda rule: rule.id)
def test_a_fired_rules_weight_changes_show_in_the_result(rule: Rule) -> None:
    fires, _ = FIRES[rule.id]
    with_rule = recommend(fires)
    without = recommend(fires, rules=[r for r in DEFAULT_RULES if r.id != rule.id])
    for effect in rule.effects:
        if isinstance(effect, Weigh) and effect.add > 0:
            assert with_rule.weights[effect.feature] > without.weights[effect.feature]
        if isinstance(effect, Weigh) and effect.scale == 0:
            assert with_rule.weights[effect.feature] == 0


def test_an_unknown_stage_makes_stage_rules_unknown_not_met() -> None:
    outcomes = {o.rule_id: o.outcome for o in recommend({"cancer_type": "NSCLC"}).rules}
    assert outcomes["stage.early-surgery"] == "unknown"
    assert outcomes["stage.advanced-systemic"] == "unknown"


def test_untested_biomarkers_are_unknown_and_never_exclude() -> None:
    recs = recommend({"cancer_type": "NSCLC"}, top_k=80)
    outcomes = {o.rule_id: o.outcome for o in recs.rules}
    assert outcomes["biomarker.actionable-driver"] == "unknown"
    assert not any(e.rule_id.startswith("biomarker.") for e in recs.excluded)


def test_three_valued_logic_of_conditions() -> None:
    no_stage = Patient(cancer_type="NSCLC")
    early = Patient(cancer_type="NSCLC", stage="I")
    unknown = StageCategory("early")
    assert unknown.test(no_stage) is None
    assert Not(unknown).test(no_stage) is None
    assert AllOf((unknown, HasMarker("targeted"))).test(early) is None
    assert AnyOf((unknown, StageCategory("advanced"))).test(early) is True
    assert AllOf((StageCategory("advanced"), unknown)).test(no_stage) is None


def test_a_rule_weighing_an_unknown_feature_fails_when_declared() -> None:
    with pytest.raises(ValueError, match="unknown feature"):
        Weigh("surgical_flair", add=1.0)
    with pytest.raises(ValueError):
        Weigh("surgery", add=-1.0)


def test_rules_apply_in_the_declared_order_avoid_after_additions() -> None:
    """TCM avoid zeroes TCM weight even if an earlier rule added to it."""
    order = [rule.id for rule in DEFAULT_RULES]
    assert order.index("tcm.avoid") > order.index("fitness.poor-performance-status")
    recs = recommend({"cancer_type": "NSCLC", "tcm_preference": "avoid", "ecog": 4})
    assert recs.weights["tcm"] == 0


def test_poor_performance_halves_trial_weight_but_asking_for_trials_still_adds_in_full() -> None:
    advanced = {"cancer_type": "NSCLC", "stage": "IV"}  # advanced disease weighs trials
    fit = recommend({**advanced, "ecog": 1}).weights["clinical_trial"]
    frail = recommend({**advanced, "ecog": 3}).weights["clinical_trial"]
    assert fit > 0 and frail == pytest.approx(fit / 2)
    asking = {**advanced, "ecog": 3, "wants_clinical_trials": True}
    assert recommend(asking).weights["clinical_trial"] == pytest.approx(frail + 2.0)


def test_poor_performance_halves_chemotherapy_for_a_solid_tumour_but_asking_adds_in_full() -> None:
    advanced = {"cancer_type": "colorectal cancer", "stage": "IV"}  # weighs chemotherapy
    fit = recommend({**advanced, "ecog": 2}).weights["chemotherapy"]
    frail = recommend({**advanced, "ecog": 4}).weights["chemotherapy"]
    assert fit > 0 and frail == pytest.approx(fit / 2)
    asking = recommend({**advanced, "ecog": 4, "therapies_sought": ["chemotherapy"]})
    assert asking.weights["chemotherapy"] > frail


def test_poor_performance_leaves_chemotherapy_for_a_blood_cancer_as_it_is() -> None:
    lymphoma = {"cancer_type": "DLBCL", "stage": "IV"}
    fit = recommend({**lymphoma, "ecog": 1}).weights["chemotherapy"]
    frail = recommend({**lymphoma, "ecog": 4}).weights["chemotherapy"]
    assert fit > 0 and frail == pytest.approx(fit)


def test_an_unknown_ecog_leaves_the_chemotherapy_rule_unknown_and_the_weight_whole() -> None:
    solid = {"cancer_type": "gastric cancer", "stage": "IV"}
    unknown = recommend(solid)
    outcomes = {o.rule_id: o.outcome for o in unknown.rules}
    assert outcomes["fitness.poor-performance-chemotherapy"] == "unknown"
    assert outcomes["fitness.poor-performance-trials"] == "unknown"
    fit = recommend({**solid, "ecog": 0}).weights["chemotherapy"]
    assert unknown.weights["chemotherapy"] == pytest.approx(fit)


@settings(max_examples=40, deadline=None)
@given(profile=profiles(), frail_ecog=st.integers(3, 4), fit_ecog=st.integers(0, 2))
def test_poor_performance_halves_chemotherapy_exactly_when_the_tumour_is_solid(
    profile: dict[str, Any], frail_ecog: int, fit_ecog: int
) -> None:
    sought = [t for t in profile.get("therapies_sought", []) if t != "chemotherapy"]
    base = {**profile, "therapies_sought": sought}
    fit = recommend({**base, "ecog": fit_ecog}, top_k=1).weights["chemotherapy"]
    frail = recommend({**base, "ecog": frail_ecog}, top_k=1).weights["chemotherapy"]
    solid = not Patient.model_validate(base).cancer_type.is_blood_cancer
    assert frail == pytest.approx(fit / 2 if solid else fit)


def _normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize(
    "rule",
    [r for r in DEFAULT_RULES if r.source is not None and not r.source.where.startswith("http")],
    ids=lambda rule: rule.id,
)
def test_rule_quotes_are_found_verbatim_in_their_seed(rule: Rule, shared_dir: Path) -> None:
    assert rule.source is not None
    seed = (shared_dir / "seeds" / rule.source.where).read_text(encoding="utf-8")
    assert _normalised(rule.source.quote) in _normalised(seed)


def test_adults_are_not_sent_to_childrens_hospitals_but_children_are() -> None:
    adult = recommend({"cancer_type": "AML", "age": 58}, top_k=80)
    child = recommend({"cancer_type": "AML", "age": 6}, top_k=80)
    unknown = recommend({"cancer_type": "AML"}, top_k=80)
    assert all(r.hospital.kind != "children" for r in adult)
    assert any(r.hospital.kind == "children" for r in child)
    assert any(r.hospital.kind == "children" for r in unknown)


def test_an_early_resectable_tumour_leaves_out_particle_centres_without_surgery() -> None:
    recs = recommend({"cancer_type": "NSCLC", "stage": "IA"}, top_k=200)
    reasons = {e.hospital.id: e.rule_id for e in recs.excluded}
    assert reasons.get("shanghai-proton-heavy-ion-center") == "stage.early-resectable-surgery-first"
    sought = recommend(
        {"cancer_type": "NSCLC", "stage": "IA", "therapies_sought": ["proton"]}, top_k=200
    )
    assert "shanghai-proton-heavy-ion-center" in sought.hospital_ids


def test_a_sought_therapy_without_a_source_is_unknown_not_absent() -> None:
    recs = recommend({"cancer_type": "HCC", "therapies_sought": ["haic"]}, top_k=200)
    # Zhongshan Hospital is renowned for liver surgery; no source confirms HAIC there.
    assert "zhongshan-hospital-fudan" in recs.hospital_ids
    zhongshan = recs[recs.hospital_ids.index("zhongshan-hospital-fudan")]
    assert any("not confirmed by our sources" in caveat for caveat in zhongshan.caveats)
    confirmed = [r for r in recs if not any("not confirmed" in c for c in r.caveats)]
    unconfirmed = [r for r in recs if any("not confirmed" in c for c in r.caveats)]
    assert confirmed and unconfirmed


def test_facility_bound_therapies_are_listed_completely_so_no_claim_means_not_offered() -> None:
    recs = recommend({"cancer_type": "NSCLC", "therapies_sought": ["heavy_ion"]}, top_k=200)
    catalog = matcher.load_catalog()
    assert "heavy_ion" in catalog.complete_for
    for item in recs:
        assert any(c.feature == "heavy_ion" and c.points > 0 for c in item.contributions)
