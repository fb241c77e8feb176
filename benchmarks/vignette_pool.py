"""The pool of ungraded hospitals to grade next: the top five of several rankers, without ranks.

Vignettes grade the hospitals their grader thought mattered; a ranker may put a hospital nobody
graded near the top, and the metrics then count it as not relevant (see ``ranking_quality.py``,
"Hospitals nobody graded"). The usual remedy in information retrieval is pooling: take the top
``--depth`` of several different rankers for every vignette, keep the hospitals not yet graded,
and have them graded by someone who never sees which ranker put them there or at what rank.

The rankers are deliberately different, so the pool does not follow one set of weights:

* ``default``: the expert default weights (``matcher.DEFAULT_WEIGHTS``);
* ``learned``: weights learned on the train split (``ranking_quality.measure``'s learner);
* ``expertise``: cancer-type expertise alone, plus the city preference;
* ``uniform``: every feature weighted 1.

All of them run the default rules. The output lists, per vignette, the pooled hospital ids in
alphabetical order, and nothing about rank, score or ranker: it is what a blind grader gets.

Run from the repository root: ``python benchmarks/vignette_pool.py --out pool.json``.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Final

import matcher
from matcher import DEFAULT_WEIGHTS, Weights
from matcher.evaluation._evaluate import full_ranking
from matcher.learning import PairwisePreferenceRanker, pairs_from_vignettes
from matcher.rules import DEFAULT_RULES
from matcher.scoring import FEATURE_NAMES

DEPTH: Final = 5
LEARNER_C: Final = 1.0


def rankers(vignettes: matcher.Vignettes, catalog: matcher.Catalog) -> dict[str, Weights]:
    """The pool's rankers by name (the learned one fitted on the train split only)."""
    pairs = pairs_from_vignettes(vignettes.in_split("train"), catalog)
    learned = (
        PairwisePreferenceRanker(C=LEARNER_C)
        .fit(pairs.differences)
        .to_weights("pool-learned", provenance="train split, for pooling only")
    )
    return {
        "default": DEFAULT_WEIGHTS,
        "learned": learned,
        "expertise": Weights(
            "pool-expertise", {"cancer_type_expertise": 1.0, "city_preference": 0.5}
        ),
        "uniform": Weights("pool-uniform", dict.fromkeys(FEATURE_NAMES, 1.0)),
    }


def pool(depth: int = DEPTH) -> dict[str, list[str]]:
    """Per vignette, the ungraded hospitals any ranker puts in its top ``depth``, sorted by id."""
    catalog = matcher.load_catalog()
    vignettes = matcher.load_vignettes()
    chosen = rankers(vignettes, catalog)
    pooled: dict[str, list[str]] = {}
    for vignette in vignettes:
        found: set[str] = set()
        for weights in chosen.values():
            ranked = full_ranking(vignette.profile, catalog, weights, DEFAULT_RULES)
            found.update(ranked[:depth])
        ungraded = sorted(found - set(vignette.grade_of))
        if ungraded:
            pooled[vignette.id] = ungraded
    return pooled


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--depth", type=int, default=DEPTH, help="top N of each ranker")
    parser.add_argument("--out", type=Path, required=True, help="where to write the pool (JSON)")
    arguments = parser.parse_args()
    pooled = pool(arguments.depth)
    document = {
        "kind": "matcher.vignette_pool",
        "depth": arguments.depth,
        "rankers": ["default", "learned", "expertise", "uniform"],
        "note": "hospital ids in alphabetical order; no rank, score or ranker is recorded",
        "pool": pooled,
    }
    arguments.out.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
    pairs = sum(len(ids) for ids in pooled.values())
    print(f"{pairs} ungraded (vignette, hospital) pairs in {len(pooled)} vignettes")


if __name__ == "__main__":
    main()
