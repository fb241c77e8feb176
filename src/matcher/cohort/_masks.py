"""The hospitals each exclusion leaves out, for every group: each selector asked once per distinct
combination of what it reads, and all exclusions answered cancer type by cancer type, so that a
type's features are looked up once however many exclusions read them (on a catalog too large
for every type's features to be kept, each type is computed once, not once per exclusion)."""

from __future__ import annotations

from typing import cast

import attrs
import numpy as np

from matcher.catalog._compiled import BoolArray
from matcher.cohort._columns import Int32Array, Int64Array, _distinct_rows
from matcher.cohort._features import _FeatureCache, _sort_key
from matcher.cohort._key import _COMPONENT, _COMPONENT_OF_FIELD, _fields_of, _selector_reads
from matcher.cohort._validation import _Partial
from matcher.profile._patient import Patient
from matcher.rules import MatchContext
from matcher.rules._apply import leaves_out
from matcher.rules._rule import Exclude, Require
from matcher.rules._selectors import ForMany, for_many


@attrs.define(eq=False)
class _Plan:
    """One exclusion's distinct combinations, a patient for each combination of what its
    selector reads beside the field it answers many values of, and the table being filled."""

    effect: Exclude | Require
    #: per distinct combination, the left-out hospitals (filled by ``fill``)
    table: BoolArray
    #: per group, its combination's row of ``table`` (-1 where the rule is not met)
    of_group: Int64Array
    patients: list[Patient]
    #: the combinations of each patient: ``members[edges[k]:edges[k + 1]]``
    members: Int64Array
    edges: Int64Array
    #: a group of each combination
    representative: Int64Array
    many: ForMany | None
    varying_values: list[object]
    varying_column: Int32Array | None
    reads_cities: bool

    def fill(self, k: int, features: _FeatureCache) -> None:
        """Fill the rows of patient ``k``'s combinations."""
        patient, catalog = self.patients[k], features.catalog
        found = (
            features.of(patient)
            if self.reads_cities
            else features.of_type(patient.cancer_type, patient.adult)
        )
        context = MatchContext(patient, catalog, catalog.encoded, found)
        these = self.members[self.edges[k] : self.edges[k + 1]]
        if self.many is None or self.varying_column is None:
            self.table[these] = leaves_out(self.effect, context)
            return
        column = self.varying_column[self.representative[these]].tolist()
        given = cast("list[tuple[str, ...]]", [self.varying_values[v] for v in column])
        selected = self.many.select(context, given)
        self.table[these] = selected if isinstance(self.effect, Exclude) else ~selected


def _plan(
    effect: Exclude | Require,
    group_key: Int32Array,
    met: BoolArray,
    first_row: Int64Array,
    partial: _Partial,
    n_hospitals: int,
    values: list[list[object]],
) -> _Plan:
    """An exclusion's combinations and patients (``fill`` answers them).

    A selector that answers for many values of a field at once (``for_many``) is asked once
    per distinct combination of the other things it reads, for all values of that field.
    """
    groups = np.flatnonzero(met)
    reads = _selector_reads(effect.where) or ()
    columns = [group_key[groups, _COMPONENT[c]] for c in reads]
    of_met, chosen = _distinct_rows(columns or [np.zeros(len(groups), np.int64)])
    of_group = np.full(len(met), -1, dtype=np.int64)
    of_group[groups] = of_met
    many = for_many(effect.where)
    varying = _COMPONENT_OF_FIELD.get(many.field) if many is not None else None
    if varying not in reads:
        many, varying = None, None
    rest = tuple(c for c in reads if c != varying)
    # A selector that reads the cities is given them, and the languages, as features.of reads.
    reads_cities = "cities" in rest
    fields = _fields_of((*rest, "languages") if reads_cities else rest)
    representative = groups[chosen]  # a group of each distinct combination
    rest_columns = [group_key[representative, _COMPONENT[c]] for c in rest]
    of_chosen, first = _distinct_rows(rest_columns or [np.zeros(len(chosen), np.int64)])
    members = np.argsort(of_chosen, kind="stable")
    return _Plan(
        effect=effect,
        table=np.empty((len(chosen), n_hospitals), dtype=np.bool_),
        of_group=of_group,
        patients=partial.of_rows(first_row[representative[first]], fields),
        members=members,
        edges=np.searchsorted(of_chosen[members], np.arange(len(first) + 1)),
        representative=representative,
        many=many,
        varying_values=values[_COMPONENT[varying]] if varying is not None else [],
        varying_column=group_key[:, _COMPONENT[varying]] if varying is not None else None,
        reads_cities=reads_cities,
    )


def _fill_all(plans: list[_Plan], features: _FeatureCache) -> None:
    """Fill every plan's table, all plans' patients in order of cancer type, adult or not and
    cities (``_sort_key``): each type's features are looked up once for all exclusions."""
    work = [(plan, k) for plan in plans for k in range(len(plan.patients))]
    work.sort(key=lambda item: _sort_key(item[0].patients[item[1]]))
    for plan, k in work:
        plan.fill(k, features)
