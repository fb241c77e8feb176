"""Fixed vocabularies shared by patient profiles and catalogs: modalities and services."""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

#: Modalities a patient may seek (``therapies_sought``), in a stable order.
PATIENT_MODALITIES: Final[tuple[str, ...]] = (
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

#: Every modality a catalog may claim, mapped to the broader modality it is a kind of
#: (``None`` for the top of a family). Offering a finer modality means offering its parents.
MODALITY_PARENT: Final = MappingProxyType(
    {
        "surgery": None,
        "minimally_invasive_surgery": "surgery",
        "laparoscopic_surgery": "minimally_invasive_surgery",
        "robotic_surgery": "minimally_invasive_surgery",
        "endoscopic_treatment": "minimally_invasive_surgery",
        "breast_conserving_surgery": "surgery",
        "limb_salvage_surgery": "surgery",
        "function_preserving_surgery": "surgery",
        "organ_transplant": "surgery",
        "radiotherapy": None,
        "imrt": "radiotherapy",
        "igrt": "radiotherapy",
        "vmat": "radiotherapy",
        "sbrt": "radiotherapy",
        "intraoperative_radiotherapy": "radiotherapy",
        "chemoradiotherapy": "radiotherapy",
        "proton": "radiotherapy",
        "heavy_ion": "radiotherapy",
        "chemotherapy": None,
        "targeted": None,
        "immunotherapy": None,
        "car_t": "immunotherapy",
        "cell_therapy": "immunotherapy",
        "ablation": None,
        "radiofrequency_ablation": "ablation",
        "microwave_ablation": "ablation",
        "cryoablation": "ablation",
        "hifu": "ablation",
        "interventional": None,
        "tace": "interventional",
        "haic": "interventional",
        "hyperthermia": None,
        "tcm": None,
        "herbal_medicine": "tcm",
        "acupuncture": "tcm",
        "moxibustion": "tcm",
        "palliative": None,
        "pain_management": "palliative",
        "hospice": "palliative",
        "clinical_trial": None,
    }
)

#: Services that together make up "international-patient services".
INTERNATIONAL_SERVICE_NAMES: Final[tuple[str, ...]] = (
    "international_department",
    "english_consultation",
    "medical_record_translation",
    "patient_navigation",
    "direct_billing",
    "commercial_insurance_support",
    "visa_assistance",
    "accommodation_assistance",
)
INTERNATIONAL_SERVICES: Final[frozenset[str]] = frozenset(INTERNATIONAL_SERVICE_NAMES)

#: Services and capabilities that are not treatments.
SERVICES: Final[tuple[str, ...]] = (
    "multidisciplinary_team",
    "supportive_care",
    "rehabilitation",
    "cancer_screening",
    "precision_medicine",
    *INTERNATIONAL_SERVICE_NAMES,
)

TCM_PREFERENCES: Final[tuple[str, ...]] = ("avoid", "neutral", "prefer", "require")
DISEASE_STATUSES: Final[tuple[str, ...]] = ("newly_diagnosed", "recurrent", "relapsed_refractory")
CITY_MODES: Final[tuple[str, ...]] = ("prefer", "only")


def modality_lineage(modality: str) -> tuple[str, ...]:
    """The modality and every broader modality it is a kind of, narrowest first."""
    lineage = [modality]
    parent = MODALITY_PARENT[modality]
    while parent is not None:
        lineage.append(parent)
        parent = MODALITY_PARENT[parent]
    return tuple(lineage)
