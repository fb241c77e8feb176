"""Synthetic catalogs and patient cohorts, for benchmarks, tests and examples at scale.

Nothing here describes a real hospital or a real patient. A synthetic catalog has the *shape* of
the default catalog: each synthetic hospital copies the kind, ownership, evidence depth and claim
counts of a default-catalog hospital picked at random, and draws its claims (OncoTree codes and
levels, modalities, services, an English-language claim) from the pool of claims the default
catalog makes, in the proportions it makes them; so it is as sparse as the real data. Cities come
from matcher's city table. Every claim cites one source, marked synthetic, whose quote says so.

A synthetic cohort draws profiles field by field from illustrative distributions (common cancers
first, most stages given, some biomarkers, most preferences left at their defaults, a city or two
for about half of the patients); the weights are rough and illustrative, not epidemiological data.
"""

from __future__ import annotations

import copy
from collections import Counter
from typing import TYPE_CHECKING, Any, Final

import numpy as np

from matcher.catalog._loader import default_catalog
from matcher.profile._cities import known_cities
from matcher.profile._ontology import default_ontology
from matcher.profile._patient import Patient
from matcher.synthetic._sampling import draw, weighted_sample

if TYPE_CHECKING:
    import pandas as pd

#: Cancer types as people write them, with illustrative weights (common cancers first).
CANCER_TYPES: Final[tuple[tuple[str, float], ...]] = (
    ("lung adenocarcinoma", 9.0),
    ("NSCLC", 5.0),
    ("lung cancer", 5.0),
    ("SCLC", 2.0),
    ("lung squamous cell carcinoma", 2.0),
    ("colorectal cancer", 6.0),
    ("colon cancer", 3.0),
    ("rectal cancer", 2.0),
    ("liver cancer", 4.0),
    ("HCC", 4.0),
    ("stomach cancer", 7.0),
    ("breast cancer", 8.0),
    ("esophageal squamous cell carcinoma", 4.0),
    ("thyroid cancer", 5.0),
    ("pancreatic cancer", 2.0),
    ("prostate cancer", 2.0),
    ("cervical cancer", 3.0),
    ("nasopharyngeal carcinoma", 2.0),
    ("ovarian cancer", 1.0),
    ("endometrial cancer", 1.0),
    ("bladder cancer", 1.0),
    ("kidney cancer", 1.0),
    ("glioblastoma", 0.5),
    ("DLBCL", 1.0),
    ("hodgkin lymphoma", 0.3),
    ("multiple myeloma", 0.5),
    ("acute myeloid leukemia", 0.5),
    ("B-cell acute lymphoblastic leukemia", 0.4),
    ("osteosarcoma", 0.3),
    ("neuroblastoma", 0.2),
    ("melanoma", 0.3),
)
#: Cancers of which a good share of patients are children.
_CHILDHOOD: Final = frozenset(
    {"B-cell acute lymphoblastic leukemia", "osteosarcoma", "neuroblastoma"}
)
STAGES: Final[tuple[tuple[str, float], ...]] = (
    ("0", 0.3),
    ("I", 2.0),
    ("IA", 1.0),
    ("IB", 1.0),
    ("II", 2.0),
    ("IIA", 1.0),
    ("IIB", 1.0),
    ("III", 2.0),
    ("IIIA", 1.0),
    ("IIIB", 1.0),
    ("IIIC", 0.5),
    ("IV", 3.0),
    ("IVA", 0.5),
    ("IVB", 0.5),
    ("early", 0.5),
    ("locally advanced", 0.5),
    ("advanced", 1.0),
    ("metastatic", 0.5),
)
_SCLC_STAGES: Final = ("limited", "extensive")
#: Biomarker results by cancer, as a patient's report might give them; None: not tested.
_LUNG_MARKERS: Final[tuple[tuple[object, float], ...]] = (
    (None, 4.0),
    ({"EGFR": "L858R"}, 1.5),
    ({"EGFR": "exon 19 deletion", "PD-L1": "TPS 60%"}, 1.0),
    ({"ALK": "fusion"}, 0.5),
    ({"KRAS": "G12C"}, 0.5),
    ({"EGFR": "negative", "PD-L1": "TPS 5%"}, 1.0),
    (["ROS1 fusion"], 0.2),
)
_BREAST_MARKERS: Final[tuple[tuple[object, float], ...]] = (
    (None, 3.0),
    (["ER+/PR+/HER2-"], 3.0),
    ({"HER2": "positive"}, 1.5),
    ({"BRCA1": "pathogenic variant"}, 0.3),
)
_BOWEL_MARKERS: Final[tuple[tuple[object, float], ...]] = (
    (None, 5.0),
    ({"MSI": "high"}, 0.5),
    ({"KRAS": "G12D"}, 1.0),
    ({"MSI": "stable"}, 2.0),
)
_NPC_MARKERS: Final[tuple[tuple[object, float], ...]] = (
    (None, 3.0),
    ({"EBV DNA": "positive"}, 2.0),
)
_OTHER_MARKERS: Final[tuple[tuple[object, float], ...]] = (
    (None, 20.0),
    ({"PD-L1": "TPS 50%"}, 1.0),
)
_MARKERS_BY_TISSUE: Final = {
    "Lung": _LUNG_MARKERS,
    "Breast": _BREAST_MARKERS,
    "Bowel": _BOWEL_MARKERS,
}
TCM_PREFERENCES: Final = (("neutral", 56.0), ("prefer", 28.0), ("avoid", 12.0), ("require", 4.0))
ECOG: Final = ((None, 55.0), (0, 16.0), (1, 18.0), (2, 7.0), (3, 3.0), (4, 1.0))
DISEASE_STATUS: Final = (
    (None, 70.0),
    ("newly_diagnosed", 10.0),
    ("recurrent", 15.0),
    ("relapsed_refractory", 5.0),
)
THERAPIES: Final = (
    ("immunotherapy", 3.0),
    ("targeted", 3.0),
    ("proton", 2.0),
    ("surgery", 2.0),
    ("tcm", 2.0),
    ("car_t", 1.0),
    ("heavy_ion", 1.0),
    ("haic", 0.5),
    ("ablation", 0.5),
    ("clinical_trial", 1.0),
)
#: One broken field per invalid row: each is refused by the profile validation.
INVALID_FIELDS: Final[tuple[tuple[str, object], ...]] = (
    ("cancer_type", "nasopharangeal carcinomma"),
    ("stage", "VI"),
    ("age", 130),
    ("ecog", 7),
    ("cities", ["Atlantis"]),
    ("tcm_preference", "sometimes"),
)
LANGUAGES: Final = ((None, 80.0), (["en"], 10.0), (["ru"], 3.0), (["zh"], 5.0), (["ar", "en"], 2.0))
METASTATIC_SITES: Final = (
    (None, 85.0),
    (["bone"], 6.0),
    (["brain"], 4.0),
    (["liver", "lung"], 5.0),
)
PRIOR_THERAPIES: Final = (
    (None, 80.0),
    ({"lines": 1, "therapies": ["chemotherapy"]}, 10.0),
    ({"lines": 2}, 6.0),
    (["surgery", "radiotherapy"], 4.0),
)
PROFILE_COLUMNS: Final = tuple(Patient.model_fields)


def _history_columns(rng: np.random.Generator, n: int) -> dict[str, list[Any]]:
    """Languages, language mode, metastatic sites and prior therapies, from their own stream
    (so the other columns of a seed are what they were before these fields existed)."""
    languages = [copy.copy(value) for value in draw(rng, LANGUAGES, n)]
    only = (rng.random(n) < 0.3).tolist()
    return {
        "languages": languages,
        "language_mode": [
            "only" if wants and given else None
            for wants, given in zip(only, languages, strict=True)
        ],
        "metastatic_sites": [copy.copy(value) for value in draw(rng, METASTATIC_SITES, n)],
        "prior_therapies": [copy.deepcopy(value) for value in draw(rng, PRIOR_THERAPIES, n)],
    }


def synthetic_profiles(
    n_patients: int, *, seed: int = 0, invalid_fraction: float = 0.0
) -> list[dict[str, object]]:
    """``n_patients`` synthetic profile mappings, as a caller would pass them to ``recommend``.

    Parameters
    ----------
    n_patients
        How many profiles to draw.
    seed
        Seed of the random generator: the same seed gives the same profiles.
    invalid_fraction
        The share of profiles (0 to 1) with one field broken in a way the validation refuses
        (see ``INVALID_FIELDS``); the broken rows are chosen at random.
    """
    columns = _columns(n_patients, seed, invalid_fraction)
    return [
        {
            field: value
            for field, value in zip(PROFILE_COLUMNS, row, strict=True)
            if value is not None
        }
        for row in zip(*(columns[field] for field in PROFILE_COLUMNS), strict=True)
    ]


def synthetic_cohort_frame(
    n_patients: int, *, seed: int = 0, invalid_fraction: float = 0.0
) -> pd.DataFrame:
    """The same profiles as :func:`synthetic_profiles`, one per row of a pandas DataFrame.

    Columns are the profile fields; an absent field is ``None`` (NaN in the numeric columns
    ``age`` and ``ecog``); ``biomarkers`` holds mappings or lists, ``cities`` and
    ``therapies_sought`` hold lists.
    """
    import pandas as pd

    columns = _columns(n_patients, seed, invalid_fraction)
    frame = pd.DataFrame(
        {field: pd.Series(columns[field], dtype=object) for field in PROFILE_COLUMNS}
    )
    for field in ("age", "ecog"):
        frame[field] = pd.to_numeric(frame[field]).astype("float64")
    return frame


def _columns(n: int, seed: int, invalid_fraction: float) -> dict[str, list[Any]]:
    """Every profile field as a column of n values (None where the field is left out)."""
    if n < 0:
        raise ValueError(f"n_patients must be at least 0, not {n!r}")
    if not 0.0 <= invalid_fraction <= 1.0:
        raise ValueError(f"invalid_fraction must lie between 0 and 1, not {invalid_fraction!r}")
    rng = np.random.default_rng(seed)
    ontology = default_ontology()
    resolved = {name: ontology.resolve(name) for name, _ in CANCER_TYPES}
    cancer = draw(rng, CANCER_TYPES, n)

    stage_given = rng.random(n) < 0.75
    stage = draw(rng, STAGES, n)
    extent = draw(rng, [(None, 1.0), *((s, 0.5) for s in _SCLC_STAGES)], n)
    stages = [
        None
        if not given or not resolved[name].staged
        else (sclc if name == "SCLC" and sclc else grouped)
        for name, given, grouped, sclc in zip(cancer, stage_given, stage, extent, strict=True)
    ]

    marker_draws = {
        tissue: draw(rng, table, n)
        for tissue, table in (
            *_MARKERS_BY_TISSUE.items(),
            ("NPC", _NPC_MARKERS),
            ("", _OTHER_MARKERS),
        )
    }
    marker_table = {
        name: "NPC"
        if resolved[name].is_within("NPC")
        else (tissue if (tissue := resolved[name].tissue or "") in marker_draws else "")
        for name, _ in CANCER_TYPES
    }
    markers = [copy.copy(marker_draws[marker_table[name]][i]) for i, name in enumerate(cancer)]

    adult = np.clip(np.rint(rng.normal(60.0, 12.0, n)), 18, 95).astype(int).tolist()
    young = rng.integers(1, 18, size=n).tolist()
    chance = rng.random(n).tolist()
    age = [
        young[i]
        if chance[i] < (0.6 if name in _CHILDHOOD else 0.01)
        else (None if chance[i] > 0.92 else adult[i])
        for i, name in enumerate(cancer)
    ]

    tcm = draw(rng, TCM_PREFERENCES, n)
    tcm_column = [
        None if value == "neutral" and r < 0.7 else value
        for value, r in zip(tcm, rng.random(n).tolist(), strict=True)
    ]

    hubs = Counter(h.city for h in default_catalog().hospitals)
    every_city = Counter(dict.fromkeys((city.name for city in known_cities()), 1))
    n_cities = draw(rng, ((0, 45.0), (1, 40.0), (2, 12.0), (3, 3.0)), n)
    hub_picks = iter(weighted_sample(rng, hubs, 3 * n, distinct=False))
    any_picks = iter(weighted_sample(rng, every_city, 3 * n, distinct=False))
    from_hub = iter((rng.random(3 * n) < 0.6).tolist())
    cities: list[object] = []
    for count in n_cities:
        chosen = [next(hub_picks) if next(from_hub) else next(any_picks) for _ in range(count)]
        cities.append(list(dict.fromkeys(chosen)) if chosen else None)
    only = (rng.random(n) < 0.15).tolist()
    modes = [
        "only" if wants_only and chosen else None
        for wants_only, chosen in zip(only, cities, strict=True)
    ]

    wants_therapies = (rng.random(n) < 0.12).tolist()
    first = draw(rng, THERAPIES, n)
    second = draw(rng, [(None, 2.0), *THERAPIES], n)
    therapies: list[object] = []
    for i in range(n):
        chosen = [t for t in (first[i], second[i]) if t and (t != "tcm" or tcm[i] != "avoid")]
        therapies.append(list(dict.fromkeys(chosen)) or None if wants_therapies[i] else None)

    columns: dict[str, list[Any]] = {
        "cancer_type": cancer,
        "stage": stages,
        "biomarkers": markers,
        "tcm_preference": tcm_column,
        "age": age,
        "ecog": draw(rng, ECOG, n),
        "disease_status": draw(rng, DISEASE_STATUS, n),
        "cities": cities,
        "city_mode": modes,
        "needs_international_services": [True if r < 0.04 else None for r in rng.random(n)],
        "wants_clinical_trials": [True if r < 0.2 else None for r in rng.random(n)],
        "therapies_sought": therapies,
        **_history_columns(np.random.default_rng([seed, 1]), n),
    }
    if invalid_fraction > 0 and n:
        broken = np.flatnonzero(rng.random(n) < invalid_fraction)
        picks = rng.integers(len(INVALID_FIELDS), size=len(broken))
        for row, pick in zip(broken.tolist(), picks.tolist(), strict=True):
            field, value = INVALID_FIELDS[pick]
            columns[field][row] = copy.copy(value)
    return columns
