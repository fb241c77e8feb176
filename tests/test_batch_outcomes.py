"""recommend_many answers rules' conditions part by part (``cohort._outcomes``): for every group
the parts combined give what the condition's own ``test`` gives a patient of that group."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.cohort._columns import _columns
from matcher.cohort._key import _key_codes
from matcher.cohort._outcomes import MET, NOT_MET, UNKNOWN, _Answers
from matcher.cohort._validation import _Cohort, _Partial
from matcher.rules import DEFAULT_RULES
from matcher.rules import _conditions as conditions
from tests.strategies import profiles


def _leaves(condition: object) -> list[object]:
    if isinstance(condition, conditions.AllOf | conditions.AnyOf):
        return [leaf for part in condition.parts for leaf in _leaves(part)]
    if isinstance(condition, conditions.Not):
        return _leaves(condition.part)
    return [condition]


#: Every simple condition the default rules use (the leaves of their conditions).
LEAVES = tuple(dict.fromkeys(leaf for rule in DEFAULT_RULES for leaf in _leaves(rule.when)))


def _answer(found: bool | None) -> int:
    return UNKNOWN if found is None else MET if found else NOT_MET


def _built(condition_tree: Any) -> object:
    """A condition from a nested ("all"|"any"|"not", parts) description over LEAVES."""
    if isinstance(condition_tree, int):
        return LEAVES[condition_tree]
    kind, parts = condition_tree
    if kind == "not":
        return conditions.Not(_built(parts[0]))
    built = tuple(_built(part) for part in parts)
    return conditions.AllOf(built) if kind == "all" else conditions.AnyOf(built)


def _trees() -> st.SearchStrategy[Any]:
    leaf = st.integers(min_value=0, max_value=len(LEAVES) - 1)
    return st.recursive(
        leaf,
        lambda inner: st.one_of(
            st.tuples(st.just("not"), st.tuples(inner)),
            st.tuples(st.sampled_from(["all", "any"]), st.lists(inner, max_size=3)),
        ),
        max_leaves=6,
    )


def _answers(given_profiles: list[dict[str, Any]]) -> tuple[_Answers, _Cohort, np.ndarray]:
    """The answers recommend_many works with, for these profiles, a group per row."""
    cohort = _Cohort.read(_columns(given_profiles), "raise")
    rows = np.arange(cohort.n_rows)
    key, _ = _key_codes(cohort)
    return _Answers(key, rows, _Partial(cohort)), cohort, rows


@settings(max_examples=60, deadline=None)
@given(given_profiles=st.lists(profiles(), min_size=1, max_size=12))
def test_each_default_rule_is_answered_as_its_condition_tests_each_patient(
    given_profiles: list[dict[str, Any]],
) -> None:
    answers, cohort, rows = _answers(given_profiles)
    for rule in DEFAULT_RULES:
        expected = [_answer(rule.when.test(cohort.patient(int(row)))) for row in rows]
        assert answers.of(rule.when).tolist() == expected, rule.id
        assert answers.met(rule.when).tolist() == [e == MET for e in expected]


@settings(max_examples=80, deadline=None)
@given(
    given_profiles=st.lists(profiles(), min_size=1, max_size=8),
    trees=st.lists(_trees(), min_size=1, max_size=4),
)
def test_any_nesting_of_all_any_and_not_combines_as_the_condition_tests(
    given_profiles: list[dict[str, Any]], trees: list[Any]
) -> None:
    answers, cohort, rows = _answers(given_profiles)
    patients = [cohort.patient(int(row)) for row in rows]
    for tree in trees:
        condition = _built(tree)
        test = condition.test  # type: ignore[attr-defined]
        expected = [_answer(test(patient)) for patient in patients]
        assert answers.of(condition).tolist() == expected


def test_empty_all_of_is_met_and_empty_any_of_is_not() -> None:
    answers, _, _ = _answers([{"cancer_type": "breast cancer"}])
    assert answers.of(conditions.AllOf(())).tolist() == [MET]
    assert answers.of(conditions.AnyOf(())).tolist() == [NOT_MET]
