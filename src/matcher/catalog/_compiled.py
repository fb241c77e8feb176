"""Compile a catalog once into read-only arrays: claim levels per hospital, and which claim.

Every level array has a twin that records which claim gave the level (an index into the
hospital's claim tuple, -1 for none), so an explanation always quotes the claim that scored.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any, Final, TypeVar

import attrs
import numpy as np
import numpy.typing as npt

from matcher.catalog._evidence import weighed_levels
from matcher.catalog._rankings import standings
from matcher.catalog._schema import Hospital, Source
from matcher.common._arrays import sealed
from matcher.common._pickling import Picklable
from matcher.profile._vocab import (
    INTERNATIONAL_SERVICES,
    MODALITY_PARENT,
    SERVICES,
    modality_lineage,
)

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int32]
BoolArray = npt.NDArray[np.bool_]

MODALITIES: Final[tuple[str, ...]] = tuple(MODALITY_PARENT)
MODALITY_COLUMN: Final = {name: column for column, name in enumerate(MODALITIES)}
SERVICE_COLUMN: Final = {name: column for column, name in enumerate(SERVICES)}
TCM_KINDS: Final = frozenset({"tcm", "integrated_medicine"})
#: How much is known about a hospital, from its evidence depth, as a value in [0, 1].
EVIDENCE_VALUE: Final = {"substantial": 1.0, "moderate": 0.75, "thin": 0.2}


_Array = TypeVar("_Array", bound=npt.NDArray[Any])


def _frozen(array: _Array) -> _Array:
    return sealed(array)  # a view of bytes: setflags(write=True) raises


@attrs.frozen(eq=False)
class ScopedModalities(Picklable):
    """Modality claims that hold only for some cancer types, as parallel arrays."""

    hospital: IntArray
    column: IntArray
    level: FloatArray
    claim: IntArray
    #: scoped claim x cancer-type column: True where the claim names that cancer type.
    codes: BoolArray


@attrs.frozen(eq=False)
class EncodedCatalog(Picklable):
    """A catalog as arrays, built once; nothing here changes after encoding."""

    hospital_ids: tuple[str, ...]
    #: each hospital's position when ids are sorted: the tie-break key
    id_rank: IntArray
    cancer_codes: tuple[str, ...]
    cancer_column: Mapping[str, int]
    #: hospital x cancer type: the best weight of evidence on the 0-5 scale (the claim's level
    #: weighed by its source's authority, its specificity and corroboration; 0 for no claim),
    #: and the claim giving it.
    strength: FloatArray
    strength_claim: IntArray
    #: hospital x ranked specialty (``_rankings.SPECIALTIES``): standing in independent
    #: rankings in [0, 1], and the ranking claim shown for it (-1: not ranked).
    ranking: FloatArray
    ranking_claim: IntArray
    #: hospital x modality (every vocabulary modality; a finer one also counts for its
    #: parents): best level of claims that hold for every cancer type, and the claim.
    modality: FloatArray
    modality_claim: IntArray
    scoped: ScopedModalities
    #: hospital x modality: True where a source says the hospital does not offer it (a sourced
    #: "no"); a modality with no claim at all is unknown, which this does not record.
    modality_denied: BoolArray
    #: hospital x service: best level and the claim.
    service: FloatArray
    service_claim: IntArray
    #: best level over international-patient services, and which service column gave it.
    international: FloatArray
    international_service: IntArray
    #: index into the hospital's language claims of an English-language claim, or -1.
    english_claim: IntArray
    evidence: FloatArray
    tcm_hospital: BoolArray
    childrens_hospital: BoolArray
    #: some claim of the hospital's speaks of children alone (``population: children``)
    cares_for_children: BoolArray
    particle_centre: BoolArray
    city: tuple[str, ...]
    #: per language code (ISO 639-1) in any claim: index into each hospital's language
    #: claims of the first claim for it, or -1.
    language_claim: Mapping[str, IntArray] = MappingProxyType({})
    #: The same catalog with every children-only claim (``population: children``) left out,
    #: the claims a known adult is ranked on (claim indices unchanged); None where it has none.
    adult: EncodedCatalog | None = None

    @property
    def n_hospitals(self) -> int:
        """Number of hospitals (rows)."""
        return len(self.hospital_ids)

    def for_adult(self, adult: bool) -> EncodedCatalog:
        """The claims a patient is ranked on: without children-only ones for a known adult."""
        return self.adult if adult and self.adult is not None else self


def encode(
    hospitals: Sequence[Hospital],
    sources: Mapping[str, Source],
    *,
    adults_only: bool = False,
    codes: Sequence[str] | None = None,
) -> EncodedCatalog:
    """Encode hospitals into arrays (the rows keep the order given).

    With ``adults_only`` children-only claims are left out; otherwise, where there are any,
    the result's ``adult`` holds that encoding. ``codes``: the cancer-type columns (by default
    every type the claims name).
    """
    n_hospitals = len(hospitals)
    if codes is None:
        codes = sorted(
            {claim.cancer_type for h in hospitals for claim in h.strengths}
            | {code for h in hospitals for claim in h.modalities for code in claim.cancer_types}
        )
    cancer_column = {code: column for column, code in enumerate(codes)}

    strength = np.zeros((n_hospitals, len(codes)))
    strength_claim = np.full((n_hospitals, len(codes)), -1, dtype=np.int32)
    modality = np.zeros((n_hospitals, len(MODALITIES)))
    modality_claim = np.full((n_hospitals, len(MODALITIES)), -1, dtype=np.int32)
    service = np.zeros((n_hospitals, len(SERVICES)))
    service_claim = np.full((n_hospitals, len(SERVICES)), -1, dtype=np.int32)
    english_claim = np.full(n_hospitals, -1, dtype=np.int32)
    language_claim: dict[str, IntArray] = {}
    modality_denied = np.zeros((n_hospitals, len(MODALITIES)), dtype=np.bool_)
    scoped_rows: list[tuple[int, int, float, int, tuple[str, ...]]] = []

    def keep_best(
        levels: FloatArray, which: IntArray, row: int, col: int, level: float, i: int
    ) -> None:
        if level > levels[row, col]:
            levels[row, col] = level
            which[row, col] = i

    for row, hospital in enumerate(hospitals):
        weighed = weighed_levels(hospital, sources, adults_only=adults_only)
        for i, claim in enumerate(hospital.strengths):
            if not claim.counts_for(adults_only=adults_only):
                continue
            keep_best(
                strength, strength_claim, row, cancer_column[claim.cancer_type], weighed[i], i
            )
        for i, offered in enumerate(hospital.modalities):
            if not offered.counts_for(adults_only=adults_only):
                continue
            if not offered.offered:
                modality_denied[row, MODALITY_COLUMN[offered.modality]] = True
                continue
            for name in modality_lineage(offered.modality):
                if offered.cancer_types:
                    scoped_rows.append(
                        (row, MODALITY_COLUMN[name], offered.level, i, offered.cancer_types)
                    )
                else:
                    keep_best(
                        modality, modality_claim, row, MODALITY_COLUMN[name], offered.level, i
                    )
        for i, offered_service in enumerate(hospital.services):
            if not offered_service.counts_for(adults_only=adults_only):
                continue
            column = SERVICE_COLUMN[offered_service.service]
            keep_best(service, service_claim, row, column, offered_service.level, i)
        for i, language in enumerate(hospital.languages):
            if language.language == "en" and english_claim[row] < 0:
                english_claim[row] = i
            claims = language_claim.setdefault(
                language.language, np.full(n_hospitals, -1, dtype=np.int32)
            )
            if claims[row] < 0:
                claims[row] = i

    international_columns = [
        SERVICE_COLUMN[name] for name in SERVICES if name in INTERNATIONAL_SERVICES
    ]
    international_levels = service[:, international_columns]
    best = international_levels.argmax(axis=1) if n_hospitals else np.zeros(0, dtype=np.int64)
    international = international_levels.max(axis=1) if n_hospitals else np.zeros(0)
    international_service = np.where(
        international > 0, np.asarray(international_columns)[best], -1
    ).astype(np.int32)

    scoped_codes = np.zeros((len(scoped_rows), len(codes)), dtype=np.bool_)
    for index, (*_, names) in enumerate(scoped_rows):
        scoped_codes[index, [cancer_column[code] for code in names]] = True
    scoped = ScopedModalities(
        hospital=_frozen(np.array([r[0] for r in scoped_rows], dtype=np.int32)),
        column=_frozen(np.array([r[1] for r in scoped_rows], dtype=np.int32)),
        level=_frozen(np.array([r[2] for r in scoped_rows], dtype=np.float64)),
        claim=_frozen(np.array([r[3] for r in scoped_rows], dtype=np.int32)),
        codes=_frozen(scoped_codes),
    )
    ranking, ranking_claim = standings(hospitals, sources)
    encoded = EncodedCatalog(
        hospital_ids=tuple(h.id for h in hospitals),
        id_rank=_frozen(np.argsort(np.argsort([h.id for h in hospitals])).astype(np.int32)),
        cancer_codes=tuple(codes),
        cancer_column=MappingProxyType(cancer_column),
        strength=_frozen(strength),
        strength_claim=_frozen(strength_claim),
        ranking=_frozen(ranking),
        ranking_claim=_frozen(ranking_claim),
        modality=_frozen(modality),
        modality_claim=_frozen(modality_claim),
        scoped=scoped,
        modality_denied=_frozen(modality_denied),
        service=_frozen(service),
        service_claim=_frozen(service_claim),
        international=_frozen(international),
        international_service=_frozen(international_service),
        english_claim=_frozen(english_claim),
        evidence=_frozen(np.array([EVIDENCE_VALUE[h.evidence] for h in hospitals])),
        tcm_hospital=_frozen(np.array([h.kind in TCM_KINDS for h in hospitals], dtype=np.bool_)),
        childrens_hospital=_frozen(
            np.array([h.kind == "children" for h in hospitals], dtype=np.bool_)
        ),
        cares_for_children=_frozen(
            np.array([_children_only(h) for h in hospitals], dtype=np.bool_)
        ),
        particle_centre=_frozen(
            np.array([h.kind == "particle_therapy" for h in hospitals], dtype=np.bool_)
        ),
        city=tuple(h.city for h in hospitals),
        language_claim=MappingProxyType(
            {code: _frozen(claims) for code, claims in sorted(language_claim.items())}
        ),
    )
    if adults_only:
        return encoded
    return attrs.evolve(encoded, adult=_adult_view(encoded, hospitals, sources))


def _children_only(hospital: Hospital) -> bool:
    """True where some claim of the hospital's speaks only for children."""
    claims = (*hospital.strengths, *hospital.modalities, *hospital.services, *hospital.programmes)
    return any(not claim.counts_for(adults_only=True) for claim in claims)


_ROW_ARRAYS: Final = (
    "strength",
    "strength_claim",
    "modality",
    "modality_claim",
    "modality_denied",
    "service",
    "service_claim",
    "international",
    "international_service",
    "english_claim",
)


def _adult_view(
    encoded: EncodedCatalog, hospitals: Sequence[Hospital], sources: Mapping[str, Source]
) -> EncodedCatalog | None:
    """``encoded`` without children-only claims: only the rows of hospitals that have some
    are encoded again (the rest are the same); None where no hospital has one."""
    rows = np.flatnonzero(encoded.cares_for_children).astype(np.int32)
    if not len(rows):
        return None
    part = encode(
        [hospitals[int(row)] for row in rows], sources, adults_only=True, codes=encoded.cancer_codes
    )

    def spliced(whole: _Array, piece: _Array) -> _Array:
        result = whole.copy()
        result[rows] = piece
        return _frozen(result)

    arrays = {name: spliced(getattr(encoded, name), getattr(part, name)) for name in _ROW_ARRAYS}
    none = np.full(len(rows), -1, dtype=np.int32)
    languages = {
        code: spliced(claims, part.language_claim.get(code, none))
        for code, claims in encoded.language_claim.items()
    }
    whole, piece = encoded.scoped, part.scoped
    kept = ~np.isin(whole.hospital, rows)
    hospital = np.concatenate([whole.hospital[kept], rows[piece.hospital]])
    order = np.argsort(hospital, kind="stable")  # by hospital, each one's claims in order

    def merged(name: str) -> Any:
        both = np.concatenate([getattr(whole, name)[kept], getattr(piece, name)])
        return _frozen(both[order])

    scoped = ScopedModalities(
        hospital=_frozen(hospital[order].astype(np.int32)),
        column=merged("column"),
        level=merged("level"),
        claim=merged("claim"),
        codes=merged("codes"),
    )
    return attrs.evolve(
        encoded, **arrays, scoped=scoped, language_claim=MappingProxyType(languages)
    )
