"""TNM stage group observations (clinical and pathological) to a stage; the latest wins.

Read from mCODE TNMStageGroup observations (LOINC 21908-9 clinical, 21902-2 pathological;
SNOMED CT 399537006 clinical, 399588009 pathologic TNM stage grouping); when there is none,
from the primary Condition's ``stage.summary``. Values are AJCC codes of cancerstaging.org
("3C"), SNOMED CT AJCC stage qualifiers (read from their fully specified name, "American Joint
Committee on Cancer stage IIB") or text. Of clinical and pathological groups the one with the
latest date is used; on the same date the pathological one.
"""

from __future__ import annotations

import re

from matcher.common._errors import ProfileError
from matcher.profile.fhir._bundle import LOINC, SNOMED, Bundle, Concept, Resource, concept, problem

_CLINICAL = {(LOINC, "21908-9"), (SNOMED, "399537006")}
_PATHOLOGICAL = {(LOINC, "21902-2"), (SNOMED, "399588009")}
_ROMAN = {"0": "0", "1": "I", "2": "II", "3": "III", "4": "IV"}
_AJCC_CODE = re.compile(r"^([0-4])([A-Da-d]?[0-9]?)$")
_SCT_NAME = re.compile(r"\bstage\s+([0IV]+[A-D]?[0-9]?)\b", re.IGNORECASE)
ACCEPTED = "an AJCC stage group: a cancerstaging.org code ('3C'), a SNOMED CT AJCC stage or text"


def _label(value: Concept) -> str | None:
    """The stage group a concept names, as the profile reads it ("IIIC"), or None."""
    for coding in value.coding:
        code = (coding.code or "").strip()
        if coding.system == "http://cancerstaging.org" and (match := _AJCC_CODE.match(code)):
            return _ROMAN[match.group(1)] + match.group(2).upper()
        if coding.system == SNOMED and (match := _SCT_NAME.search(coding.display or "")):
            return match.group(1).upper()
    return value.text.strip() if value.text and value.text.strip() else None


def _kind(resource: Resource) -> int | None:
    """1 for a pathological group, 0 for a clinical one, None for any other observation."""
    code = resource.concept("code")
    if code is None:
        return None
    pairs = {(c.system, (c.code or "").strip()) for c in code.coding}
    return 1 if pairs & _PATHOLOGICAL else 0 if pairs & _CLINICAL else None


def read_stage(bundle: Bundle, condition: Resource) -> tuple[str, str] | None:
    """The latest stage group as text, and the ``resource.field`` it came from; or None."""
    groups = [
        (r.date(), kind, r)
        for r in bundle.of_type("Observation")
        if (kind := _kind(r)) is not None
        and r.data.get("status") not in ("entered-in-error", "cancelled")
        and r.data.get("valueCodeableConcept") is not None
    ]
    if groups:
        _, _, latest = max(groups, key=lambda g: (g[0], g[1]))
        value = latest.concept("valueCodeableConcept")
        label = _label(value) if value is not None else None
        if label is None:
            raise ProfileError.from_problems(
                [problem(latest.label, "valueCodeableConcept", None, ACCEPTED, "is not read")]
            )
        return label, f"{latest.label}.valueCodeableConcept"
    stages = condition.data.get("stage") or ()
    for number, stage in enumerate(stages if isinstance(stages, list) else ()):
        summary = stage.get("summary") if isinstance(stage, dict) else None
        if summary is None:
            continue
        field = f"stage[{number}].summary"
        label = _label(concept(condition, field, summary))
        if label is None:
            raise ProfileError.from_problems(
                [problem(condition.label, field, None, ACCEPTED, "is not read")]
            )
        return label, f"{condition.label}.{field}"
    return None
