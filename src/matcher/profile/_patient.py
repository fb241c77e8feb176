"""The patient profile: validated and normalised at the edge, immutable afterwards.

Only ``cancer_type`` is required. Free text is understood the way people write it (case,
spacing and punctuation are ignored; common names and aliases are known); anything that cannot
be understood raises :class:`~matcher.ProfileError` naming the field, the value given and what is
accepted. Nothing is silently dropped or guessed.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import Annotated, Any, Final, Literal, Self

import numpy as np
from pydantic import (
    BaseModel,
    ConfigDict,
    PlainSerializer,
    PlainValidator,
    ValidationError,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from matcher.common._errors import ProfileError, ProfileProblem
from matcher.common._text import closest, fold
from matcher.profile._biomarkers import Biomarker, parse_biomarkers
from matcher.profile._cities import resolve_city
from matcher.profile._ontology import CancerType, default_ontology
from matcher.profile._stage import Stage, parse_stage
from matcher.profile._vocab import CITY_MODES, DISEASE_STATUSES, PATIENT_MODALITIES, TCM_PREFERENCES

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
    }
)

_CHOICE_ALIASES: Final = MappingProxyType(
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


def _choice(field: str, choices: tuple[str, ...], value: object) -> str:
    """Match ``value`` to one of ``choices`` ignoring case, spacing and punctuation."""
    if not isinstance(value, str):
        raise ProfileError(field, value, FIELD_ACCEPTS[field], problem="is not text")
    key = fold(value)
    table = {fold(choice): choice for choice in choices}
    table.update(_CHOICE_ALIASES.get(field, {}))
    if key in table:
        return table[key]
    raise ProfileError(field, value, FIELD_ACCEPTS[field], closest(value, choices))


def _chooser(field: str, choices: tuple[str, ...]) -> Callable[[object], str]:
    def validate(value: object) -> str:
        return _choice(field, choices, value)

    return validate


def _whole_number(field: str, low: int, high: int) -> Callable[[object], int]:
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


_TRUE: Final = frozenset({"true", "yes", "y"})
_FALSE: Final = frozenset({"false", "no", "n"})


def _flag(field: str) -> Callable[[object], bool]:
    def validate(value: object) -> bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, np.bool_):  # from data frames
            return bool(value)
        if isinstance(value, str) and fold(value) in _TRUE | _FALSE:
            return fold(value) in _TRUE
        raise ProfileError(field, value, FIELD_ACCEPTS[field], problem="is not true or false")

    return validate


#: The most items a list field may hold: enough for any real profile, and a bound on the work
#: (and the length of an error message) that a malformed one can cause.
MAX_ITEMS: Final = 100


def _items(field: str, value: object) -> list[object]:
    """A list-like field: a list or tuple, or one bare string taken as a list of one."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        _check_length(field, value)
        return list(value)
    raise ProfileError(field, value, FIELD_ACCEPTS[field], problem="is not a list")


def _check_length(field: str, value: object) -> None:
    if isinstance(value, list | tuple | dict | set | frozenset) and len(value) > MAX_ITEMS:
        raise ProfileError(
            field,
            f"<{len(value)} items>",
            f"at most {MAX_ITEMS} items",
            problem="has too many items",
        )


def _each(field: str, value: object, convert: Callable[[object], str]) -> tuple[str, ...]:
    """Convert every item, collecting every bad one; keep first-seen order, drop repeats."""
    seen: dict[str, None] = {}
    problems: list[ProfileProblem] = []
    for index, item in enumerate(_items(field, value)):
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


def _cancer_type(value: object) -> CancerType:
    if isinstance(value, CancerType):
        return value
    return default_ontology().resolve(value)  # type: ignore[arg-type]


def _cities(value: object) -> tuple[str, ...]:
    return _each("cities", value, lambda item: resolve_city(item).name)


def _therapies(value: object) -> tuple[str, ...]:
    chosen = set(_each("therapies_sought", value, _chooser("therapies_sought", PATIENT_MODALITIES)))
    return tuple(modality for modality in PATIENT_MODALITIES if modality in chosen)


def _biomarkers(value: object) -> tuple[Biomarker, ...]:
    _check_length("biomarkers", value)
    return parse_biomarkers(value)


def _described(field: str, schema: dict[str, Any]) -> WithJsonSchema:
    return WithJsonSchema({**schema, "description": FIELD_ACCEPTS[field]})


CancerTypeField = Annotated[
    CancerType,
    PlainValidator(_cancer_type),
    PlainSerializer(lambda cancer_type: cancer_type.code, return_type=str),
    _described("cancer_type", {"type": "string"}),
]
StageField = Annotated[
    Stage | None,
    PlainSerializer(lambda stage: None if stage is None else stage.label, return_type=str | None),
    _described("stage", {"anyOf": [{"type": "string"}, {"type": "integer"}, {"type": "null"}]}),
]
BiomarkersField = Annotated[
    tuple[Biomarker, ...],
    PlainValidator(_biomarkers),
    PlainSerializer(lambda markers: [m.label for m in markers], return_type=list[str]),
    _described(
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
_NAME_LIST = {"type": "array", "items": {"type": "string"}}


class Patient(BaseModel):
    """A validated, normalised, immutable patient profile.

    Build it with ``Patient(**fields)`` or ``Patient.model_validate(mapping)``; either raises
    :class:`~matcher.ProfileError` for input it cannot understand. It round-trips through JSON
    (``model_dump_json`` / ``model_validate_json``) and exports a JSON Schema
    (``Patient.model_json_schema()``).
    """

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    cancer_type: CancerTypeField
    stage: StageField = None
    biomarkers: BiomarkersField = ()
    tcm_preference: Annotated[
        TcmPreference,
        PlainValidator(_chooser("tcm_preference", TCM_PREFERENCES)),
        _described("tcm_preference", {"enum": list(TCM_PREFERENCES)}),
    ] = "neutral"
    age: Annotated[
        int | None,
        PlainValidator(lambda v: None if v is None else _whole_number("age", 0, 120)(v)),
        _described(
            "age", {"anyOf": [{"type": "integer", "minimum": 0, "maximum": 120}, {"type": "null"}]}
        ),
    ] = None
    ecog: Annotated[
        int | None,
        PlainValidator(lambda v: None if v is None else _whole_number("ecog", 0, 4)(v)),
        _described(
            "ecog", {"anyOf": [{"type": "integer", "minimum": 0, "maximum": 4}, {"type": "null"}]}
        ),
    ] = None
    disease_status: Annotated[
        DiseaseStatus,
        PlainValidator(_chooser("disease_status", DISEASE_STATUSES)),
        _described("disease_status", {"enum": list(DISEASE_STATUSES)}),
    ] = "newly_diagnosed"
    cities: Annotated[
        tuple[str, ...],
        PlainValidator(_cities),
        PlainSerializer(list, return_type=list[str]),
        _described("cities", _NAME_LIST),
    ] = ()
    city_mode: Annotated[
        CityMode,
        PlainValidator(_chooser("city_mode", CITY_MODES)),
        _described("city_mode", {"enum": list(CITY_MODES)}),
    ] = "prefer"
    needs_international_services: Annotated[
        bool,
        PlainValidator(_flag("needs_international_services")),
        _described("needs_international_services", {"type": "boolean"}),
    ] = False
    wants_clinical_trials: Annotated[
        bool,
        PlainValidator(_flag("wants_clinical_trials")),
        _described("wants_clinical_trials", {"type": "boolean"}),
    ] = False
    therapies_sought: Annotated[
        tuple[str, ...],
        PlainValidator(_therapies),
        PlainSerializer(list, return_type=list[str]),
        _described(
            "therapies_sought", {"type": "array", "items": {"enum": list(PATIENT_MODALITIES)}}
        ),
    ] = ()

    @field_validator("stage", mode="plain")
    @classmethod
    def _parse_stage(cls, value: object, info: ValidationInfo) -> Stage | None:
        if value is None or isinstance(value, Stage):
            return value
        if isinstance(value, str) and fold(value) in {"", "unknown", "notstaged", "na"}:
            return None
        cancer_type = info.data.get("cancer_type")
        site = cancer_type.tissue if isinstance(cancer_type, CancerType) else None
        if isinstance(cancer_type, CancerType) and cancer_type.is_within("NPC"):
            site = "Nasopharynx"
        return parse_stage(value, site=site)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.tcm_preference == "avoid" and "tcm" in self.therapies_sought:
            raise ProfileError(
                "therapies_sought",
                list(self.therapies_sought),
                "therapies other than 'tcm' while tcm_preference is 'avoid'",
                problem="asks for TCM although tcm_preference is 'avoid'",
            )
        return self

    def __init__(self, /, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as error:
            raise _profile_error(error) from None

    @classmethod
    def model_validate(
        cls,
        obj: Any,
        *,
        strict: bool | None = None,
        extra: Any = None,
        from_attributes: bool | None = None,
        context: Any | None = None,
        by_alias: bool | None = None,
        by_name: bool | None = None,
    ) -> Self:
        """Validate a mapping (or a Patient) into a Patient; raises ProfileError."""
        if isinstance(obj, cls):
            return obj
        if not isinstance(obj, Mapping):
            raise ProfileError(
                "profile", obj, "a mapping of profile fields to values", problem="is not a mapping"
            )
        for key in obj:
            if not isinstance(key, str):  # pydantic would pass it on as a keyword: TypeError
                raise ProfileError(
                    "profile",
                    key,
                    "the profile fields " + ", ".join(cls.model_fields),
                    problem="is a field name that is not text",
                )
        try:
            return super().model_validate(obj, context=context)
        except ValidationError as error:
            raise _profile_error(error) from None

    @classmethod
    def model_validate_json(
        cls,
        json_data: str | bytes | bytearray,
        *,
        strict: bool | None = None,
        extra: Any = None,
        context: Any | None = None,
        by_alias: bool | None = None,
        by_name: bool | None = None,
    ) -> Self:
        """Validate a JSON document into a Patient; raises ProfileError."""
        try:
            return super().model_validate_json(json_data, context=context)
        except ValidationError as error:
            raise _profile_error(error) from None

    @property
    def pediatric(self) -> bool:
        """True for a child (age under 18); False when the age is unknown."""
        return self.age is not None and self.age < 18

    @property
    def caveats(self) -> tuple[str, ...]:
        """Things about the profile itself that a reader of any result should know."""
        notes: list[str] = []
        if self.stage is not None and not self.cancer_type.staged:
            notes.append(
                f"{self.cancer_type.name} has no stage grouping; the stage given "
                f"({self.stage.label}) was kept but plays no part in the ranking."
            )
        if (
            self.stage is not None
            and self.stage.extent is not None
            and not self.cancer_type.is_within("SCLC")
        ):
            notes.append(
                "'limited'/'extensive' staging is defined for small-cell lung cancer; "
                f"it was read as {self.stage.category.replace('_', ' ')} disease."
            )
        return tuple(notes)


def _profile_error(error: ValidationError) -> ProfileError:
    """Turn pydantic's errors into one ProfileError with a problem per field."""
    problems: list[ProfileProblem] = []
    for detail in error.errors(include_url=False):
        cause = (detail.get("ctx") or {}).get("error")
        if isinstance(cause, ProfileError):
            problems.extend(cause.problems)
            continue
        location = detail["loc"]
        field = ".".join(str(part) for part in location) or "profile"
        top = str(location[0]) if location else ""
        kind = detail["type"]
        if kind == "extra_forbidden":
            problems.append(
                ProfileProblem(
                    field,
                    detail["input"],
                    "the profile fields " + ", ".join(Patient.model_fields),
                    tuple(closest(top, Patient.model_fields, cutoff=0.6)),
                    "is not a profile field",
                )
            )
        elif kind == "missing":
            problems.append(
                ProfileProblem(field, None, FIELD_ACCEPTS.get(top, ""), (), "is required")
            )
        else:
            problems.append(
                ProfileProblem(
                    field,
                    detail.get("input"),
                    FIELD_ACCEPTS.get(top, "see the profile documentation"),
                    (),
                    str(detail["msg"]).lower(),
                )
            )
    return ProfileError.from_problems(problems)


def as_patient(profile: Patient | Mapping[str, object]) -> Patient:
    """Return ``profile`` as a Patient, validating a mapping; raises ProfileError."""
    return Patient.model_validate(profile)


def accepted_fields() -> Iterable[str]:
    """The names of the profile fields, in the documented order."""
    return tuple(Patient.model_fields)
