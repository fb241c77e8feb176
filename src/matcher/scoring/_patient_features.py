"""Turn an encoded catalog and one patient into the hospital x feature matrix for that patient."""

from __future__ import annotations

import itertools
import threading
import weakref
from collections.abc import Sequence
from typing import Any, Final

import attrs
import numpy as np
import numpy.typing as npt

from matcher.catalog._compiled import (
    MODALITY_COLUMN,
    SERVICE_COLUMN,
    BoolArray,
    EncodedCatalog,
    FloatArray,
    IntArray,
)
from matcher.common._arrays import sealed
from matcher.profile._ontology import CancerType, default_ontology
from matcher.scoring._features import (
    BREAST_GYNAE_CODES,
    BROADER_FACTOR,
    DISEASE_BOUND_FEATURES,
    FEATURE_INDEX,
    MAX_LEVEL,
    MODALITY_FEATURES,
    N_FEATURES,
    NARROWER_FACTOR,
    ROOT_CODE,
    SERVICE_FEATURES,
)
from matcher.scoring._sparse import ColumnEntries, best_in_columns
from matcher.scoring._standing import best_of as _best
from matcher.scoring._standing import disease_fit
from matcher.scoring._standing import rankings_for as _rankings
from matcher.scoring._standing import specialties_for as _specialties_for

_MODALITY_SOURCE_COLUMNS: Final = np.array([MODALITY_COLUMN[n] for n in MODALITY_FEATURES])
_MODALITY_TARGET_COLUMNS: Final = np.array([FEATURE_INDEX[n] for n in MODALITY_FEATURES])
_FEATURE_OF_MODALITY_COLUMN: Final = np.full(len(MODALITY_COLUMN), -1)
for _position, _name in enumerate(MODALITY_FEATURES):
    _FEATURE_OF_MODALITY_COLUMN[MODALITY_COLUMN[_name]] = _position
_SERVICE_SOURCE_COLUMNS: Final = np.array([SERVICE_COLUMN[n] for n in SERVICE_FEATURES])
_SERVICE_TARGET_COLUMNS: Final = np.array([FEATURE_INDEX[n] for n in SERVICE_FEATURES])
#: The weight of evidence (0-5) a claim about cancer care in general needs to make a hospital
#: eligible on its own: a dedicated oncology department or more, as its own words describe it
#: (level 3 x 0.8); a mere mention or a list entry is not enough. A place in the independent
#: oncology ranking is enough too.
GENERAL_EVIDENCE_LEVEL: Final = 2.4
#: The ranking features, in the column order of ``PatientFeatures.ranking_claim``.
RANKING_FEATURES: Final = (
    "specialty_ranking",
    "oncology_ranking",
    "paediatric_ranking",
    "neurosurgery_ranking",
)
_DISEASE_BOUND_COLUMNS: Final = np.array([FEATURE_INDEX[n] for n in DISEASE_BOUND_FEATURES])
#: An English-language claim alone counts as "offered" (level 2) for international services.
ENGLISH_LEVEL: Final = 2.0


@attrs.frozen(eq=False)
class PatientFeatures:
    """Feature values for one patient, and which claim produced each value."""

    values: FloatArray
    #: index into each hospital's strengths of the claim behind cancer_type_expertise (-1: none)
    cancer_claim: IntArray
    #: True where that claim is about a narrower cancer type than the patient's
    cancer_claim_narrower: BoolArray
    general_claim: IntArray
    breast_gynae_claim: IntArray
    #: hospital x MODALITY_FEATURES: index into the hospital's modality claims (-1: none)
    modality_claim: IntArray
    #: hospital x SERVICE_FEATURES: index into the hospital's service claims
    service_claim: IntArray
    #: the service column behind international_services (-1 where an English claim or nothing)
    international_service: IntArray
    #: hospital x RANKING_FEATURES: index into the hospital's ranking claims (-1: none)
    ranking_claim: IntArray
    #: True where the hospital has a sourced claim for the patient's type, a broader
    #: (non-root) or a narrower one, or a claim about cancer care in general
    has_type_evidence: BoolArray
    has_general_evidence: BoolArray
    #: index into each hospital's language claims of the claim confirming one of the
    #: patient's languages; -2 where an English-consultation service confirms English; -1 none
    language_claim: IntArray
    #: True where the hospital is placed in the independent ranking of a specialty that speaks
    #: for the patient's cancer (e.g. thoracic surgery for a thymoma): evidence for the disease
    has_disease_standing: BoolArray
    #: per hospital, how well it fits the patient's disease (1 before a cancer type is known)
    disease_fit: FloatArray


def patient_features(
    encoded: EncodedCatalog,
    cancer_type: CancerType,
    cities: tuple[str, ...],
    *,
    adult: bool = False,
) -> PatientFeatures:
    """The hospital x feature matrix for a patient with this cancer type and city preferences.

    For a known ``adult`` children-only claims count for nothing (``EncodedCatalog.adult``).
    """
    of_type = type_features(encoded.for_adult(adult), cancer_type)
    return with_cities(of_type, encoded, cities)


def with_cities(
    features: PatientFeatures, encoded: EncodedCatalog, cities: tuple[str, ...]
) -> PatientFeatures:
    """``features`` with the city_preference column set for these cities (1 in one of them)."""
    if not cities:
        return features
    values = features.values.copy()
    values[:, FEATURE_INDEX["city_preference"]] = in_cities(encoded, cities)
    return attrs.evolve(features, values=sealed(values))


def in_cities(encoded: EncodedCatalog, cities: tuple[str, ...]) -> BoolArray:
    """Per hospital, True where it lies in one of ``cities``."""
    index = catalog_index(encoded)
    wanted = np.zeros(len(index.city_code), dtype=np.bool_)
    wanted[[index.city_code[city] for city in cities if city in index.city_code]] = True
    result: BoolArray = wanted[index.hospital_city]
    return result


def cities_named(encoded: EncodedCatalog, city_lists: Sequence[tuple[str, ...]]) -> BoolArray:
    """Per list of cities, which of the catalog's numbered cities (``CatalogIndex.city_code``)
    it names: all lists' cities numbered in one pass and set in one assignment."""
    city_code = catalog_index(encoded).city_code
    table = np.zeros((len(city_lists) + 1, len(city_code) + 1), dtype=np.bool_)
    # every list's cities back to back, each a number (the last column: not in the catalog)
    names = list(itertools.chain.from_iterable(city_lists))
    codes = np.fromiter(map(city_code.get, names, itertools.repeat(len(city_code))), np.int64)
    rows = np.repeat(np.arange(len(city_lists)), np.fromiter(map(len, city_lists), np.int64))
    table[rows, codes] = True
    found: BoolArray = table[:-1, :-1]
    return found


@attrs.frozen(eq=False)
class CatalogIndex:
    """Lookups that depend only on the catalog, computed once per encoded catalog."""

    #: cancer-type columns within breast or gynaecological cancer
    gynae_columns: list[int]
    #: the catalog's cities, numbered in name order; and each hospital's city number
    city_code: dict[str, int]
    hospital_city: IntArray
    #: the rows in hospital-id order (the order results list hospitals in)
    by_id: npt.NDArray[np.intp]
    #: how many cancer types' features ``by_type`` keeps (see ``type_cache_room``)
    room: int
    #: each cancer-type column's hospitals with a claim, for reading a type's columns sparsely
    strength_entries: ColumnEntries
    #: the features of the cancer types used last, by code (oldest first)
    by_type: dict[str, PatientFeatures] = attrs.field(factory=dict)
    lock: threading.Lock = attrs.field(factory=threading.Lock)
    #: every feature that does not depend on the cancer type, computed in one pass (a list of
    #: one, filled on first use under ``lock``); the type's columns are zero there
    base: list[PatientFeatures] = attrs.field(factory=list)


_INDEXES: Final[weakref.WeakKeyDictionary[EncodedCatalog, CatalogIndex]] = (
    weakref.WeakKeyDictionary()
)
_INDEXES_LOCK: Final = threading.Lock()


def catalog_index(encoded: EncodedCatalog) -> CatalogIndex:
    """The lookups for this encoded catalog (built on first use, kept while it lives)."""
    found = _INDEXES.get(encoded)
    if found is None:
        ontology = default_ontology()
        city_code = {city: code for code, city in enumerate(sorted(set(encoded.city)))}
        hospital_city = np.array([city_code[c] for c in encoded.city], dtype=np.int32)
        hospital_city = sealed(hospital_city)
        built = CatalogIndex(
            gynae_columns=[
                encoded.cancer_column[c]
                for c in encoded.cancer_codes
                if any(ontology.get(c).is_within(root) for root in BREAST_GYNAE_CODES)
            ],
            city_code=city_code,
            hospital_city=hospital_city,
            by_id=sealed(np.argsort(encoded.id_rank, kind="stable")),
            room=type_cache_room(encoded),
            strength_entries=ColumnEntries.of(encoded.strength),
        )
        with _INDEXES_LOCK:  # two threads building at once keep the first one's index
            found = _INDEXES.setdefault(encoded, built)
    return found


#: The feature matrices of recently used cancer types are kept, patients with the same type
#: sharing one read-only matrix, within a memory budget sized by the catalog: as much as the
#: encoded catalog's own arrays, and at least TYPE_CACHE_MIN_BYTES; between 2 and
#: TYPE_CACHE_MAX_TYPES types. At 100,000 hospitals that is about 5 types of about 30 MB each;
#: on the default catalog (about 40 KB a type) every type of the ontology fits, so that a cohort
#: of many types (``recommend_many`` reads each type once per exclusion rule) does not recompute
#: them. A type not kept costs one pass over the type's own columns (the rest is computed once).
TYPE_CACHE_MIN_BYTES: Final = 64 << 20
TYPE_CACHE_MAX_TYPES: Final = 2048


def type_cache_room(encoded: EncodedCatalog) -> int:
    """How many cancer types' features to keep for this catalog (see TYPE_CACHE_MIN_BYTES)."""
    per_hospital = 8 * N_FEATURES + 4 * (len(MODALITY_FEATURES) + len(RANKING_FEATURES) + 8)
    per_type = max(1, encoded.n_hospitals * per_hospital)
    catalog_bytes = sum(
        value.nbytes
        for value in attrs.asdict(encoded, recurse=False).values()
        if isinstance(value, np.ndarray)
    )
    budget = max(TYPE_CACHE_MIN_BYTES, catalog_bytes)
    return int(min(TYPE_CACHE_MAX_TYPES, max(2, budget // per_type)))


def type_features(encoded: EncodedCatalog, cancer_type: CancerType) -> PatientFeatures:
    """The hospital x feature matrix for a cancer type, before any city preference (column 0).

    Every array is read-only; recently used types are kept (see ``TYPE_CACHE_MIN_BYTES``).
    Safe to call from several threads: the same inputs always give equal arrays.
    """
    index = catalog_index(encoded)
    with index.lock:
        found = index.by_type.get(cancer_type.code)
        if found is not None:  # most recently used last
            del index.by_type[cancer_type.code]
            index.by_type[cancer_type.code] = found
            return found
    found = _type_features(encoded, cancer_type, _base(encoded, index), index)
    with index.lock:
        index.by_type.pop(cancer_type.code, None)
        while len(index.by_type) >= index.room:
            del index.by_type[next(iter(index.by_type))]
        index.by_type[cancer_type.code] = found
    return found


def _base(encoded: EncodedCatalog, index: CatalogIndex) -> PatientFeatures:
    """The catalog's type-independent features (computed once, under the index's lock)."""
    with index.lock:
        if not index.base:
            index.base.append(_base_features(encoded, index))
        return index.base[0]


def _base_features(encoded: EncodedCatalog, index: CatalogIndex) -> PatientFeatures:
    """Every feature that does not depend on the cancer type; the type's columns at zero."""
    n = encoded.n_hospitals
    values = np.zeros((n, N_FEATURES))
    column = encoded.cancer_column
    root = [column[ROOT_CODE]] if ROOT_CODE in column else []
    general_level, general_claim = _best(encoded.strength, encoded.strength_claim, root)
    values[:, FEATURE_INDEX["overall_oncology"]] = general_level / MAX_LEVEL
    values[:, FEATURE_INDEX["evidence"]] = encoded.evidence
    values[:, FEATURE_INDEX["childrens_hospital"]] = encoded.childrens_hospital

    gynae_level, gynae_claim = _best(encoded.strength, encoded.strength_claim, index.gynae_columns)
    values[:, FEATURE_INDEX["breast_gynae_expertise"]] = gynae_level / MAX_LEVEL

    values[:, _MODALITY_TARGET_COLUMNS] = encoded.modality[:, _MODALITY_SOURCE_COLUMNS] / MAX_LEVEL
    modality_claim = encoded.modality_claim[:, _MODALITY_SOURCE_COLUMNS].copy()

    values[:, _SERVICE_TARGET_COLUMNS] = encoded.service[:, _SERVICE_SOURCE_COLUMNS] / MAX_LEVEL
    service_claim = encoded.service_claim[:, _SERVICE_SOURCE_COLUMNS]
    english = np.where(encoded.english_claim >= 0, ENGLISH_LEVEL, 0.0)
    international = np.maximum(encoded.international, english)
    values[:, FEATURE_INDEX["international_services"]] = international / MAX_LEVEL
    international_service = np.where(
        encoded.international >= english, encoded.international_service, -1
    ).astype(np.int32)

    ranking, ranking_claim = _rankings(encoded, None)
    for ranked, name in enumerate(RANKING_FEATURES):
        values[:, FEATURE_INDEX[name]] = ranking[:, ranked]
    none = np.full(n, -1, dtype=np.int32)
    arrays: dict[str, Any] = {
        "values": values,
        "ranking_claim": ranking_claim,
        "cancer_claim": none,
        "cancer_claim_narrower": np.zeros(n, dtype=np.bool_),
        "general_claim": general_claim,
        "breast_gynae_claim": gynae_claim,
        "modality_claim": modality_claim,
        "service_claim": service_claim,
        "international_service": international_service,
        "language_claim": none,
        "has_type_evidence": np.zeros(n, dtype=np.bool_),
        "has_disease_standing": np.zeros(n, dtype=np.bool_),
        "disease_fit": np.ones(n),
        "has_general_evidence": (general_level >= GENERAL_EVIDENCE_LEVEL)
        | (ranking[:, RANKING_FEATURES.index("oncology_ranking")] > 0),
    }
    return PatientFeatures(**{name: sealed(array) for name, array in arrays.items()})


def _type_features(
    encoded: EncodedCatalog, cancer_type: CancerType, base: PatientFeatures, index: CatalogIndex
) -> PatientFeatures:
    """The catalog's base features with this cancer type's own columns filled in: one pass
    over the claims of the type's columns (see ``scoring._sparse``), none over the others."""
    n = encoded.n_hospitals
    values = base.values.copy()
    column = encoded.cancer_column
    ontology = default_ontology()

    exact = [column[cancer_type.code]] if cancer_type.code in column else []
    broader = [column[c] for c in cancer_type.lineage[1:] if c in column and c != ROOT_CODE]
    # In code order: ties between narrower types are broken the same way in every process.
    narrower = [column[c] for c in sorted(ontology.descendants(cancer_type.code)) if c in column]
    # Evidence about the exact type counts in full; about a broader or a narrower type, less.
    entries = index.strength_entries
    candidates = [
        (factor * level, claim)
        for factor, columns in (
            (1.0, exact),
            (BROADER_FACTOR, broader),
            (NARROWER_FACTOR, narrower),
        )
        for level, claim in [
            best_in_columns(encoded.strength, encoded.strength_claim, entries, columns)
        ]
    ]
    levels = np.stack([level for level, _ in candidates])
    pick = levels.argmax(axis=0)
    rows = np.arange(n)
    best_level = levels[pick, rows]
    cancer_claim = np.stack([claim for _, claim in candidates])[pick, rows].astype(np.int32)
    values[:, FEATURE_INDEX["cancer_type_expertise"]] = best_level / MAX_LEVEL
    use_narrow = (pick == 2) & (best_level > 0)

    ranking_claim = base.ranking_claim
    specialty = _specialties_for(cancer_type)
    disease_ranking = np.zeros(n)
    if specialty:
        disease_ranking, which = _best(encoded.ranking, encoded.ranking_claim, specialty)
        values[:, FEATURE_INDEX[RANKING_FEATURES[0]]] = disease_ranking
        ranking_claim = ranking_claim.copy()
        ranking_claim[:, 0] = which

    # A hospital-wide claim of a disease-bound treatment counts as much as the hospital fits the
    # patient's disease (see DISEASE_FIT_FLOOR); a claim scoped to the disease counts in full.
    fit = disease_fit(best_level / MAX_LEVEL, disease_ranking)
    values[:, _DISEASE_BOUND_COLUMNS] *= fit[:, np.newaxis]

    modality_claim = base.modality_claim
    scoped = encoded.scoped
    relevant = exact + broader + narrower
    if len(scoped.hospital) and relevant:
        applies = scoped.codes[:, relevant].any(axis=1)
        position = _FEATURE_OF_MODALITY_COLUMN[scoped.column]
        chosen = np.flatnonzero(applies & (position >= 0))
        chosen = chosen[np.argsort(scoped.level[chosen], kind="stable")]
        where, cols = scoped.hospital[chosen], position[chosen]
        level = scoped.level[chosen]
        better = level / MAX_LEVEL > values[where, _MODALITY_TARGET_COLUMNS[cols]]
        if better.any():
            # Ascending level order: where a cell repeats, the last (highest) assignment wins.
            where, cols, level = where[better], cols[better], level[better]
            values[where, _MODALITY_TARGET_COLUMNS[cols]] = level / MAX_LEVEL
            modality_claim = modality_claim.copy()
            modality_claim[where, cols] = scoped.claim[chosen][better]

    arrays: dict[str, Any] = {
        "values": values,
        "ranking_claim": ranking_claim,
        "cancer_claim": cancer_claim,
        "cancer_claim_narrower": use_narrow,
        "modality_claim": modality_claim,
        "has_type_evidence": best_level > 0,
        "has_disease_standing": disease_ranking > 0,
        "disease_fit": fit,
    }
    # Arrays still the base's are sealed already: only the type's own are copied.
    return attrs.evolve(
        base,
        **{
            name: array if array is getattr(base, name) else sealed(array)
            for name, array in arrays.items()
        },
    )
