"""How robust a ranking is to the weights and to the evidence: ranks under perturbation, tiers.

The weights are judgements, not measurements, and so are the claims: a ranking that flips when
either moves a little says less than its numbers suggest. :func:`stability` re-scores the same
query many times. In each draw every rule-adjusted weight is multiplied by its own factor drawn
uniformly from ``[1 - spread, 1 + spread]``, and every feature value that rests on a claim is
multiplied by a factor from ``[1 - u, 1 + u]``, where ``u`` is ``evidence_spread`` times the
claim's uncertainty: one minus its source's authority factor (0 for an independent ranking, 0.2
for the hospital's own words; see :mod:`matcher.catalog._evidence`). A seeded
:class:`numpy.random.Generator` gives the same answer for the same seed. For each recommended
hospital it reports how often it keeps its rank and the range its rank moves in.

Tiers. Published hospital rankings moved from numbered ranks to tiers once the gaps between
neighbours were smaller than the noise in the scores. The same rule here: walking down the
shortlist, a hospital joins the tier of the one ranked just above it when it scores at least as
high as that hospital in at least ``threshold`` (default 20%) of the draws; otherwise it starts a
new tier. Tiers chain: A and C can share a tier through B even when C rarely catches A.
"""

from __future__ import annotations

from typing import Any, Final

import attrs
import numpy as np

from matcher._engine import Scored, score_patient
from matcher.catalog._evidence import AUTHORITY_FACTOR
from matcher.results._explain import claim_for
from matcher.results._summary import html_summary, summary
from matcher.results._values import Recommendations
from matcher.scoring._features import FEATURES
from matcher.scoring._model import SCALE, SCORE_DECIMALS

#: The rank range reported: from this quantile of the draws to its complement.
RANGE_QUANTILE: Final = 0.05


@attrs.frozen
class RankStability:
    """How one recommended hospital's rank behaves when the weights move.

    ``keeps_rank`` is the share of draws in which it holds its rank; ``best_rank`` and
    ``worst_rank`` the 5th and 95th percentiles of its rank; ``in_shortlist`` the share of draws
    in which it stays in the top ``top_k``; ``tier`` its tier, from 1.
    """

    hospital_id: str
    name: str
    rank: int
    keeps_rank: float
    best_rank: int
    worst_rank: int
    in_shortlist: float
    tier: int

    def to_dict(self) -> dict[str, Any]:
        """The record as JSON-ready values."""
        return attrs.asdict(self)


@attrs.frozen
class Stability:
    """The rank stability of each recommended hospital, and the tiers they fall into."""

    items: tuple[RankStability, ...]
    n_draws: int
    spread: float
    seed: int | None
    threshold: float
    top_k: int
    #: how far each claim-based feature value moves, in units of its claim's uncertainty
    evidence_spread: float = 0.0

    @property
    def tiers(self) -> tuple[tuple[str, ...], ...]:
        """Hospital ids grouped by tier, best tier first, in rank order within a tier."""
        grouped: dict[int, list[str]] = {}
        for item in self.items:
            grouped.setdefault(item.tier, []).append(item.hospital_id)
        return tuple(tuple(ids) for _, ids in sorted(grouped.items()))

    def __getitem__(self, hospital_id: str) -> RankStability:
        for item in self.items:
            if item.hospital_id == hospital_id:
                return item
        raise KeyError(hospital_id)

    def to_dict(self) -> dict[str, Any]:
        """Settings, records and tiers as JSON-ready values."""
        return {
            "n_draws": self.n_draws,
            "spread": self.spread,
            "evidence_spread": self.evidence_spread,
            "seed": self.seed,
            "threshold": self.threshold,
            "top_k": self.top_k,
            "items": [item.to_dict() for item in self.items],
            "tiers": [list(tier) for tier in self.tiers],
        }

    def __str__(self) -> str:
        low, high = 1 - self.spread, 1 + self.spread
        evidence = (
            f", each claim's value moved within {self.evidence_spread:g} x its uncertainty"
            if self.evidence_spread
            else ""
        )
        lines = [
            f"Ranks over {self.n_draws} draws, each weight times a factor in "
            f"[{low:g}, {high:g}]{evidence} (seed {self.seed}); a hospital shares the tier above "
            f"when it draws level or ahead in at least {self.threshold:.0%} of draws",
            "",
            f"| tier | rank | hospital | keeps rank | rank range (5-95%) | in top {self.top_k} |",
            "|---|---|---|---|---|---|",
        ]
        lines += [
            f"| {i.tier} | {i.rank} | {i.name} | {i.keeps_rank:.0%} | {i.best_rank}-"
            f"{i.worst_rank} | {i.in_shortlist:.0%} |"
            for i in self.items
        ]
        return "\n".join(lines)

    def _head(self) -> str:
        return (
            f"{len(self.items)} hospitals in {len(self.tiers)} tiers over {self.n_draws} draws "
            f"(weights x{1 - self.spread:g}-{1 + self.spread:g}, evidence spread "
            f"{self.evidence_spread:g}, seed {self.seed})"
        )

    def _rows(self) -> list[tuple[str, ...]]:
        return [
            (
                str(i.tier),
                str(i.rank),
                i.name,
                f"{i.keeps_rank:.0%}",
                f"{i.best_rank}-{i.worst_rank}",
                f"{i.in_shortlist:.0%}",
            )
            for i in self.items
        ]

    def __repr__(self) -> str:
        """Settings, then per hospital its tier, rank, share of draws it keeps it, and range."""
        lines = [
            f"tier {tier}, rank {rank}: {name}; keeps rank {keeps}, range {span}, "
            f"in top {self.top_k} {shortlist}"
            for tier, rank, name, keeps, span, shortlist in self._rows()
        ]
        return summary(f"<Stability: {self._head()}>", lines)

    def _repr_html_(self) -> str:
        """The same as a short HTML table (every text escaped)."""
        header = ("tier", "rank", "hospital", "keeps rank", "rank range (5-95%)")
        return html_summary(
            f"Rank stability: {self._head()}",
            (*header, f"in top {self.top_k}"),
            self._rows(),
            kind="stability",
        )


def stability(
    recs: Recommendations,
    n_draws: int = 200,
    spread: float = 0.2,
    seed: int | None = 0,
    *,
    threshold: float = 0.2,
    evidence_spread: float = 1.0,
) -> Stability:
    """Re-score a recommendation's query under perturbed weights and report rank stability.

    Parameters
    ----------
    recs
        A result of :func:`~matcher.recommend` (its ``query`` is re-scored; nothing is printed).
    n_draws
        How many perturbed sets of weights to draw.
    spread
        Each rule-adjusted weight is multiplied by a factor drawn uniformly from
        ``[1 - spread, 1 + spread]``, independently per weight and draw (0 to 1).
    seed
        Seed of the random generator; the same seed gives the same result. ``None`` draws fresh
        randomness.
    threshold
        A hospital shares the tier of the one ranked above it when it scores at least as high
        in at least this share of the draws.
    evidence_spread
        How far each claim-based feature value moves, as a multiple of its claim's uncertainty
        (0 to 5; 0 varies the weights only).
    """
    query = recs.query
    if query is None:
        raise ValueError("these recommendations carry no query to re-score")
    if isinstance(n_draws, bool) or not isinstance(n_draws, int | np.integer) or n_draws < 1:
        raise ValueError(f"n_draws must be a whole number of at least 1, not {n_draws!r}")
    if isinstance(spread, bool) or not isinstance(spread, int | float) or not 0 <= spread <= 1:
        raise ValueError(f"spread must be a number from 0 to 1, not {spread!r}")
    if isinstance(threshold, bool) or not isinstance(threshold, int | float):
        raise ValueError(f"threshold must be a number above 0 and at most 1, not {threshold!r}")
    if not 0 < threshold <= 1:
        raise ValueError(f"threshold must be above 0 and at most 1, not {threshold!r}")
    if (
        isinstance(evidence_spread, bool)
        or not isinstance(evidence_spread, int | float)
        or not 0 <= evidence_spread <= 5
    ):
        raise ValueError(f"evidence_spread must be a number from 0 to 5, not {evidence_spread!r}")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int | np.integer)):
        raise ValueError(f"seed must be a whole number or None, not {seed!r}")

    catalog = query.catalog
    scored = score_patient(query.patient, catalog, query.weights, query.rules)
    candidates = np.flatnonzero(scored.applied.eligible)
    rng = np.random.default_rng(seed)
    factors = rng.uniform(1 - spread, 1 + spread, size=(int(n_draws), len(scored.applied.weights)))
    drawn = factors * scored.applied.weights
    totals = drawn.sum(axis=1)
    values = scored.features.values[candidates]
    if evidence_spread > 0 and len(candidates):
        width = evidence_spread * _uncertainty(scored, candidates)  # hospitals x features
        raw = np.empty((len(candidates), int(n_draws)))
        for draw in range(int(n_draws)):  # one draw at a time: memory stays hospitals x features
            moves = rng.uniform(-1.0, 1.0, size=values.shape)
            raw[:, draw] = np.clip(values * (1.0 + moves * width), 0.0, 1.0) @ drawn[draw]
    else:
        raw = values @ drawn.T
    # hospitals x draws, on the engine's 0-100 scale and rounding, so that ties behave the same
    draws = np.round(
        np.divide(SCALE * raw, totals, out=np.zeros_like(raw), where=totals > 0), SCORE_DECIMALS
    )
    id_rank = np.broadcast_to(catalog.encoded.id_rank[candidates][:, np.newaxis], draws.shape)
    order = np.lexsort((id_rank, -draws), axis=0)
    ranks = np.empty_like(order)
    positions = np.broadcast_to(np.arange(1, len(candidates) + 1)[:, np.newaxis], order.shape)
    np.put_along_axis(ranks, order, positions, axis=0)

    position_of = {int(row): index for index, row in enumerate(candidates)}
    rows = [position_of[catalog.ids.index(item.hospital.id)] for item in recs]
    items = []
    tier = 1
    for index, (item, row) in enumerate(zip(recs, rows, strict=True)):
        if index > 0:
            level_or_ahead = float(np.mean(draws[row] >= draws[rows[index - 1]]))
            if level_or_ahead < threshold:
                tier += 1
        best, worst = np.quantile(
            ranks[row], [RANGE_QUANTILE, 1 - RANGE_QUANTILE], method="inverted_cdf"
        )
        items.append(
            RankStability(
                hospital_id=item.hospital.id,
                name=item.hospital.name,
                rank=item.rank,
                keeps_rank=float(np.mean(ranks[row] == item.rank)),
                best_rank=int(best),
                worst_rank=int(worst),
                in_shortlist=float(np.mean(ranks[row] <= recs.top_k)),
                tier=tier,
            )
        )
    return Stability(
        items=tuple(items),
        n_draws=int(n_draws),
        spread=float(spread),
        seed=None if seed is None else int(seed),
        threshold=float(threshold),
        top_k=recs.top_k,
        evidence_spread=float(evidence_spread),
    )


def _uncertainty(scored: Scored, candidates: np.ndarray) -> np.ndarray:
    """Candidates x features: one minus the authority factor of the claim behind each value."""
    catalog = scored.catalog
    width = np.zeros((len(candidates), len(FEATURES)))
    for position, row in enumerate(candidates.tolist()):
        hospital = catalog.hospitals[row]
        for column, feature in enumerate(FEATURES):
            claim = claim_for(feature.name, row, hospital, scored.features)
            if claim is not None:
                authority = catalog.sources[claim.source].authority
                width[position, column] = 1.0 - AUTHORITY_FACTOR[authority]
    return width
