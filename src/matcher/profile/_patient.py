"""The patient profile: validated and normalised at the edge, immutable afterwards.

Only ``cancer_type`` is required. Free text is understood the way people write it (case,
spacing and punctuation are ignored; common names and aliases are known); anything that cannot
be understood raises :class:`~matcher.ProfileError` naming the field, the value given and what is
accepted. Nothing is silently dropped or guessed.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Iterable, Mapping
from typing import Annotated, Any, Self, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from matcher.common._errors import WITHHELD, ProfileError, ProfileProblem
from matcher.profile._biomarkers import Biomarker
from matcher.profile._field_names import field_suggestions
from matcher.profile._fields import (
    FIELD_ACCEPTS,
    NAME_LIST,
    BiomarkersField,
    CancerTypeField,
    CityMode,
    DiseaseStatus,
    LanguagesField,
    MetastaticSitesField,
    PriorTherapiesField,
    StageField,
    TcmPreference,
    choice_reader,
    described,
    flag_reader,
    read_cities,
    read_stage,
    read_therapies,
    stage_site,
    whole_number_reader,
)
from matcher.profile._history import PriorTherapies
from matcher.profile._ontology import CancerType
from matcher.profile._screen import MAX_ITEMS, screen_profile
from matcher.profile._stage import Stage
from matcher.profile._vocab import CITY_MODES, DISEASE_STATUSES, PATIENT_MODALITIES, TCM_PREFERENCES

__all__ = ["FIELD_ACCEPTS", "MAX_ITEMS", "Patient", "accepted_fields", "as_patient"]


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
        PlainValidator(choice_reader("tcm_preference", TCM_PREFERENCES)),
        described("tcm_preference", {"enum": list(TCM_PREFERENCES)}),
    ] = "neutral"
    age: Annotated[
        int | None,
        PlainValidator(lambda v: None if v is None else whole_number_reader("age", 0, 120)(v)),
        described(
            "age", {"anyOf": [{"type": "integer", "minimum": 0, "maximum": 120}, {"type": "null"}]}
        ),
    ] = None
    ecog: Annotated[
        int | None,
        PlainValidator(lambda v: None if v is None else whole_number_reader("ecog", 0, 4)(v)),
        described(
            "ecog", {"anyOf": [{"type": "integer", "minimum": 0, "maximum": 4}, {"type": "null"}]}
        ),
    ] = None
    disease_status: Annotated[
        DiseaseStatus,
        PlainValidator(choice_reader("disease_status", DISEASE_STATUSES)),
        described("disease_status", {"enum": list(DISEASE_STATUSES)}),
    ] = "newly_diagnosed"
    cities: Annotated[
        tuple[str, ...],
        PlainValidator(read_cities),
        PlainSerializer(list, return_type=list[str]),
        described("cities", NAME_LIST),
    ] = ()
    city_mode: Annotated[
        CityMode,
        PlainValidator(choice_reader("city_mode", CITY_MODES)),
        described("city_mode", {"enum": list(CITY_MODES)}),
    ] = "prefer"
    needs_international_services: Annotated[
        bool,
        PlainValidator(flag_reader("needs_international_services")),
        described("needs_international_services", {"type": "boolean"}),
    ] = False
    wants_clinical_trials: Annotated[
        bool,
        PlainValidator(flag_reader("wants_clinical_trials")),
        described("wants_clinical_trials", {"type": "boolean"}),
    ] = False
    therapies_sought: Annotated[
        tuple[str, ...],
        PlainValidator(read_therapies),
        PlainSerializer(list, return_type=list[str]),
        described(
            "therapies_sought", {"type": "array", "items": {"enum": list(PATIENT_MODALITIES)}}
        ),
    ] = ()
    languages: LanguagesField = ()
    language_mode: Annotated[
        CityMode,
        PlainValidator(choice_reader("language_mode", CITY_MODES)),
        described("language_mode", {"enum": list(CITY_MODES)}),
    ] = "prefer"
    prior_therapies: PriorTherapiesField = Field(default_factory=PriorTherapies)
    metastatic_sites: MetastaticSitesField = ()

    @field_validator("stage", mode="plain")
    @classmethod
    def _parse_stage(cls, value: object, info: ValidationInfo) -> Stage | None:
        return read_stage(value, stage_site(info.data.get("cancer_type")))

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
        plain = screen_profile(data, type(self).model_fields, _TRUSTED)
        _validated(lambda: super(Patient, self).__init__(**plain))

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
                "profile",
                WITHHELD,
                "a mapping of profile fields to values",
                problem=f"is not a mapping ({type(obj).__name__})",
            )
        plain = screen_profile(obj, cls.model_fields, _TRUSTED)
        # pydantic's own model_validate would call __init__ (a custom one), which screens the
        # already screened copy again; validating into a new instance, as BaseModel.__init__
        # does, runs the same validators once.
        patient = cls.__new__(cls)
        validator = cls.__pydantic_validator__
        _validated(lambda: validator.validate_python(plain, self_instance=patient, context=context))
        return patient

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
        """Validate a JSON document into a Patient; raises ProfileError.

        A key given twice in one object is refused (JSON would keep only the last).
        """
        return cls.model_validate(read_profile_json(json_data), context=context)

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy; fields in ``update`` are validated as in a new profile (ProfileError)."""
        if not update:
            return self
        fields = {name: getattr(self, name) for name in type(self).model_fields}
        return type(self).model_validate({**fields, **update})

    def replace(self, **changes: Any) -> Self:
        """This profile with some fields changed, each validated; raises ProfileError."""
        return self.model_copy(update=changes)

    def _unchecked_copy(self, update: Mapping[str, Any]) -> Self:
        """A copy with fields set to values that a Patient already validated (what pydantic's
        ``model_copy`` makes, built directly where there are no extra or private values)."""
        if self.__pydantic_extra__ is not None or self.__pydantic_private__ is not None:
            return super().model_copy(update=dict(update))
        copied = type(self).__new__(type(self))
        object.__setattr__(copied, "__dict__", {**self.__dict__, **update})
        object.__setattr__(copied, "__pydantic_extra__", None)
        object.__setattr__(copied, "__pydantic_fields_set__", {*self.model_fields_set, *update})
        object.__setattr__(copied, "__pydantic_private__", None)
        return copied

    @classmethod
    def from_fhir(cls, bundle: object, *, today: datetime.date | None = None) -> Self:
        """Read an HL7 FHIR R4 Bundle of mCODE resources (a mapping, JSON text or a path).

        The primary cancer Condition gives the cancer type (through the reviewed table
        ``data/fhir_cancer_codes.json``), TNM stage group observations the stage (the latest),
        tumour marker tests and genomic variants the biomarkers, ECOG or Karnofsky the ECOG,
        disease status and the Condition's clinical status the disease status, and the
        Patient's birth date the age on ``today`` (default: today). Nothing that identifies
        the person is read. Raises :class:`~matcher.ProfileError` naming resource and field.
        """
        from matcher.profile.fhir._read import read_fhir, relabelled  # only FHIR input needs it

        reading = read_fhir(bundle, today=today)
        try:
            return cls.model_validate(reading.fields)
        except ProfileError as error:
            raise relabelled(error, reading.origins) from None

    @property
    def pediatric(self) -> bool:
        """True for a child (age under 18); False when the age is unknown."""
        return self.age is not None and self.age < 18

    @property
    def adult(self) -> bool:
        """True for a known adult (18 or over); False for a child and when the age is unknown."""
        return self.age is not None and self.age >= 18

    @property
    def caveats(self) -> tuple[str, ...]:
        """Things about the profile itself that a reader of any result should know."""
        notes: list[str] = []
        if self.stage is not None and not self.cancer_type.staged:
            notes.append(
                f"{self.cancer_type.label or self.cancer_type.name} has no stage grouping; "
                "the stage given was kept "
                "but plays no part in the ranking."
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
        if (
            self.metastatic_sites
            and self.stage is not None
            and self.cancer_type.staged
            and self.stage.category != "advanced"
        ):
            notes.append(
                "Distant metastases were given with an earlier stage; both were kept as given. "
                "Check the stage with the treating team."
            )
        return tuple(notes)


_TRUSTED: tuple[type, ...] = (CancerType, Stage, Biomarker, PriorTherapies)


_T = TypeVar("_T")


def _validated(run: Callable[[], _T]) -> _T:
    """Run pydantic; its ValidationError becomes a ProfileError raised outside the handler, so
    that the ValidationError (which holds the whole profile as its input) is not chained."""
    try:
        return run()
    except ValidationError as error:
        refused = _profile_error(error)
    raise refused


class _RepeatedKeyError(Exception):
    pass


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    members = dict(pairs)
    if len(members) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _RepeatedKeyError(key if len(key) <= 40 else key[:37] + "...")
            seen.add(key)
    return members


#: The most bytes a profile's JSON may have: far beyond any real profile, and checked first.
MAX_JSON_BYTES = 64 * 1024


def read_profile_json(document: str | bytes | bytearray) -> dict[str, Any]:
    """The object of profile fields in a JSON document, keys given twice refused."""
    size = len(document)
    problem: str | None = None
    data: object = None
    if size > MAX_JSON_BYTES:
        problem = f"is larger than a profile can be ({MAX_JSON_BYTES // 1024} KiB)"
    else:
        try:
            data = json.loads(document, object_pairs_hook=_unique_keys)
        except _RepeatedKeyError as repeated:
            problem = f"gives the field {repeated.args[0]!r} twice in one object"
        except (ValueError, RecursionError, TypeError) as cause:
            problem = f"is not valid JSON ({type(cause).__name__})"
    if problem is None and not isinstance(data, dict):
        problem = f"holds a JSON {type(data).__name__}, not an object of profile fields"
    if problem is not None:
        raise ProfileError("profile", WITHHELD, "a JSON object of profile fields", problem=problem)
    return data  # type: ignore[return-value]


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
                    WITHHELD,
                    "the profile fields " + ", ".join(Patient.model_fields),
                    field_suggestions(top, tuple(Patient.model_fields)),
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
                    detail.get("input") if location else WITHHELD,
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
