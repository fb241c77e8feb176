"""recommend_many(): the same ranking as recommend(), for a whole cohort at once.

Four things make it fast while keeping every row exactly what ``recommend()`` returns:

1. **Each distinct value is validated once.** The profiles are read column by column and split
   into parts that the profile model validates independently: cancer type with stage (the stage
   is parsed for the cancer's site), TCM preference with the therapies sought (each value read
   on its own, then the model's checks across fields run once per pair of values read), and
   every other field on its own (its value read by the field's own reader, kept as a value).
   A row with a refused part is validated whole, so that its :class:`~matcher.ProfileError` is
   the one ``recommend()`` raises.
2. **Rules are evaluated once per distinct situation they read.** Matcher's own conditions and
   selectors read only a few things about a patient (the cancer type, stage category, positive
   and actionable biomarkers, TCM preference, child or adult, ECOG, disease status, cities and
   city mode, the two wishes, therapies sought). Patients who agree on all of them form a group
   with the same weights and exclusions; each rule's condition is evaluated once per distinct
   combination of what it reads, on a patient built from those fields only, and each exclusion
   once per distinct combination of what its selector reads (a selector that answers for many
   values of a field at once, ``rules._selectors.for_many``, once for all its values), and the
   weights of all groups are updated together, rule by rule, with the same arithmetic as the
   engine. Rules built from other conditions or selectors may read anything: they are applied
   to each distinct profile.
3. **Each distinct ranking is computed once.** Groups with the same cancer type, weights,
   exclusions and (where cities weigh) cities rank the catalog identically.
4. **One matrix product per chunk.** Each chunk of rankings is scored by one matrix product per
   cancer type, ``weights @ features.T``, with the city column added per row; left-out hospitals
   are masked, ``np.partition`` finds the k-th best, and the candidates within a hair of it are
   re-scored exactly as the engine scores them (same products, same sums, same rounding) and
   sorted by (score, hospital id), recommend()'s tie-break. ``chunk_size`` bounds the memory.

Each stage has its module beside this one: ``_columns``, ``_reading`` and ``_validation`` (1:
each distinct list item, cancer type and stage read once), ``_key``, ``_outcomes``, ``_groups``
and ``_same`` (2 and 3: each simple part of a condition tested once per combination of what it
reads, equal weights and outcomes numbered alike; ``_features`` reuses features), ``_ranking``
(4) and ``_table`` (the result); this module only strings them together.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Final

import numpy as np

from matcher._engine import settings
from matcher.catalog._loader import Catalog
from matcher.cohort._columns import _columns
from matcher.cohort._groups import _keyed_groups, _profile_groups
from matcher.cohort._key import _reads_only_the_key
from matcher.cohort._ranking import _rank
from matcher.cohort._table import CohortRecommendations
from matcher.cohort._validation import Errors, _Cohort
from matcher.common._arrays import sealed
from matcher.profile._patient import Patient
from matcher.rules import Rule
from matcher.scoring._weights import Weights

if TYPE_CHECKING:
    import pandas as pd


#: Matrix cells per chunk when ``chunk_size`` is not given (32 MB of float64 scores).
CHUNK_CELLS: Final = 1 << 22


def recommend_many(
    profiles: Iterable[Patient | Mapping[str, object]] | pd.DataFrame,
    top_k: int = 5,
    catalog: Catalog | None = None,
    *,
    weights: Weights | None = None,
    rules: Sequence[Rule] | None = None,
    errors: Errors = "raise",
    chunk_size: int | None = None,
) -> CohortRecommendations:
    """Rank the catalog's hospitals for many patients at once, as :func:`recommend` would.

    Parameters
    ----------
    profiles
        A list (or other iterable) of profiles, each a :class:`Patient` or a mapping of profile
        fields; or a pandas DataFrame with one profile per row and a column per field. In a
        DataFrame a missing cell (None, NaN, NA) means the field is absent, list-valued fields
        hold lists (NumPy arrays are read as lists) and ``biomarkers`` holds mappings or lists.
    top_k, catalog, weights, rules
        As for :func:`recommend`, the same for every patient.
    errors
        ``"raise"`` (default): a :class:`~matcher.ProfileError` for the first profile that
        cannot be understood, naming its row, before anything is ranked. ``"collect"``: the
        invalid rows are reported in ``result.errors``, one ProfileError per row, and the
        valid rows are ranked as usual.
    chunk_size
        How many rankings to compute in one matrix product; the working memory grows with
        ``chunk_size x hospitals``. ``None`` picks about 4 million cells.

    Returns
    -------
    CohortRecommendations
        The long table (patient row, rank, hospital, score) as NumPy arrays and as
        ``to_frame()``; ``result[row]`` is that patient's full :class:`Recommendations`.

    Raises
    ------
    ProfileError
        With ``errors="raise"``, for the first row that cannot be understood; its ``row``
        attribute and its message give the row, counted from 0.
    """
    top_k, catalog, weights, rule_tuple = settings(top_k, catalog, weights, rules)
    if errors not in ("raise", "collect"):
        raise ValueError(f"errors must be 'raise' or 'collect', not {errors!r}")
    if chunk_size is not None and (
        isinstance(chunk_size, bool) or not isinstance(chunk_size, int) or chunk_size < 1
    ):
        raise ValueError(f"chunk_size must be a whole number of at least 1, not {chunk_size!r}")
    cohort = _Cohort.read(_columns(profiles), errors)
    grouping = _keyed_groups if _reads_only_the_key(rule_tuple) else _profile_groups
    groups = grouping(cohort, catalog, weights, rule_tuple)
    ranking_of_group, ranked = groups.rankings()
    chunk = chunk_size or max(1, CHUNK_CELLS // max(catalog.encoded.n_hospitals, 1))
    rankings = _rank(groups, ranked, catalog, top_k, chunk)
    valid = groups.group_of_row >= 0
    ranking_of_row = np.full(cohort.n_rows, -1, dtype=np.int64)
    ranking_of_row[valid] = ranking_of_group[groups.group_of_row[valid]]
    patient, rank, hospital, score = rankings.per_row(ranking_of_row)
    return CohortRecommendations(
        patient=sealed(patient),
        rank=sealed(rank),
        hospital_index=sealed(hospital),
        score=sealed(score),
        errors=MappingProxyType(cohort.errors),
        n_rows=cohort.n_rows,
        n_groups=len(groups.weights),
        n_rankings=len(ranked),
        top_k=top_k,
        catalog=catalog,
        weights=weights,
        rules=rule_tuple,
        profiles=cohort,
    )
