"""A recommend() call costs O(top_k) Python objects, whatever the size of the catalog.

Counts, never times: the objects a call leaves alive (its result with everything it holds, but
not the catalog's), and how many young-generation collections the call's allocations set off
(a call that made one object per hospital would set off more on a larger catalog). Lazy
exclusions must still read exactly as the built tuple did.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from typing import Any

import attrs
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import matcher
from matcher import Catalog, recommend
from matcher.results._exclusions import ExclusionTable
from matcher.rules import DEFAULT_RULES
from matcher.synthetic import synthetic_catalog, synthetic_profiles

PROFILES = synthetic_profiles(12, seed=3)


@pytest.fixture(scope="module")
def catalogs() -> dict[int, Catalog]:
    return {n: synthetic_catalog(n, seed=1) for n in (500, 5_000)}


@pytest.fixture
def quiet_collector() -> Iterator[None]:
    threshold = gc.get_threshold()
    yield
    gc.set_threshold(*threshold)
    gc.enable()


def _objects_per_call(catalog: Catalog, profile: dict[str, Any]) -> tuple[int, int, int, int]:
    """Objects the call's result keeps alive, young collections during the call, hospitals
    ranked and hospitals left out."""
    recommend(profile, catalog=catalog)  # warm this type's features and the catalog's lookups
    gc.collect()
    gc.disable()
    before = len(gc.get_objects())
    recs = recommend(profile, catalog=catalog)
    kept = len(gc.get_objects()) - before
    gc.enable()
    gc.collect()
    gc.set_threshold(200, 10, 10)
    collections = gc.get_stats()[0]["collections"]
    again = recommend(profile, catalog=catalog)
    collections = gc.get_stats()[0]["collections"] - collections
    assert again == recs
    return kept, collections, len(recs), recs.n_excluded


def test_a_call_allocates_objects_by_top_k_not_by_catalog(
    catalogs: dict[int, Catalog], quiet_collector: None
) -> None:
    for profile in PROFILES:
        small = _objects_per_call(catalogs[500], profile)
        large = _objects_per_call(catalogs[5_000], profile)
        for kept, collections, ranked, left_out in (small, large):
            # Each ranked hospital brings its contributions, reasons and sources (about 40
            # objects); the result itself one outcome per rule and about 25 more (the query,
            # the profile, the tables, a relaxation when nothing is ranked). Nothing is made per
            # hospital left out.
            budget = len(DEFAULT_RULES) + 25 + 40 * ranked
            assert kept <= budget, (kept, budget, ranked, left_out)
            # 200 net container allocations set off a young collection: a call that made one
            # object per left-out hospital would set off left_out / 200 of them.
            assert collections <= 2, (collections, left_out)
        assert large[3] > 5 * small[3] or large[3] > 3_000  # the large call leaves out thousands


def test_excluded_is_built_only_when_read_and_reads_as_before(
    catalogs: dict[int, Catalog],
) -> None:
    catalog = catalogs[500]
    for profile in PROFILES:
        recs = recommend(profile, catalog=catalog)
        table = recs._excluded
        assert isinstance(table, ExclusionTable)
        assert table._built is None
        assert recs.n_excluded == len(table)
        excluded = recs.excluded
        assert table._built is excluded
        assert recs.excluded is excluded
        assert type(excluded) is tuple
        assert all(type(e) is matcher.Exclusion for e in excluded)
        ids = [e.hospital.id for e in excluded]
        assert ids == sorted(ids)
        ranked = set(recs.hospital_ids)
        assert not ranked & set(ids)
        assert len(ids) + recs.n_eligible == len(catalog)
        # Equal to a result holding the built tuple, in both directions, and hashed alike.
        built = attrs.evolve(recs, excluded=excluded)
        assert built == recs
        assert recs == built
        assert hash(table) == hash(excluded)
        assert recommend(profile, catalog=catalog) == recs


def test_a_result_still_refuses_a_hospital_both_ranked_and_excluded(
    catalogs: dict[int, Catalog],
) -> None:
    catalog = catalogs[500]
    recs = recommend({"cancer_type": "breast cancer"}, catalog=catalog)
    row = catalog.hospitals.index(recs[0].hospital)
    table = ExclusionTable(
        catalog.hospitals,
        np.array([row]),
        np.array([0]),
        (("made.up", "a reason"),),
    )
    with pytest.raises(ValueError, match="both ranked and excluded"):
        attrs.evolve(recs, excluded=table)


def test_the_catalog_is_frozen_out_of_the_collector(catalogs: dict[int, Catalog]) -> None:
    catalog = catalogs[5_000]
    assert gc.get_freeze_count() > 10 * len(catalog)
    # The collector's generations no longer hold the catalog's objects (the frozen ones are in
    # the permanent generation, which gc.get_objects() does not list).
    seen = {id(thing) for thing in gc.get_objects()}
    assert id(catalog.hospitals[0]) not in seen
    assert id(catalog.hospitals) not in seen


def test_type_features_agree_whether_kept_or_recomputed_and_across_threads(
    catalogs: dict[int, Catalog],
) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from matcher.profile._ontology import default_ontology
    from matcher.scoring._patient_features import _type_features, catalog_index, type_features

    encoded = catalogs[5_000].encoded
    index = catalog_index(encoded)
    assert 2 <= index.room <= 2048
    ontology = default_ontology()
    # more types than kept (the catalog's own first, then others of the ontology)
    codes = dict.fromkeys([*encoded.cancer_codes, *ontology.codes()])
    types = [ontology.get(code) for code in list(codes)[: index.room + 8]]
    first = {t.code: type_features(encoded, t) for t in types}
    assert len(index.by_type) <= index.room
    with ThreadPoolExecutor(4) as pool:
        again = list(pool.map(lambda t: type_features(encoded, t), types * 3))
    for cancer_type, features in zip(types * 3, again, strict=True):
        kept = first[cancer_type.code]
        fresh = _type_features(encoded, cancer_type, index.base[0], index)
        for field in attrs.fields(type(kept)):
            assert np.array_equal(getattr(features, field.name), getattr(kept, field.name))
            assert np.array_equal(getattr(fresh, field.name), getattr(kept, field.name))
            assert not getattr(features, field.name).flags.writeable


LEVELS = [0.0, 0.0, 0.0, 1.2, 2.4, 2.4, 5.0]  # mostly no claim, and many ties


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 40).flatmap(
        lambda rows: st.tuples(
            st.lists(
                st.lists(
                    st.sampled_from([0.0, 0.0, 0.0, 1.2, 2.4, 2.4, 5.0]), min_size=6, max_size=6
                ),
                min_size=rows,
                max_size=rows,
            ),
            st.lists(st.integers(0, 5), max_size=6),
        )
    )
)
def test_reading_columns_sparsely_chooses_as_the_dense_argmax_does(
    drawn: tuple[list[list[float]], list[int]],
) -> None:
    from matcher.scoring._patient_features import _best
    from matcher.scoring._sparse import ColumnEntries, best_in_columns

    levels = np.array(drawn[0])
    claims = np.arange(levels.size, dtype=np.int32).reshape(levels.shape)
    columns = drawn[1]  # ties and repeated columns included
    dense = _best(levels, claims, columns)
    sparse = best_in_columns(levels, claims, ColumnEntries.of(levels), columns)
    assert np.array_equal(dense[0], sparse[0])
    assert np.array_equal(dense[1], sparse[1])


def test_what_relaxing_brings_back_is_named_only_when_read(catalogs: dict[int, Catalog]) -> None:
    profile = {"cancer_type": "NSCLC", "cities": ["Beijing"], "city_mode": "only"}
    recs = recommend(profile, catalog=catalogs[5_000])
    relaxation = next(r for r in recs.relaxations if r.rule_id == "city.only")
    ids = relaxation.hospital_ids
    assert len(ids) > 1_000 and getattr(ids, "_built", "tuple") is None
    hospitals = catalogs[5_000].hospitals
    by_id = {h.id: h for h in hospitals}
    scores = dict(zip(ids, _engine_scores(profile, catalogs[5_000], ids), strict=True))
    ordered = sorted(ids, key=lambda h: (-scores[h], h))
    assert tuple(ids) == tuple(ordered)
    assert relaxation.best == by_id[ordered[0]].name


def _engine_scores(profile: dict[str, Any], catalog: Catalog, ids: Any) -> list[float]:
    from matcher._engine import score_patient

    scored = score_patient(
        matcher.Patient.model_validate(profile),
        catalog,
        matcher.DEFAULT_WEIGHTS,
        matcher.rules.DEFAULT_RULES,
    )
    row = {h.id: i for i, h in enumerate(catalog.hospitals)}
    return [float(scored.score[row[h]]) for h in ids]
