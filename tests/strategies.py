"""Every hypothesis strategy the tests share, in one place."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

CANCER_NAMES = (
    "NSCLC",
    "lung adenocarcinoma",
    "lung cancer",
    "SCLC",
    "HCC",
    "liver cancer",
    "NPC",
    "nasopharyngeal carcinoma",
    "DLBCL",
    "multiple myeloma",
    "breast cancer",
    "stomach cancer",
    "colon cancer",
    "colorectal cancer",
    "esophageal cancer",
    "pancreatic cancer",
    "cervical cancer",
    "ovarian cancer",
    "prostate cancer",
    "glioblastoma",
    "melanoma",
    "lymphoma",
    "AML",
    "ALL",
    "osteosarcoma",
    "thyroid cancer",
)
STAGES = (
    "0",
    "I",
    "IA",
    "II",
    "IIB",
    "III",
    "IIIB",
    "IV",
    "IVA",
    "2",
    "3b",
    "early",
    "locally advanced",
    "advanced",
    "metastatic",
)
BIOMARKER_MAPS = (
    {},
    {"EGFR": "L858R"},
    {"EGFR": "exon 19 deletion", "PD-L1": "TPS 60%"},
    {"ALK": "fusion"},
    {"KRAS": "G12C"},
    {"HER2": "positive"},
    {"MSI": "high"},
    {"BRCA1": "pathogenic variant"},
    {"EBV DNA": "positive"},
    {"EGFR": "negative"},
)
CITIES = (
    "Beijing",
    "Shanghai",
    "Guangzhou",
    "Peking",
    "Canton",
    "Hangzhou",
    "Chengdu",
    "Tianjin",
    "Lhasa",
)
THERAPIES = (
    "surgery",
    "radiotherapy",
    "proton",
    "heavy_ion",
    "chemotherapy",
    "targeted",
    "immunotherapy",
    "car_t",
    "ablation",
    "haic",
    "tcm",
    "palliative",
    "clinical_trial",
)


@st.composite
def profiles(draw: st.DrawFn) -> dict[str, Any]:
    """Valid profile mappings covering every field (optional fields sometimes left out)."""
    profile: dict[str, Any] = {"cancer_type": draw(st.sampled_from(CANCER_NAMES))}
    optional: dict[str, st.SearchStrategy[Any]] = {
        "stage": st.sampled_from(STAGES),
        "biomarkers": st.sampled_from(BIOMARKER_MAPS),
        "tcm_preference": st.sampled_from(("avoid", "neutral", "prefer", "require")),
        "age": st.integers(0, 120),
        "ecog": st.integers(0, 4),
        "disease_status": st.sampled_from(("newly_diagnosed", "recurrent", "relapsed_refractory")),
        "cities": st.lists(st.sampled_from(CITIES), max_size=3),
        "city_mode": st.sampled_from(("prefer", "only")),
        "needs_international_services": st.booleans(),
        "wants_clinical_trials": st.booleans(),
        "therapies_sought": st.lists(st.sampled_from(THERAPIES), max_size=3),
    }
    for field, strategy in optional.items():
        if draw(st.booleans()):
            profile[field] = draw(strategy)
    if profile.get("tcm_preference") == "avoid" and "tcm" in profile.get("therapies_sought", []):
        # Seeking TCM while avoiding it is refused as a contradiction (see test_patient).
        profile["therapies_sought"] = [t for t in profile["therapies_sought"] if t != "tcm"]
    return profile


def json_like(max_leaves: int = 12) -> st.SearchStrategy[Any]:
    """Arbitrary JSON-like values: odd types, unicode, huge numbers, NaN and infinities."""
    leaves = (
        st.none()
        | st.booleans()
        | st.integers()
        | st.floats(allow_nan=True, allow_infinity=True)
        | st.text(max_size=40)
        | st.sampled_from(CANCER_NAMES + STAGES + CITIES + THERAPIES)
    )
    return st.recursive(
        leaves,
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(st.text(max_size=12), children, max_size=4)
        ),
        max_leaves=max_leaves,
    )


FIELDS = (
    "cancer_type",
    "stage",
    "biomarkers",
    "tcm_preference",
    "age",
    "ecog",
    "disease_status",
    "cities",
    "city_mode",
    "needs_international_services",
    "wants_clinical_trials",
    "therapies_sought",
)


@st.composite
def messy_profiles(draw: st.DrawFn) -> Any:
    """Profiles whose fields hold arbitrary JSON-like junk, near-misses or real values."""
    if draw(st.integers(0, 9)) == 0:
        return draw(json_like())
    base = draw(profiles())
    for field in draw(
        st.lists(st.sampled_from((*FIELDS, "cancer_typ", "unknown_field")), max_size=3)
    ):
        base[field] = draw(json_like(6))
    return base
