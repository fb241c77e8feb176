"""The words and tables the stage parser reads: descriptions, numerals, TNM patterns, site rules."""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from matcher.common._text import fold
from matcher.profile._stage_value import (
    Stage,
    StageCategory,
    StageExtent,
    StageGroup,
)


def described(
    label: str,
    category: StageCategory,
    *,
    group: StageGroup | None = None,
    extent: StageExtent | None = None,
    metastatic: bool = False,
) -> Stage:
    return Stage(group, None, category, extent, label, metastatic)


EARLY = described("early", "early")
LOCALLY_ADVANCED = described("locally advanced", "locally_advanced")
ADVANCED = described("advanced", "advanced")
METASTATIC = described("metastatic", "advanced", metastatic=True)
LIMITED = described("limited", "locally_advanced", extent="limited")
EXTENSIVE = described("extensive", "advanced", extent="extensive")
IN_SITU = Stage("0", None, "early", None, "0", False)

#: Stages given in words, keyed by their folded spelling ("stage"/"disease" already removed).
DESCRIPTIVE: Final[Mapping[str, Stage]] = MappingProxyType(
    {
        "early": EARLY,
        "localized": EARLY,
        "localised": EARLY,
        "locallyadvanced": LOCALLY_ADVANCED,
        "locoregionallyadvanced": LOCALLY_ADVANCED,
        "advanced": ADVANCED,
        "late": ADVANCED,
        "metastatic": METASTATIC,
        "metastases": METASTATIC,
        "metastasis": METASTATIC,
        "distantmetastasis": METASTATIC,
        "distantmetastases": METASTATIC,
        "limited": LIMITED,
        "extensive": EXTENSIVE,
        "insitu": IN_SITU,
        "carcinomainsitu": IN_SITU,
        "cis": IN_SITU,
        # Chinese (simplified and traditional); 期 means "stage".
        "早期": EARLY,
        "局部晚期": LOCALLY_ADVANCED,
        "局部进展期": LOCALLY_ADVANCED,
        "局部進展期": LOCALLY_ADVANCED,
        "晚期": ADVANCED,
        "进展期": ADVANCED,
        "進展期": ADVANCED,
        "转移": METASTATIC,
        "轉移": METASTATIC,
        "转移性": METASTATIC,
        "轉移性": METASTATIC,
        "远处转移": METASTATIC,
        "遠處轉移": METASTATIC,
        "局限期": LIMITED,
        "广泛期": EXTENSIVE,
        "廣泛期": EXTENSIVE,
        "原位癌": IN_SITU,
    }
)

Rules = Mapping[str, tuple[StageCategory, bool]]

#: Words that say the value belongs in ``disease_status``, with the status to use.
STATUS_WORDS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "recurrent": "recurrent",
        "recurrence": "recurrent",
        "recurred": "recurrent",
        "relapse": "relapsed_refractory",
        "relapsed": "relapsed_refractory",
        "refractory": "relapsed_refractory",
        "relapsedrefractory": "relapsed_refractory",
        "复发": "recurrent",
        "復發": "recurrent",
    }
)

UNKNOWN_WORDS: Final = frozenset(
    {"unknown", "notstaged", "unstaged", "notknown", "na", "none", "x", "unk", "未知"}
)
FILLER_WORDS: Final = frozenset({"stage", "disease"})

ROMAN: Final[Mapping[str, StageGroup]] = MappingProxyType(
    {"0": "0", "i": "I", "ii": "II", "iii": "III", "iv": "IV"}
)
ARABIC: Final[Mapping[str, StageGroup]] = MappingProxyType(
    {"0": "0", "1": "I", "2": "II", "3": "III", "4": "IV"}
)
GROUP_PATTERN: Final = re.compile(r"(?P<group>iv|i{1,3}|[0-4])(?P<rest>[a-z0-9]*)")
#: Sub-stage shapes each group allows (folded, lower case).
SUBSTAGE_PATTERNS: Final[Mapping[StageGroup, re.Pattern[str]]] = MappingProxyType(
    {
        "0": re.compile(r"a|is"),
        "I": re.compile(r"[a-d][1-3]?|s|e|[ab]e|e[ab]"),
        "II": re.compile(r"[a-d][1-3]?|e|[ab]e|e[ab]"),
        "III": re.compile(r"[a-d][1-3]?"),
        "IV": re.compile(r"[a-c]"),
    }
)
TNM_PATTERN: Final = re.compile(
    r"(?P<t>[cpyra]{0,2}t(?:is|x|[0-4])[a-e]?\d?(?:mi)?)?"
    r"(?P<n>[cpyra]{0,2}n(?:x|[0-3])[a-c]?(?:mi)?)?"
    r"(?P<m>[cpyra]{0,2}m(?:x|[01])[a-d]?\d?)?"
)
#: Looks like a stage group but is not one: "V", "IIII", "5", "IIIZ".
NUMERAL_PATTERN: Final = re.compile(r"(?P<numeral>[ivx]+|\d+)(?P<rest>[a-z]{0,2}\d?)")
DECIMAL_PATTERN: Final = re.compile(r"\s*\d+[.,]\d+\s*")
TOO_LONG_TO_SUGGEST: Final = 60


def rules(entries: dict[str, tuple[StageCategory, bool]]) -> Rules:
    return MappingProxyType(entries)


#: Stage IV split into locoregional IVA and distant IVB (AJCC 8 nasopharynx, oesophagus, stomach
#: and prostate; FIGO cervix, vulva and vagina). A bare "IV" states no distant spread.
IVA_LOCOREGIONAL: Final = rules(
    {"IV": ("advanced", False), "IVA": ("locally_advanced", False), "IVB": ("advanced", True)}
)

#: Per site, the (category, metastatic) of the stage labels that differ from the plain mapping.
#: A label is looked up as given, then with its sub-stage shortened, then as its bare group.
RULES_BY_SITE: Final[Mapping[str, Rules]] = MappingProxyType(
    {
        "Head and Neck": rules(
            {
                "IV": ("advanced", False),
                "IVA": ("locally_advanced", False),
                "IVB": ("locally_advanced", False),
                "IVC": ("advanced", True),
            }
        ),
        "Nasopharynx": IVA_LOCOREGIONAL,
        "Cervix": IVA_LOCOREGIONAL,
        "Vulva/Vagina": IVA_LOCOREGIONAL,
        "Esophagus/Stomach": IVA_LOCOREGIONAL,
        "Prostate": IVA_LOCOREGIONAL,
        "Liver": rules({"IV": ("advanced", False), "IVB": ("advanced", True)}),
        "Lymphoid": rules({"III": ("advanced", False), "IV": ("advanced", False)}),
    }
)

#: The sites (OncoTree tissue names, and "Nasopharynx") whose stages map differently.
STAGING_SITES: Final[tuple[str, ...]] = tuple(RULES_BY_SITE)

SITE_RULES: Final[Mapping[str, Rules]] = MappingProxyType(
    {fold(site): rules for site, rules in RULES_BY_SITE.items()}
)

PLAIN_CATEGORY: Final[Mapping[StageGroup, StageCategory]] = MappingProxyType(
    {"0": "early", "I": "early", "II": "early", "III": "locally_advanced", "IV": "advanced"}
)
