"""Conditions on the patient, as small frozen values that can describe themselves.

Each answers True (met), False (not met) or None (unknown: the profile does not say).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Literal

import attrs

from matcher.profile._biomarkers import actionability, her2_class, variant_of

if TYPE_CHECKING:
    from matcher.profile._patient import Patient
    from matcher.rules._rule import Condition


def _all(results: Iterable[bool | None]) -> bool | None:
    seen_unknown = False
    for result in results:
        if result is False:
            return False
        seen_unknown |= result is None
    return None if seen_unknown else True


def _any(results: Iterable[bool | None]) -> bool | None:
    seen_unknown = False
    for result in results:
        if result is True:
            return True
        seen_unknown |= result is None
    return None if seen_unknown else False


@attrs.frozen
class Always:
    """Always met."""

    def test(self, patient: Patient) -> bool | None:
        return True

    def describe(self) -> str:
        return "always"


@attrs.frozen
class AllOf:
    """Met when every part is met; unknown when none fails but some are unknown."""

    parts: tuple[Condition, ...]

    def test(self, patient: Patient) -> bool | None:
        return _all(part.test(patient) for part in self.parts)

    def describe(self) -> str:
        return " and ".join(part.describe() for part in self.parts)


@attrs.frozen
class AnyOf:
    """Met when some part is met; unknown when none is met but some are unknown."""

    parts: tuple[Condition, ...]

    def test(self, patient: Patient) -> bool | None:
        return _any(part.test(patient) for part in self.parts)

    def describe(self) -> str:
        return "(" + " or ".join(part.describe() for part in self.parts) + ")"


@attrs.frozen
class Not:
    """Met when the part is not met; unknown stays unknown."""

    part: Condition

    def test(self, patient: Patient) -> bool | None:
        result = self.part.test(patient)
        return None if result is None else not result

    def describe(self) -> str:
        return f"not {self.part.describe()}"


@attrs.frozen
class CancerWithin:
    """The cancer type is one of these OncoTree nodes or lies beneath one of them."""

    codes: tuple[str, ...]
    label: str

    def test(self, patient: Patient) -> bool | None:
        return any(patient.cancer_type.is_within(code) for code in self.codes)

    def describe(self) -> str:
        return self.label


@attrs.frozen
class CancerIsOneOf:
    """The cancer type is exactly one of these nodes (for broad, unspecified types)."""

    codes: tuple[str, ...]
    label: str

    def test(self, patient: Patient) -> bool | None:
        return patient.cancer_type.code in self.codes

    def describe(self) -> str:
        return self.label


@attrs.frozen
class BloodCancer:
    """A cancer of the blood or lymph (leukaemia, lymphoma, myeloma)."""

    def test(self, patient: Patient) -> bool | None:
        return patient.cancer_type.is_blood_cancer

    def describe(self) -> str:
        return "a blood cancer"


@attrs.frozen
class StageCategory:
    """The stage falls in this category; unknown without a stage."""

    category: Literal["early", "locally_advanced", "advanced"]

    def test(self, patient: Patient) -> bool | None:
        if patient.stage is None or not patient.cancer_type.staged:
            return None
        return patient.stage.category == self.category

    def describe(self) -> str:
        return f"{self.category.replace('_', ' ')} stage"


@attrs.frozen
class Pediatric:
    """A child (under 18); unknown without an age."""

    def test(self, patient: Patient) -> bool | None:
        return None if patient.age is None else patient.pediatric

    def describe(self) -> str:
        return "a child"


@attrs.frozen
class EcogAtLeast:
    """ECOG performance status at least this; unknown without one."""

    minimum: int

    def test(self, patient: Patient) -> bool | None:
        return None if patient.ecog is None else patient.ecog >= self.minimum

    def describe(self) -> str:
        return f"ECOG {self.minimum} or worse"


@attrs.frozen
class DiseaseStatusIs:
    """The disease status is one of these."""

    statuses: tuple[str, ...]

    def test(self, patient: Patient) -> bool | None:
        return patient.disease_status in self.statuses

    def describe(self) -> str:
        return " or ".join(s.replace("_", " ") for s in self.statuses) + " disease"


@attrs.frozen
class TcmPreferenceIs:
    """The patient's stated view of Traditional Chinese Medicine."""

    preference: Literal["avoid", "neutral", "prefer", "require"]

    def test(self, patient: Patient) -> bool | None:
        return patient.tcm_preference == self.preference

    def describe(self) -> str:
        return f"TCM preference '{self.preference}'"


@attrs.frozen
class CitiesGiven:
    """Cities were given with this city mode."""

    mode: Literal["prefer", "only"]

    def test(self, patient: Patient) -> bool | None:
        return bool(patient.cities) and patient.city_mode == self.mode

    def describe(self) -> str:
        return "cities required" if self.mode == "only" else "cities preferred"


@attrs.frozen
class Wants:
    """A yes/no wish in the profile is yes."""

    field: Literal["needs_international_services", "wants_clinical_trials"]

    def test(self, patient: Patient) -> bool | None:
        return bool(getattr(patient, self.field))

    def describe(self) -> str:
        return self.field.replace("_", " ")


@attrs.frozen
class SeeksTherapies:
    """The patient named therapies they seek."""

    def test(self, patient: Patient) -> bool | None:
        return bool(patient.therapies_sought)

    def describe(self) -> str:
        return "therapies sought"


@attrs.frozen
class SeeksSurgeryOnly:
    """The patient seeks surgery and no particle (proton or heavy-ion) therapy."""

    def test(self, patient: Patient) -> bool | None:
        sought = set(patient.therapies_sought)
        return "surgery" in sought and not {"proton", "heavy_ion"} & sought

    def describe(self) -> str:
        return "surgery sought, particle therapy not"


@attrs.frozen
class HasMarker:
    """A positive biomarker of a kind; unknown when no biomarkers were given at all."""

    kind: Literal["targeted", "immunotherapy", "named"]
    names: tuple[str, ...] = ()
    label: str = ""

    def test(self, patient: Patient) -> bool | None:
        if not patient.biomarkers:
            return None
        for marker in patient.biomarkers:
            if marker.status != "positive":
                continue
            if self.kind == "targeted" and marker.targeted_actionable:
                return True
            if self.kind == "immunotherapy" and marker.immunotherapy_actionable:
                return True
            if self.kind == "named" and marker.marker in self.names:
                return True
        return False

    def describe(self) -> str:
        if self.label:
            return self.label
        return {
            "targeted": "an actionable driver alteration",
            "immunotherapy": "a biomarker for immunotherapy",
        }.get(self.kind, " or ".join(self.names))


@attrs.frozen
class SpeaksLanguage:
    """The patient speaks this language (unknown when no language is given)."""

    code: str

    def test(self, patient: Patient) -> bool | None:
        if not patient.languages:
            return None
        return self.code in patient.languages

    def describe(self) -> str:
        return f"speaks the language {self.code}"


@attrs.frozen
class LanguagesGiven:
    """Languages were given with this language mode, and Chinese is not among them."""

    mode: Literal["prefer", "only"]

    def test(self, patient: Patient) -> bool | None:
        from matcher.profile._languages import CHINESE

        return (
            bool(patient.languages)
            and CHINESE not in patient.languages
            and patient.language_mode == self.mode
        )

    def describe(self) -> str:
        return "languages required" if self.mode == "only" else "languages preferred"


@attrs.frozen
class MetastasisIn:
    """A distant metastasis at this site (unknown when no site is given)."""

    site: str

    def test(self, patient: Patient) -> bool | None:
        if not patient.metastatic_sites:
            return None
        return self.site in patient.metastatic_sites

    def describe(self) -> str:
        return f"metastasis in the {self.site.replace('_', ' ')}"


@attrs.frozen
class PriorLinesAtLeast:
    """At least this many prior lines of therapy (unknown when the number is not given)."""

    lines: int

    def test(self, patient: Patient) -> bool | None:
        given = patient.prior_therapies.lines
        return None if given is None else given >= self.lines

    def describe(self) -> str:
        return f"{self.lines} or more prior lines of therapy"


@attrs.frozen
class BestTier:
    """The best actionability tier of the patient's results for a therapy class is one of
    ``tiers`` (``data/actionability.json``); unknown when no biomarkers were given."""

    therapy: Literal["targeted", "immunotherapy"]
    tiers: tuple[str, ...]

    def test(self, patient: Patient) -> bool | None:
        if not patient.biomarkers:
            return None
        found = [
            f.tier
            for f in actionability(patient.cancer_type, patient.biomarkers)
            if f.therapy == self.therapy
        ]
        return bool(found) and min(found) in self.tiers

    def describe(self) -> str:
        return f"a {self.therapy} finding of tier {' or '.join(self.tiers)} in this tumour type"


@attrs.frozen
class Her2ClassIs:
    """A HER2 result reads as one of ``classes`` (positive, low, ultralow, negative)."""

    classes: tuple[str, ...]

    def test(self, patient: Patient) -> bool | None:
        if not patient.biomarkers:
            return None
        return any(her2_class(b) in self.classes for b in patient.biomarkers)

    def describe(self) -> str:
        return "a HER2-" + " or -".join(self.classes) + " result"


@attrs.frozen
class DnaChangeWithoutEffect:
    """A positive result given as a c. or g. change whose protein effect no sourced row gives."""

    def test(self, patient: Patient) -> bool | None:
        if not patient.biomarkers:
            return None
        for biomarker in patient.biomarkers:
            variant = variant_of(biomarker)
            unknown = variant is not None and not variant.effect_established
            if unknown and biomarker.status == "positive":
                return True
        return False

    def describe(self) -> str:
        return "a DNA change without an established protein effect"
