"""Eligibility: which hospitals can be considered at all for the patient's cancer."""

from __future__ import annotations

from typing import Final

from matcher.rules._conditions import Always, Not, Pediatric
from matcher.rules._rule import Caveat, Exclude, Rule, RuleSource
from matcher.rules._selectors import (
    childrens_hospital,
    lacks_cancer_evidence,
    only_childrens_evidence,
    only_general_evidence,
    thin_evidence,
)

CHILDREN_ONLY_EVIDENCE: Final = Rule(
    id="eligibility.children-only-evidence",
    statement="An adult is not sent to a hospital whose only sourced evidence for the patient's "
    "cancer speaks of children alone (a paediatric department or page, a designation for "
    "childhood cancers): that evidence says nothing of its care for adults. Unknown age "
    "excludes nobody; such evidence then counts, and says it is about children.",
    when=Not(Pediatric()),
    effects=(
        Exclude(
            only_childrens_evidence,
            "its only sourced evidence for {cancer} speaks of children, and the patient is an "
            "adult",
        ),
    ),
    source=RuleSource(
        "001_350a1915a619eccc.txt",
        "Select specialized hospitals based on cancer type (e.g., lung cancer, breast cancer) "
        "and stage (early/intermediate/advanced).",
    ),
)

CANCER_TYPE_EVIDENCE: Final = Rule(
    id="eligibility.cancer-type-evidence",
    statement="A hospital is considered only with sourced evidence for the patient's cancer "
    "type, a broader type that covers it, a narrower one, a place in the independent ranking "
    "of a specialty that speaks for it, or a dedicated programme of cancer care in general (a "
    "department or more, or a place in the independent oncology ranking; a mere mention is "
    "not enough).",
    when=Always(),
    effects=(
        Exclude(
            lacks_cancer_evidence,
            "the catalog has no sourced evidence of care for {cancer} (nor for a broader or "
            "narrower type, nor for cancer care in general)",
        ),
        Caveat(
            "no sourced evidence specific to {cancer}: considered on its standing in cancer "
            "care in general",
            where=only_general_evidence,
        ),
    ),
    source=RuleSource(
        "001_350a1915a619eccc.txt",
        "Select specialized hospitals based on cancer type (e.g., lung cancer, breast cancer) "
        "and stage (early/intermediate/advanced).",
    ),
)

THIN_EVIDENCE: Final = Rule(
    id="eligibility.thin-evidence",
    statement="A hospital the catalog knows little about ranks below those with strong "
    "evidence, and says so.",
    when=Always(),
    effects=(
        Caveat(
            "the catalog holds thin evidence about this hospital (little more than its name "
            "and city); check its services directly",
            where=thin_evidence,
        ),
    ),
)

ADULTS_NOT_TO_CHILDRENS_HOSPITALS: Final = Rule(
    id="eligibility.adults-not-to-childrens-hospitals",
    statement="An adult is not sent to a children's hospital (unknown age excludes nobody).",
    when=Not(Pediatric()),
    effects=(Exclude(childrens_hospital, "a children's hospital, and the patient is an adult"),),
)

RULES: Final = (
    CHILDREN_ONLY_EVIDENCE,
    CANCER_TYPE_EVIDENCE,
    THIN_EVIDENCE,
    ADULTS_NOT_TO_CHILDRENS_HOSPITALS,
)
