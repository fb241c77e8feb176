"""Feature weights: a frozen, named value; the expert defaults live here with their reasons."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

import attrs
import numpy as np

from matcher.catalog._compiled import FloatArray
from matcher.scoring._features import FEATURE_INDEX, FEATURE_NAMES, N_FEATURES


def _read_only_floats(values: Mapping[str, float]) -> Mapping[str, float]:
    return MappingProxyType({name: float(value) for name, value in dict(values).items()})


def _read_only_texts(values: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType(dict(values))


def _check_values(instance: Weights, attribute: object, values: Mapping[str, float]) -> None:
    unknown = set(values) - set(FEATURE_INDEX)
    if unknown:
        raise ValueError(f"unknown features {sorted(unknown)}; features are {list(FEATURE_NAMES)}")
    for name, value in values.items():
        if not np.isfinite(value) or value < 0:
            raise ValueError(f"weight {name!r} must be finite and non-negative, not {value!r}")


@attrs.frozen
class Weights:
    """Base weights of the scoring features, before the rules adjust them for a patient.

    Features not named weigh zero. ``rationale`` says why each weight is what it is;
    ``provenance`` says where the values came from (expert judgement, or a learning run).
    """

    name: str
    values: Mapping[str, float] = attrs.field(converter=_read_only_floats, validator=_check_values)
    rationale: Mapping[str, str] = attrs.field(factory=dict, converter=_read_only_texts)
    provenance: str = "expert judgement"

    def vector(self) -> FloatArray:
        """The weights as a read-only vector in feature order."""
        vector = np.zeros(N_FEATURES)
        for name, value in self.values.items():
            vector[FEATURE_INDEX[name]] = value
        vector.setflags(write=False)
        return vector


DEFAULT_WEIGHTS: Final = Weights(
    name="expert-default-2026.11",
    values={
        "cancer_type_expertise": 5.0,
        "overall_oncology": 1.0,
        "evidence": 1.0,
        "multidisciplinary_team": 0.5,
        "clinical_trial": 0.5,
        "surgery": 0.25,
        "radiotherapy": 0.25,
        "chemotherapy": 0.25,
        "supportive_care": 0.25,
        "palliative": 0.25,
    },
    rationale={
        "cancer_type_expertise": "The seeds' first criterion: choose by cancer type "
        "(001: 'Select specialized hospitals based on cancer type'). It dominates the score.",
        "overall_oncology": "Standing in cancer care in general matters, but less than "
        "evidence for the patient's own cancer.",
        "evidence": "Thin evidence must rank below strong evidence: a hospital known only by "
        "name should not outrank one described in depth. Kept below expertise so that how much "
        "is written about a hospital never outweighs what is written about the patient's cancer.",
        "multidisciplinary_team": "The seeds put MDT at the centre of individual plans "
        "(002: 'should be formulated through multidisciplinary consultation (MDT)').",
        "clinical_trial": "Trial access is a standing advantage; rules raise it for advanced "
        "or relapsed disease and actionable drivers.",
        "surgery": "Core modalities carry a small standing weight; stage rules raise the one "
        "that fits.",
        "radiotherapy": "As surgery.",
        "chemotherapy": "As surgery.",
        "supportive_care": "Supportive care helps every patient; rules raise it for advanced "
        "disease and poor performance status.",
        "palliative": "As supportive care.",
    },
)
