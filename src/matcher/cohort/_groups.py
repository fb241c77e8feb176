"""Patients grouped by the rules' effects on them: weights and left-out hospitals per group."""

from __future__ import annotations

from typing import Final, cast

import attrs
import numpy as np

from matcher.catalog._compiled import BoolArray, FloatArray
from matcher.catalog._loader import Catalog
from matcher.cohort._columns import Int64Array, _distinct_rows
from matcher.cohort._features import _FeatureCache, _sort_key
from matcher.cohort._key import (
    _COMPONENT,
    _key_codes,
)
from matcher.cohort._masks import _fill_all, _Plan, _plan
from matcher.cohort._outcomes import _Answers
from matcher.cohort._same import _weights_code
from matcher.cohort._validation import _Cohort, _Partial
from matcher.profile._ontology import CancerType, default_ontology
from matcher.profile._vocab import PATIENT_MODALITIES
from matcher.rules import MatchContext, Rule
from matcher.rules._apply import rule_effects
from matcher.rules._rule import Exclude, Require, Weigh, WeighSought
from matcher.scoring._features import FEATURE_INDEX
from matcher.scoring._language import confirmed_languages
from matcher.scoring._patient_features import cities_named
from matcher.scoring._weights import Weights

_CITY: Final = FEATURE_INDEX["city_preference"]
_LANGUAGE: Final = FEATURE_INDEX["language"]


@attrs.define(eq=False)
class _Groups:
    """Patients grouped so that a group shares one set of rule effects.

    Per group: the cancer type and cities (as numbers into ``cancer_types`` and
    ``city_lists``), the weights, and the hospitals left out, the union of rows of ``masks``
    (``mask_of[g, j]`` is a row of ``masks[j]``; -1 adds nothing). Groups with the same cancer
    type, weights, exclusions and (where the city weighs) cities share a ranking.
    """

    group_of_row: Int64Array
    cancer_of: Int64Array
    cancer_types: list[CancerType]
    #: per entry of ``cancer_types``: True where its groups are known adults (ranked without
    #: children-only claims)
    adults: list[bool]
    cities_of: Int64Array
    city_lists: list[tuple[str, ...]]
    weights: FloatArray
    masks: list[BoolArray]
    mask_of: Int64Array
    #: per group, its languages as a number into ``language_lists``
    languages_of: Int64Array
    language_lists: list[tuple[str, ...]]
    #: per group, its weights numbered (equal numbers for weights equal byte for byte)
    weights_code: Int64Array
    #: per city list, which of the catalog's numbered cities it names (built when first needed)
    _city_table: BoolArray | None = None
    #: ``masks``, each with a row of False added at the end (built when first needed)
    _padded: list[BoolArray] | None = None
    #: per language list, where care in those languages is confirmed, and a last row of False
    #: (built when first needed)
    _confirmed: BoolArray | None = None
    #: which rows of ``_confirmed`` are built
    _confirmed_built: BoolArray = attrs.field(factory=lambda: np.zeros(0, dtype=np.bool_))

    def rankings(self) -> tuple[Int64Array, Int64Array]:
        """Each group's ranking number, and per ranking a group that has it."""
        weighs_city = self.weights[:, _CITY] > 0
        return _distinct_rows(
            [
                self.cancer_of,
                np.where(weighs_city, self.cities_of, -1),
                np.where(self.weights[:, _LANGUAGE] > 0, self.languages_of, -1),
                self.weights_code,
                *self.mask_of.T,
            ]
        )

    def wanted_cities(self, groups: Int64Array, catalog: Catalog) -> BoolArray | None:
        """Per group, which of the catalog's cities it prefers, where the city weighs at all
        (groups x the catalog's numbered cities; None when it weighs for none of them)."""
        weighs = self.weights[groups, _CITY] > 0
        if not weighs.any():
            return None
        if self._city_table is None:
            self._city_table = cities_named(catalog.encoded, self.city_lists)
        wanted: BoolArray = self._city_table[self.cities_of[groups]] & weighs[:, None]
        return wanted

    def confirmed_languages(
        self, groups: Int64Array, catalog: Catalog, hospitals: Int64Array | None = None
    ) -> BoolArray | None:
        """Per group, where care in its languages is confirmed, where language weighs at all
        (groups x hospitals, or x ``hospitals`` when given; None when it weighs for none)."""
        weighs = self.weights[groups, _LANGUAGE] > 0
        if not weighs.any():
            return None
        if self._confirmed is None:  # per language list, and a last row: nowhere
            n_lists = len(self.language_lists)
            self._confirmed = np.zeros((n_lists + 1, catalog.encoded.n_hospitals), bool)
            self._confirmed_built = np.zeros(n_lists + 1, dtype=np.bool_)
            self._confirmed_built[-1] = True
        lists = np.where(weighs, self.languages_of[groups], -1)
        built = self._confirmed_built
        for code in np.unique(lists[~built[lists]]).tolist():  # once per list, not per group
            self._confirmed[code] = confirmed_languages(catalog.encoded, self.language_lists[code])
            built[code] = True
        if hospitals is None:
            return self._confirmed[lists]
        found: BoolArray = np.take(self._confirmed, hospitals, axis=1)[lists]  # not ix_: slow
        return found

    def excluded(self, groups: Int64Array, n_hospitals: int) -> BoolArray:
        """The left-out hospitals of each of these groups (groups x hospitals)."""
        distinct, of_group = self.excluded_distinct(groups, n_hospitals)
        found: BoolArray = distinct[of_group]
        return found

    def excluded_distinct(
        self, groups: Int64Array, n_hospitals: int
    ) -> tuple[BoolArray, Int64Array]:
        """``excluded`` as its distinct rows and each group's row among them (groups that agree
        on every mask share one row, built once)."""
        if self._padded is None:  # each table with a last row of False, for -1 to pick
            self._padded = [
                np.vstack([table, np.zeros((1, n_hospitals), np.bool_)]) for table in self.masks
            ]
        chosen = self.mask_of[groups]
        of_group, first = _distinct_rows(list(chosen.T) or [np.zeros(len(groups), np.int64)])
        distinct = np.zeros((len(first), n_hospitals), dtype=np.bool_)
        for table, column in zip(self._padded, chosen[first].T, strict=True):
            distinct |= table[column]
        return distinct, of_group


def _keyed_groups(
    cohort: _Cohort, catalog: Catalog, weights: Weights, rules: tuple[Rule, ...]
) -> _Groups:
    """Group the valid rows by key; evaluate each condition and selector once per distinct
    combination of the key components it reads, and update the weights of all groups at once,
    rule by rule, with the engine's arithmetic."""
    key, values = _key_codes(cohort)
    rows = np.flatnonzero(cohort.valid)
    group_of_valid, first = _distinct_rows(list(key[rows].T))
    group_of_row = np.full(cohort.n_rows, -1, dtype=np.int64)
    group_of_row[rows] = group_of_valid
    # each group's key, a component (column) contiguous: read a component at a time
    group_key = np.take(key.T, rows[first], axis=1).T
    first_row = rows[first]
    n_groups = len(first)
    features = _FeatureCache(catalog)
    partial = _Partial(cohort)  # a rule is shown only the fields it reads, each patient built once
    city_lists = cast("list[tuple[str, ...]]", values[_COMPONENT["cities"]])
    base = weights.vector()
    by_feature = np.empty((len(base), n_groups))  # one row per feature: updates touch rows
    by_feature[:] = base[:, None]
    therapies = values[_COMPONENT["therapies"]]
    seeks = np.array(
        [
            [t in cast("tuple[str, ...]", sought) for t in PATIENT_MODALITIES]
            for sought in therapies
        ],
        dtype=np.bool_,
    ).reshape(len(therapies), len(PATIENT_MODALITIES))[group_key[:, _COMPONENT["therapies"]]]
    plans: list[_Plan] = []  # the exclusions, answered together once the rules are read
    n_hospitals = catalog.encoded.n_hospitals
    weighed: list[BoolArray] = []  # the rule outcomes that decide the weights
    answers = _Answers(group_key, first_row, partial)  # each part of a condition tested once
    for rule in rules:
        met = answers.met(rule.when)
        if not met.any():
            continue
        for effect in rule.effects:
            if isinstance(effect, Weigh):
                column = FEATURE_INDEX[effect.feature]
                row = by_feature[column]  # x * scale + add where met, as the engine does
                np.multiply(row, effect.scale, out=row, where=met)
                np.add(row, effect.add, out=row, where=met)
                weighed.append(met)
            elif isinstance(effect, WeighSought):
                for position, therapy in enumerate(PATIENT_MODALITIES):
                    row = by_feature[FEATURE_INDEX[therapy]]
                    np.add(row, effect.add, out=row, where=met & seeks[:, position])
                    weighed.append(met & seeks[:, position])
            elif isinstance(effect, Exclude | Require):
                plans.append(_plan(effect, group_key, met, first_row, partial, n_hospitals, values))
    _fill_all(plans, features)
    masks = [plan.table for plan in plans]
    mask_of = [plan.of_group for plan in plans]
    del plans
    np.maximum(by_feature, 0.0, out=by_feature)
    current = np.empty((n_groups, len(base)))
    for begin in range(0, n_groups, 2048):  # a block at a time: a whole transpose misses cache
        current[begin : begin + 2048] = by_feature[:, begin : begin + 2048].T
    del by_feature, answers  # no longer needed: their memory is free for what follows
    cancer = _COMPONENT["cancer"]
    ontology = default_ontology()
    # A known adult is ranked without children-only claims: the features differ by both.
    adult = np.array([value is False for value in values[_COMPONENT["age"]]], dtype=np.bool_)
    adult = adult[group_key[:, _COMPONENT["age"]]]
    cancer_of, first_of_cancer = _distinct_rows([group_key[:, cancer], adult.astype(np.int64)])
    codes = [values[cancer][i] for i in group_key[first_of_cancer, cancer].tolist()]
    return _Groups(
        group_of_row=group_of_row,
        cancer_of=cancer_of.astype(np.int64),
        # a code, or the label of a labelled type ("acute lymphoblastic leukaemia")
        cancer_types=[
            ontology.get(str(code)) if str(code) in ontology else ontology.resolve(str(code))
            for code in codes
        ],
        adults=adult[first_of_cancer].tolist(),
        cities_of=group_key[:, _COMPONENT["cities"]].astype(np.int64),
        city_lists=city_lists,
        languages_of=group_key[:, _COMPONENT["languages"]].astype(np.int64),
        language_lists=cast("list[tuple[str, ...]]", values[_COMPONENT["languages"]]),
        weights=current,
        weights_code=_weights_code(current, weighed),
        masks=masks,
        mask_of=np.stack(mask_of, axis=1) if mask_of else np.zeros((n_groups, 0), np.int64),
    )


def _profile_groups(
    cohort: _Cohort, catalog: Catalog, weights: Weights, rules: tuple[Rule, ...]
) -> _Groups:
    """One group per distinct profile, for rules that may read anything about a patient."""
    rows = np.flatnonzero(cohort.valid)
    whole = np.zeros(cohort.n_rows, dtype=np.int64)
    whole[list(cohort.whole)] = np.arange(1, len(cohort.whole) + 1)
    columns = [part.of_row[rows] for part in cohort.parts]
    group_of_valid, first = _distinct_rows([*columns, whole[rows]])
    group_of_row = np.full(cohort.n_rows, -1, dtype=np.int64)
    group_of_row[rows] = group_of_valid
    patients = [cohort.patient(int(rows[i])) for i in first.tolist()]
    features = _FeatureCache(catalog)
    base = weights.vector()
    found_weights = np.empty((len(patients), len(base)))
    distinct: dict[bytes, int] = {}
    masks: list[BoolArray] = []
    mask_of = np.empty((len(patients), 1), dtype=np.int64)
    cancer: dict[tuple[str, bool], int] = {}
    cities: dict[tuple[str, ...], int] = {}
    languages: dict[tuple[str, ...], int] = {}
    for g in sorted(range(len(patients)), key=lambda g: _sort_key(patients[g])):
        patient = patients[g]
        context = MatchContext(patient, catalog, catalog.encoded, features.of(patient))
        found_weights[g], excluded = rule_effects(rules, context, base)
        mask_of[g, 0] = distinct.setdefault(np.packbits(excluded).tobytes(), len(masks))
        if mask_of[g, 0] == len(masks):
            masks.append(excluded)
    for patient in patients:
        cancer.setdefault((patient.cancer_type.code, patient.adult), len(cancer))
        cities.setdefault(patient.cities, len(cities))
        languages.setdefault(patient.languages, len(languages))
    ontology = default_ontology()
    return _Groups(
        group_of_row=group_of_row,
        cancer_of=np.array([cancer[p.cancer_type.code, p.adult] for p in patients], dtype=np.int64),
        cancer_types=[ontology.get(code) for code, _ in cancer],
        adults=[adult for _, adult in cancer],
        cities_of=np.array([cities[p.cities] for p in patients], dtype=np.int64),
        city_lists=list(cities),
        languages_of=np.array([languages[p.languages] for p in patients], dtype=np.int64),
        language_lists=list(languages),
        weights=found_weights,
        weights_code=_weights_code(found_weights),
        masks=[np.stack(masks) if masks else np.zeros((0, catalog.encoded.n_hospitals), bool)],
        mask_of=mask_of,
    )
