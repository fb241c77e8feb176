"""Hospitals eligible only through cancer care in general are left out where that care is not
what the patient needs: a TCM hospital's TCM-based oncology for a patient who did not ask for
TCM, a particle-therapy centre's radiotherapy for a cancer it has no evidence for, an adult
hospital for a child. Each exclusion names its rule, and the opposite patient keeps the hospital.
"""

from __future__ import annotations

from typing import Any

from matcher import Patient, recommend
from matcher.results._i18n import is_chinese, translate
from matcher.rules._conditions import SeeksSurgeryOnly

HANGZHOU_MYELOMA: dict[str, Any] = {
    "cancer_type": "multiple myeloma",
    "cities": ["Hangzhou"],
    "city_mode": "only",
    "age": 60,
}
TCM_HOSPITAL = "zhejiang-provincial-hospital-of-tcm"
PARTICLE_CENTRE = "shanghai-proton-heavy-ion-center"
NANJING_CHILD: dict[str, Any] = {
    "cancer_type": "neuroblastoma",
    "cities": ["Nanjing"],
    "city_mode": "only",
    "age": 4,
}
ADULT_CANCER_HOSPITAL = "jiangsu-cancer-hospital"


def _left_out(profile: dict[str, Any]) -> dict[str, str]:
    return {e.hospital.id: e.rule_id for e in recommend(profile, top_k=10).excluded}


def test_a_tcm_hospital_with_only_general_oncology_is_left_out_when_tcm_is_not_asked_for() -> None:
    recs = recommend(HANGZHOU_MYELOMA, top_k=10)
    assert TCM_HOSPITAL not in recs.hospital_ids
    exclusion = next(e for e in recs.excluded if e.hospital.id == TCM_HOSPITAL)
    assert exclusion.rule_id == "tcm.general-oncology-not-sought"
    assert "multiple myeloma" in exclusion.reason and "did not ask for TCM" in exclusion.reason


def test_the_same_tcm_hospital_stays_for_a_patient_who_prefers_or_requires_tcm() -> None:
    for preference in ("prefer", "require"):
        recs = recommend({**HANGZHOU_MYELOMA, "tcm_preference": preference}, top_k=10)
        assert TCM_HOSPITAL in recs.hospital_ids, preference


def test_a_particle_centre_is_left_out_for_a_cancer_it_has_no_evidence_for() -> None:
    assert _left_out({"cancer_type": "AML", "age": 60})[PARTICLE_CENTRE] == (
        "particle.centre-needs-type-evidence"
    )


def test_a_particle_centre_is_not_left_out_by_that_rule_when_particles_are_sought() -> None:
    left_out = _left_out({"cancer_type": "AML", "age": 60, "therapies_sought": ["proton"]})
    assert left_out.get(PARTICLE_CENTRE) != "particle.centre-needs-type-evidence"


def test_a_particle_centre_with_evidence_for_the_cancer_is_kept() -> None:
    recs = recommend({"cancer_type": "prostate cancer", "stage": "III", "age": 66}, top_k=80)
    assert PARTICLE_CENTRE in recs.hospital_ids


def test_an_adult_hospital_with_only_general_evidence_is_left_out_for_a_child() -> None:
    recs = recommend(NANJING_CHILD, top_k=10)
    assert ADULT_CANCER_HOSPITAL not in recs.hospital_ids
    exclusion = next(e for e in recs.excluded if e.hospital.id == ADULT_CANCER_HOSPITAL)
    assert exclusion.rule_id == "fitness.child-general-adult-care"
    assert "child" in exclusion.reason
    assert "nanjing-childrens-hospital" in recs.hospital_ids


def test_the_adult_hospital_stays_when_the_age_is_unknown_or_adult() -> None:
    unknown = {k: v for k, v in NANJING_CHILD.items() if k != "age"}
    for profile in (unknown, {**NANJING_CHILD, "age": 30}):
        left_out = _left_out(profile)
        assert left_out.get(ADULT_CANCER_HOSPITAL) != "fitness.child-general-adult-care"


def test_the_new_exclusion_reasons_read_in_chinese() -> None:
    reasons = [
        next(e.reason for e in recommend(profile, top_k=10).excluded if e.hospital.id == hid)
        for profile, hid in (
            (HANGZHOU_MYELOMA, TCM_HOSPITAL),
            (NANJING_CHILD, ADULT_CANCER_HOSPITAL),
            ({"cancer_type": "AML", "age": 60}, PARTICLE_CENTRE),
        )
    ]
    for reason in reasons:
        chinese = translate(reason, "zh")
        assert is_chinese(chinese)
        assert not any(word in chinese for word in ("hospital", "child", "particle"))


def test_seeking_surgery_without_particles_turns_off_the_particle_weight() -> None:
    surgery = Patient(cancer_type="laryngeal cancer", stage="III", therapies_sought=["surgery"])
    both = Patient(cancer_type="laryngeal cancer", therapies_sought=["surgery", "proton"])
    assert SeeksSurgeryOnly().test(surgery) is True
    assert SeeksSurgeryOnly().test(both) is False
    outcomes = {o.rule_id: o.outcome for o in recommend(surgery).rules}
    assert outcomes["particle.critical-sites-and-children"] == "not_met"
    outcomes = {o.rule_id: o.outcome for o in recommend(both).rules}
    assert outcomes["particle.critical-sites-and-children"] == "met"
