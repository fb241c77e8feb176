"""Preference pairs from graded vignettes: which hospital an expert judged better, as features."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from os import PathLike
from typing import TYPE_CHECKING, Final

import attrs
import numpy as np

from matcher._engine import score_patient
from matcher.catalog._compiled import FloatArray, IntArray
from matcher.scoring._features import FEATURE_NAMES, N_FEATURES
from matcher.scoring._weights import Weights

if TYPE_CHECKING:
    from matcher.catalog._loader import Catalog
    from matcher.evaluation._vignettes import Vignette, Vignettes
    from matcher.profile._patient import Patient
    from matcher.rules import Rule


#: All-ones and all-zero weights: scoring with both isolates how the rules scale each feature.
UNIT: Final = Weights(name="unit", values=dict.fromkeys(FEATURE_NAMES, 1.0))
ZERO: Final = Weights(name="zero", values={})


@attrs.frozen(eq=False)
class PreferencePairs:
    """Preference pairs from graded vignettes: which hospital should rank above which, and why.

    Row ``i`` of ``differences`` is ``features[preferred[i]] - features[other[i]]`` for the
    patient of vignette ``groups[i]``, with the features the rules switch off for that patient
    set to zero (see the module docstring).
    """

    differences: FloatArray
    groups: tuple[str, ...]
    preferred: tuple[str, ...]
    other: tuple[str, ...]
    feature_names: tuple[str, ...] = FEATURE_NAMES

    def __attrs_post_init__(self) -> None:
        n_pairs = self.differences.shape[0]
        if self.differences.ndim != 2 or self.differences.shape[1] != len(self.feature_names):
            raise ValueError("differences must be a (pairs x features) matrix")
        if not len(self.groups) == len(self.preferred) == len(self.other) == n_pairs:
            raise ValueError("every pair needs a group, a preferred and an other hospital")

    @property
    def n_pairs(self) -> int:
        """How many pairs there are."""
        return len(self.groups)

    @property
    def vignette_ids(self) -> tuple[str, ...]:
        """The vignettes with at least one pair, in order of first appearance."""
        return tuple(dict.fromkeys(self.groups))

    def subset(self, rows: Sequence[int] | IntArray) -> PreferencePairs:
        """The pairs at these row indices."""
        index = np.asarray(rows, dtype=np.int64)
        differences = self.differences[index]
        differences.setflags(write=False)
        return PreferencePairs(
            differences=differences,
            groups=tuple(self.groups[i] for i in index),
            preferred=tuple(self.preferred[i] for i in index),
            other=tuple(self.other[i] for i in index),
            feature_names=self.feature_names,
        )

    def __repr__(self) -> str:
        return f"PreferencePairs({self.n_pairs} pairs from {len(self.vignette_ids)} vignettes)"


def rule_scaled_features(
    patient: Patient, catalog: Catalog, rules: tuple[Rule, ...]
) -> tuple[FloatArray, np.ndarray]:
    """The patient's hospital x feature matrix times the rules' weight factors, and eligibility.

    Rules change a weight to ``weight * scale + add`` (``scale`` and ``add`` never negative), so
    the rule-adjusted weights are affine in the base weights: ``scale`` is what unit base
    weights give minus what zero base weights give.
    """
    with_unit = score_patient(patient, catalog, UNIT, rules)
    with_zero = score_patient(patient, catalog, ZERO, rules)
    scale = with_unit.applied.weights - with_zero.applied.weights
    scaled: FloatArray = with_unit.features.values * scale
    return scaled, with_unit.applied.eligible


def pairs_from_vignettes(
    vignettes: Vignettes | Iterable[Vignette] | str | PathLike[str] | None = None,
    catalog: Catalog | None = None,
    *,
    rules: Sequence[Rule] | None = None,
) -> PreferencePairs:
    """Turn graded vignettes into preference pairs, grouped by vignette.

    For each vignette, one pair per (higher grade, lower grade) couple of graded hospitals that
    the rules leave eligible; a hospital the rules exclude cannot be ranked, so it is in no pair.

    Parameters
    ----------
    vignettes
        ``None`` for the shipped vignettes, a path, or loaded vignettes.
    catalog
        The catalog whose features are used; ``None`` uses the default catalog.
    rules
        The rules to apply; ``None`` uses ``matcher.rules.DEFAULT_RULES``.
    """
    from matcher.catalog._loader import default_catalog  # the catalog module imports this package
    from matcher.evaluation._vignettes import as_vignettes
    from matcher.rules import DEFAULT_RULES

    chosen = as_vignettes(vignettes)
    catalog = default_catalog() if catalog is None else catalog
    chosen.check_hospitals(catalog)
    chosen_rules = DEFAULT_RULES if rules is None else tuple(rules)
    row_of = {hospital_id: row for row, hospital_id in enumerate(catalog.ids)}
    rows: list[FloatArray] = []
    groups: list[str] = []
    preferred: list[str] = []
    other: list[str] = []
    for vignette in chosen:
        features, eligible = rule_scaled_features(vignette.profile, catalog, chosen_rules)
        graded = [(g.hospital, g.grade) for g in vignette.grades if eligible[row_of[g.hospital]]]
        for better, better_grade in graded:
            for worse, worse_grade in graded:
                if better_grade > worse_grade:
                    rows.append(features[row_of[better]] - features[row_of[worse]])
                    groups.append(vignette.id)
                    preferred.append(better)
                    other.append(worse)
    differences = np.array(rows, dtype=np.float64).reshape(len(rows), N_FEATURES)
    differences.setflags(write=False)
    return PreferencePairs(differences, tuple(groups), tuple(preferred), tuple(other))
