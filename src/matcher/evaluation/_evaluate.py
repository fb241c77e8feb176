"""Ranking quality against graded vignettes: NDCG@k, precision@1, MRR and graded-0 intrusions.

Each vignette is ranked exactly as :func:`~matcher.recommend` ranks it (same rules, scores and
tie-break by hospital id); the metrics compare that ranking with the grades:

- **NDCG@k** (:func:`sklearn.metrics.ndcg_score`, gain = grade). The items are the union of the
  graded hospitals and the ranked ones. A ranked hospital nobody graded counts as relevance 0
  (unjudged is treated as not relevant, the usual convention: it cannot earn credit it was never
  given). A graded hospital the rules left out gets the lowest score, below ``k`` empty slots,
  so it never earns credit but still counts in the ideal ranking. Undefined (``None``) when no
  hospital is graded above 0.
- **precision@1**: 1 when the top hospital is graded 2 or more, else 0.
- **reciprocal rank**: 1 / the rank of the first hospital graded 2 or more in the full ranking
  of eligible hospitals (0 when none is ranked); its mean over vignettes is the MRR. Both are
  undefined when no hospital is graded 2 or more.
- **graded 0 in the top k**: whether a hospital graded 0 appears in the shortlist.

With ``unjudged="removed"`` the ranking is first condensed to the graded hospitals (Sakai's
"condensed lists" for incomplete judgments, SIGIR 2007) before NDCG@k, precision@1 and the
reciprocal rank are computed: a diagnostic of how far the figures owe to hospitals nobody graded,
not a replacement for the default. Graded-0-in-top-k is always read from the real shortlist.

Overall figures are means over the vignettes where a metric is defined.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from os import PathLike
from typing import Any, Final, Literal

import attrs
import numpy as np

from matcher._engine import score_patient
from matcher.catalog._loader import Catalog, default_catalog
from matcher.evaluation._vignettes import Vignette, Vignettes, as_vignettes
from matcher.profile._patient import Patient
from matcher.results._summary import html_summary, summary
from matcher.rules import DEFAULT_RULES, Rule
from matcher.scoring._model import rank_order
from matcher.scoring._weights import DEFAULT_WEIGHTS, Weights

#: A hospital graded this or higher is a good match (for precision@1 and the reciprocal rank).
GOOD_GRADE: Final = 2
#: How many of the vignettes with the lowest NDCG a summary names.
WORST_SHOWN: Final = 5
#: What a ranked hospital nobody graded counts as: relevance 0, or removed from the ranking.
Unjudged = Literal["irrelevant", "removed"]
_UNJUDGED: Final = ("irrelevant", "removed")


@attrs.frozen
class VignetteEvaluation:
    """The metrics for one vignette, with what is needed to trace a regression to its cause.

    ``top`` is the shortlist (best first); ``missed`` the hospitals graded 2 or more that the
    rules left out. A metric is ``None`` where the grades leave it undefined.
    """

    id: str
    split: str
    ndcg: float | None
    precision_at_1: float | None
    reciprocal_rank: float | None
    graded_zero_in_top: bool
    top: tuple[str, ...]
    missed: tuple[str, ...]
    n_eligible: int

    def to_dict(self) -> dict[str, Any]:
        """The record as JSON-ready values."""
        return {
            "id": self.id,
            "split": self.split,
            "ndcg": self.ndcg,
            "precision_at_1": self.precision_at_1,
            "reciprocal_rank": self.reciprocal_rank,
            "graded_zero_in_top": self.graded_zero_in_top,
            "top": list(self.top),
            "missed": list(self.missed),
            "n_eligible": self.n_eligible,
        }


def _mean(values: Iterable[float | None]) -> float | None:
    defined = [value for value in values if value is not None]
    return statistics.fmean(defined) if defined else None


def _shown(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


@attrs.frozen
class Evaluation:
    """Ranking quality of one set of weights on a set of vignettes, overall and per vignette.

    ``str()`` renders the overall figures as a markdown table; :meth:`table` can add a row per
    vignette; :meth:`to_dict` gives everything as JSON-ready values.
    """

    cases: tuple[VignetteEvaluation, ...]
    k: int
    weights: str
    split: str | None
    catalog_version: str
    vignettes_version: str
    #: ``"irrelevant"`` (the default convention) or ``"removed"`` (condensed lists)
    unjudged: Unjudged = "irrelevant"

    @property
    def n_vignettes(self) -> int:
        """How many vignettes were evaluated."""
        return len(self.cases)

    @property
    def ndcg(self) -> float | None:
        """Mean NDCG@k over the vignettes where it is defined."""
        return _mean(case.ndcg for case in self.cases)

    @property
    def precision_at_1(self) -> float | None:
        """Share of vignettes whose top hospital is graded 2 or more."""
        return _mean(case.precision_at_1 for case in self.cases)

    @property
    def mrr(self) -> float | None:
        """Mean reciprocal rank of the first hospital graded 2 or more."""
        return _mean(case.reciprocal_rank for case in self.cases)

    @property
    def graded_zero_in_top(self) -> float | None:
        """Share of vignettes with a hospital graded 0 in the top k (lower is better)."""
        return _mean(float(case.graded_zero_in_top) for case in self.cases)

    def case(self, vignette_id: str) -> VignetteEvaluation:
        """The record of one vignette, by id."""
        for case in self.cases:
            if case.id == vignette_id:
                return case
        raise KeyError(vignette_id)

    def _rows(self) -> list[tuple[str, float | None, int]]:
        def defined(name: str) -> int:
            return sum(getattr(case, name) is not None for case in self.cases)

        return [
            (f"NDCG@{self.k}", self.ndcg, defined("ndcg")),
            ("precision@1", self.precision_at_1, defined("precision_at_1")),
            ("MRR", self.mrr, defined("reciprocal_rank")),
            (f"graded-0 hospital in top {self.k}", self.graded_zero_in_top, self.n_vignettes),
        ]

    def _split(self) -> str:
        split = "all splits" if self.split is None else f"the {self.split} split"
        if self.unjudged == "removed":
            split += ", unjudged hospitals removed"
        return split

    def table(self, *, per_vignette: bool = False) -> str:
        """A markdown table of the overall figures, and optionally one row per vignette."""
        lines = [
            f"Weights {self.weights!r} on {self.n_vignettes} vignettes ({self._split()}; "
            f"vignettes {self.vignettes_version}, catalog {self.catalog_version})",
            "",
            "| metric | value | vignettes |",
            "|---|---|---|",
        ]
        lines += [f"| {name} | {_shown(value)} | {n} |" for name, value, n in self._rows()]
        if per_vignette:
            lines += [
                "",
                f"| vignette | split | NDCG@{self.k} | P@1 | RR | graded 0 in top {self.k} |",
                "|---|---|---|---|---|---|",
            ]
            lines += [
                f"| {c.id} | {c.split} | {_shown(c.ndcg)} | {_shown(c.precision_at_1)} | "
                f"{_shown(c.reciprocal_rank)} | {'yes' if c.graded_zero_in_top else 'no'} |"
                for c in self.cases
            ]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.table()

    def _head(self) -> str:
        vignettes = f"{self.n_vignettes} vignettes ({self._split()})"
        return f"weights {self.weights!r} on {vignettes}, k={self.k}"

    def _worst(self) -> list[VignetteEvaluation]:
        scored = [case for case in self.cases if case.ndcg is not None]
        return sorted(scored, key=lambda case: (case.ndcg, case.id))[:WORST_SHOWN]

    def __repr__(self) -> str:
        """The overall figures and the vignettes with the lowest NDCG."""
        lines = [f"{name}: {_shown(value)} over {n} vignettes" for name, value, n in self._rows()]
        lines.append(f"vignettes {self.vignettes_version}, catalog {self.catalog_version}")
        lines += [f"lowest NDCG: {case.id} {_shown(case.ndcg)}" for case in self._worst()]
        return summary(f"<Evaluation {self._head()}>", lines)

    def _repr_html_(self) -> str:
        """The overall figures as a short HTML table (every text escaped)."""
        rows = [(name, _shown(value), str(n)) for name, value, n in self._rows()]
        worst = ", ".join(f"{case.id} ({_shown(case.ndcg)})" for case in self._worst())
        notes = [f"Vignettes {self.vignettes_version}, catalog {self.catalog_version}."]
        if worst:
            notes.append(f"Lowest NDCG: {worst}.")
        return html_summary(
            f"Evaluation: {self._head()}",
            ("metric", "value", "vignettes"),
            rows,
            notes=notes,
            kind="evaluation",
        )

    def to_dict(self) -> dict[str, Any]:
        """Overall figures and every vignette's record, as JSON-ready values."""
        return {
            "k": self.k,
            "weights": self.weights,
            "split": self.split,
            "catalog_version": self.catalog_version,
            "vignettes_version": self.vignettes_version,
            "unjudged": self.unjudged,
            "n_vignettes": self.n_vignettes,
            "ndcg": self.ndcg,
            "precision_at_1": self.precision_at_1,
            "mrr": self.mrr,
            "graded_zero_in_top": self.graded_zero_in_top,
            "cases": [case.to_dict() for case in self.cases],
        }


def case_metrics(
    ranked: Sequence[str], grades: Mapping[str, int], k: int
) -> tuple[float | None, float | None, float | None, bool]:
    """NDCG@k, precision@1, reciprocal rank and graded-0-in-top-k for one ranking.

    ``ranked`` is every eligible hospital, best first; graded hospitals missing from it were left
    out by the rules. Pure: no catalog, no engine (see the module docstring for the conventions).
    """
    relevance = [float(grades.get(hospital, 0)) for hospital in ranked]
    relevance += [0.0] * k  # the shortlist's empty slots: a left-out hospital cannot fill one
    shown = set(ranked)
    relevance += [float(grade) for hospital, grade in grades.items() if hospital not in shown]
    ndcg: float | None = None
    if max(relevance) > 0:
        from sklearn.metrics import ndcg_score  # scikit-learn loads only when evaluating

        order = np.arange(len(relevance), 0, -1, dtype=np.float64)  # strictly decreasing
        ndcg = float(ndcg_score(np.array([relevance]), order[np.newaxis, :], k=k))
    precision: float | None = None
    reciprocal: float | None = None
    if any(grade >= GOOD_GRADE for grade in grades.values()):
        precision = float(bool(ranked) and grades.get(ranked[0], 0) >= GOOD_GRADE)
        reciprocal = next(
            (
                1.0 / position
                for position, hospital in enumerate(ranked, start=1)
                if grades.get(hospital, 0) >= GOOD_GRADE
            ),
            0.0,
        )
    zero_in_top = any(grades.get(hospital) == 0 for hospital in ranked[:k])
    return ndcg, precision, reciprocal, zero_in_top


def condensed(ranked: Sequence[str], grades: Mapping[str, int]) -> tuple[str, ...]:
    """The ranking with every hospital nobody graded removed, order kept (a condensed list)."""
    return tuple(hospital for hospital in ranked if hospital in grades)


def full_ranking(
    patient: Patient, catalog: Catalog, weights: Weights, rules: tuple[Rule, ...]
) -> tuple[str, ...]:
    """Every eligible hospital's id, best first, in the order :func:`recommend` gives."""
    scored = score_patient(patient, catalog, weights, rules)
    candidates = np.flatnonzero(scored.applied.eligible)
    order = rank_order(scored.score, catalog.encoded.id_rank, candidates, len(candidates))
    return tuple(catalog.hospitals[row].id for row in order)


def evaluate_vignette(
    vignette: Vignette,
    catalog: Catalog,
    weights: Weights,
    rules: tuple[Rule, ...],
    k: int,
    unjudged: Unjudged = "irrelevant",
) -> VignetteEvaluation:
    """Rank one vignette's patient and score the ranking against its grades."""
    ranked = full_ranking(vignette.profile, catalog, weights, rules)
    grades = vignette.grade_of
    scored = ranked if unjudged == "irrelevant" else condensed(ranked, grades)
    ndcg, precision, reciprocal, _ = case_metrics(scored, grades, k)
    zero_in_top = any(grades.get(hospital) == 0 for hospital in ranked[:k])
    shown = set(ranked)
    return VignetteEvaluation(
        id=vignette.id,
        split=vignette.split,
        ndcg=ndcg,
        precision_at_1=precision,
        reciprocal_rank=reciprocal,
        graded_zero_in_top=zero_in_top,
        top=ranked[:k],
        missed=tuple(h for h, grade in grades.items() if grade >= GOOD_GRADE and h not in shown),
        n_eligible=len(ranked),
    )


def evaluate(
    vignettes: Vignettes | Iterable[Vignette] | str | PathLike[str] | None = None,
    weights: Weights | None = None,
    catalog: Catalog | None = None,
    *,
    split: str | None = None,
    k: int = 5,
    rules: Sequence[Rule] | None = None,
    unjudged: Unjudged = "irrelevant",
) -> Evaluation:
    """Measure how well the ranking agrees with graded vignettes.

    Parameters
    ----------
    vignettes
        ``None`` for the vignettes shipped with matcher, a path to a vignettes file, or loaded
        :class:`Vignettes` (or any iterable of :class:`Vignette`).
    weights
        Base feature weights; ``None`` uses the expert defaults.
    catalog
        A :class:`Catalog`; ``None`` uses the default catalog.
    split
        ``"train"`` or ``"test"`` to evaluate one split; ``None`` evaluates every vignette.
    k
        The shortlist length for NDCG@k and graded-0-in-top-k (default 5).
    rules
        The rules to apply; ``None`` uses ``matcher.rules.DEFAULT_RULES``.
    unjudged
        ``"irrelevant"`` (default): a ranked hospital nobody graded counts as relevance 0.
        ``"removed"``: it is dropped from the ranking before NDCG@k, precision@1 and the
        reciprocal rank (condensed lists), a diagnostic for incomplete grades.

    Returns
    -------
    Evaluation
        Overall means and a :class:`VignetteEvaluation` per vignette.

    Raises
    ------
    VignetteError
        When the vignettes cannot be loaded, or a grade names a hospital not in the catalog.
    """
    if isinstance(k, bool) or not isinstance(k, int | np.integer) or k < 1:
        raise ValueError(f"k must be a whole number of at least 1, not {k!r}")
    if unjudged not in _UNJUDGED:
        raise ValueError(f"unjudged must be 'irrelevant' or 'removed', not {unjudged!r}")
    chosen = as_vignettes(vignettes).in_split(split)
    if not chosen:
        raise ValueError(f"there are no vignettes to evaluate in split {split!r}")
    catalog = default_catalog() if catalog is None else catalog
    if not isinstance(catalog, Catalog):
        raise TypeError(f"catalog must be a matcher.Catalog or None, not {type(catalog).__name__}")
    weights = DEFAULT_WEIGHTS if weights is None else weights
    if not isinstance(weights, Weights):
        raise TypeError(f"weights must be a matcher.Weights or None, not {type(weights).__name__}")
    chosen_rules = DEFAULT_RULES if rules is None else tuple(rules)
    chosen.check_hospitals(catalog)
    cases = tuple(
        evaluate_vignette(vignette, catalog, weights, chosen_rules, int(k), unjudged)
        for vignette in chosen
    )
    return Evaluation(
        cases=cases,
        k=int(k),
        weights=weights.name,
        split=split,
        catalog_version=catalog.data_version,
        vignettes_version=chosen.data_version,
        unjudged=unjudged,
    )
