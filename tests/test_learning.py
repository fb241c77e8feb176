"""Learning weights from preference pairs: the estimator, the pairs, patient-level folds, files."""

from __future__ import annotations

import json
import pickle
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from sklearn.exceptions import NotFittedError
from sklearn.utils.estimator_checks import parametrize_with_checks

import matcher
from matcher._engine import score_patient
from matcher.evaluation._cross_validation import cross_validate_by_patient, patient_folds
from matcher.evaluation._learning import PairwisePreferenceRanker
from matcher.evaluation._pairs import pairs_from_vignettes, rule_scaled_features
from matcher.evaluation._vignettes import Vignettes, parse_vignettes
from matcher.rules import DEFAULT_RULES
from matcher.scoring import DEFAULT_WEIGHTS, FEATURE_NAMES, Weights
from matcher.scoring._weights_io import WeightsError, load_weights, save_weights

from .vignette_fixtures import fixture_catalog, vignettes_document

INDEX = {name: i for i, name in enumerate(FEATURE_NAMES)}


@pytest.fixture
def fixtures() -> Vignettes:
    return parse_vignettes(json.dumps(vignettes_document()), origin="fixture")


def synthetic_pairs(true_weights: dict[str, float], seed: int = 0) -> np.ndarray:
    """Differences (preferred minus other) for 40 patients x 8 hospitals ranked by true weights.

    Only the features named in ``true_weights`` vary; the others are zero for every hospital.
    """
    rng = np.random.default_rng(seed)
    weights = np.zeros(len(FEATURE_NAMES))
    columns = [INDEX[name] for name in true_weights]
    weights[columns] = list(true_weights.values())
    rows = []
    for _ in range(40):
        features = np.zeros((8, len(FEATURE_NAMES)))
        features[:, columns] = rng.uniform(0, 1, size=(8, len(columns)))
        score = features @ weights
        for a in range(8):
            for b in range(8):
                if score[a] > score[b]:
                    rows.append(features[a] - features[b])
    return np.array(rows)


# --- the estimator ---------------------------------------------------------------------------


@parametrize_with_checks([PairwisePreferenceRanker()])
def test_the_ranker_follows_the_scikit_learn_estimator_contract(estimator: Any, check: Any) -> None:
    check(estimator)


def test_init_only_stores_its_parameters_and_fit_validates_them() -> None:
    ranker = PairwisePreferenceRanker(C=-1.0)
    assert ranker.get_params() == {"C": -1.0, "max_iter": 1000}
    assert not hasattr(ranker, "coef_")
    with pytest.raises(ValueError, match="C must be a positive"):
        ranker.fit(np.ones((3, 2)))
    with pytest.raises(ValueError, match="max_iter must be at least 1"):
        PairwisePreferenceRanker(max_iter=0).fit(np.ones((3, 2)))


def test_an_unfitted_ranker_refuses_to_score_or_give_weights() -> None:
    ranker = PairwisePreferenceRanker()
    with pytest.raises(NotFittedError):
        ranker.decision_function(np.ones((1, 2)))
    with pytest.raises(NotFittedError):
        ranker.to_weights()


def test_the_ranker_recovers_the_direction_of_the_weights_behind_the_preferences() -> None:
    truth = {"cancer_type_expertise": 3.0, "evidence": 1.0, "clinical_trial": 0.5}
    ranker = PairwisePreferenceRanker(C=10.0).fit(synthetic_pairs(truth))
    true_vector = np.array([truth.get(name, 0.0) for name in FEATURE_NAMES])
    cosine = ranker.coef_ @ true_vector / np.linalg.norm(ranker.coef_) / np.linalg.norm(true_vector)
    assert cosine > 0.95
    assert ranker.score(synthetic_pairs(truth, seed=1)) > 0.9  # held-out patients
    assert ranker.n_pairs_ == len(synthetic_pairs(truth))


def test_learned_weights_are_frozen_non_negative_and_sum_like_the_defaults() -> None:
    truth = {"cancer_type_expertise": 3.0, "evidence": 1.0, "clinical_trial": 0.5}
    weights = PairwisePreferenceRanker(C=10.0).fit(synthetic_pairs(truth)).to_weights("mine")
    assert isinstance(weights, Weights)
    assert weights.name == "mine"
    assert sum(weights.values.values()) == pytest.approx(sum(DEFAULT_WEIGHTS.values.values()))
    assert all(value >= 0 for value in weights.values.values())
    assert max(weights.values, key=weights.values.__getitem__) == "cancer_type_expertise"
    assert "preference pairs" in weights.provenance
    with pytest.raises(AttributeError):
        weights.name = "changed"  # type: ignore[misc]


def test_a_negative_weight_is_clipped_to_zero_with_a_warning_and_a_record() -> None:
    truth = {"cancer_type_expertise": 3.0, "tcm": -1.0}
    ranker = PairwisePreferenceRanker(C=10.0).fit(synthetic_pairs(truth))
    assert ranker.coef_[INDEX["tcm"]] < 0
    with pytest.warns(UserWarning, match="clipped to zero.*tcm"):
        weights = ranker.to_weights("clipped")
    assert weights.values["tcm"] == 0.0
    assert "tcm" in weights.provenance
    assert "clipped to 0" in weights.rationale["tcm"]
    assert "clipped" not in weights.rationale["cancer_type_expertise"]


def test_weights_can_be_scaled_to_another_total() -> None:
    ranker = PairwisePreferenceRanker().fit(synthetic_pairs({"evidence": 1.0}))
    weights = ranker.to_weights(total=1.0, provenance="a test run")
    assert sum(weights.values.values()) == pytest.approx(1.0)
    assert weights.provenance.endswith("a test run")
    with pytest.raises(ValueError, match="total must be"):
        ranker.to_weights(total=0.0)


def test_weights_are_refused_when_every_learned_coefficient_is_negative() -> None:
    ranker = PairwisePreferenceRanker().fit(-np.abs(synthetic_pairs({"evidence": 1.0})))
    with pytest.raises(ValueError, match="no learned weight is above zero"):
        ranker.to_weights()


def test_weights_need_the_scoring_features_or_named_columns() -> None:
    with pytest.raises(ValueError, match="3 unnamed features"):
        PairwisePreferenceRanker().fit(np.eye(3)).to_weights()
    frame = pd.DataFrame(np.eye(3), columns=["evidence", "surgery", "tcm"])
    weights = PairwisePreferenceRanker().fit(frame).to_weights()
    assert set(weights.values) == {"evidence", "surgery", "tcm"}


def test_learned_weights_are_accepted_by_recommend() -> None:
    truth = {"cancer_type_expertise": 3.0, "evidence": 1.0}
    weights = PairwisePreferenceRanker().fit(synthetic_pairs(truth)).to_weights("learned")
    recs = matcher.recommend({"cancer_type": "NPC"}, catalog=fixture_catalog(), weights=weights)
    assert recs[0].hospital.id == "npc-leader"
    assert recs.query is not None and recs.query.weights is weights


# --- preference pairs from graded vignettes --------------------------------------------------


def test_pairs_are_every_higher_lower_couple_of_graded_eligible_hospitals(
    fixtures: Vignettes,
) -> None:
    pairs = pairs_from_vignettes(fixtures, fixture_catalog())
    per_vignette = {v: pairs.groups.count(v) for v in pairs.vignette_ids}
    # grades 3, 2, 1, 0: every couple differs, 4 * 3 / 2 = 6 pairs
    assert per_vignette["npc-unstaged"] == 6
    # the same ladder plus lung-only graded 0, which the rules leave out: still 6
    assert per_vignette["npc-elderly"] == 6
    # grades 3, 2, 0: 3 pairs
    assert per_vignette["npc-shanghai"] == 3
    # a single graded hospital makes no pair
    assert "npc-one-graded" not in per_vignette
    assert pairs.n_pairs == 6 + 6 + 6 + 6 + 3
    assert "lung-only" not in pairs.other


def test_each_pair_prefers_the_higher_graded_hospital_of_its_own_vignette(
    fixtures: Vignettes,
) -> None:
    pairs = pairs_from_vignettes(fixtures, fixture_catalog())
    by_id = {vignette.id: vignette for vignette in fixtures}
    for group, better, worse in zip(pairs.groups, pairs.preferred, pairs.other, strict=True):
        grades = by_id[group].grade_of
        assert grades[better] > grades[worse]


def test_a_pair_is_the_difference_of_the_two_hospitals_features(fixtures: Vignettes) -> None:
    catalog = fixture_catalog()
    pairs = pairs_from_vignettes(fixtures, catalog)
    vignette = fixtures[0]
    values = score_patient(vignette.profile, catalog, DEFAULT_WEIGHTS, DEFAULT_RULES).features
    row = {hospital_id: i for i, hospital_id in enumerate(catalog.ids)}
    for i in np.flatnonzero(np.array(pairs.groups) == vignette.id):
        expected = values.values[row[pairs.preferred[i]]] - values.values[row[pairs.other[i]]]
        np.testing.assert_allclose(pairs.differences[i], expected)


def test_a_feature_the_rules_switch_off_for_a_patient_carries_no_difference() -> None:
    catalog = matcher.load_catalog()
    patient = matcher.Patient(cancer_type="NPC", tcm_preference="avoid")
    raw = score_patient(patient, catalog, DEFAULT_WEIGHTS, DEFAULT_RULES).features.values
    scaled, _ = rule_scaled_features(patient, catalog, DEFAULT_RULES)
    tcm = INDEX["tcm"]
    assert raw[:, tcm].any()  # the catalog has TCM claims...
    assert not scaled[:, tcm].any()  # ...which count for nothing for this patient
    others = [i for i in range(len(FEATURE_NAMES)) if i != tcm]
    np.testing.assert_array_equal(scaled[:, others], raw[:, others])


def test_pairs_are_read_only() -> None:
    pairs = pairs_from_vignettes(
        parse_vignettes(json.dumps(vignettes_document())), fixture_catalog()
    )
    with pytest.raises(ValueError, match="read-only"):
        pairs.differences[0, 0] = 1.0


# --- cross-validation by patient -------------------------------------------------------------


def test_no_vignette_has_pairs_in_both_the_training_and_the_validation_fold(
    fixtures: Vignettes,
) -> None:
    pairs = pairs_from_vignettes(fixtures, fixture_catalog())
    groups = np.array(pairs.groups)
    validated = []
    for train, validation in patient_folds(pairs.groups, n_splits=3):
        assert set(groups[train]).isdisjoint(groups[validation])
        assert len(train) + len(validation) == pairs.n_pairs
        validated.extend(validation)
    assert sorted(validated) == list(range(pairs.n_pairs))  # each pair validated exactly once


def test_cross_validation_reports_held_out_vignettes_only(fixtures: Vignettes) -> None:
    result = cross_validate_by_patient(fixtures, n_splits=3, catalog=fixture_catalog())
    assert len(result.folds) == 3
    groups = np.array(result.pairs.groups)
    for fold in result.folds:
        assert set(fold.train_ids).isdisjoint(fold.validation_ids)
        assert set(groups[fold.train_pairs]) == set(fold.train_ids)
        assert set(groups[fold.validation_pairs]) == set(fold.validation_ids)
        assert tuple(case.id for case in fold.learned.cases) == fold.validation_ids
        assert tuple(case.id for case in fold.default.cases) == fold.validation_ids
        assert 0.0 <= fold.pair_accuracy <= 1.0
    assert "| mean |" in str(result)


def test_cross_validation_needs_as_many_vignettes_with_pairs_as_folds(
    fixtures: Vignettes,
) -> None:
    with pytest.raises(ValueError, match="at least 6 vignettes with preference pairs"):
        cross_validate_by_patient(fixtures, n_splits=6, catalog=fixture_catalog())
    with pytest.raises(ValueError, match="n_splits must be"):
        list(patient_folds(("a", "b"), n_splits=1))


def test_cross_validation_clones_the_ranker_it_is_given(fixtures: Vignettes) -> None:
    ranker = PairwisePreferenceRanker(C=0.5)
    result = cross_validate_by_patient(fixtures, ranker, n_splits=3, catalog=fixture_catalog())
    assert not hasattr(ranker, "coef_")
    assert all("C=0.5" in fold.weights.provenance for fold in result.folds)


# --- weights files ---------------------------------------------------------------------------


def test_weights_survive_a_save_and_load_round_trip(tmp_path: Path) -> None:
    path = save_weights(DEFAULT_WEIGHTS, tmp_path / "default.json")
    assert load_weights(path) == DEFAULT_WEIGHTS
    document = json.loads(path.read_text(encoding="utf-8"))
    assert (document["kind"], document["schema_version"]) == ("matcher.weights", 1)


def test_learned_weights_with_a_clipped_feature_survive_the_round_trip(tmp_path: Path) -> None:
    ranker = PairwisePreferenceRanker().fit(synthetic_pairs({"evidence": 1.0, "tcm": -1.0}))
    with pytest.warns(UserWarning, match="tcm"):
        weights = ranker.to_weights("learned")
    loaded = load_weights(save_weights(weights, tmp_path / "learned.json"))
    assert loaded == weights
    assert loaded.provenance == weights.provenance
    assert dict(loaded.rationale) == dict(weights.rationale)


def _saved(tmp_path: Path, **changes: object) -> Path:
    path = save_weights(DEFAULT_WEIGHTS, tmp_path / "w.json")
    document = json.loads(path.read_text(encoding="utf-8"))
    document.update(changes)
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_a_weights_file_of_an_unsupported_version_names_the_supported_ones(
    tmp_path: Path,
) -> None:
    with pytest.raises(WeightsError, match=r"schema_version 7.*reads schema versions? 1"):
        load_weights(_saved(tmp_path, schema_version=7))


def test_a_weights_file_of_another_kind_is_refused(tmp_path: Path) -> None:
    with pytest.raises(WeightsError, match="kind") as caught:
        load_weights(_saved(tmp_path, kind="matcher.vignettes"))
    assert caught.value.field == "kind"


@pytest.mark.parametrize(
    ("values", "message"),
    [({"evidence": -1.0}, "non-negative"), ({"evidance": 1.0}, "unknown features")],
)
def test_invalid_weight_values_are_refused_naming_the_field(
    tmp_path: Path, values: dict[str, float], message: str
) -> None:
    with pytest.raises(WeightsError, match=message) as caught:
        load_weights(_saved(tmp_path, values=values, rationale={}))
    assert caught.value.field == "values"


def test_a_rationale_for_an_unknown_feature_is_refused(tmp_path: Path) -> None:
    with pytest.raises(WeightsError, match="unknown features"):
        load_weights(_saved(tmp_path, rationale={"nonsense": "why"}))


def test_a_missing_field_is_named(tmp_path: Path) -> None:
    path = _saved(tmp_path)
    document = json.loads(path.read_text(encoding="utf-8"))
    del document["name"]
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(WeightsError) as caught:
        load_weights(path)
    assert caught.value.field == "name"


def test_an_unreadable_or_malformed_weights_file_is_a_weights_error(tmp_path: Path) -> None:
    with pytest.raises(WeightsError, match="cannot be read"):
        load_weights(tmp_path / "absent.json")
    broken = tmp_path / "broken.json"
    broken.write_text("[1, 2", encoding="utf-8")
    with pytest.raises(WeightsError, match="not valid JSON"):
        load_weights(broken)
    with pytest.raises(WeightsError, match="cannot be written"):
        save_weights(DEFAULT_WEIGHTS, tmp_path / "no-such-dir" / "w.json")


def test_the_weights_error_survives_pickling() -> None:
    error = WeightsError("bad", file="w.json", field="values")
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.problem, copy.file, copy.field, str(copy)) == (
        "bad",
        "w.json",
        "values",
        str(error),
    )
