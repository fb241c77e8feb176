"""ECOG and Karnofsky performance status, and cancer disease status, from observations.

- ECOG (LOINC 89247-1): ``valueInteger`` 0-4, or the LOINC answer LA9622-7 ... LA9626-8.
- Karnofsky (LOINC 89243-0), used only when there is no ECOG: converted to ECOG as the
  ECOG-ACRIN Cancer Research Group publishes it (KPS 100-90 = ECOG 0, 80-70 = 1, 60-50 = 2,
  40-30 = 3, 20-10 = 4; https://ecog-acrin.org/resources/ecog-performance-status/).
- Disease status: the primary Condition's ``clinicalStatus`` "recurrence" or "relapse" is
  "recurrent"; an mCODE CancerDiseaseStatus (LOINC 97509-4, earlier 88040-1) whose latest
  value is SNOMED CT 271299001 "Patient's condition worsened" (progression) is
  "relapsed_refractory". Other values (improved, stable, not detectable) change nothing.
"""

from __future__ import annotations

from matcher.common._errors import ProfileError
from matcher.profile.fhir._bundle import LOINC, SNOMED, Bundle, Resource, problem

_ECOG_ANSWERS = {"LA9622-7": 0, "LA9623-5": 1, "LA9624-3": 2, "LA9625-0": 3, "LA9626-8": 4}
_WORSENED = "271299001"


def _integer(resource: Resource, low: int, high: int, answers: dict[str, int]) -> int:
    value = resource.data.get("valueInteger")
    if type(value) is int and low <= value <= high:
        return value
    coded = resource.concept("valueCodeableConcept")
    if coded is not None:
        for code in coded.codes(LOINC):
            if code in answers:
                return answers[code]
    field = "valueInteger" if "valueInteger" in resource.data else "value[x]"
    raise ProfileError.from_problems(
        [problem(resource.label, field, value, f"a whole number {low}-{high}", "is not read")]
    )


def _karnofsky_to_ecog(score: int) -> int:
    return 0 if score >= 90 else 1 if score >= 70 else 2 if score >= 50 else 3 if score >= 30 else 4


def read_ecog(bundle: Bundle) -> tuple[int, str] | None:
    """ECOG from the latest ECOG observation, else the latest Karnofsky; with its origin."""
    ecog = bundle.observations(LOINC, "89247-1")
    if ecog:
        return _integer(ecog[-1], 0, 4, _ECOG_ANSWERS), f"{ecog[-1].label}.value[x]"
    karnofsky = bundle.observations(LOINC, "89243-0")
    if karnofsky:
        score = _integer(karnofsky[-1], 0, 100, {})
        if score == 0:  # KPS 0 is death; no ECOG 0-4 a living patient has
            raise ProfileError.from_problems(
                [problem(karnofsky[-1].label, "valueInteger", 0, "10-100", "is not read")]
            )
        return _karnofsky_to_ecog(score), f"{karnofsky[-1].label}.valueInteger"
    return None


def read_disease_status(bundle: Bundle, condition: Resource) -> tuple[str, str] | None:
    """The profile's disease status where the record says relapse or progression."""
    statuses = bundle.observations(LOINC, "97509-4", "88040-1")
    if statuses:
        latest = statuses[-1].concept("valueCodeableConcept")
        if latest is not None and latest.has(SNOMED, _WORSENED):
            return "relapsed_refractory", f"{statuses[-1].label}.valueCodeableConcept"
    clinical = condition.concept("clinicalStatus")
    if clinical is not None and any(
        code in ("recurrence", "relapse")
        for code in clinical.codes("http://terminology.hl7.org/CodeSystem/condition-clinical")
    ):
        return "recurrent", f"{condition.label}.clinicalStatus"
    return None
