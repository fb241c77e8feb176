"""Ranking-quality metrics against graded vignettes, and the vignettes file they read."""

from __future__ import annotations

import json
import math
import pickle
from pathlib import Path

import pytest
from hypothesis import given

import matcher
from matcher.evaluation import _vignettes
from matcher.evaluation._evaluate import (
    Evaluation,
    VignetteEvaluation,
    case_metrics,
    condensed,
    evaluate,
)
from matcher.evaluation._vignettes import VignetteError, Vignettes, load_vignettes, parse_vignettes
from matcher.scoring import Weights

from .strategies import graded_rankings
from .vignette_fixtures import fixture_catalog, vignettes_document, write_vignettes

SHIPPED = Path(matcher.__file__).parent / "data" / "vignettes" / "vignettes.json"
LOG2_3 = math.log2(3)
LOG2_5 = math.log2(5)

#: With no rules, the fixture catalog scores leader 4 + 0.5 + 1.5 = 6.0, strong 3.2 + 1.5 = 4.7,
#: broad 2.4 + 0.4 + 1.5 = 4.3, minor 1.6 + 0.3 = 1.9 and lung-only 1.5 (out of 6.0): that order.
PLAIN = Weights("plain", {"cancer_type_expertise": 4.0, "overall_oncology": 0.5, "evidence": 1.5})


@pytest.fixture
def fixtures() -> Vignettes:
    return parse_vignettes(json.dumps(vignettes_document()), origin="fixture")


# --- the pure metric kernel, on rankings written out by hand --------------------------------


def test_metrics_of_a_ranking_with_an_unjudged_and_a_graded_zero_hospital() -> None:
    ndcg, precision, reciprocal, zero_in_top = case_metrics(
        ["c", "a", "x", "b"], {"a": 3, "b": 2, "c": 0}, k=5
    )
    # relevance in ranked order: c 0, a 3, x 0 (unjudged), b 2
    # DCG@5 = 0/log2(2) + 3/log2(3) + 0/log2(4) + 2/log2(5) = 1.8928 + 0.8614 = 2.7542
    # IDCG@5 = 3/log2(2) + 2/log2(3) = 3 + 1.2619 = 4.2619; NDCG = 2.7542 / 4.2619 = 0.6462
    expected = (3 / LOG2_3 + 2 / LOG2_5) / (3 + 2 / LOG2_3)
    assert ndcg == pytest.approx(expected)
    assert ndcg == pytest.approx(0.6462, abs=1e-4)
    assert precision == 0.0  # the top hospital (c) is graded 0
    assert reciprocal == 0.5  # the first hospital graded >= 2 (a) is at rank 2
    assert zero_in_top is True


def test_a_graded_hospital_left_out_by_the_rules_earns_no_credit() -> None:
    # "a" (grade 3) was excluded: only x and b are ranked, and a's place is not in the shortlist
    ndcg, precision, reciprocal, zero_in_top = case_metrics(["x", "b"], {"a": 3, "b": 2}, k=5)
    # DCG@5 = 0/log2(2) + 2/log2(3) = 1.2619 (a must not count at position 3)
    # IDCG@5 = 3 + 2/log2(3) = 4.2619; NDCG = 1.2619 / 4.2619 = 0.2961
    assert ndcg == pytest.approx((2 / LOG2_3) / (3 + 2 / LOG2_3))
    assert ndcg == pytest.approx(0.2961, abs=1e-4)
    assert precision == 0.0
    assert reciprocal == 0.5
    assert zero_in_top is False


def test_ndcg_looks_only_at_the_top_k_but_the_reciprocal_rank_at_the_whole_ranking() -> None:
    ndcg, precision, reciprocal, _ = case_metrics(["x", "y", "a"], {"a": 3}, k=2)
    # DCG@2 = 0 + 0 = 0 (a is third); IDCG@2 = 3; NDCG = 0
    assert ndcg == 0.0
    assert precision == 0.0
    assert reciprocal == pytest.approx(1 / 3)  # a is at rank 3


def test_a_perfect_ranking_scores_one_on_every_metric() -> None:
    ndcg, precision, reciprocal, zero_in_top = case_metrics(
        ["a", "b", "c"], {"a": 3, "b": 2, "c": 1}, k=5
    )
    assert (ndcg, precision, reciprocal, zero_in_top) == (pytest.approx(1.0), 1.0, 1.0, False)


def test_metrics_are_undefined_when_no_hospital_is_graded_relevant() -> None:
    ndcg, precision, reciprocal, zero_in_top = case_metrics(["a", "b"], {"a": 0}, k=5)
    assert (ndcg, precision, reciprocal) == (None, None, None)
    assert zero_in_top is True


def test_a_case_graded_only_up_to_one_has_ndcg_but_no_precision_or_reciprocal_rank() -> None:
    ndcg, precision, reciprocal, _ = case_metrics(["b", "a"], {"a": 1}, k=5)
    # DCG@5 = 0 + 1/log2(3) = 0.6309; IDCG@5 = 1; NDCG = 0.6309
    assert ndcg == pytest.approx(1 / LOG2_3)
    assert (precision, reciprocal) == (None, None)


def test_an_empty_ranking_scores_zero_where_relevant_hospitals_exist() -> None:
    assert case_metrics([], {"a": 2}, k=5) == (0.0, 0.0, 0.0, False)


@given(graded_rankings())
def test_every_defined_metric_lies_between_zero_and_one(
    case: tuple[list[str], dict[str, int], int],
) -> None:
    ranked, grades, k = case
    for value in case_metrics(ranked, grades, k)[:3]:
        assert value is None or 0.0 <= value <= 1.0 + 1e-12


@given(graded_rankings())
def test_ranking_every_graded_hospital_by_grade_first_is_perfect(
    case: tuple[list[str], dict[str, int], int],
) -> None:
    _, grades, k = case
    ideal = [*sorted(grades, key=lambda hospital: -grades[hospital]), "unjudged"]
    ndcg, precision, reciprocal, _ = case_metrics(ideal, grades, k)
    assert ndcg is None or ndcg == pytest.approx(1.0)
    assert precision in (None, 1.0) and reciprocal in (None, 1.0)


@given(graded_rankings())
def test_unjudged_hospitals_at_the_end_of_the_ranking_change_nothing(
    case: tuple[list[str], dict[str, int], int],
) -> None:
    ranked, grades, k = case
    longer = [*ranked, "unjudged-1", "unjudged-2"]
    (ndcg, *rest), (ndcg_longer, *rest_longer) = (
        case_metrics(ranked, grades, k),
        case_metrics(longer, grades, k),
    )
    assert rest_longer == rest
    assert ndcg_longer == (None if ndcg is None else pytest.approx(ndcg))


def _case(name: str, ndcg: float | None, precision: float | None, zero: bool) -> VignetteEvaluation:
    return VignetteEvaluation(name, "test", ndcg, precision, precision, zero, (), (), 3)


@given(graded_rankings())
def test_removing_unjudged_hospitals_never_lowers_a_metric(
    case: tuple[list[str], dict[str, int], int],
) -> None:
    ranked, grades, k = case
    before = case_metrics(ranked, grades, k)[:3]
    after = case_metrics(condensed(ranked, grades), grades, k)[:3]
    for old, new in zip(before, after, strict=True):
        assert (old is None) == (new is None)
        if old is not None and new is not None:
            assert new >= old - 1e-12


@given(graded_rankings())
def test_a_condensed_ranking_keeps_every_graded_hospital_in_order(
    case: tuple[list[str], dict[str, int], int],
) -> None:
    ranked, grades, _ = case
    kept = condensed(ranked, grades)
    assert list(kept) == [hospital for hospital in ranked if hospital in grades]
    assert condensed(kept, grades) == kept


def test_overall_figures_are_means_over_the_vignettes_where_each_is_defined() -> None:
    evaluation = Evaluation(
        cases=(
            _case("a", 1.0, 1.0, False),
            _case("b", 0.5, 0.0, True),
            _case("c", None, None, True),
        ),
        k=5,
        weights="w",
        split=None,
        catalog_version="c",
        vignettes_version="v",
    )
    assert evaluation.ndcg == pytest.approx(0.75)  # (1.0 + 0.5) / 2; c is undefined
    assert evaluation.precision_at_1 == pytest.approx(0.5)  # (1 + 0) / 2
    assert evaluation.mrr == pytest.approx(0.5)
    assert evaluation.graded_zero_in_top == pytest.approx(2 / 3)  # b and c of three
    assert evaluation.n_vignettes == 3


# --- evaluate(): the engine's ranking scored against the grades -----------------------------


def test_evaluate_ranks_each_vignette_exactly_as_recommend_does(fixtures: Vignettes) -> None:
    catalog = fixture_catalog()
    evaluation = evaluate(fixtures, catalog=catalog, k=3)
    for vignette, case in zip(fixtures, evaluation.cases, strict=True):
        recs = matcher.recommend(vignette.profile, top_k=3, catalog=catalog)
        assert case.top == recs.hospital_ids
        assert case.n_eligible == recs.n_eligible


def test_evaluate_gives_the_hand_computed_ndcg_of_one_vignette(fixtures: Vignettes) -> None:
    case = evaluate(fixtures, PLAIN, fixture_catalog(), rules=()).case("npc-stage-4")
    assert case.top == ("npc-leader", "npc-strong", "npc-broad", "npc-minor", "lung-only")
    # grades leader 3, broad 2, strong 1, minor 0; ranked leader, strong, broad, minor, lung-only
    # DCG@5 = 3/1 + 1/log2(3) + 2/log2(4) + 0 + 0 = 3 + 0.6309 + 1 = 4.6309
    # IDCG@5 = 3/1 + 2/log2(3) + 1/log2(4) = 3 + 1.2619 + 0.5 = 4.7619; NDCG = 0.9725
    assert case.ndcg == pytest.approx((3 + 1 / LOG2_3 + 1) / (3 + 2 / LOG2_3 + 0.5))
    assert case.ndcg == pytest.approx(0.9725, abs=1e-4)
    assert (case.precision_at_1, case.reciprocal_rank) == (1.0, 1.0)
    assert case.graded_zero_in_top is True  # minor, graded 0, is fourth


def test_a_relevant_hospital_the_rules_exclude_is_reported_as_missed() -> None:
    document = vignettes_document()
    document["vignettes"][0]["grades"].append(
        {"hospital": "lung-only", "grade": 3, "rationale": "r", "source": "s", "quote": "q"}
    )
    vignettes = parse_vignettes(json.dumps(document))
    case = evaluate(vignettes, catalog=fixture_catalog()).case("npc-unstaged")
    assert case.missed == ("lung-only",)
    assert "lung-only" not in case.top
    assert case.ndcg is not None and case.ndcg < 1.0


def test_removing_unjudged_hospitals_scores_the_graded_ones_in_their_order(
    fixtures: Vignettes,
) -> None:
    catalog = fixture_catalog()
    plain = evaluate(fixtures, PLAIN, catalog, rules=())
    judged = evaluate(fixtures, PLAIN, catalog, rules=(), unjudged="removed")
    assert judged.unjudged == "removed" and judged.to_dict()["unjudged"] == "removed"
    assert "unjudged hospitals removed" in judged.table()
    for vignette, before, after in zip(fixtures, plain.cases, judged.cases, strict=True):
        assert after.top == before.top  # the shortlist shown is the engine's, unchanged
        assert after.graded_zero_in_top == before.graded_zero_in_top
        assert before.n_eligible <= plain.k  # so ``top`` is the whole ranking
        kept = condensed(before.top, vignette.grade_of)
        expected = case_metrics(kept, vignette.grade_of, plain.k)[:3]
        assert (after.ndcg, after.precision_at_1, after.reciprocal_rank) == expected
        for old, new in zip(
            (before.ndcg, before.precision_at_1, before.reciprocal_rank),
            (after.ndcg, after.precision_at_1, after.reciprocal_rank),
            strict=True,
        ):
            assert (old is None) == (new is None)
            assert old is None or new is None or new >= old - 1e-12
    assert judged.ndcg is not None and plain.ndcg is not None and judged.ndcg > plain.ndcg


def test_evaluate_refuses_an_unknown_convention_for_unjudged_hospitals(
    fixtures: Vignettes,
) -> None:
    with pytest.raises(ValueError, match="unjudged must be 'irrelevant' or 'removed'"):
        evaluate(fixtures, catalog=fixture_catalog(), unjudged="ignored")  # type: ignore[arg-type]


def test_evaluate_keeps_to_one_split_when_asked(fixtures: Vignettes) -> None:
    catalog = fixture_catalog()
    test_split = evaluate(fixtures, catalog=catalog, split="test")
    assert {case.split for case in test_split.cases} == {"test"}
    assert test_split.n_vignettes == 2
    assert evaluate(fixtures, catalog=catalog).n_vignettes == 6


def test_evaluate_accepts_a_path_loaded_vignettes_or_a_list(tmp_path: Path) -> None:
    path = write_vignettes(tmp_path, vignettes_document())
    catalog = fixture_catalog()
    loaded = load_vignettes(path)
    by_path = evaluate(path, catalog=catalog)
    assert by_path == evaluate(str(path), catalog=catalog)
    assert by_path == evaluate(loaded, catalog=catalog)
    assert by_path.cases == evaluate(list(loaded), catalog=catalog).cases


def test_a_grade_for_a_hospital_not_in_the_catalog_names_it_and_suggests_the_id() -> None:
    document = vignettes_document()
    document["vignettes"][1]["grades"][0]["hospital"] = "npc-leeder"
    vignettes = parse_vignettes(json.dumps(document), origin="v.json")
    with pytest.raises(VignetteError, match="npc-leeder") as caught:
        evaluate(vignettes, catalog=fixture_catalog())
    assert caught.value.vignette == "npc-stage-2"
    assert caught.value.field == "grades[0].hospital"
    assert "did you mean 'npc-leader'" in str(caught.value)


def test_the_evaluation_renders_a_table_and_serialises_to_json(fixtures: Vignettes) -> None:
    evaluation = evaluate(fixtures, catalog=fixture_catalog())
    text = str(evaluation)
    assert "| NDCG@5 |" in text and "| MRR |" in text
    assert "npc-unstaged" not in text
    assert "| npc-unstaged | train |" in evaluation.table(per_vignette=True)
    data = json.loads(json.dumps(evaluation.to_dict()))
    assert data["n_vignettes"] == 6
    assert [case["id"] for case in data["cases"]] == list(fixtures.ids)
    assert data["ndcg"] == pytest.approx(evaluation.ndcg)


@pytest.mark.parametrize("k", [0, -1, 2.5, True, "5"])
def test_evaluate_refuses_a_shortlist_length_that_is_not_a_positive_whole_number(
    fixtures: Vignettes, k: object
) -> None:
    with pytest.raises(ValueError, match="k must be"):
        evaluate(fixtures, catalog=fixture_catalog(), k=k)  # type: ignore[arg-type]


def test_evaluate_refuses_an_unknown_split(fixtures: Vignettes) -> None:
    with pytest.raises(ValueError, match="split must be one of"):
        evaluate(fixtures, catalog=fixture_catalog(), split="validation")


# --- the vignettes file ----------------------------------------------------------------------


def test_the_fixture_file_loads_with_its_header_and_splits(tmp_path: Path) -> None:
    vignettes = load_vignettes(write_vignettes(tmp_path, vignettes_document()))
    assert vignettes.data_version == "fixture.1"
    assert len(vignettes.in_split("train")) == 4
    assert len(vignettes.in_split("test")) == 2
    assert vignettes[0].profile.cancer_type.code == "NPC"
    assert vignettes[0].grade_of["npc-leader"] == 3


def test_an_unsupported_schema_version_names_the_supported_versions(tmp_path: Path) -> None:
    document = vignettes_document()
    document["schema_version"] = 2
    with pytest.raises(VignetteError, match=r"schema_version 2.*reads schema versions? 1"):
        load_vignettes(write_vignettes(tmp_path, document))


@pytest.mark.parametrize("version", [True, "1", None, 1.5])
def test_a_schema_version_that_is_not_a_whole_number_is_refused(version: object) -> None:
    document = vignettes_document()
    document["schema_version"] = version
    with pytest.raises(VignetteError, match="schema_version"):
        parse_vignettes(json.dumps(document))


def test_a_file_of_another_kind_is_refused() -> None:
    document = vignettes_document()
    document["kind"] = "matcher.catalog"
    with pytest.raises(VignetteError, match="kind") as caught:
        parse_vignettes(json.dumps(document))
    assert caught.value.field == "kind"


def test_invalid_json_names_the_file_and_the_position(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"kind": ', encoding="utf-8")
    with pytest.raises(VignetteError, match=r"not valid JSON.*line 1") as caught:
        load_vignettes(path)
    assert caught.value.file == str(path)


def test_a_missing_file_is_a_vignette_error(tmp_path: Path) -> None:
    with pytest.raises(VignetteError, match="cannot be read"):
        load_vignettes(tmp_path / "absent.json")


def test_a_profile_matcher_cannot_understand_names_the_vignette_and_the_field() -> None:
    document = vignettes_document()
    document["vignettes"][2]["profile"]["cancer_type"] = "nasopharangeal carcinoma"
    with pytest.raises(
        VignetteError, match=r"(?i)did you mean .nasopharyngeal carcinoma"
    ) as caught:
        parse_vignettes(json.dumps(document))
    assert caught.value.vignette == "npc-stage-4"
    assert caught.value.field == "profile"


def test_a_grade_outside_zero_to_three_names_the_grade() -> None:
    document = vignettes_document()
    document["vignettes"][0]["grades"][1]["grade"] = 4
    with pytest.raises(VignetteError) as caught:
        parse_vignettes(json.dumps(document))
    assert (caught.value.vignette, caught.value.field) == ("npc-unstaged", "grades[1].grade")


def test_a_hospital_graded_twice_in_one_vignette_is_refused() -> None:
    document = vignettes_document()
    grades = document["vignettes"][0]["grades"]
    grades.append(dict(grades[0]))
    with pytest.raises(VignetteError, match="graded more than once"):
        parse_vignettes(json.dumps(document))


def test_two_vignettes_with_one_id_are_refused() -> None:
    document = vignettes_document()
    document["vignettes"][1]["id"] = document["vignettes"][0]["id"]
    with pytest.raises(VignetteError, match="more than one vignette"):
        parse_vignettes(json.dumps(document))


def test_the_vignette_error_survives_pickling() -> None:
    error = VignetteError("bad", file="f", vignette="v", field="grades[0].grade")
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.problem, copy.file, copy.vignette, copy.field) == (
        "bad",
        "f",
        "v",
        "grades[0].grade",
    )
    assert str(copy) == str(error)


def test_the_default_loader_says_clearly_when_the_shipped_file_is_absent(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(_vignettes, "SHIPPED_PATH", ("data", "vignettes", "absent.json"))
    with pytest.raises(VignetteError, match="not present in this installation"):
        load_vignettes()


# --- the shipped vignettes -------------------------------------------------------------------

needs_shipped = pytest.mark.skipif(
    not SHIPPED.is_file(), reason="the benchmark vignettes file has not landed yet"
)


@needs_shipped
def test_the_shipped_vignettes_load_with_both_splits_and_grade_catalog_hospitals() -> None:
    vignettes = load_vignettes()
    assert vignettes.in_split("train") and vignettes.in_split("test")
    vignettes.check_hospitals(matcher.load_catalog())


@needs_shipped
def test_the_default_weights_can_be_evaluated_on_the_shipped_vignettes() -> None:
    evaluation = evaluate()
    assert evaluation.n_vignettes == len(load_vignettes())
    for value in (evaluation.ndcg, evaluation.precision_at_1, evaluation.mrr):
        assert value is not None and 0.0 <= value <= 1.0


def test_a_grade_from_the_pool_is_marked_and_a_plain_grade_is_not() -> None:
    document = vignettes_document()
    document["vignettes"][0]["grades"][0]["pooled"] = True
    vignettes = parse_vignettes(json.dumps(document))
    grades = vignettes[0].grades
    assert grades[0].pooled is True
    assert all(grade.pooled is False for grade in grades[1:])


@pytest.mark.parametrize("marker", ["yes", 1, None])
def test_a_pool_marker_that_is_not_true_or_false_is_refused(marker: object) -> None:
    document = vignettes_document()
    document["vignettes"][0]["grades"][0]["pooled"] = marker
    with pytest.raises(VignetteError, match="pooled"):
        parse_vignettes(json.dumps(document))
