"""The features a hospital is scored on, each in [0, 1], with words a patient understands.

A "(level / 5)" feature of a disease-bound treatment (``DISEASE_BOUND_FEATURES``) claimed for
the hospital as a whole, not for the patient's cancer, is also multiplied by the hospital's fit
to the patient's disease (``DISEASE_FIT_FLOOR`` to 1).
"""

from __future__ import annotations

from typing import Final

import attrs


@attrs.frozen
class Feature:
    """One column of the hospital x feature matrix."""

    name: str
    label: str
    meaning: str


FEATURES: Final[tuple[Feature, ...]] = (
    Feature(
        "cancer_type_expertise",
        "expertise in this cancer",
        "the strongest sourced claim for the patient's cancer type (level / 5), a broader type "
        "that covers it (level x 0.9 / 5), or a narrower one (level x 0.8 / 5)",
    ),
    Feature(
        "overall_oncology",
        "standing in oncology overall",
        "the strongest sourced claim about cancer care in general (level / 5)",
    ),
    Feature(
        "evidence",
        "how much is known",
        "the depth of sourced evidence about the hospital: substantial 1, moderate 0.75, thin 0.2",
    ),
    Feature("surgery", "surgery", "surgical oncology (level / 5)"),
    Feature(
        "minimally_invasive_surgery",
        "minimally invasive surgery",
        "laparoscopic, robotic, endoscopic or other minimally invasive surgery (level / 5)",
    ),
    Feature(
        "breast_conserving_surgery", "breast-conserving surgery", "breast conservation (level / 5)"
    ),
    Feature("radiotherapy", "radiotherapy", "radiation oncology (level / 5)"),
    Feature("imrt", "intensity-modulated radiotherapy", "IMRT (level / 5)"),
    Feature(
        "sbrt",
        "stereotactic radiotherapy",
        "stereotactic body radiotherapy or radiosurgery (level / 5)",
    ),
    Feature("proton", "proton therapy", "proton beam therapy (level / 5)"),
    Feature("heavy_ion", "heavy-ion therapy", "carbon-ion therapy (level / 5)"),
    Feature("chemotherapy", "chemotherapy", "chemotherapy (level / 5)"),
    Feature("targeted", "targeted therapy", "targeted drug therapy (level / 5)"),
    Feature("immunotherapy", "immunotherapy", "immunotherapy (level / 5)"),
    Feature("car_t", "CAR-T cell therapy", "CAR-T cell therapy (level / 5)"),
    Feature(
        "ablation", "tumour ablation", "radiofrequency, microwave or other ablation (level / 5)"
    ),
    Feature("haic", "hepatic artery infusion chemotherapy", "HAIC (level / 5)"),
    Feature("tcm", "integrated Chinese medicine", "Traditional Chinese Medicine care (level / 5)"),
    Feature(
        "palliative", "palliative and hospice care", "palliative care and pain control (level / 5)"
    ),
    Feature("clinical_trial", "clinical trials", "clinical-trial activity (level / 5)"),
    Feature(
        "multidisciplinary_team", "multidisciplinary team", "tumour boards and MDT care (level / 5)"
    ),
    Feature("supportive_care", "supportive care", "supportive and rehabilitation care (level / 5)"),
    Feature(
        "international_services",
        "services for international patients",
        "international department, English consultation, translation, billing (level / 5)",
    ),
    Feature(
        "breast_gynae_expertise",
        "breast and gynaecological cancer expertise",
        "the strongest claim for breast, ovarian, uterine or cervical cancer (level / 5)",
    ),
    Feature(
        "childrens_hospital",
        "a children's hospital",
        "1 for a hospital dedicated to children (its kind in the catalog)",
    ),
    Feature(
        "city_preference",
        "in a preferred city",
        "1 when the hospital is in a city the patient prefers",
    ),
    Feature(
        "specialty_ranking",
        "ranked by experts for this disease",
        "standing in the independent specialty rankings that speak for the patient's cancer "
        "(e.g. neurosurgery for a glioma): first place 1, tenth 0.1, recent editions weigh more",
    ),
    Feature(
        "oncology_ranking",
        "ranked by experts in oncology",
        "standing in the independent oncology ranking, as for specialty_ranking",
    ),
    Feature(
        "neurosurgery_ranking",
        "ranked by experts in neurosurgery",
        "standing in the independent neurosurgery ranking, as for specialty_ranking",
    ),
    Feature(
        "language",
        "care in the patient's language",
        "1 where a source confirms care in a language the patient speaks (a language claim, "
        "or an English-language consultation service for English)",
    ),
    Feature(
        "paediatric_ranking",
        "ranked by experts in paediatrics",
        "standing in the independent paediatrics and paediatric surgery rankings",
    ),
)

FEATURE_NAMES: Final[tuple[str, ...]] = tuple(feature.name for feature in FEATURES)
FEATURE_INDEX: Final = {name: index for index, name in enumerate(FEATURE_NAMES)}
N_FEATURES: Final = len(FEATURES)

#: Features read straight from a modality claim column (feature name == modality name).
MODALITY_FEATURES: Final[tuple[str, ...]] = (
    "surgery",
    "minimally_invasive_surgery",
    "breast_conserving_surgery",
    "radiotherapy",
    "imrt",
    "sbrt",
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
#: Treatments whose quality depends on the team that treats the patient's disease: a claim that
#: a hospital offers one in general (not scoped to a cancer type) counts in proportion to how
#: well the hospital fits the patient's disease (``disease_fit``). Care that does not depend on
#: the disease (palliative and supportive care, TCM) and facility-bound treatments (proton,
#: heavy ion, and CAR-T, a product given where it is licensed) count in full.
DISEASE_BOUND_FEATURES: Final[tuple[str, ...]] = (
    "surgery",
    "minimally_invasive_surgery",
    "breast_conserving_surgery",
    "radiotherapy",
    "imrt",
    "sbrt",
    "chemotherapy",
    "targeted",
    "immunotherapy",
    "ablation",
    "haic",
    "clinical_trial",
    "multidisciplinary_team",
)
#: A hospital with no evidence for the patient's disease beyond cancer care in general has
#: this disease fit: its hospital-wide claims of disease-bound treatments count this share of
#: their level. The fit rises linearly to 1 with its strongest evidence for the disease (its
#: weighed claim for the type, or its standing in the specialty ranking that speaks for it).
#: Chosen on the train split of the vignettes (0.1 to 0.35 did equally well; 1 turns it off).
DISEASE_FIT_FLOOR: Final = 0.25
#: Features read straight from a service claim column.
SERVICE_FEATURES: Final[tuple[str, ...]] = ("multidisciplinary_team", "supportive_care")

#: A claim about a broader cancer type than the patient's (e.g. lung cancer for a lung
#: adenocarcinoma) counts this much of its level: it covers the patient's type, but evidence
#: about the exact type is stronger.
BROADER_FACTOR: Final = 0.9
#: A claim about a narrower cancer type than the patient's counts this much of its level.
NARROWER_FACTOR: Final = 0.8
BREAST_GYNAE_CODES: Final = ("BREAST", "OVARY", "UTERUS", "CERVIX")
ROOT_CODE: Final = "TISSUE"
MAX_LEVEL: Final = 5.0
