"""Ranking the catalog for each distinct ranking: one matrix product per chunk, then exact top k."""

from __future__ import annotations

import itertools
from typing import Final

import attrs
import numpy as np

from matcher.catalog._compiled import BoolArray, FloatArray
from matcher.catalog._loader import Catalog
from matcher.cohort._columns import Int32Array, Int64Array
from matcher.cohort._features import _FeatureCache
from matcher.cohort._groups import _CITY, _LANGUAGE, _Groups
from matcher.scoring._model import SCALE, SCORE_DECIMALS
from matcher.scoring._patient_features import catalog_index

#: Approximate scores (a matrix product sums in another order than the engine) differ from the
#: exact ones by far less than this; candidates this close to the k-th best are re-scored.
MARGIN: Final = 1e-6


@attrs.frozen(eq=False)
class _Rankings:
    """Each ranking's hospitals and scores, back to back (``start[r]:start[r + 1]``)."""

    start: Int64Array
    hospital: Int32Array
    score: FloatArray

    def per_row(self, ranking: Int64Array) -> tuple[Int64Array, Int32Array, Int32Array, FloatArray]:
        """The long table: each valid row's ranking, in row order (rows with -1 skipped)."""
        rows = np.flatnonzero(ranking >= 0)
        chosen = ranking[rows]
        counts = self.start[chosen + 1] - self.start[chosen]
        first = np.cumsum(counts) - counts
        within = np.arange(int(counts.sum()), dtype=np.int64) - np.repeat(first, counts)
        source = np.repeat(self.start[chosen], counts) + within
        return (
            np.repeat(rows, counts).astype(np.int64),
            (within + 1).astype(np.int32),
            self.hospital[source],
            self.score[source],
        )


def _rank(
    groups: _Groups, ranked: Int64Array, catalog: Catalog, top_k: int, chunk: int
) -> _Rankings:
    """Rank the catalog for each ranking (``ranked`` holds a group of each), chunk by chunk."""
    encoded = catalog.encoded
    cancer = groups.cancer_of[ranked]
    order = np.lexsort((groups.cities_of[ranked], cancer))
    features = _FeatureCache(catalog)
    found: list[tuple[Int64Array, Int64Array, FloatArray]] = []
    for begin in range(0, len(order), chunk):
        rankings = order[begin : begin + chunk]
        chosen = ranked[rankings]
        # the left-out hospitals, once per distinct combination of masks in the chunk
        distinct, of_chosen = groups.excluded_distinct(chosen, encoded.n_hospitals)
        run_cancer = cancer[rankings]
        edges = np.flatnonzero(np.r_[True, run_cancer[1:] != run_cancer[:-1], True])
        for run_start, run_end in itertools.pairwise(edges.tolist()):
            run = chosen[run_start:run_end]
            of_run = of_chosen[run_start:run_end]
            # Hospitals left out for every ranking of the run (no evidence for this cancer
            # type, say) drop out first.
            used = np.zeros(len(distinct), dtype=np.bool_)
            used[of_run] = True
            masks = distinct[used]  # only the run's own masks, numbered anew
            of_mask = (np.cumsum(used) - 1)[of_run]
            columns = np.flatnonzero(~masks.all(axis=0))
            rows, hospitals, exact = _top(
                features.of_type(
                    groups.cancer_types[int(run_cancer[run_start])],
                    groups.adults[int(run_cancer[run_start])],
                ).values,
                groups.weights[run],
                columns,
                np.take(masks, columns, axis=1)[of_mask],  # take: far cheaper than ix_
                groups.wanted_cities(run, catalog),
                groups.confirmed_languages(run, catalog, columns),
                catalog,
                top_k,
            )
            found.append((rankings[run_start:run_end][rows], hospitals, exact))
    ranking_of = np.concatenate([f[0] for f in found]) if found else np.zeros(0, np.int64)
    by_ranking = np.argsort(ranking_of, kind="stable")
    start = np.zeros(len(ranked) + 1, dtype=np.int64)
    np.cumsum(np.bincount(ranking_of, minlength=len(ranked)), out=start[1:])
    hospital = np.concatenate([f[1] for f in found]) if found else np.zeros(0, np.int64)
    score = np.concatenate([f[2] for f in found]) if found else np.zeros(0)
    return _Rankings(
        start=start, hospital=hospital[by_ranking].astype(np.int32), score=score[by_ranking]
    )


def _top(
    values: FloatArray,
    weight_rows: FloatArray,
    columns: Int64Array,
    excluded: BoolArray,
    wanted_cities: BoolArray | None,
    confirmed: BoolArray | None,
    catalog: Catalog,
    top_k: int,
) -> tuple[Int64Array, Int64Array, FloatArray]:
    """The best ``top_k`` of the hospitals ``columns`` for each row of weights, over one cancer
    type's features; the others are left out for every row.

    ``excluded`` (rows x ``columns``) holds the hospitals left out; ``values`` has the city
    column at zero; ``wanted_cities`` fills it in per row (where the city weighs; elsewhere it
    adds nothing); ``confirmed`` (rows x ``columns``) fills in the language column the same
    way. Returns the (row, hospital, exact score) entries, rows ascending and each row's
    entries best first.
    """
    total = weight_rows.sum(axis=1, keepdims=True)
    factor = np.divide(SCALE, total, out=np.zeros_like(total), where=total > 0)
    scaled = weight_rows * factor  # as scoring._model.contributions scales them
    approximate = scaled @ values[columns].T
    in_city = None
    if wanted_cities is not None:
        in_city = wanted_cities[:, catalog_index(catalog.encoded).hospital_city[columns]]
        np.add(approximate, scaled[:, _CITY : _CITY + 1], out=approximate, where=in_city)
    in_language = confirmed
    if in_language is not None:
        np.add(
            approximate, scaled[:, _LANGUAGE : _LANGUAGE + 1], out=approximate, where=in_language
        )
    np.putmask(approximate, excluded, -np.inf)
    candidate = ~excluded
    if len(columns) > top_k:
        kth = np.partition(approximate, len(columns) - top_k, axis=1)[:, len(columns) - top_k]
        candidate &= approximate >= (kth - MARGIN)[:, None]
    rows, kept = np.nonzero(candidate)
    hospitals = columns[kept]
    cells = values[hospitals]
    if in_city is not None:
        cells[:, _CITY] = in_city[rows, kept]
    if in_language is not None:
        cells[:, _LANGUAGE] = in_language[rows, kept]
    exact = np.round((cells * scaled[rows]).sum(axis=1), SCORE_DECIMALS)
    order = np.lexsort((catalog.encoded.id_rank[hospitals], -exact, rows))
    rows, hospitals, exact = rows[order], hospitals[order], exact[order]
    first = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
    counts = np.diff(np.r_[first, len(rows)])
    keep = np.arange(len(rows)) - np.repeat(first, counts) < top_k
    return rows[keep].astype(np.int64), hospitals[keep].astype(np.int64), exact[keep]
