"""Evidence for the patient's disease comes first: generic claims count by disease fit, and a
place in the specialty ranking that speaks for the disease makes a hospital eligible."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import matcher
from matcher.scoring._features import DISEASE_BOUND_FEATURES, DISEASE_FIT_FLOOR
from tests.catalog_fixtures import minimal_catalog, write

LUNG_PATIENT = {"cancer_type": "lung adenocarcinoma", "stage": "I", "age": 60}


def _hospital(hospital_id: str, strength: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "id": hospital_id,
        "name": hospital_id.replace("-", " ").title(),
        "city": "Beijing",
        "province": "Beijing",
        "kind": "general",
        "ownership": "public",
        "evidence": "substantial",
        "evidence_note": "A test hospital.",
        "identity": [{"source": "page", "quote": f"{hospital_id} identity"}],
        "strengths": [strength],
        "modalities": [
            {"modality": "surgery", "level": 4, "source": "page", "quote": "we operate"},
            {"modality": "palliative", "level": 4, "source": "page", "quote": "hospice ward"},
        ],
        **extra,
    }


def _catalog(tmp_path: Path, lung_level: int = 4) -> matcher.Catalog:
    document = minimal_catalog()
    document["hospitals"] = [
        _hospital(
            "lung-specialist",
            {"cancer_type": "LUNG", "level": lung_level, "source": "page", "quote": "lung team"},
        ),
        _hospital(
            "general-oncology",
            {"cancer_type": "TISSUE", "level": 4, "source": "page", "quote": "cancer centre"},
        ),
    ]
    return matcher.load_catalog(write(tmp_path, document))


def _value(recs: matcher.Recommendations, hospital_id: str, feature: str) -> float:
    for rec in recs:
        if rec.hospital.id == hospital_id:
            return next(c.value for c in rec.contributions if c.feature == feature)
    raise AssertionError(f"{hospital_id} not recommended")


def test_a_hospital_wide_surgery_claim_counts_by_the_hospitals_fit_to_the_disease(
    tmp_path: Path,
) -> None:
    recs = matcher.recommend(LUNG_PATIENT, top_k=2, catalog=_catalog(tmp_path))
    general = _value(recs, "general-oncology", "surgery")
    specialist = _value(recs, "lung-specialist", "surgery")
    # "we operate" at level 4, for a hospital with no lung evidence: the floor of the fit.
    assert general == pytest.approx(DISEASE_FIT_FLOOR * 4 / 5)
    assert specialist > general
    assert [rec.hospital.id for rec in recs] == ["lung-specialist", "general-oncology"]


def test_care_that_does_not_depend_on_the_disease_counts_in_full(tmp_path: Path) -> None:
    assert "palliative" not in DISEASE_BOUND_FEATURES
    advanced = {**LUNG_PATIENT, "stage": "IV"}  # palliative care weighs in advanced disease
    recs = matcher.recommend(advanced, top_k=2, catalog=_catalog(tmp_path))
    assert _value(recs, "general-oncology", "palliative") == pytest.approx(4 / 5)
    assert _value(recs, "lung-specialist", "palliative") == pytest.approx(4 / 5)


@given(low=st.integers(1, 3))  # a self-described claim holds level 4 at most
def test_more_evidence_for_the_disease_never_lowers_a_generic_claims_value(
    tmp_path_factory: pytest.TempPathFactory, low: int
) -> None:
    tmp = tmp_path_factory.mktemp("fit")
    values = [
        _value(
            matcher.recommend(LUNG_PATIENT, top_k=2, catalog=_catalog(tmp / str(level), level)),
            "lung-specialist",
            "surgery",
        )
        for level in (low, low + 1)
        if (tmp / str(level)).mkdir() is None
    ]
    assert values[0] <= values[1]


def test_a_national_leader_in_the_specialty_for_the_disease_is_eligible_without_a_type_claim() -> (
    None
):
    """Shanghai Pulmonary Hospital: Fudan thoracic-surgery ranking, 2nd in 2018-2021; the
    catalog holds no claim for thymic tumours, yet thoracic surgery speaks for them."""
    recs = matcher.recommend({"cancer_type": "thymoma", "age": 52}, top_k=40)
    assert "shanghai-pulmonary-hospital" in recs.hospital_ids
    assert "shanghai-pulmonary-hospital" not in {e.hospital.id for e in recs.excluded}
    rec = next(r for r in recs if r.hospital.id == "shanghai-pulmonary-hospital")
    assert next(c for c in rec.contributions if c.feature == "specialty_ranking").value > 0
    # Ranked for the disease: not flagged as "only general evidence".
    assert not any("considered on its standing in cancer care in general" in c for c in rec.caveats)
