"""A selector that answers for many values of a field at once (``for_many``, used by
``recommend_many``) answers for each value exactly as it answers for one patient holding it."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import matcher
from matcher.catalog._loader import Catalog
from matcher.profile._patient import Patient
from matcher.rules import DEFAULT_RULES, MatchContext
from matcher.rules._rule import Caveat, Exclude, Require
from matcher.rules._selectors import (
    adult_care_with_only_general_evidence,
    for_many,
    in_patient_cities,
    may_offer_a_sought_therapy,
    particle_centre_with_only_general_evidence,
    particle_centre_without_surgery,
    particle_centre_without_systemic_therapy,
    unconfirmed_sought_therapy,
)
from matcher.scoring._language import with_languages
from matcher.scoring._patient_features import patient_features
from matcher.synthetic import synthetic_catalog
from tests.strategies import CITIES, THERAPIES, profiles

CATALOGS = {"default": matcher.load_catalog(), "synthetic": synthetic_catalog(300, seed=4)}
MANY = (
    in_patient_cities,
    may_offer_a_sought_therapy,
    unconfirmed_sought_therapy,
    particle_centre_without_surgery,
    particle_centre_without_systemic_therapy,
    particle_centre_with_only_general_evidence,
    adult_care_with_only_general_evidence,
)
VALUES = {"cities": CITIES, "therapies_sought": THERAPIES}


def _context(patient: Patient, catalog: Catalog) -> MatchContext:
    """The context ``recommend()`` gives the rules for this patient."""
    encoded = catalog.encoded
    features = patient_features(encoded, patient.cancer_type, patient.cities, adult=patient.adult)
    features = with_languages(features, encoded, patient.languages)
    return MatchContext(patient=patient, catalog=catalog, encoded=encoded, features=features)


def test_the_default_rules_selectors_that_answer_for_many_are_the_ones_checked_here() -> None:
    used = {
        effect.where
        for rule in DEFAULT_RULES
        for effect in rule.effects
        if isinstance(effect, Exclude | Require | Caveat) and for_many(effect.where) is not None
    }
    assert used <= set(MANY)
    assert in_patient_cities in used and may_offer_a_sought_therapy in used


def test_a_selector_of_another_kind_answers_one_patient_at_a_time() -> None:
    assert for_many(lambda context: np.zeros(0, bool)) is None
    assert for_many("a caveat's text") is None


@pytest.mark.parametrize("catalog", CATALOGS.values(), ids=list(CATALOGS))
@pytest.mark.parametrize("selector", MANY, ids=lambda selector: selector.__name__)
@settings(max_examples=40, deadline=None)
@given(profile=profiles(), data=st.data())
def test_many_values_at_once_are_answered_as_each_alone(
    selector: Any, catalog: Catalog, profile: dict[str, Any], data: st.DataObject
) -> None:
    many = for_many(selector)
    assert many is not None
    patient = Patient.model_validate(profile)
    field = many.field
    given_lists = data.draw(
        st.lists(st.lists(st.sampled_from(VALUES[field]), max_size=3), min_size=1, max_size=6)
    )
    if field == "therapies_sought" and patient.tcm_preference == "avoid":
        given_lists = [[t for t in listed if t != "tcm"] for listed in given_lists]
    # each value as the profile model reads it, and the patient holding it
    holding = [patient.replace(**{field: listed}) for listed in given_lists]
    values = [getattr(one, field) for one in holding]
    found = many.select(_context(patient, catalog), values)
    assert found.shape == (len(values), catalog.encoded.n_hospitals)
    for row, one in enumerate(holding):
        expected = np.asarray(selector(_context(one, catalog)), dtype=np.bool_)
        assert np.array_equal(found[row], expected)


@pytest.mark.parametrize("catalog", CATALOGS.values(), ids=list(CATALOGS))
@pytest.mark.parametrize(
    "selector", (may_offer_a_sought_therapy, unconfirmed_sought_therapy), ids=lambda s: s.__name__
)
@settings(max_examples=40, deadline=None)
@given(profile=profiles(), sought=st.lists(st.sampled_from(THERAPIES), min_size=1, max_size=4))
def test_a_list_of_therapies_picks_what_some_therapy_in_it_picks(
    selector: Any, catalog: Catalog, profile: dict[str, Any], sought: list[str]
) -> None:
    patient = Patient.model_validate({**profile, "tcm_preference": "neutral"})
    whole = selector(_context(patient.replace(therapies_sought=sought), catalog))
    each = [selector(_context(patient.replace(therapies_sought=[t]), catalog)) for t in sought]
    assert np.array_equal(whole, np.logical_or.reduce(each))
    nothing = selector(_context(patient.replace(therapies_sought=[]), catalog))
    assert not nothing.any()
