"""Cancer stage as a patient or a report states it, parsed into a :class:`Stage`.

What is accepted
----------------
Case, spacing and punctuation are ignored, and the words "stage" and "disease" may stand before or
after the stage ("Stage IIIB", "iiib stage", "III-B", "stage 3b", "IIIB期").

- Stage groups 0 and I-IV in Roman numerals or Arabic digits, as text or as an ``int`` 0-4, with a
  sub-stage: a letter A-D with an optional digit 1-3 ("IA1", "IIIC2", "IIID" for melanoma) for
  groups I-III, A-C for group IV, "0a"/"0is" (bladder) for group 0, "S" for group I (testis "IS")
  and the Lugano extranodal suffix "E" for groups I and II ("IIE"), alone or with the A/B symptom
  letter ("IIBE" or "IIEB", sub-stage "BE"). Lugano keeps E for limited stages, so "IIIE" is
  refused, as are the older Ann Arbor suffixes ("S" for spleen, "X" for bulk). A sub-stage is
  checked for its shape, not against the staging system of one cancer type (the parser does not
  know the cancer type). Numerals are validated: "V", "IIII" and "IIIZ" are refused.
- Veterans' Administration stages of small-cell lung cancer: "limited", "extensive" (with or
  without "stage"/"disease", "limited-stage", "局限期", "广泛期").
- Descriptions: "early", "localized"/"localised" (label "early"), "locally advanced",
  "locoregionally advanced", "advanced", "late" (label "advanced"), "metastatic" (also
  "metastases", "distant metastasis"), "in situ"/"carcinoma in situ"/"CIS" (group 0), and the
  Chinese 早期, 局部晚期, 晚期, 进展期, 转移性, 远处转移, 原位癌.
- A TNM classification with M1 ("M1", "cM1a", "T2N1M1") is read as "metastatic": it states
  distant spread, which is what the ranking needs. Any other TNM classification ("cT2N1M0",
  "T3 N2"), or TNM beside a stage group ("cT2N1M0 stage IIB"), is refused with a message asking
  for the stage group, because how T and N combine into a group depends on the cancer type; a
  stage group found beside it is offered as the suggestion.
- A :class:`Stage` is taken again from its label, for the ``site`` given.

"recurrent", "relapsed" or "refractory" are refused with a pointer to ``disease_status``;
"unknown" or "not staged" are refused with a pointer to leaving the stage out. Floats are refused
(including 2.0: a stage is a group, not a measurement), as are bools and other types.

Category: the treatment setting a stage implies
-----------------------------------------------
``category`` says which kind of treatment a stage usually calls for, because that is what a
hospital's strengths are matched against:

- ``early`` (0, I, II): local treatment with curative intent, often surgery alone or with adjuvant
  therapy.
- ``locally_advanced`` (III): disease still confined to one region but needing combined-modality
  treatment (chemoradiotherapy, neoadjuvant therapy then surgery).
- ``advanced`` (IV): systemic treatment, usually not curative.
- ``limited`` small-cell lung cancer is ``locally_advanced`` (treated with concurrent
  chemoradiotherapy to one radiation field); ``extensive`` is ``advanced`` (systemic therapy).

Where a staging system puts locoregional disease into group IV, or reads groups differently, the
``site`` (an OncoTree tissue name, matched after folding) refines the mapping:

- "Head and Neck" (AJCC 8, non-nasopharyngeal): IVA (T4a or N2) and IVB (T4b or N3) are
  locoregionally advanced, ``locally_advanced``; IVC (M1) is ``advanced`` and metastatic.
- "Nasopharynx" (pass it for nasopharyngeal carcinoma, whose OncoTree tissue is "Head and Neck";
  AJCC 8): IVA (T4 or N3) is ``locally_advanced``; IVB (M1) is ``advanced`` and metastatic.
- "Cervix" and "Vulva/Vagina" (FIGO): IVA (spread to bladder or rectal mucosa, or fixed nodes) is
  ``locally_advanced`` (locally advanced cervical cancer is IB3-IVA and is treated with
  chemoradiotherapy); IVB (distant) is ``advanced`` and metastatic.
- "Esophagus/Stomach" (AJCC 8): IVA (T4b or N3, M0) is ``locally_advanced``; IVB (M1) metastatic.
- "Prostate" (AJCC 8): IVA (N1 M0) is ``locally_advanced``; IVB (M1) metastatic.
- "Liver" (AJCC 8 hepatocellular): IVA (N1 M0) is ``advanced`` (BCLC C: systemic therapy) but not
  metastatic; IVB (M1) is metastatic.
- "Lymphoid" (Lugano): I-II are limited (``early``), III-IV advanced (``advanced``), and stage IV
  (diffuse extranodal involvement) is not called metastatic. Myeloma's ISS/R-ISS stages are risk
  strata, not extent; their category should not be read as the extent of disease.

In those sites a bare "IV" does not say which sub-stage it is: it is ``advanced`` but not
metastatic. A site not listed, or ``None``, uses the plain mapping.

Metastatic: distant spread stated
---------------------------------
``metastatic`` is true when the stage states distant spread: "metastatic", "M1", and group IV
(any sub-stage) where the site's group IV means distant spread (the plain mapping, since stage IV
is M1 in most solid tumours' AJCC groupings); in the sites above only the sub-stages listed as
metastatic. "advanced" alone does not state distant spread. "extensive" is not metastatic: the VA
definition is disease too wide for one radiation field, which includes some M0 disease; its
``advanced`` category already carries the treatment consequence.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final, Literal

import attrs

from matcher.common._errors import ProfileError
from matcher.common._text import closest, fold, words

StageCategory = Literal["early", "locally_advanced", "advanced"]
StageGroup = Literal["0", "I", "II", "III", "IV"]
StageExtent = Literal["limited", "extensive"]

STAGE_GROUPS: Final[tuple[StageGroup, ...]] = ("0", "I", "II", "III", "IV")
STAGE_CATEGORIES: Final[tuple[StageCategory, ...]] = ("early", "locally_advanced", "advanced")
STAGE_EXTENTS: Final[tuple[StageExtent, ...]] = ("limited", "extensive")

ACCEPTED: Final = (
    "0, I-IV with sub-stage (e.g. 'IIIB'), 1-4, 'limited'/'extensive', 'early', "
    "'locally advanced', 'advanced', 'metastatic'"
)
_FIELD: Final = "stage"


@attrs.frozen
class Stage:
    """A parsed cancer stage.

    Attributes
    ----------
    group : {"0", "I", "II", "III", "IV"} or None
        The stage group; ``None`` for stages given only in words ("advanced", "extensive").
    substage : str or None
        What follows the group, upper case: "A", "B1", "C2", "E", "IS".
    category : {"early", "locally_advanced", "advanced"}
        The treatment setting the stage implies (see the module documentation for the mapping).
    extent : {"limited", "extensive"} or None
        The VA stage of small-cell lung cancer, when that is how the stage was given.
    label : str
        Canonical text: ``parse_stage(stage.label, site=site) == stage`` for the same site.
    metastatic : bool
        Whether distant spread is stated.
    """

    group: StageGroup | None = attrs.field(
        validator=attrs.validators.optional(attrs.validators.in_(STAGE_GROUPS))
    )
    substage: str | None
    category: StageCategory = attrs.field(validator=attrs.validators.in_(STAGE_CATEGORIES))
    extent: StageExtent | None = attrs.field(
        validator=attrs.validators.optional(attrs.validators.in_(STAGE_EXTENTS))
    )
    label: str
    metastatic: bool

    def __str__(self) -> str:
        return self.label


def _described(
    label: str,
    category: StageCategory,
    *,
    group: StageGroup | None = None,
    extent: StageExtent | None = None,
    metastatic: bool = False,
) -> Stage:
    return Stage(group, None, category, extent, label, metastatic)


_EARLY = _described("early", "early")
_LOCALLY_ADVANCED = _described("locally advanced", "locally_advanced")
_ADVANCED = _described("advanced", "advanced")
_METASTATIC = _described("metastatic", "advanced", metastatic=True)
_LIMITED = _described("limited", "locally_advanced", extent="limited")
_EXTENSIVE = _described("extensive", "advanced", extent="extensive")
_IN_SITU = Stage("0", None, "early", None, "0", False)

#: Stages given in words, keyed by their folded spelling ("stage"/"disease" already removed).
_DESCRIPTIVE: Final[Mapping[str, Stage]] = MappingProxyType(
    {
        "early": _EARLY,
        "localized": _EARLY,
        "localised": _EARLY,
        "locallyadvanced": _LOCALLY_ADVANCED,
        "locoregionallyadvanced": _LOCALLY_ADVANCED,
        "advanced": _ADVANCED,
        "late": _ADVANCED,
        "metastatic": _METASTATIC,
        "metastases": _METASTATIC,
        "metastasis": _METASTATIC,
        "distantmetastasis": _METASTATIC,
        "distantmetastases": _METASTATIC,
        "limited": _LIMITED,
        "extensive": _EXTENSIVE,
        "insitu": _IN_SITU,
        "carcinomainsitu": _IN_SITU,
        "cis": _IN_SITU,
        # Chinese (simplified and traditional); 期 means "stage".
        "早期": _EARLY,
        "局部晚期": _LOCALLY_ADVANCED,
        "局部进展期": _LOCALLY_ADVANCED,
        "局部進展期": _LOCALLY_ADVANCED,
        "晚期": _ADVANCED,
        "进展期": _ADVANCED,
        "進展期": _ADVANCED,
        "转移": _METASTATIC,
        "轉移": _METASTATIC,
        "转移性": _METASTATIC,
        "轉移性": _METASTATIC,
        "远处转移": _METASTATIC,
        "遠處轉移": _METASTATIC,
        "局限期": _LIMITED,
        "广泛期": _EXTENSIVE,
        "廣泛期": _EXTENSIVE,
        "原位癌": _IN_SITU,
    }
)

_Rules = Mapping[str, tuple[StageCategory, bool]]

#: Words that say the value belongs in ``disease_status``, with the status to use.
_STATUS_WORDS: Final[Mapping[str, str]] = MappingProxyType(
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

_UNKNOWN_WORDS: Final = frozenset(
    {"unknown", "notstaged", "unstaged", "notknown", "na", "none", "x", "unk", "未知"}
)
_FILLER_WORDS: Final = frozenset({"stage", "disease"})

_ROMAN: Final[Mapping[str, StageGroup]] = MappingProxyType(
    {"0": "0", "i": "I", "ii": "II", "iii": "III", "iv": "IV"}
)
_ARABIC: Final[Mapping[str, StageGroup]] = MappingProxyType(
    {"0": "0", "1": "I", "2": "II", "3": "III", "4": "IV"}
)
_GROUP_PATTERN: Final = re.compile(r"(?P<group>iv|i{1,3}|[0-4])(?P<rest>[a-z0-9]*)")
#: Sub-stage shapes each group allows (folded, lower case).
_SUBSTAGE_PATTERNS: Final[Mapping[StageGroup, re.Pattern[str]]] = MappingProxyType(
    {
        "0": re.compile(r"a|is"),
        "I": re.compile(r"[a-d][1-3]?|s|e|[ab]e|e[ab]"),
        "II": re.compile(r"[a-d][1-3]?|e|[ab]e|e[ab]"),
        "III": re.compile(r"[a-d][1-3]?"),
        "IV": re.compile(r"[a-c]"),
    }
)
_TNM_PATTERN: Final = re.compile(
    r"(?P<t>[cpyra]{0,2}t(?:is|x|[0-4])[a-e]?\d?(?:mi)?)?"
    r"(?P<n>[cpyra]{0,2}n(?:x|[0-3])[a-c]?(?:mi)?)?"
    r"(?P<m>[cpyra]{0,2}m(?:x|[01])[a-d]?\d?)?"
)
#: Looks like a stage group but is not one: "V", "IIII", "5", "IIIZ".
_NUMERAL_PATTERN: Final = re.compile(r"(?P<numeral>[ivx]+|\d+)(?P<rest>[a-z]{0,2}\d?)")
_DECIMAL_PATTERN: Final = re.compile(r"\s*\d+[.,]\d+\s*")
_TOO_LONG_TO_SUGGEST: Final = 60


def _rules(entries: dict[str, tuple[StageCategory, bool]]) -> _Rules:
    return MappingProxyType(entries)


#: Stage IV split into locoregional IVA and distant IVB (AJCC 8 nasopharynx, oesophagus, stomach
#: and prostate; FIGO cervix, vulva and vagina). A bare "IV" states no distant spread.
_IVA_LOCOREGIONAL: Final = _rules(
    {"IV": ("advanced", False), "IVA": ("locally_advanced", False), "IVB": ("advanced", True)}
)

#: Per site, the (category, metastatic) of the stage labels that differ from the plain mapping.
#: A label is looked up as given, then with its sub-stage shortened, then as its bare group.
_RULES_BY_SITE: Final[Mapping[str, _Rules]] = MappingProxyType(
    {
        "Head and Neck": _rules(
            {
                "IV": ("advanced", False),
                "IVA": ("locally_advanced", False),
                "IVB": ("locally_advanced", False),
                "IVC": ("advanced", True),
            }
        ),
        "Nasopharynx": _IVA_LOCOREGIONAL,
        "Cervix": _IVA_LOCOREGIONAL,
        "Vulva/Vagina": _IVA_LOCOREGIONAL,
        "Esophagus/Stomach": _IVA_LOCOREGIONAL,
        "Prostate": _IVA_LOCOREGIONAL,
        "Liver": _rules({"IV": ("advanced", False), "IVB": ("advanced", True)}),
        "Lymphoid": _rules({"III": ("advanced", False), "IV": ("advanced", False)}),
    }
)

#: The sites (OncoTree tissue names, and "Nasopharynx") whose stages map differently.
STAGING_SITES: Final[tuple[str, ...]] = tuple(_RULES_BY_SITE)

_SITE_RULES: Final[Mapping[str, _Rules]] = MappingProxyType(
    {fold(site): rules for site, rules in _RULES_BY_SITE.items()}
)

_PLAIN_CATEGORY: Final[Mapping[StageGroup, StageCategory]] = MappingProxyType(
    {"0": "early", "I": "early", "II": "early", "III": "locally_advanced", "IV": "advanced"}
)


def parse_stage(value: object, *, site: str | None = None) -> Stage:
    """Parse a stage as a patient or a report gives it.

    Parameters
    ----------
    value : str, int or Stage
        The stage: "IIIB", "stage 3b", 4, "limited", "locally advanced", "metastatic"... (see the
        module documentation for everything accepted).
    site : str, optional
        The OncoTree tissue of the cancer ("Head and Neck", "Cervix"...), or "Nasopharynx" for
        nasopharyngeal carcinoma; it refines the category of stage IV (and of lymphoma stage III).

    Returns
    -------
    Stage

    Raises
    ------
    ProfileError
        For anything that is not a stage (field ``"stage"``), with close matches where they exist.
    TypeError
        If ``site`` is neither a string nor ``None`` (a programming error, not a profile one).
    """
    if site is not None and not isinstance(site, str):
        raise TypeError(f"site must be a str or None, not {type(site).__name__}")
    rules = _SITE_RULES.get(fold(site), {}) if site is not None else {}
    if isinstance(value, Stage):
        value = value.label
    if isinstance(value, bool) or not isinstance(value, str | numbers.Integral):
        raise _type_error(value)
    if isinstance(value, numbers.Integral):
        number = int(value)
        if not 0 <= number <= 4:
            raise _error(value, problem="is outside the stage groups 0-4")
        return _grouped(_ARABIC[str(number)], "", rules)
    return _parse_text(value, rules)


def _parse_text(text: str, rules: _Rules) -> Stage:
    folded = fold(text)
    if not folded:
        raise _error(text, problem="is empty")
    if _DECIMAL_PATTERN.fullmatch(text):
        raise _error(text, problem="is a decimal number, not a stage group")
    described = _DESCRIPTIVE.get(folded)
    if described is not None:
        return described
    tokens = [
        token
        for token in words(text.replace("期", " stage ")).split()
        if token not in _FILLER_WORDS
    ]
    joined = "".join(tokens)
    if not joined:
        raise _error(text, problem="names no stage")
    described = _DESCRIPTIVE.get(joined)
    if described is not None:
        return described
    grouped = _match_group(tokens, rules)
    if grouped is not None:
        return grouped
    tnm = _TNM_PATTERN.fullmatch(joined)
    if tnm is not None and any(tnm.group(part) for part in "tnm"):
        if "m1" in (tnm.group("m") or ""):
            return _METASTATIC
        raise _tnm_error(text, tokens, rules)
    raise _unrecognised(text, folded, joined, tokens, rules)


def _match_group(tokens: list[str], rules: _Rules) -> Stage | None:
    """The stage group in ``tokens`` ("iii b" or "3b"), or ``None`` when they are not one."""
    match = _GROUP_PATTERN.fullmatch("".join(tokens))
    if match is None or not tokens[0].startswith(match.group("group")):
        return None
    numeral = match.group("group")
    group = _ROMAN.get(numeral) or _ARABIC[numeral]
    rest = match.group("rest")
    if rest and not _SUBSTAGE_PATTERNS[group].fullmatch(rest):
        return None
    if rest in {"ea", "eb"}:
        rest = rest[1] + "e"
    return _grouped(group, rest, rules)


def _grouped(group: StageGroup, substage: str, rules: _Rules) -> Stage:
    label = group + substage.upper()
    key = label
    while key not in rules and len(key) > len(group):
        key = key[:-1]
    category, metastatic = rules.get(key, (_PLAIN_CATEGORY[group], group == "IV"))
    return Stage(group, substage.upper() or None, category, None, label, metastatic)


# --- errors -----------------------------------------------------------------------------------


def _error(value: object, *, problem: str, suggestions: tuple[str, ...] = ()) -> ProfileError:
    return ProfileError(_FIELD, value, ACCEPTED, suggestions, problem=problem)


def _type_error(value: object) -> ProfileError:
    if value is None:
        return _error(value, problem="is missing; leave the stage out when it is unknown")
    if isinstance(value, bool):
        return _error(value, problem="is a yes/no value, not a stage")
    if isinstance(value, float):
        if math.isnan(value):
            return _error(value, problem="is not a number; leave the stage out when it is unknown")
        return _error(
            value,
            problem="is a decimal number; give the stage as text ('IIIB') or a whole number 0-4",
        )
    return _error(value, problem=f"is of type {type(value).__name__}, not a stage")


def _tnm_error(text: str, tokens: list[str], rules: _Rules) -> ProfileError:
    return _error(
        text,
        problem="is a TNM classification; give the stage group (e.g. 'IIB') from the report "
        "instead, because how T and N combine into a group depends on the cancer type",
        suggestions=_groups_among(tokens, rules),
    )


def _groups_among(tokens: list[str], rules: _Rules) -> tuple[str, ...]:
    """Labels of the stages that single tokens of a rejected text parse as."""
    found: list[str] = []
    for token in tokens:
        stage = _match_group([token], rules) or _DESCRIPTIVE.get(token)
        if stage is not None and stage.label not in found:
            found.append(stage.label)
    return tuple(found)


def _unrecognised(
    text: str,
    folded: str,
    joined: str,
    tokens: list[str],
    rules: _Rules,
) -> ProfileError:
    status = _STATUS_WORDS.get(joined) or _STATUS_WORDS.get(folded)
    if status is not None:
        return _error(
            text,
            problem=f"is a disease status, not a stage; give it as disease_status={status!r} "
            "(and the stage, if known, as stage)",
        )
    if joined in _UNKNOWN_WORDS or folded in _UNKNOWN_WORDS:
        return _error(text, problem="says the stage is unknown; leave the stage out instead")
    if len(tokens) > 1:
        if any(
            _TNM_PATTERN.fullmatch(token) and not _match_group([token], rules) for token in tokens
        ):
            return _tnm_error(text, tokens, rules)
        among = _groups_among(tokens, rules)
        if among:
            return _error(
                text, problem="holds more than a stage; give the stage alone", suggestions=among
            )
    numeral = _NUMERAL_PATTERN.fullmatch(joined)
    if numeral is not None:
        group = _ROMAN.get(numeral.group("numeral")) or _ARABIC.get(numeral.group("numeral"))
        rest = numeral.group("rest")
        if group is None or not rest:
            return _error(text, problem="is not a stage group; groups run from 0 to IV")
        if "e" in rest and group in {"III", "IV"}:
            problem = "has the extranodal suffix E, which Lugano staging keeps for stages I and II"
        else:
            problem = f"has a sub-stage ({rest.upper()!r}) that stage {group} does not take"
        return _error(text, problem=problem, suggestions=(group,))
    suggestions: tuple[str, ...] = ()
    if len(folded) <= _TOO_LONG_TO_SUGGEST:
        suggestions = tuple(closest(" ".join(tokens), _SUGGESTABLE, n=2))
    return _error(text, problem="is not a stage", suggestions=suggestions)


_SUGGESTABLE: Final = (
    "early",
    "localized",
    "locally advanced",
    "advanced",
    "metastatic",
    "limited",
    "extensive",
    "in situ",
)
