"""Languages, metastatic sites and prior therapies from a FHIR bundle.

- ``Patient.communication.language`` (BCP-47 codes, or the text) gives ``languages``.
- mCODE SecondaryCancerCondition resources give ``metastatic_sites``, from the condition code
  (ICD-10-CM secondary-neoplasm codes, SNOMED CT) or ``bodySite`` (SNOMED CT body structures),
  through the reviewed codes below. Both tables cite the HL7 mCODE IG (CC0-1.0), commit
  543477b5: ICD-10-CM codes and displays from ``input/fsh/VS_CancerCondition.fsh``
  (SecondaryCancerDisorderVS), SNOMED CT body structures from ``input/fsh/VS_Radiotherapy.fsh``,
  and SNOMED CT 94225005 from the SecondaryCancerCondition example in ``input/fsh/EX_Basic.fsh``.
- mCODE CancerRelatedSurgicalProcedure and RadiotherapyCourseSummary resources give
  ``prior_therapies`` (surgery, radiotherapy). Medication resources are not mapped to a drug
  class (no sourced table), nor are lines of therapy (FHIR does not record them): each such
  resource is reported in the notes by resource and field.

What cannot be mapped is reported in the notes (``Type/id.field: ...``), never guessed.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

from matcher.common._errors import ProfileError
from matcher.profile.fhir._bundle import ICD10, SNOMED, Bundle, Resource, concept

BCP47: Final = "urn:ietf:bcp:47"
#: ICD-10-CM secondary-neoplasm codes (mCODE SecondaryCancerDisorderVS) to metastatic sites.
SECONDARY_ICD10: Final = MappingProxyType(
    {
        "C78.0": "lung",  # Secondary malignant neoplasm of lung
        "C78.00": "lung",
        "C78.01": "lung",
        "C78.02": "lung",
        "C78.2": "pleura",  # Secondary malignant neoplasm of pleura
        "C78.6": "peritoneum",  # ... of retroperitoneum and peritoneum
        "C78.7": "liver",  # ... of liver and intrahepatic bile duct
        "C79.2": "skin",  # ... of skin
        "C79.3": "brain",  # ... of brain and cerebral meninges
        "C79.31": "brain",  # ... of brain
        "C79.32": "brain",  # ... of cerebral meninges
        "C79.5": "bone",  # ... of bone and bone marrow
        "C79.51": "bone",  # ... of bone
        "C79.52": "bone_marrow",  # ... of bone marrow
        "C79.7": "adrenal_gland",  # ... of adrenal gland
        "C79.70": "adrenal_gland",
        "C79.71": "adrenal_gland",
        "C79.72": "adrenal_gland",
    }
)
#: SNOMED CT secondary-neoplasm disorders (the mCODE example) to metastatic sites.
SECONDARY_SNOMED: Final = MappingProxyType({"94225005": "brain"})
#: SNOMED CT body structures (mCODE VS_Radiotherapy.fsh) to metastatic sites.
BODY_SITE_SNOMED: Final = MappingProxyType(
    {
        "12738006": "brain",  # Brain structure (body structure)
        "119186007": "bone",  # Bone part (body structure)
        "14016003": "bone_marrow",  # Bone marrow structure (body structure)
        "10200004": "liver",  # Liver structure (body structure)
        "39607008": "lung",  # Lung structure (body structure)
        "23451007": "adrenal_gland",  # Adrenal structure (body structure)
        "39937001": "skin",  # Skin structure (body structure)
        "118762006": "peritoneum",  # Peritoneal sac structure (body structure)
    }
)
_SECONDARY = ("secondary-cancer-condition", "SecondaryCancerCondition")
_THERAPY_PROFILES: Final = (
    ("cancer-related-surgical-procedure", "surgery"),
    ("radiotherapy-course-summary", "radiotherapy"),
)
_MEDICATIONS = ("MedicationRequest", "MedicationAdministration", "MedicationStatement")
_NOT_DONE = frozenset({"entered-in-error", "not-done", "cancelled", "stopped", "preparation"})


def _profiles(resource: Resource) -> str:
    meta = resource.data.get("meta")
    profiles = meta.get("profile") if isinstance(meta, dict) else None
    if not isinstance(profiles, list):
        return ""
    return " ".join(p for p in profiles if isinstance(p, str))


def read_languages(bundle: Bundle, notes: list[str]) -> tuple[list[str], str] | None:
    """The Patient's communication languages (BCP-47 codes), with where they came from."""
    from matcher.profile._languages import resolve_language

    patients = bundle.of_type("Patient")
    if len(patients) != 1:
        return None
    patient = patients[0]
    entries = patient.data.get("communication")
    if not isinstance(entries, list):
        return None
    found: list[str] = []
    for index, entry in enumerate(entries):
        field = f"communication[{index}].language"
        value = entry.get("language") if isinstance(entry, dict) else None
        if value is None:
            continue
        language = concept(patient, field, value)
        candidates = [*language.codes(BCP47), *([language.text] if language.text else [])]
        for candidate in candidates:
            try:
                found.append(resolve_language(candidate))
                break
            except ProfileError:
                continue
        else:
            notes.append(f"{patient.label}.{field}: a language matcher does not know; left out")
    if not found:
        return None
    return list(dict.fromkeys(found)), f"{patient.label}.communication"


def read_metastatic_sites(bundle: Bundle, notes: list[str]) -> tuple[list[str], str] | None:
    """Sites of the bundle's secondary cancer conditions, with where they came from."""
    sites: list[str] = []
    origins: list[str] = []
    for condition in bundle.of_type("Condition"):
        code = condition.concept("code")
        secondary = any(tag in _profiles(condition) for tag in _SECONDARY) or (
            code is not None
            and (
                any(c in SECONDARY_ICD10 for c in code.codes(*ICD10))
                or any(c in SECONDARY_SNOMED for c in code.codes(SNOMED))
            )
        )
        if not secondary or _inactive(condition):
            continue
        site = None
        if code is not None:
            site = next(
                (SECONDARY_ICD10[c] for c in code.codes(*ICD10) if c in SECONDARY_ICD10), None
            )
            site = site or next(
                (SECONDARY_SNOMED[c] for c in code.codes(SNOMED) if c in SECONDARY_SNOMED), None
            )
        body = condition.data.get("bodySite")
        if site is None and isinstance(body, list):
            for index, value in enumerate(body):
                part = concept(condition, f"bodySite[{index}]", value)
                site = next(
                    (BODY_SITE_SNOMED[c] for c in part.codes(SNOMED) if c in BODY_SITE_SNOMED),
                    None,
                )
                if site is not None:
                    break
        if site is None:
            notes.append(f"{condition.label}.code: a metastatic site not in matcher's table")
            continue
        sites.append(site)
        origins.append(condition.label)
    if not sites:
        return None
    return list(dict.fromkeys(sites)), ", ".join(origins)


def _inactive(condition: Resource) -> bool:
    status = condition.concept("clinicalStatus")
    verification = condition.concept("verificationStatus")
    return bool(
        (status is not None and any(c in ("resolved", "inactive") for c in _all(status)))
        or (
            verification is not None
            and any(c in ("refuted", "entered-in-error") for c in _all(verification))
        )
    )


def _all(value: object) -> list[str]:
    return [c.code for c in getattr(value, "coding", ()) if c.code]


def read_prior_therapies(bundle: Bundle, notes: list[str]) -> tuple[dict[str, object], str] | None:
    """Prior therapies from mCODE procedure profiles, with where they came from."""
    kinds: list[str] = []
    origins: list[str] = []
    for resource in bundle.resources:
        if resource.type in _MEDICATIONS:
            notes.append(
                f"{resource.label}.medication: the drug class is not mapped (no sourced table)"
            )
            continue
        if resource.type != "Procedure":
            continue
        status = resource.data.get("status")
        if status is not None and not isinstance(status, str):
            notes.append(f"{resource.label}.status: not a code, so the procedure is not read")
            continue
        if status in _NOT_DONE:
            continue
        profiles = _profiles(resource)
        kind = next((k for tag, k in _THERAPY_PROFILES if tag in profiles), None)
        if kind is None:
            continue
        kinds.append(kind)
        origins.append(resource.label)
    if not kinds:
        return None
    return {"therapies": list(dict.fromkeys(kinds))}, ", ".join(origins)
