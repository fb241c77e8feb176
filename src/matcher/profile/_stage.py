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
from typing import Final

from matcher.common._errors import ProfileError
from matcher.common._text import closest, fold, words
from matcher.profile._stage_value import (
    ACCEPTED,
    FIELD,
    Stage,
    StageGroup,
)
from matcher.profile._stage_vocabulary import (
    ARABIC,
    DECIMAL_PATTERN,
    DESCRIPTIVE,
    FILLER_WORDS,
    GROUP_PATTERN,
    METASTATIC,
    NUMERAL_PATTERN,
    PLAIN_CATEGORY,
    ROMAN,
    SITE_RULES,
    STAGING_SITES,
    STATUS_WORDS,
    SUBSTAGE_PATTERNS,
    TNM_PATTERN,
    TOO_LONG_TO_SUGGEST,
    UNKNOWN_WORDS,
    Rules,
)

__all__ = ["ACCEPTED", "STAGING_SITES", "Stage", "parse_stage", "staging_site"]


def staging_site(site: str | None) -> str | None:
    """``site`` as far as parsing tells sites apart: itself where it refines the stage groups,
    else None; ``parse_stage(v, site=s)`` equals ``parse_stage(v, site=staging_site(s))``."""
    return site if isinstance(site, str) and fold(site) in SITE_RULES else None


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
    rules = SITE_RULES.get(fold(site), {}) if site is not None else {}
    if isinstance(value, Stage):
        value = value.label
    if isinstance(value, bool) or not isinstance(value, str | numbers.Integral):
        raise _type_error(value)
    if isinstance(value, numbers.Integral):
        number = int(value)
        if not 0 <= number <= 4:
            raise _error(value, problem="is outside the stage groups 0-4")
        return _grouped(ARABIC[str(number)], "", rules)
    return _parse_text(value, rules)


def _parse_text(text: str, rules: Rules) -> Stage:
    folded = fold(text)
    if not folded:
        raise _error(text, problem="is empty")
    if DECIMAL_PATTERN.fullmatch(text):
        raise _error(text, problem="is a decimal number, not a stage group")
    described = DESCRIPTIVE.get(folded)
    if described is not None:
        return described
    tokens = [
        token for token in words(text.replace("期", " stage ")).split() if token not in FILLER_WORDS
    ]
    joined = "".join(tokens)
    if not joined:
        raise _error(text, problem="names no stage")
    described = DESCRIPTIVE.get(joined)
    if described is not None:
        return described
    grouped = _match_group(tokens, rules)
    if grouped is not None:
        return grouped
    tnm = TNM_PATTERN.fullmatch(joined)
    if tnm is not None and any(tnm.group(part) for part in "tnm"):
        if "m1" in (tnm.group("m") or ""):
            return METASTATIC
        raise _tnm_error(text, tokens, rules)
    raise _unrecognised(text, folded, joined, tokens, rules)


def _match_group(tokens: list[str], rules: Rules) -> Stage | None:
    """The stage group in ``tokens`` ("iii b" or "3b"), or ``None`` when they are not one."""
    match = GROUP_PATTERN.fullmatch("".join(tokens))
    if match is None or not tokens[0].startswith(match.group("group")):
        return None
    numeral = match.group("group")
    group = ROMAN.get(numeral) or ARABIC[numeral]
    rest = match.group("rest")
    if rest and not SUBSTAGE_PATTERNS[group].fullmatch(rest):
        return None
    if rest in {"ea", "eb"}:
        rest = rest[1] + "e"
    return _grouped(group, rest, rules)


def _grouped(group: StageGroup, substage: str, rules: Rules) -> Stage:
    label = group + substage.upper()
    key = label
    while key not in rules and len(key) > len(group):
        key = key[:-1]
    category, metastatic = rules.get(key, (PLAIN_CATEGORY[group], group == "IV"))
    return Stage(group, substage.upper() or None, category, None, label, metastatic)


# --- errors -----------------------------------------------------------------------------------


def _error(value: object, *, problem: str, suggestions: tuple[str, ...] = ()) -> ProfileError:
    return ProfileError(FIELD, value, ACCEPTED, suggestions, problem=problem)


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


def _tnm_error(text: str, tokens: list[str], rules: Rules) -> ProfileError:
    return _error(
        text,
        problem="is a TNM classification; give the stage group (e.g. 'IIB') from the report "
        "instead, because how T and N combine into a group depends on the cancer type",
        suggestions=_groups_among(tokens, rules),
    )


def _groups_among(tokens: list[str], rules: Rules) -> tuple[str, ...]:
    """Labels of the stages that single tokens of a rejected text parse as."""
    found: list[str] = []
    for token in tokens:
        stage = _match_group([token], rules) or DESCRIPTIVE.get(token)
        if stage is not None and stage.label not in found:
            found.append(stage.label)
    return tuple(found)


def _unrecognised(
    text: str,
    folded: str,
    joined: str,
    tokens: list[str],
    rules: Rules,
) -> ProfileError:
    status = STATUS_WORDS.get(joined) or STATUS_WORDS.get(folded)
    if status is not None:
        return _error(
            text,
            problem=f"is a disease status, not a stage; give it as disease_status={status!r} "
            "(and the stage, if known, as stage)",
        )
    if joined in UNKNOWN_WORDS or folded in UNKNOWN_WORDS:
        return _error(text, problem="says the stage is unknown; leave the stage out instead")
    if len(tokens) > 1:
        if any(
            TNM_PATTERN.fullmatch(token) and not _match_group([token], rules) for token in tokens
        ):
            return _tnm_error(text, tokens, rules)
        among = _groups_among(tokens, rules)
        if among:
            return _error(
                text, problem="holds more than a stage; give the stage alone", suggestions=among
            )
    numeral = NUMERAL_PATTERN.fullmatch(joined)
    if numeral is not None:
        group = ROMAN.get(numeral.group("numeral")) or ARABIC.get(numeral.group("numeral"))
        rest = numeral.group("rest")
        if group is None or not rest:
            return _error(text, problem="is not a stage group; groups run from 0 to IV")
        if "e" in rest and group in {"III", "IV"}:
            problem = "has the extranodal suffix E, which Lugano staging keeps for stages I and II"
        else:
            problem = f"has a sub-stage ({rest.upper()!r}) that stage {group} does not take"
        return _error(text, problem=problem, suggestions=(group,))
    suggestions: tuple[str, ...] = ()
    if len(folded) <= TOO_LONG_TO_SUGGEST:
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
