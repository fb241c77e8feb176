"""Turn an encoded catalog and one patient into the hospital x feature matrix for that patient."""

from __future__ import annotations

import threading
import weakref
from typing import Final

import attrs
import numpy as np

from matcher.catalog._compiled import (
    MODALITY_COLUMN,
    SERVICE_COLUMN,
    BoolArray,
    EncodedCatalog,
    FloatArray,
    IntArray,
)
from matcher.catalog._rankings import ONCOLOGY, SPECIALTIES, SPECIALTY_TYPES
from matcher.common._arrays import sealed
from matcher.profile._ontology import CancerType, default_ontology
from matcher.scoring._features import (
    BREAST_GYNAE_CODES,
    BROADER_FACTOR,
    FEATURE_INDEX,
    MAX_LEVEL,
    MODALITY_FEATURES,
    N_FEATURES,
    NARROWER_FACTOR,
    ROOT_CODE,
    SERVICE_FEATURES,
)

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
RANKING_FEATURES: Final = ("specialty_ranking", "oncology_ranking", "paediatric_ranking")
_CHILDREN: Final = "children"
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


def _best(levels: FloatArray, claims: IntArray, columns: list[int]) -> tuple[FloatArray, IntArray]:
    """Best level across columns per row, with the claim index that gave it."""
    n_rows = levels.shape[0]
    if not columns:
        return np.zeros(n_rows), np.full(n_rows, -1, dtype=np.int32)
    block = levels[:, columns]
    pick = block.argmax(axis=1)
    rows = np.arange(n_rows)
    best = block[rows, pick]
    which = claims[:, columns][rows, pick]
    return best, np.where(best > 0, which, -1).astype(np.int32)


def patient_features(
    encoded: EncodedCatalog, cancer_type: CancerType, cities: tuple[str, ...]
) -> PatientFeatures:
    """The hospital x feature matrix for a patient with this cancer type and city preferences."""
    return with_cities(type_features(encoded, cancer_type), encoded, cities)


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
    wanted = [index.city_code[city] for city in cities if city in index.city_code]
    result: BoolArray = np.isin(index.hospital_city, wanted)
    return result


@attrs.frozen(eq=False)
class CatalogIndex:
    """Lookups that depend only on the catalog, computed once per encoded catalog."""

    #: cancer-type columns within breast or gynaecological cancer
    gynae_columns: list[int]
    #: the catalog's cities, numbered in name order; and each hospital's city number
    city_code: dict[str, int]
    hospital_city: IntArray
    #: the features of the cancer types used last, by code (oldest first; see TYPE_CACHE_CELLS)
    by_type: dict[str, PatientFeatures] = attrs.field(factory=dict)
    lock: threading.Lock = attrs.field(factory=threading.Lock)


_INDEXES: Final[weakref.WeakKeyDictionary[EncodedCatalog, CatalogIndex]] = (
    weakref.WeakKeyDictionary()
)


def catalog_index(encoded: EncodedCatalog) -> CatalogIndex:
    """The lookups for this encoded catalog (built on first use, kept while it lives)."""
    found = _INDEXES.get(encoded)
    if found is None:
        ontology = default_ontology()
        city_code = {city: code for code, city in enumerate(sorted(set(encoded.city)))}
        hospital_city = np.array([city_code[c] for c in encoded.city], dtype=np.int32)
        hospital_city = sealed(hospital_city)
        found = CatalogIndex(
            gynae_columns=[
                encoded.cancer_column[c]
                for c in encoded.cancer_codes
                if any(ontology.get(c).is_within(root) for root in BREAST_GYNAE_CODES)
            ],
            city_code=city_code,
            hospital_city=hospital_city,
        )
        _INDEXES[encoded] = found
    return found


#: Feature matrices kept per catalog for the cancer types used last, at most this many cells in
#: all (8 MB of float64): patients with the same cancer type share one read-only matrix.
TYPE_CACHE_CELLS: Final = 1 << 20


def type_features(encoded: EncodedCatalog, cancer_type: CancerType) -> PatientFeatures:
    """The hospital x feature matrix for a cancer type, before any city preference (column 0).

    Every array is read-only; recently used types are kept (see ``TYPE_CACHE_CELLS``).
    """
    index = catalog_index(encoded)
    with index.lock:
        found = index.by_type.get(cancer_type.code)
    if found is None:
        found = _type_features(encoded, cancer_type)
        room = max(1, TYPE_CACHE_CELLS // max(1, encoded.n_hospitals * N_FEATURES))
        with index.lock:
            while len(index.by_type) >= room:
                del index.by_type[next(iter(index.by_type))]
            index.by_type[cancer_type.code] = found
    return found


def _type_features(encoded: EncodedCatalog, cancer_type: CancerType) -> PatientFeatures:
    n = encoded.n_hospitals
    values = np.zeros((n, N_FEATURES))
    column = encoded.cancer_column
    ontology = default_ontology()

    exact = [column[cancer_type.code]] if cancer_type.code in column else []
    broader = [column[c] for c in cancer_type.lineage[1:] if c in column and c != ROOT_CODE]
    # In code order: ties between narrower types are broken the same way in every process.
    narrower = [column[c] for c in sorted(ontology.descendants(cancer_type.code)) if c in column]
    # Evidence about the exact type counts in full; about a broader or a narrower type, less.
    candidates = [
        (factor * level, claim)
        for factor, columns in (
            (1.0, exact),
            (BROADER_FACTOR, broader),
            (NARROWER_FACTOR, narrower),
        )
        for level, claim in [_best(encoded.strength, encoded.strength_claim, columns)]
    ]
    levels = np.stack([level for level, _ in candidates])
    pick = levels.argmax(axis=0)
    rows = np.arange(n)
    best_level = levels[pick, rows]
    cancer_claim = np.stack([claim for _, claim in candidates])[pick, rows].astype(np.int32)
    values[:, FEATURE_INDEX["cancer_type_expertise"]] = best_level / MAX_LEVEL
    use_narrow = (pick == 2) & (best_level > 0)
    lineage = exact + broader

    root = [column[ROOT_CODE]] if ROOT_CODE in column else []
    general_level, general_claim = _best(encoded.strength, encoded.strength_claim, root)
    values[:, FEATURE_INDEX["overall_oncology"]] = general_level / MAX_LEVEL
    values[:, FEATURE_INDEX["evidence"]] = encoded.evidence
    values[:, FEATURE_INDEX["childrens_hospital"]] = encoded.childrens_hospital

    gynae = catalog_index(encoded).gynae_columns
    gynae_level, gynae_claim = _best(encoded.strength, encoded.strength_claim, gynae)
    values[:, FEATURE_INDEX["breast_gynae_expertise"]] = gynae_level / MAX_LEVEL

    modality = encoded.modality[:, _MODALITY_SOURCE_COLUMNS].copy()
    modality_claim = encoded.modality_claim[:, _MODALITY_SOURCE_COLUMNS].copy()
    scoped = encoded.scoped
    if len(scoped.hospital):
        relevant = lineage + narrower
        applies = scoped.codes[:, relevant].any(axis=1) if relevant else np.zeros(0, bool)
        position = _FEATURE_OF_MODALITY_COLUMN[scoped.column]
        chosen = np.flatnonzero(applies & (position >= 0)) if relevant else np.zeros(0, int)
        chosen = chosen[np.argsort(scoped.level[chosen], kind="stable")]
        rows, cols = scoped.hospital[chosen], position[chosen]
        better = scoped.level[chosen] > modality[rows, cols]
        # Ascending level order: where a cell repeats, the last (highest) assignment wins.
        modality[rows[better], cols[better]] = scoped.level[chosen][better]
        modality_claim[rows[better], cols[better]] = scoped.claim[chosen][better]
    values[:, _MODALITY_TARGET_COLUMNS] = modality / MAX_LEVEL

    values[:, _SERVICE_TARGET_COLUMNS] = encoded.service[:, _SERVICE_SOURCE_COLUMNS] / MAX_LEVEL
    service_claim = encoded.service_claim[:, _SERVICE_SOURCE_COLUMNS]
    english = np.where(encoded.english_claim >= 0, ENGLISH_LEVEL, 0.0)
    international = np.maximum(encoded.international, english)
    values[:, FEATURE_INDEX["international_services"]] = international / MAX_LEVEL
    international_service = np.where(
        encoded.international >= english, encoded.international_service, -1
    ).astype(np.int32)

    ranking, ranking_claim = _rankings(encoded, cancer_type)
    for ranked, name in enumerate(RANKING_FEATURES):
        values[:, FEATURE_INDEX[name]] = ranking[:, ranked]

    arrays = {
        "values": values,
        "ranking_claim": ranking_claim,
        "cancer_claim": cancer_claim,
        "cancer_claim_narrower": use_narrow,
        "general_claim": general_claim,
        "breast_gynae_claim": gynae_claim,
        "modality_claim": modality_claim,
        "service_claim": service_claim,
        "international_service": international_service,
        "has_type_evidence": best_level > 0,
        "has_general_evidence": (general_level >= GENERAL_EVIDENCE_LEVEL)
        | (ranking[:, RANKING_FEATURES.index("oncology_ranking")] > 0),
    }
    return PatientFeatures(**{name: sealed(array) for name, array in arrays.items()})


def _specialties_for(cancer_type: CancerType) -> list[int]:
    """Columns of the ranked specialties that speak for this cancer type (broader or narrower)."""
    ontology = default_ontology()
    below = ontology.descendants(cancer_type.code)
    return [
        column
        for column, specialty in enumerate(SPECIALTIES)
        if specialty != ONCOLOGY
        and any(
            root in cancer_type.lineage or root in below
            for root in SPECIALTY_TYPES[specialty]
            if root != _CHILDREN
        )
    ]


def _rankings(encoded: EncodedCatalog, cancer_type: CancerType) -> tuple[FloatArray, IntArray]:
    """Per hospital: standing for the disease, in oncology and in paediatrics; and the claims."""
    columns = (
        _specialties_for(cancer_type),
        [SPECIALTIES.index(ONCOLOGY)],
        [c for c, s in enumerate(SPECIALTIES) if _CHILDREN in SPECIALTY_TYPES[s]],
    )
    levels = np.zeros((encoded.n_hospitals, len(columns)))
    claims = np.full((encoded.n_hospitals, len(columns)), -1, dtype=np.int32)
    for position, chosen in enumerate(columns):
        best, which = _best(encoded.ranking, encoded.ranking_claim, list(chosen))
        levels[:, position] = best
        claims[:, position] = which
    return levels, claims
