"""The key: what matcher's own rules read about a patient, and which of it each rule reads."""

from __future__ import annotations

from collections.abc import Callable
from types import MappingProxyType
from typing import Final, cast

import numpy as np

from matcher.cohort._columns import Int32Array
from matcher.cohort._validation import _Cohort, _probe
from matcher.profile._biomarkers import Biomarker
from matcher.profile._patient import Patient
from matcher.rules import Rule
from matcher.rules import _conditions as conditions
from matcher.rules import _selectors as selectors
from matcher.rules._rule import Caveat, Exclude, Require, Weigh, WeighSought

#: What matcher's own conditions and selectors read about a patient, one key component each.
COMPONENTS: Final = (
    "cancer",
    "stage",
    "tcm",
    "therapies",
    "seeks",
    "age",
    "adult",
    "ecog",
    "status",
    "cities",
    "cities_given",
    "city_mode",
    "international",
    "trials",
    "markers",
    "languages",
    "language_mode",
    "metastatic",
    "lines",
)
_COMPONENT: Final = {name: index for index, name in enumerate(COMPONENTS)}


def _markers_key(markers: tuple[Biomarker, ...]) -> object:
    """Whether biomarkers were given, and each result as the rules read it: what it makes
    actionable, and the marker, status, alteration and score that its tier depends on (never
    a measured value)."""
    if not markers:
        return False
    return frozenset(
        (
            m.marker,
            m.status,
            m.alteration,
            m.unit,
            m.targeted_actionable,
            m.immunotherapy_actionable,
        )
        for m in markers
        if m.status == "positive" or m.alteration is not None
    )


def _cancer_key(patient: Patient) -> object:
    return patient.cancer_type.label or patient.cancer_type.code  # a label ("ALL") reads apart


def _adult_key(patient: Patient) -> object:
    # The model's own property, read off what holds the age (a namespace of the age alone, too).
    adult = cast("property", vars(Patient)["adult"])
    return adult.__get__(patient)


def _stage_key(patient: Patient) -> object:
    stage = patient.stage
    return stage.category if stage is not None and patient.cancer_type.staged else None


#: How to read each key component from a patient, in ``COMPONENTS`` order.
_READERS: Final[tuple[Callable[[Patient], object], ...]] = (
    _cancer_key,
    _stage_key,
    lambda p: p.tcm_preference,
    lambda p: p.therapies_sought,
    lambda p: bool(p.therapies_sought),
    lambda p: None if p.age is None else p.age < 18,
    _adult_key,
    lambda p: p.ecog,
    lambda p: p.disease_status,
    lambda p: p.cities,
    lambda p: bool(p.cities),
    lambda p: p.city_mode,
    lambda p: p.needs_international_services,
    lambda p: p.wants_clinical_trials,
    lambda p: _markers_key(p.biomarkers),
    lambda p: p.languages,
    lambda p: p.language_mode,
    lambda p: p.metastatic_sites,
    lambda p: p.prior_therapies.lines,
)


def _components(patient: Patient) -> tuple[object, ...]:
    """The key of a patient: everything matcher's own rules read, in ``COMPONENTS`` order."""
    return tuple(read(patient) for read in _READERS)


#: The key components each of matcher's own conditions reads, by class name.
_CONDITION_READS: Final = MappingProxyType(
    {
        "Always": (),
        "CancerWithin": ("cancer",),
        "CancerIsOneOf": ("cancer",),
        "BloodCancer": ("cancer",),
        "StageCategory": ("cancer", "stage"),
        "Pediatric": ("age",),
        "EcogAtLeast": ("ecog",),
        "DiseaseStatusIs": ("status",),
        "TcmPreferenceIs": ("tcm",),
        "CitiesGiven": ("cities_given", "city_mode"),
        "Wants": ("international", "trials"),
        "SeeksTherapies": ("seeks",),
        "SeeksSurgeryOnly": ("therapies",),
        "HasMarker": ("markers",),
        "SpeaksLanguage": ("languages",),
        "LanguagesGiven": ("languages", "language_mode"),
        "MetastasisIn": ("metastatic",),
        "PriorLinesAtLeast": ("lines",),
        "BestTier": ("cancer", "markers"),
        "Her2ClassIs": ("markers",),
        "DnaChangeWithoutEffect": ("markers",),
    }
)
#: The key components each of matcher's own selectors reads (the features read the cancer type,
#: whether the patient is a known adult, ranked without children-only claims, and the cities),
#: by function name.
_SELECTOR_READS: Final = MappingProxyType(
    {
        "lacks_cancer_evidence": ("cancer", "adult"),
        "only_general_evidence": ("cancer", "adult"),
        "thin_evidence": (),
        "tcm_hospital": (),
        "childrens_hospital": (),
        "offers_tcm": ("cancer", "adult"),
        "in_patient_cities": ("cities",),
        "may_offer_a_sought_therapy": ("cancer", "therapies", "adult"),
        "unconfirmed_sought_therapy": ("cancer", "therapies", "adult"),
        "particle_centre_without_surgery": ("cancer", "therapies", "adult"),
        "particle_centre_without_systemic_therapy": ("cancer", "therapies", "adult"),
        "unoffered_therapies": ("cancer", "therapies", "adult"),
        "unconfirmed_language": ("languages",),
        "only_childrens_evidence": ("cancer", "adult"),
        "tcm_hospital_with_only_general_evidence": ("cancer", "adult"),
        "particle_centre_with_only_general_evidence": ("cancer", "therapies", "adult"),
        "adult_care_with_only_general_evidence": ("cancer", "therapies", "adult"),
    }
)


def _condition_reads(condition: object) -> tuple[str, ...] | None:
    """The key components a condition reads; None when it is not one of matcher's own."""
    kind = type(condition)
    if kind.__module__ != conditions.__name__:
        return None
    if isinstance(condition, conditions.AllOf | conditions.AnyOf):
        parts = [_condition_reads(part) for part in condition.parts]
        if any(part is None for part in parts):
            return None
        return tuple(sorted({c for part in parts for c in part or ()}))
    if isinstance(condition, conditions.Not):
        return _condition_reads(condition.part)
    return _CONDITION_READS.get(kind.__name__)


def _selector_reads(function: object) -> tuple[str, ...] | None:
    """The key components a selector or text reads; None when it is not one of matcher's own."""
    if function is None or isinstance(function, str):
        return ()
    if isinstance(function, selectors.TierCaveat):
        return ("cancer", "markers")
    if isinstance(function, selectors.Lacks):
        # A feature's values depend on the cancer type and on a known adult or not; the city
        # column on the cities too.
        reads = ("cancer", "adult")
        return (*reads, "cities") if function.feature == "city_preference" else reads
    if getattr(function, "__module__", None) != selectors.__name__:
        return None
    return _SELECTOR_READS.get(str(getattr(function, "__qualname__", "")))


def _reads_only_the_key(rules: tuple[Rule, ...]) -> bool:
    """True when every rule is built from conditions and selectors that read only the key."""
    for rule in rules:
        if _condition_reads(rule.when) is None:
            return False
        for effect in rule.effects:
            if isinstance(effect, Exclude | Require):
                functions: tuple[object, ...] = (effect.where, effect.reason)
            elif isinstance(effect, Caveat):
                functions = (effect.text, effect.where)
            elif isinstance(effect, Weigh | WeighSought):
                functions = ()
            else:
                return False
            if any(_selector_reads(function) is None for function in functions):
                return False
    return True


def _key_codes(cohort: _Cohort) -> tuple[Int32Array, list[list[object]]]:
    """Each row's key as numbers per component (-1 in invalid rows), and the numbered values.

    Read from the validated parts: a part fills the components of its fields (the first part,
    those of the cancer type and stage); a field absent from a row keeps its default.
    """
    numbers: list[dict[object, int]] = [{} for _ in COMPONENTS]
    values: list[list[object]] = [[] for _ in COMPONENTS]

    def number(component: int, value: object) -> int:
        found = numbers[component].get(value)
        if found is None:
            found = numbers[component][value] = len(values[component])
            values[component].append(value)
        return found

    default = _components(Patient.model_validate({"cancer_type": _probe()}))
    read = cohort.valid.copy()
    read[list(cohort.whole)] = False
    # Built a component at a time (one row of ``by_component`` each); returned transposed, so
    # that each component's column is contiguous. Each default is its component's number 0.
    for i, value in enumerate(default):
        number(i, value)
    by_component = np.empty((len(COMPONENTS), cohort.n_rows), dtype=np.int32)
    by_component[:] = np.where(read, 0, -1).astype(np.int32)
    for index, part in enumerate(cohort.parts):
        covered = [
            i
            for i, component in enumerate(COMPONENTS)
            if (_FIELD_OF_COMPONENT[component] in part.fields)
            or (index == 0 and _FIELD_OF_COMPONENT[component] == "")
        ]
        if not covered or not part.validated:
            continue
        chosen = np.flatnonzero(read & (part.of_row >= 0))
        combination = part.of_row[chosen]
        # Only the components this part gives; readers read them by attribute, so a namespace
        # holding one field's value stands in for the patient.
        validated = cast("list[Patient | None]", part.validated)
        for i in covered:
            codes = _numbered(validated, _READERS[i], numbers[i], values[i])
            by_component[i, chosen] = codes[combination]
    for row, patient in cohort.whole.items():
        if cohort.valid[row]:
            by_component[:, row] = [number(i, v) for i, v in enumerate(_components(patient))]
    key: Int32Array = by_component.T
    return key, values


def _numbered(
    validated: list[Patient | None],
    reader: Callable[[Patient], object],
    numbers: dict[object, int],
    values: list[object],
) -> Int32Array:
    """Each validated value's component read and numbered (new values appended to ``values``;
    -1 for a refused one)."""
    codes = []
    for found in validated:
        if found is None:
            codes.append(-1)
            continue
        value = reader(found)
        code = numbers.get(value)
        if code is None:
            code = numbers[value] = len(values)
            values.append(value)
        codes.append(code)
    return np.array(codes, dtype=np.int32)


#: The profile field each key component comes from ("" for those of the first part).
_FIELD_OF_COMPONENT: Final = MappingProxyType(
    {
        "cancer": "",
        "stage": "",
        "tcm": "tcm_preference",
        "therapies": "therapies_sought",
        "seeks": "therapies_sought",
        "age": "age",
        "adult": "age",
        "ecog": "ecog",
        "status": "disease_status",
        "cities": "cities",
        "cities_given": "cities",
        "city_mode": "city_mode",
        "international": "needs_international_services",
        "trials": "wants_clinical_trials",
        "markers": "biomarkers",
        "languages": "languages",
        "language_mode": "language_mode",
        "metastatic": "metastatic_sites",
        "lines": "prior_therapies",
    }
)


#: Profile fields whose validated values are the values of a key component, and that component.
_COMPONENT_OF_FIELD: Final = MappingProxyType({"cities": "cities", "therapies_sought": "therapies"})


def _fields_of(components: tuple[str, ...]) -> frozenset[str]:
    """The profile fields these key components come from (beside the cancer type and stage)."""
    return frozenset(_FIELD_OF_COMPONENT[c] for c in components) - {""}
