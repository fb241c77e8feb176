"""End-to-end cases the seed documents spell out, through the public API.

Each test's docstring quotes the seed sentence it checks. Seeds: 000 (Beijing hospitals), 001
("Where in China is the best place for cancer treatment?"), 002 (treatments), 003 (Shanghai
Proton and Heavy Ion Center).
"""

from __future__ import annotations

from typing import Any

import pytest

import matcher
from matcher import Recommendations, recommend

CAMS = "cams-cancer-hospital"
PUCH = "peking-university-cancer-hospital"
FUSCC = "fudan-shanghai-cancer-center"
SYSUCC = "sysu-cancer-center"
RUIJIN = "ruijin-hospital"
SPHIC = "shanghai-proton-heavy-ion-center"
GZ_TCM = "guangzhou-tcm-first-affiliated"
TCM_KINDS = ("tcm", "integrated_medicine")


def top(profile: dict[str, Any], k: int = 5) -> Recommendations:
    return recommend(profile, top_k=k)


def contribution(recs: Recommendations, hospital: str, feature: str) -> float:
    rec = next(r for r in recs if r.hospital.id == hospital)
    return sum(c.points for c in rec.contributions if c.feature == feature)


def test_nasopharyngeal_carcinoma_goes_first_to_sun_yat_sen() -> None:
    """001: "prioritize ... the Cancer Hospital of Sun Yat-sen University for nasopharyngeal
    carcinoma"."""
    recs = top({"cancer_type": "nasopharyngeal carcinoma"})
    assert recs[0].hospital.id == SYSUCC
    assert any("001_350a1915a619eccc.txt" in s.where for s in recs[0].sources)


def test_lung_cancer_goes_first_to_the_cancer_hospital_of_cams() -> None:
    """001: "prioritize the Cancer Hospital of the Chinese Academy of Medical Sciences for lung
    cancer"."""
    assert top({"cancer_type": "lung cancer"})[0].hospital.id == CAMS


def test_lung_adenocarcinoma_inherits_the_lung_cancer_evidence() -> None:
    """001 names CAMS for "lung cancer"; a claim about lung cancer covers lung adenocarcinoma."""
    recs = top({"cancer_type": "lung adenocarcinoma", "stage": "IB"})
    assert recs[0].hospital.id == CAMS


def test_locally_advanced_nasopharyngeal_carcinoma_weighs_imrt_at_sun_yat_sen() -> None:
    """001: an "Intensity-Modulated Radiation Therapy (IMRT) combined with Targeted Therapy"
    protocol, "boosting the 5-year survival rate for locally advanced nasopharyngeal carcinoma"."""
    recs = top({"cancer_type": "NPC", "stage": "III", "biomarkers": {"EBV DNA": "positive"}})
    assert recs[0].hospital.id == SYSUCC
    assert "stage.locally-advanced-npc-imrt" in recs[0].rules
    assert contribution(recs, SYSUCC, "imrt") > 0
    assert any("IMRT" in (r.source.quote if r.source else "") for r in recs[0].reasons)


def test_egfr_mutant_lung_cancer_goes_to_cams_for_targeted_trials() -> None:
    """001: "In targeted lung cancer therapy, the hospital participates in over 90% of domestic
    clinical trials for targeted drugs"."""
    recs = top({"cancer_type": "NSCLC", "stage": "IV", "biomarkers": ["EGFR exon 19 deletion"]})
    assert recs[0].hospital.id == CAMS
    assert "biomarker.actionable-driver" in recs[0].rules
    targeted = next(c for c in recs[0].contributions if c.feature == "targeted")
    assert targeted.evidence is not None
    assert "over 90% of domestic clinical trials" in targeted.evidence.quote


def test_gastric_cancer_shortlists_peking_university_cancer_hospital() -> None:
    """001: Peking University Cancer Hospital "has established specialized expertise in gastric
    cancer, lymphoma, and melanoma"."""
    assert PUCH in top({"cancer_type": "gastric cancer"}, 3).hospital_ids


def test_melanoma_shortlists_peking_university_cancer_hospital_near_the_top() -> None:
    """001: "specialized expertise in gastric cancer, lymphoma, and melanoma"; 000: "The
    Department of Renal Cancer & Melanoma has treated patients by bio-immunotherapy"."""
    assert PUCH in top({"cancer_type": "melanoma"}, 2).hospital_ids


def test_early_breast_cancer_goes_to_fudan_for_breast_conservation() -> None:
    """001: FUSCC's breast team "pioneered “breast-conserving surgery combined with
    intraoperative radiotherapy,” raising breast preservation rates for early-stage breast cancer
    patients to over 80%"."""
    recs = top({"cancer_type": "breast cancer", "stage": "I"})
    assert recs[0].hospital.id == FUSCC
    assert "stage.early-breast-conservation" in recs[0].rules
    assert contribution(recs, FUSCC, "breast_conserving_surgery") > 0


@pytest.mark.parametrize("cancer", ["ovarian cancer", "prostate cancer"])
def test_affluent_cancers_go_first_to_fudan(cancer: str) -> None:
    """001: FUSCC "Leads Asia in diagnosing and treating “affluent cancers” like breast,
    ovarian, and prostate cancers"."""
    assert top({"cancer_type": cancer})[0].hospital.id == FUSCC


@pytest.mark.parametrize("cancer", ["DLBCL", "multiple myeloma"])
def test_relapsed_refractory_b_cell_disease_goes_to_a_car_t_centre(cancer: str) -> None:
    """001: FUSCC "ranks among China's foremost in CAR-T cell therapy ..., conducting multiple
    clinical trials for lymphoma and multiple myeloma"; 002: "Relma-cel for relapsed/refractory
    large B-cell lymphomas"."""
    recs = top({"cancer_type": cancer, "disease_status": "relapsed_refractory"})
    assert recs[0].hospital.id == FUSCC
    assert "relapse.car-t" in recs[0].rules
    assert contribution(recs, FUSCC, "car_t") > 0
    assert RUIJIN in recs.hospital_ids


def test_newly_diagnosed_lymphoma_does_not_weigh_car_t() -> None:
    """CAR-T is weighed for relapsed or refractory disease only (002 cites it for
    "relapsed/refractory large B-cell lymphomas")."""
    recs = top({"cancer_type": "DLBCL"})
    assert "relapse.car-t" not in {o.rule_id for o in recs.fired_rules}
    assert recs.weights["car_t"] == 0


def test_advanced_liver_cancer_shortlists_ruijin_for_haic() -> None:
    """001: Ruijin "combines a “targeted + immunotherapy” dual-drug regimen with hepatic artery
    infusion chemotherapy (HAIC), significantly improving the objective response rate for
    advanced liver cancer patients"."""
    recs = top({"cancer_type": "HCC", "stage": "IV"}, 3)
    assert RUIJIN in recs.hospital_ids
    assert contribution(recs, RUIJIN, "haic") > 0


@pytest.mark.parametrize("cancer", ["pancreatic cancer", "esophageal cancer"])
def test_challenging_surgical_cancers_go_first_to_cams(cancer: str) -> None:
    """001: CAMS "maintains internationally leading surgical standards for challenging cancers
    such as pancreatic and esophageal cancers"."""
    assert top({"cancer_type": cancer})[0].hospital.id == CAMS


def test_tcm_in_guangzhou_shortlists_the_guangzhou_tcm_hospital() -> None:
    """001: "For international patients seeking to incorporate traditional medicine into their
    treatment, Guangzhou offers a unique “collaborative approach” blending Chinese and Western
    medicine"."""
    recs = top(
        {
            "cancer_type": "colorectal cancer",
            "tcm_preference": "prefer",
            "cities": ["Guangzhou"],
            "city_mode": "only",
        }
    )
    assert recs[0].hospital.id == SYSUCC
    assert GZ_TCM in recs.hospital_ids
    assert all(r.hospital.city == "Guangzhou" for r in recs)
    assert any("radical cure" in caveat for caveat in recs.caveats)


def test_avoiding_tcm_leaves_out_tcm_hospitals_with_the_reason() -> None:
    """002: "Chinese medicine should be directed by a doctor specializing in combined Chinese and
    Western medicine and oncology in a regular Chinese medicine hospital" - a patient who avoids
    TCM is not sent to one."""
    recs = recommend({"cancer_type": "lung cancer", "tcm_preference": "avoid"}, top_k=80)
    assert all(r.hospital.kind not in TCM_KINDS for r in recs)
    left_out = {e.hospital.id: e for e in recs.excluded}
    assert left_out["guanganmen-hospital"].rule_id == "tcm.avoid"


def test_requiring_tcm_keeps_hospitals_with_an_integrated_tcm_department() -> None:
    """000: Beijing Cancer Hospital's "Department of Integrated Traditional Chinese and Western
    Medicine has alleviated the pain of patients maximally"."""
    recs = recommend({"cancer_type": "lung cancer", "tcm_preference": "require"}, top_k=80)
    assert PUCH in recs.hospital_ids
    assert {e.rule_id for e in recs.excluded} >= {"tcm.require"}


def test_a_child_with_a_brain_tumour_weighs_particle_therapy() -> None:
    """002: proton therapy "can accurately protect the surrounding normal tissues (e.g.,
    children's tumors, patients with brain tumors)"; 003: SPHIC is "primarily targeting brain,
    lung, liver, prostate, nasopharynx, pancreatic and breast cancer"."""
    # Children's hospitals and the neurosurgery leaders now come first (independent rankings,
    # graded so by the vignettes); the proton centre stays on a ten-place shortlist.
    recs = top({"cancer_type": "brain tumour", "age": 8}, 10)
    assert recs.weights["proton"] > 0 and "particle.critical-sites-and-children" in recs[0].rules
    assert SPHIC in recs.hospital_ids
    assert contribution(recs, SPHIC, "proton") > 0
    assert any("child" in caveat for caveat in recs.caveats)


def test_prostate_cancer_seeking_protons_goes_to_the_proton_centre() -> None:
    """003: "The center ... is the first of its kind in China"; it primarily targets prostate
    cancer among others."""
    recs = top({"cancer_type": "prostate cancer", "therapies_sought": ["proton"]})
    assert recs[0].hospital.id == SPHIC
    assert all(c.value > 0 for r in recs for c in r.contributions if c.feature == "proton")


def test_blood_cancers_give_particle_therapy_no_weight() -> None:
    """Particle therapy protects tissue around a solid tumour (002); it carries no weight for a
    leukaemia."""
    recs = top({"cancer_type": "AML", "age": 6})
    assert recs.weights["proton"] == 0
    assert recs.weights["heavy_ion"] == 0


def test_a_real_city_without_catalogued_hospitals_gives_an_empty_result_that_says_so() -> None:
    """City "only" is a hard constraint; Dalian is a real city where the catalog has none."""
    recs = top({"cancer_type": "NPC", "cities": ["Dalian"], "city_mode": "only"})
    assert len(recs) == 0
    assert "no hospital in the cities given" in recs.message
    relax = next(r for r in recs.relaxations if r.rule_id == "city.only")
    assert relax.hospital_ids[0] == SYSUCC


def test_city_only_keeps_the_shortlist_in_the_city() -> None:
    """001: Guangzhou's Cancer Hospital, Sun Yat-sen University is "Internationally renowned for
    treating nasopharyngeal carcinoma"."""
    recs = top({"cancer_type": "NPC", "cities": ["Canton"], "city_mode": "only"})
    assert recs[0].hospital.id == SYSUCC
    assert {r.hospital.city for r in recs} == {"Guangzhou"}


def test_a_preferred_city_raises_but_does_not_require() -> None:
    """Cities in 'prefer' mode boost; hospitals elsewhere remain."""
    recs = recommend({"cancer_type": "lung cancer", "cities": ["Shanghai"]}, top_k=10)
    assert {r.hospital.city for r in recs} - {"Shanghai"}
    assert any(
        c.feature == "city_preference" and c.points > 0 for r in recs for c in r.contributions
    )


def test_poor_performance_status_adds_a_caveat_and_weighs_palliative_care() -> None:
    """002: "Elderly patients or patients with underlying diseases ... need to adjust the dose of
    drugs or choose a low-toxicity regimen"."""
    recs = top({"cancer_type": "lung cancer", "stage": "IV", "ecog": 4})
    assert any("ECOG 3-4" in caveat for caveat in recs.caveats)
    baseline = top({"cancer_type": "lung cancer", "stage": "IV", "ecog": 1})
    assert recs.weights["palliative"] > baseline.weights["palliative"]
    assert recs.weights["supportive_care"] > baseline.weights["supportive_care"]


def test_needing_international_services_flags_hospitals_without_them() -> None:
    """001: "Contact the International Medical Department: Schedule appointments in advance"."""
    recs = recommend({"cancer_type": "lung cancer", "needs_international_services": True}, top_k=20)
    assert recs.weights["international_services"] > 0
    for rec in recs:
        offers = any(
            c.feature == "international_services" and c.value > 0 for c in rec.contributions
        )
        flagged = any("international-patient services" in c for c in rec.caveats)
        assert offers != flagged


def test_wanting_trials_weighs_trial_activity() -> None:
    """001: "Explore Clinical Trials ... Early enrollment may offer opportunities for free
    treatment."""
    plain = top({"cancer_type": "breast cancer"})
    trials = top({"cancer_type": "breast cancer", "wants_clinical_trials": True})
    assert trials.weights["clinical_trial"] > plain.weights["clinical_trial"]


def test_thin_evidence_ranks_below_strong_evidence_and_says_so() -> None:
    """Hospitals the seeds only name carry thin evidence; they rank below those described in
    depth, with a caveat."""
    recs = recommend({"cancer_type": "AML"}, top_k=80)
    thin = [r for r in recs if r.hospital.evidence == "thin"]
    assert all(any("thin evidence" in c for c in r.caveats) for r in thin)
    substantial = [r.rank for r in recs if r.hospital.evidence == "substantial"]
    assert not thin or min(substantial) < min(r.rank for r in thin)


def test_a_type_without_specific_evidence_ranks_on_general_standing_with_a_caveat() -> None:
    """Eligibility: a hospital needs evidence for the type, a broader or narrower one, or cancer
    care in general; the last is said in a caveat. (Merkel cell carcinoma: no claim for skin
    cancers and no ranked specialty speaks for them. Pleural mesothelioma, the example here
    before, now has standing for the disease: the thoracic-surgery ranking speaks for it.)"""
    recs = top({"cancer_type": "Merkel cell carcinoma"})
    assert len(recs) > 0
    for rec in recs:
        assert any("no sourced evidence specific" in c for c in rec.caveats)


def test_therapies_sought_that_nobody_offers_are_named() -> None:
    """Therapies sought: if no hospital offers one, the result says so."""
    recs = top({"cancer_type": "thyroid cancer", "therapies_sought": ["car_t", "surgery"]})
    assert any("CAR-T" in caveat for caveat in recs.caveats)
    assert len(recs) > 0


def test_beijing_cancer_hospital_is_peking_university_cancer_hospital() -> None:
    """000 calls it "Beijing Cancer Hospital"; 001 "Peking University Cancer Hospital": one
    hospital, one entry."""
    catalog = matcher.load_catalog()
    assert catalog["Beijing Cancer Hospital"].id == PUCH
    assert catalog["Peking University Cancer Hospital"].id == PUCH


def test_every_recommendation_quotes_its_sources() -> None:
    """Every claim that scored is quoted with where it comes from."""
    for rec in top({"cancer_type": "breast cancer", "stage": "II"}):
        assert rec.sources
        for reason in rec.reasons:
            if reason.source is not None:
                assert reason.source.quote and reason.source.where


def test_a_misspelt_cancer_type_is_a_profile_error_with_suggestions() -> None:
    """Bad input gets a clear ProfileError naming the field."""
    with pytest.raises(matcher.ProfileError) as caught:
        recommend({"cancer_type": "nasopharangeal carcinoma"})
    assert caught.value.field == "cancer_type"
    assert caught.value.suggestions
