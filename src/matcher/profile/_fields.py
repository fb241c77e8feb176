"""How each profile field is read: what it accepts, in words, and the validator that converts it."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterable
from types import MappingProxyType
from typing import Annotated, Any, Final, Literal

import attrs
import numpy as np
from pydantic import (
    PlainSerializer,
    PlainValidator,
    WithJsonSchema,
)

from matcher.common._errors import WITHHELD, ProfileError, ProfileProblem
from matcher.common._text import closest, fold
from matcher.profile._biomarkers import Biomarker, parse_biomarkers
from matcher.profile._cities import resolve_city
from matcher.profile._history import (
    METASTATIC_SITES,
    PRIOR_THERAPY_KINDS,
    SITES_ACCEPTED,
    THERAPIES_ACCEPTED,
    PriorTherapies,
    read_metastatic_sites,
    read_prior_therapies,
)
from matcher.profile._languages import resolve_language
from matcher.profile._ontology import CancerType, default_ontology
from matcher.profile._screen import MAX_ITEMS
from matcher.profile._stage import Stage, parse_stage
from matcher.profile._vocab import CITY_MODES, DISEASE_STATUSES, PATIENT_MODALITIES, TCM_PREFERENCES

LANGUAGES_ACCEPTED: Final = (
    "a list of languages, each an English name ('Russian'), its own name ('Русский') or a "
    "BCP-47 code ('ru', 'zh-Hans')"
)

#: What each field accepts, in words; used in error messages, the JSON Schema and the docs.
FIELD_ACCEPTS: Final = MappingProxyType(
    {
        "cancer_type": "an OncoTree code or a cancer name, e.g. 'NSCLC', 'lung adenocarcinoma', "
        "'HCC', 'nasopharyngeal carcinoma', 'multiple myeloma'",
        "stage": "0, I-IV with sub-stage (e.g. 'IIIB'), 1-4, 'limited'/'extensive' "
        "(small-cell lung cancer), 'early', 'locally advanced', 'advanced', 'metastatic'; "
        "leave it out when unknown",
        "biomarkers": "a mapping of marker to result ({'EGFR': 'L858R', 'PD-L1': 'TPS 60%'}) "
        "or a list of strings (['ALK fusion', 'MSI-H'])",
        "tcm_preference": "one of " + ", ".join(repr(v) for v in TCM_PREFERENCES),
        "age": "whole years from 0 to 120",
        "ecog": "an ECOG performance status from 0 to 4",
        "disease_status": "one of " + ", ".join(repr(v) for v in DISEASE_STATUSES),
        "cities": "a list of city names in mainland China, Hong Kong or Macau, "
        "e.g. ['Beijing', 'Guangzhou']",
        "city_mode": "one of " + ", ".join(repr(v) for v in CITY_MODES),
        "needs_international_services": "true or false",
        "wants_clinical_trials": "true or false",
        "therapies_sought": "a list of: " + ", ".join(PATIENT_MODALITIES),
        "languages": LANGUAGES_ACCEPTED,
        "language_mode": "one of " + ", ".join(repr(v) for v in CITY_MODES),
        "prior_therapies": THERAPIES_ACCEPTED,
        "metastatic_sites": SITES_ACCEPTED,
    }
)

CHOICE_ALIASES: Final = MappingProxyType(
    {
        "disease_status": {
            "new": "newly_diagnosed",
            "newlydiagnosed": "newly_diagnosed",
            "untreated": "newly_diagnosed",
            "treatmentnaive": "newly_diagnosed",
            "recurrence": "recurrent",
            "relapsed": "recurrent",
            "relapse": "recurrent",
            "refractory": "relapsed_refractory",
            "relapsedrefractory": "relapsed_refractory",
            "rr": "relapsed_refractory",
        },
        "therapies_sought": {
            "operation": "surgery",
            "radiation": "radiotherapy",
            "radiationtherapy": "radiotherapy",
            "radiotherapy": "radiotherapy",
            "protontherapy": "proton",
            "protonbeam": "proton",
            "heavyiontherapy": "heavy_ion",
            "carbonion": "heavy_ion",
            "carbonion therapy": "heavy_ion",
            "chemo": "chemotherapy",
            "targetedtherapy": "targeted",
            "immuno": "immunotherapy",
            "cart": "car_t",
            "cartcelltherapy": "car_t",
            "cartcell": "car_t",
            "radiofrequencyablation": "ablation",
            "rfa": "ablation",
            "hepaticarterialinfusionchemotherapy": "haic",
            "hepaticarteryinfusionchemotherapy": "haic",
            "traditionalchinesemedicine": "tcm",
            "palliativecare": "palliative",
            "hospice": "palliative",
            "clinicaltrials": "clinical_trial",
            "trial": "clinical_trial",
            "trials": "clinical_trial",
        },
    }
)


def read_choice(field: str, choices: tuple[str, ...], value: object) -> str:
    """Match ``value`` to one of ``choices`` ignoring case, spacing and punctuation."""
    if not isinstance(value, str):
        raise ProfileError(field, value, FIELD_ACCEPTS[field], problem="is not text")
    key = fold(value)
    table = _choice_table(field, choices)
    if key in table:
        return table[key]
    raise ProfileError(field, value, FIELD_ACCEPTS[field], closest(value, choices))


@functools.cache
def _choice_table(field: str, choices: tuple[str, ...]) -> dict[str, str]:
    """Each choice and alias of a field, folded, to its choice (built once per vocabulary)."""
    table = {fold(choice): choice for choice in choices}
    table.update(CHOICE_ALIASES.get(field, {}))
    return table


def choice_reader(field: str, choices: tuple[str, ...]) -> Callable[[object], str]:
    def validate(value: object) -> str:
        return read_choice(field, choices, value)

    return validate


def whole_number_reader(field: str, low: int, high: int) -> Callable[[object], int]:
    def validate(value: object) -> int:
        number: object = value
        if isinstance(value, str) and value.strip().isdigit():
            number = int(value.strip())
        if isinstance(number, np.integer):  # numpy scalars, e.g. from a data frame
            number = int(number)
        if isinstance(number, float | np.floating):
            real = float(number)
            if math.isfinite(real) and real.is_integer():
                number = int(real)
        if isinstance(number, bool) or not isinstance(number, int):
            raise ProfileError(field, value, FIELD_ACCEPTS[field], problem="is not a whole number")
        if not low <= number <= high:
            raise ProfileError(field, value, FIELD_ACCEPTS[field], problem="is out of range")
        return number

    return validate


TRUE: Final = frozenset({"true", "yes", "y"})
FALSE: Final = frozenset({"false", "no", "n"})


def flag_reader(field: str) -> Callable[[object], bool]:
    def validate(value: object) -> bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, np.bool_):  # from data frames
            return bool(value)
        if isinstance(value, str) and fold(value) in TRUE | FALSE:
            return fold(value) in TRUE
        raise ProfileError(field, value, FIELD_ACCEPTS[field], problem="is not true or false")

    return validate


def read_items(field: str, value: object) -> list[object]:
    """A list-like field: a list or tuple, or one bare string taken as a list of one."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        check_length(field, value)
        return list(value)
    raise ProfileError(field, value, FIELD_ACCEPTS[field], problem="is not a list")


def check_length(field: str, value: object) -> None:
    if isinstance(value, list | tuple | dict | set | frozenset) and len(value) > MAX_ITEMS:
        raise ProfileError(
            field,
            f"<{len(value)} items>",
            f"at most {MAX_ITEMS} items",
            problem="has too many items",
        )


def read_each(field: str, value: object, convert: Callable[[object], str]) -> tuple[str, ...]:
    """Convert every item, collecting every bad one; keep first-seen order, drop repeats."""
    seen: dict[str, None] = {}
    problems: list[ProfileProblem] = []
    for index, item in enumerate(read_items(field, value)):
        try:
            seen.setdefault(convert(item), None)
        except ProfileError as error:
            problems += [
                ProfileProblem(f"{field}[{index}]", p.value, p.accepted, p.suggestions, p.problem)
                for p in error.problems
            ]
    if problems:
        raise ProfileError.from_problems(problems)
    return tuple(seen)


_UNSTAGED: Final = frozenset({"unknown", "notstaged", "na"})


def stage_site(cancer_type: object) -> str | None:
    """What a stage is parsed for beside this cancer type (``parse_stage``'s ``site``)."""
    if not isinstance(cancer_type, CancerType):
        return None
    return "Nasopharynx" if cancer_type.is_within("NPC") else cancer_type.tissue


def read_stage(value: object, site: str | None) -> Stage | None:
    """The stage field read for a cancer of this ``site``; None when left unknown."""
    if value is None or isinstance(value, Stage):
        return value
    if isinstance(value, str) and (not value.strip() or fold(value) in _UNSTAGED):
        return None
    if isinstance(value, str) and not fold(value):  # "?", "—", "...": not a stage, not blank
        raise ProfileError(
            "stage", value, FIELD_ACCEPTS["stage"], problem="holds no stage (leave it out)"
        )
    return parse_stage(value, site=site)


def read_cancer_type(value: object) -> CancerType:
    if isinstance(value, CancerType):
        return value
    return default_ontology().resolve(value)  # type: ignore[arg-type]


@attrs.frozen
class EachItem:
    """The reader of a list field whose items are each converted alone (by ``read_each``).

    ``item`` converts one item whatever the others are, so that a batch may convert each
    distinct item once and ``assemble`` each list from them. ``order``: the items read are kept
    in this order (else first-seen); ``withheld``: a value that is not a list is not shown.
    """

    field: str
    item: Callable[[object], str]
    order: tuple[str, ...] | None = None
    withheld: bool = False

    def __call__(self, value: object) -> tuple[str, ...]:
        if self.withheld and not isinstance(value, str | list | tuple):
            accepts = FIELD_ACCEPTS[self.field]
            raise ProfileError(self.field, WITHHELD, accepts, problem="is not a list")
        return self.assemble(read_each(self.field, value, self.item))

    def assemble(self, read: Iterable[str]) -> tuple[str, ...]:
        """The field's value from its items read, in order, repeats and all."""
        seen = tuple(dict.fromkeys(read))
        if self.order is None:
            return seen
        return tuple(choice for choice in self.order if choice in seen)


def _city_name(item: object) -> str:
    return resolve_city(item).name


#: Cities, first-seen order.
read_cities: Final = EachItem("cities", _city_name)
#: Therapies sought, in the vocabulary's order.
read_therapies: Final = EachItem(
    "therapies_sought",
    choice_reader("therapies_sought", PATIENT_MODALITIES),
    order=PATIENT_MODALITIES,
)
#: Languages as BCP-47 primary subtags, first-seen order; the values given never shown.
read_languages: Final = EachItem("languages", resolve_language, withheld=True)


def read_biomarkers(value: object) -> tuple[Biomarker, ...]:
    check_length("biomarkers", value)
    return parse_biomarkers(value)


def described(field: str, schema: dict[str, Any]) -> WithJsonSchema:
    return WithJsonSchema({**schema, "description": FIELD_ACCEPTS[field]})


CancerTypeField = Annotated[
    CancerType,
    PlainValidator(read_cancer_type),
    # A labelled type ("ALL") saves its label, so that it reads back labelled and unstaged.
    PlainSerializer(lambda cancer_type: cancer_type.label or cancer_type.code, return_type=str),
    described("cancer_type", {"type": "string"}),
]
StageField = Annotated[
    Stage | None,
    PlainSerializer(lambda stage: None if stage is None else stage.label, return_type=str | None),
    described("stage", {"anyOf": [{"type": "string"}, {"type": "integer"}, {"type": "null"}]}),
]
BiomarkersField = Annotated[
    tuple[Biomarker, ...],
    PlainValidator(read_biomarkers),
    PlainSerializer(lambda markers: [m.label for m in markers], return_type=list[str]),
    described(
        "biomarkers",
        {
            "anyOf": [
                {"type": "object", "additionalProperties": {"type": ["string", "number"]}},
                {"type": "array", "items": {"type": "string"}},
            ]
        },
    ),
]
TcmPreference = Literal["avoid", "neutral", "prefer", "require"]
DiseaseStatus = Literal["newly_diagnosed", "recurrent", "relapsed_refractory"]
CityMode = Literal["prefer", "only"]
NAME_LIST = {"type": "array", "items": {"type": "string"}}
LanguagesField = Annotated[
    tuple[str, ...],
    PlainValidator(read_languages),
    PlainSerializer(list, return_type=list[str]),
    described("languages", NAME_LIST),
]
PriorTherapiesField = Annotated[
    PriorTherapies,
    PlainValidator(read_prior_therapies),
    PlainSerializer(PriorTherapies.to_dict, return_type=dict[str, Any]),
    described(
        "prior_therapies",
        {
            "anyOf": [
                {"type": "array", "items": {"type": "string"}},
                {
                    "type": "object",
                    "properties": {
                        "lines": {"anyOf": [{"type": "integer", "minimum": 0}, {"type": "null"}]},
                        "therapies": {
                            "type": "array",
                            "items": {"enum": list(PRIOR_THERAPY_KINDS)},
                        },
                    },
                    "additionalProperties": False,
                },
                {"type": "null"},
            ]
        },
    ),
]
MetastaticSitesField = Annotated[
    tuple[str, ...],
    PlainValidator(read_metastatic_sites),
    PlainSerializer(list, return_type=list[str]),
    described("metastatic_sites", {"type": "array", "items": {"enum": list(METASTATIC_SITES)}}),
]
