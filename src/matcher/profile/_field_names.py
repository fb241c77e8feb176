"""Which profile field a name means: "did you mean" for a field given by another name."""

from __future__ import annotations

from collections.abc import Sequence
from types import MappingProxyType
from typing import Final

from matcher.common._text import closest, fold

#: Shorter names people use for a field (the command line's short options among them), each
#: with the field it means.
FIELD_SHORT_NAMES: Final = MappingProxyType(
    {
        "tcm": "tcm_preference",
        "tcm_pref": "tcm_preference",
        "status": "disease_status",
        "city": "cities",
        "international": "needs_international_services",
        "international_services": "needs_international_services",
        "trials": "wants_clinical_trials",
        "clinical_trials": "wants_clinical_trials",
        "therapy": "therapies_sought",
        "therapies": "therapies_sought",
        "biomarker": "biomarkers",
        "cancer": "cancer_type",
        "performance_status": "ecog",
        "language": "languages",
        "lang": "languages",
        "metastasis": "metastatic_sites",
        "metastases": "metastatic_sites",
        "prior_lines": "prior_therapies",
        "lines": "prior_therapies",
    }
)


def field_suggestions(name: str, fields: Sequence[str]) -> tuple[str, ...]:
    """The fields ``name`` may have meant, best first: a known short name, then the fields
    that hold it as a word (``"international"``), then close spellings (``"stge"``)."""
    folded = fold(name)
    found: dict[str, None] = {}
    for short, field in FIELD_SHORT_NAMES.items():
        if fold(short) == folded and field in fields:
            found[field] = None
    if folded:
        for field in fields:
            if folded in (fold(word) for word in field.split("_")):
                found[field] = None
    for field in closest(name, fields, cutoff=0.6):
        found[field] = None
    return tuple(found)[:3]
