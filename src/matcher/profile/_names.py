"""Cancer-type names as a reader expects them inside a sentence."""

from __future__ import annotations

import re
from typing import Final

from matcher.common._text import fold
from matcher.profile._cancer_types import CancerType
from matcher.profile._ontology import default_ontology

_TISSUE_NAMES: Final = {"MYELOID": "myeloid neoplasms", "LYMPH": "lymphoid cancers"}
_WORD = re.compile(r"[A-Za-z]+")


def cancer_name(code: str) -> str:
    """A cancer type's name for a sentence: "lung cancer" for the tissue node LUNG.

    OncoTree names its top-level nodes by tissue ("Lung", "Breast"); those read as their main
    type in lower case, keeping acronyms ("CNS/brain cancer"). Deeper nodes keep their name.
    """
    ontology = default_ontology()
    if code not in ontology:
        return code
    cancer = ontology.get(code)
    if cancer.level == 1:
        return _TISSUE_NAMES.get(code) or _lower_words(cancer.main_type or cancer.name)
    return cancer.name


def _lower_words(text: str) -> str:
    def lower(match: re.Match[str]) -> str:
        word = match[0]
        return word if len(word) > 1 and word.isupper() else word.lower()

    return _WORD.sub(lower, text)


def person_name(cancer: CancerType) -> str:
    """The name a person understands for the patient's cancer type.

    The label the patient's words keep ("acute lymphoblastic leukaemia" for "ALL"), else the
    everyday name the synonym table gives the node ("gastric (stomach) cancer" for STAD), else
    `cancer_name`.
    """
    if cancer.label is not None:
        return cancer.label
    return default_ontology().everyday_name(cancer.code) or cancer_name(cancer.code)


def display_name(cancer: CancerType) -> str:
    """`person_name` with the OncoTree name and code beside it, where they differ.

    >>> display_name(default_ontology().resolve("ALL"))
    'acute lymphoblastic leukaemia (OncoTree: Lymphoid Neoplasm, LNM)'
    >>> display_name(default_ontology().resolve("NPC"))
    'nasopharyngeal cancer (OncoTree: Nasopharyngeal Carcinoma, NPC)'
    """
    person = person_name(cancer)
    if fold(person) == fold(cancer.name):
        return f"{cancer.name} ({cancer.code})"
    return f"{person} (OncoTree: {cancer.name}, {cancer.code})"
