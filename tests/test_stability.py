"""Rank stability under perturbed weights, and tiers of hospitals whose order is noise."""

from __future__ import annotations

import json

import attrs
import pytest

import matcher
from matcher import Recommendations
from matcher.analysis._stability import stability
from matcher.scoring import Weights

from .vignette_fixtures import fixture_catalog

NPC = {"cancer_type": "NPC"}

#: With no rules, the fixture catalog scores (out of 6.6): leader 4.0 + 1.1 + 1.5 = 6.6;
#: broad 2.4 + 0.88 + 1.5 = 4.78 and strong 3.2 + 1.5 = 4.7, within 2% of each other;
#: minor 1.6 + 0.3 = 1.9; lung-only 1.5. Leader is at least as strong on every feature.
NEAR_EQUAL = Weights(
    "near-equal", {"cancer_type_expertise": 4.0, "overall_oncology": 1.1, "evidence": 1.5}
)
#: The same with overall_oncology 1.0: broad 4.7 and strong 4.7, an exact tie.
TIED = Weights("tied", {"cancer_type_expertise": 4.0, "overall_oncology": 1.0, "evidence": 1.5})


def ranked(weights: Weights, top_k: int = 5) -> Recommendations:
    return matcher.recommend(NPC, top_k=top_k, catalog=fixture_catalog(), weights=weights, rules=())


def test_a_hospital_ahead_on_every_feature_keeps_first_place_in_every_draw() -> None:
    result = stability(ranked(NEAR_EQUAL), n_draws=300, spread=0.5, evidence_spread=0.0)
    leader = result["npc-leader"]
    assert (leader.rank, leader.keeps_rank, leader.best_rank, leader.worst_rank) == (1, 1.0, 1, 1)
    assert result.tiers[0] == ("npc-leader",)


def test_two_hospitals_with_near_equal_scores_share_a_tier() -> None:
    recs = ranked(NEAR_EQUAL)
    assert recs.hospital_ids[1:3] == ("npc-broad", "npc-strong")
    result = stability(recs, evidence_spread=0.0)
    broad, strong = result["npc-broad"], result["npc-strong"]
    assert broad.tier == strong.tier == 2
    assert 0.2 < broad.keeps_rank < 1.0 and 0.2 < strong.keeps_rank < 1.0
    assert (broad.best_rank, broad.worst_rank) == (2, 3)
    assert result["npc-minor"].tier == 3


def test_exactly_tied_hospitals_share_a_tier_even_without_perturbation() -> None:
    result = stability(ranked(TIED), spread=0.0, evidence_spread=0.0)
    assert result.tiers == (
        ("npc-leader",),
        ("npc-broad", "npc-strong"),
        ("npc-minor",),
        ("lung-only",),
    )
    assert all(item.keeps_rank == 1.0 for item in result.items)


def test_without_perturbation_every_hospital_keeps_the_rank_recommend_gave_it() -> None:
    recs = ranked(NEAR_EQUAL)
    result = stability(recs, spread=0.0, n_draws=5, evidence_spread=0.0)
    assert [item.hospital_id for item in result.items] == list(recs.hospital_ids)
    assert all(
        (i.keeps_rank, i.best_rank, i.worst_rank) == (1.0, i.rank, i.rank) for i in result.items
    )
    assert len(result.tiers) == len(recs)


def test_a_stricter_threshold_splits_near_equal_hospitals_into_their_own_tiers() -> None:
    recs = ranked(NEAR_EQUAL)
    # strong draws level or ahead in 1 - share
    share = stability(recs, evidence_spread=0.0)["npc-strong"].keeps_rank
    strict = stability(recs, threshold=min(1.0, (1 - share) + 0.05), evidence_spread=0.0)
    assert strict["npc-broad"].tier != strict["npc-strong"].tier


def test_the_same_seed_gives_the_same_result() -> None:
    recs = ranked(NEAR_EQUAL)
    assert stability(recs, seed=7, evidence_spread=0.0) == stability(
        recs, seed=7, evidence_spread=0.0
    )
    assert (
        stability(recs, seed=7, evidence_spread=0.0)["npc-strong"]
        != stability(recs, seed=8, evidence_spread=0.0)["npc-strong"]
    )


def test_the_shortlist_share_counts_draws_in_which_a_hospital_stays_in_the_top_k() -> None:
    result = stability(ranked(NEAR_EQUAL, top_k=2), evidence_spread=0.0)
    assert result["npc-leader"].in_shortlist == 1.0
    broad = result["npc-broad"]
    assert broad.in_shortlist == broad.keeps_rank  # rank 2 of 2: in the shortlist iff it holds


def test_stability_uses_the_weights_and_rules_of_the_recommendation() -> None:
    default = matcher.recommend(NPC, catalog=fixture_catalog())
    result = stability(default, spread=0.0, n_draws=3, evidence_spread=0.0)
    assert [item.hospital_id for item in result.items] == list(default.hospital_ids)
    assert "lung-only" not in {item.hospital_id for item in result.items}  # left out by a rule


def test_the_result_renders_a_table_and_serialises_to_json() -> None:
    result = stability(ranked(NEAR_EQUAL), evidence_spread=0.0)
    text = str(result)
    assert "| tier | rank | hospital |" in text and "Npc Leader" in text
    data = json.loads(json.dumps(result.to_dict()))
    assert data["tiers"] == [list(tier) for tier in result.tiers]
    assert data["items"][0]["hospital_id"] == "npc-leader"


def test_the_default_catalog_result_is_stable_under_repetition() -> None:
    recs = matcher.recommend({"cancer_type": "HCC", "stage": "III"})
    first, second = stability(recs, evidence_spread=0.0), stability(recs, evidence_spread=0.0)
    assert first == second
    assert [item.rank for item in first.items] == list(range(1, len(recs) + 1))
    assert all(item.best_rank <= item.rank <= item.worst_rank for item in first.items)


@pytest.mark.parametrize(
    ("argument", "value", "message"),
    [
        ("n_draws", 0, "n_draws must be"),
        ("n_draws", 2.0, "n_draws must be"),
        ("spread", -0.1, "spread must be"),
        ("spread", 1.5, "spread must be"),
        ("seed", "zero", "seed must be"),
        ("threshold", 0.0, "threshold must be"),
        ("threshold", True, "threshold must be"),
    ],
)
def test_invalid_settings_are_refused(argument: str, value: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        stability(ranked(NEAR_EQUAL), **{argument: value}, evidence_spread=0.0)  # type: ignore[arg-type]


def test_recommendations_without_a_query_cannot_be_re_scored() -> None:
    recs = attrs.evolve(ranked(NEAR_EQUAL), query=None)
    with pytest.raises(ValueError, match="no query"):
        stability(recs, evidence_spread=0.0)


def test_evidence_uncertainty_moves_ranks_that_weights_alone_leave_alone() -> None:
    recs = matcher.recommend({"cancer_type": "NPC", "stage": "III"}, top_k=5)
    weights_only = stability(recs, spread=0.0, evidence_spread=0.0, n_draws=50)
    both = stability(recs, spread=0.0, evidence_spread=1.0, n_draws=50)
    assert all(item.keeps_rank == 1.0 for item in weights_only.items)
    assert any(item.keeps_rank < 1.0 for item in both.items)
    assert both.evidence_spread == 1.0 and "uncertainty" in str(both)


def test_evidence_spread_outside_its_range_is_refused() -> None:
    recs = matcher.recommend({"cancer_type": "NPC"}, top_k=3)
    with pytest.raises(ValueError, match="evidence_spread"):
        stability(recs, evidence_spread=-1.0)
