"""Synthetic catalogs and cohorts: shaped like the real data, reproducible, labelled synthetic."""

from __future__ import annotations

import math
from collections import Counter

import pytest

import matcher
from matcher import Patient, ProfileError
from matcher.profile._cities import known_cities
from matcher.profile._ontology import default_ontology
from matcher.synthetic import (
    INVALID_FIELDS,
    PROFILE_COLUMNS,
    SYNTHETIC_QUOTE,
    SYNTHETIC_SOURCE,
    synthetic_catalog,
    synthetic_cohort_frame,
    synthetic_profiles,
)

DEFAULT = matcher.load_catalog()
CATALOG = synthetic_catalog(300, seed=7)


def test_a_synthetic_catalog_has_the_size_asked_for_and_loads_like_any_catalog() -> None:
    assert len(CATALOG) == 300
    assert CATALOG.encoded.n_hospitals == 300
    assert CATALOG.ids[0] == "synthetic-00001"


def test_the_same_seed_gives_the_same_catalog_and_another_seed_another() -> None:
    again = synthetic_catalog(300, seed=7)
    assert again.hospitals == CATALOG.hospitals
    assert synthetic_catalog(300, seed=8).hospitals != CATALOG.hospitals


def test_every_claim_cites_the_one_synthetic_source_and_says_it_is_synthetic() -> None:
    assert list(CATALOG.sources) == [SYNTHETIC_SOURCE]
    source = CATALOG.source(SYNTHETIC_SOURCE)
    assert "synthetic" in source.title.lower()
    assert source.url is not None and source.url.endswith(".invalid/matcher-synthetic")
    for hospital in CATALOG:
        assert "Synthetic" in hospital.name
        for claim in hospital.claims():
            assert claim.source == SYNTHETIC_SOURCE
            assert claim.quote == SYNTHETIC_QUOTE


def test_claims_use_the_default_catalogs_cancer_codes_and_the_city_table() -> None:
    real_codes = {claim.cancer_type for hospital in DEFAULT for claim in hospital.strengths}
    ontology = default_ontology()
    cities = {city.name: city.province for city in known_cities()}
    for hospital in CATALOG:
        assert cities[hospital.city] == hospital.province
        for claim in hospital.strengths:
            assert claim.cancer_type in real_codes
            assert claim.cancer_type in ontology


def test_the_catalog_is_as_sparse_as_the_default_one() -> None:
    def mean_claims(catalog: matcher.Catalog) -> float:
        return sum(len(h.strengths) + len(h.modalities) for h in catalog) / len(catalog)

    real, synthetic = mean_claims(DEFAULT), mean_claims(synthetic_catalog(2000, seed=1))
    # Shapes are drawn from the default catalog's hospitals, so the mean matches within noise.
    assert math.isclose(synthetic, real, rel_tol=0.2)
    kinds = Counter(h.kind for h in CATALOG)
    assert kinds.most_common(1)[0][0] == Counter(h.kind for h in DEFAULT).most_common(1)[0][0]


def test_a_catalog_needs_at_least_one_hospital() -> None:
    with pytest.raises(ValueError, match="n_hospitals"):
        synthetic_catalog(0)


def test_every_synthetic_profile_is_valid_unless_asked_otherwise() -> None:
    for profile in synthetic_profiles(500, seed=3):
        Patient.model_validate(profile)


def test_broken_rows_are_refused_for_the_field_that_was_broken() -> None:
    broken_fields = {field for field, _ in INVALID_FIELDS}
    for profile in synthetic_profiles(60, seed=4, invalid_fraction=1.0):
        with pytest.raises(ProfileError) as caught:
            Patient.model_validate(profile)
        assert caught.value.field.split("[")[0] in broken_fields


def test_profiles_are_reproducible_and_look_like_a_cohort() -> None:
    profiles = synthetic_profiles(2000, seed=5)
    assert profiles == synthetic_profiles(2000, seed=5)
    assert profiles != synthetic_profiles(2000, seed=6)
    cancers = Counter(str(p["cancer_type"]) for p in profiles)
    assert cancers.most_common(1)[0][0] == "lung adenocarcinoma"
    with_cities = sum(1 for p in profiles if "cities" in p) / len(profiles)
    assert 0.45 < with_cities < 0.65
    children = sum(1 for p in profiles if isinstance(p.get("age"), int) and p["age"] < 18)
    assert 0 < children < 0.05 * len(profiles)


def test_the_frame_holds_the_same_profiles_with_missing_cells_for_absent_fields() -> None:
    profiles = synthetic_profiles(300, seed=9)
    frame = synthetic_cohort_frame(300, seed=9)
    assert list(frame.columns) == list(PROFILE_COLUMNS)
    assert frame["age"].dtype.kind == "f"
    for profile, row in zip(profiles, frame.to_dict("records"), strict=True):
        present = {k: v for k, v in row.items() if v is not None and v == v}
        assert Patient.model_validate(present) == Patient.model_validate(profile)


def test_settings_out_of_range_are_refused() -> None:
    with pytest.raises(ValueError, match="invalid_fraction"):
        synthetic_profiles(3, invalid_fraction=1.5)
    with pytest.raises(ValueError, match="n_patients"):
        synthetic_profiles(-1)
