"""Standing in independent rankings: each ranked specialty, the cancers it speaks for, and a
hospital's standing in it across editions.

A placing counts ``(11 - position) / 10`` (first place 1.0, tenth 0.1). Editions are averaged with
weights that fall by ``EDITION_DECAY`` a year before the latest edition in the catalog, and an
edition in which the hospital is not placed counts zero: so a hospital placed every year stands
higher, and steadier, than one placed once, and a recent placing counts more than an old one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Final

import numpy as np
import numpy.typing as npt

from matcher.catalog._schema import Hospital, RankingClaim, Source

#: The ranked specialties (as the Fudan ranking names them) and the OncoTree types each speaks
#: for; "children" stands for every cancer of a patient under 18.
SPECIALTY_TYPES: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {
        "肿瘤学": ("TISSUE",),
        "血液学": ("MYELOID", "LYMPH"),
        "神经外科": ("BRAIN", "PNS"),
        "胸外科": ("LUNG", "PLEURA", "THYMUS", "ESCC", "ESCA"),
        "普通外科": (
            "STOMACH",
            "BOWEL",
            "LIVER",
            "PANCREAS",
            "BILIARY_TRACT",
            "AMPULLA_OF_VATER",
            "PERITONEUM",
        ),
        "妇产科": ("OVARY", "UTERUS", "CERVIX", "VULVA"),
        "泌尿外科": ("BLADDER", "PROSTATE", "KIDNEY", "TESTIS", "PENIS"),
        "耳鼻喉科": ("HEAD_NECK",),
        "小儿内科": ("children",),
        "小儿外科": ("children",),
    }
)
SPECIALTY_NAMES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "肿瘤学": "oncology",
        "血液学": "haematology",
        "神经外科": "neurosurgery",
        "胸外科": "thoracic surgery",
        "普通外科": "general surgery",
        "妇产科": "gynaecology",
        "泌尿外科": "urology",
        "耳鼻喉科": "ENT",
        "小儿内科": "paediatrics",
        "小儿外科": "paediatric surgery",
    }
)
SPECIALTIES: Final[tuple[str, ...]] = tuple(SPECIALTY_TYPES)
ONCOLOGY: Final = "肿瘤学"
EDITION_DECAY: Final = 0.8
PLACES: Final = 10


def _scored(claim: RankingClaim, sources: Mapping[str, Source]) -> bool:
    return (
        claim.specialty in SPECIALTY_TYPES
        and claim.year is not None
        and claim.position is not None
        and sources[claim.source].authority == "independent_ranking"
    )


def standings(
    hospitals: Sequence[Hospital], sources: Mapping[str, Source]
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int32]]:
    """Hospital x specialty standing in [0, 1], and the claim behind it (the latest best placing).

    The claim index points into the hospital's ``rankings`` (-1 where it is not ranked).
    """
    standing = np.zeros((len(hospitals), len(SPECIALTIES)))
    which = np.full((len(hospitals), len(SPECIALTIES)), -1, dtype=np.int32)
    years = [
        claim.year
        for hospital in hospitals
        for claim in hospital.rankings
        if _scored(claim, sources) and claim.year is not None
    ]
    if not years:
        return standing, which
    latest, earliest = max(years), min(years)
    weight = {year: EDITION_DECAY ** (latest - year) for year in range(earliest, latest + 1)}
    total = sum(weight.values())
    column = {specialty: index for index, specialty in enumerate(SPECIALTIES)}
    for row, hospital in enumerate(hospitals):
        best: dict[tuple[int, int], float] = {}
        shown: dict[int, tuple[int, int, int]] = {}
        for index, claim in enumerate(hospital.rankings):
            if not _scored(claim, sources) or claim.year is None or claim.position is None:
                continue
            col = column[claim.specialty or ""]
            points = max(0.0, (PLACES + 1 - claim.position) / PLACES)
            key = (col, claim.year)
            best[key] = max(best.get(key, 0.0), points)
            newest = (claim.year, -claim.position, index)
            if col not in shown or newest > shown[col]:
                shown[col] = newest
        for (col, year), points in best.items():
            standing[row, col] += weight[year] * points / total
        for col, (_, _, index) in shown.items():
            which[row, col] = index
    return standing, which
