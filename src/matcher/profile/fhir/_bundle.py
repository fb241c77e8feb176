"""Reading a FHIR R4 Bundle: the input forms, the resource index and the codes inside resources.

Only the parts matcher reads are validated (pydantic models of Coding and CodeableConcept);
everything else in a resource is ignored and never copied, so a name, identifier, address or
telecom in the bundle cannot reach a profile, a message or an error.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs
from pydantic import BaseModel, ConfigDict, ValidationError

from matcher.common._errors import ProfileError, ProfileProblem
from matcher.common._jsonfile import UnreadableFileError, read_regular

#: Bundles larger than this are refused unread.
MAX_BUNDLE_BYTES = 20 * 1024 * 1024

SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"
ICD10 = ("http://hl7.org/fhir/sid/icd-10-cm", "http://hl7.org/fhir/sid/icd-10")
ICDO3 = ("http://terminology.hl7.org/CodeSystem/icd-o-3", "urn:oid:2.16.840.1.113883.6.43.1")


class Coding(BaseModel):
    """One code of a CodeableConcept; only system, code and display are read."""

    model_config = ConfigDict(extra="ignore", frozen=True, defer_build=True)
    system: str | None = None
    code: str | None = None
    display: str | None = None


class Concept(BaseModel):
    """A FHIR CodeableConcept: its codings and text."""

    model_config = ConfigDict(extra="ignore", frozen=True, defer_build=True)
    coding: tuple[Coding, ...] = ()
    text: str | None = None

    def codes(self, *systems: str) -> Iterator[str]:
        """The codes of this concept in any of ``systems``, in order."""
        for coding in self.coding:
            if coding.system in systems and coding.code:
                yield coding.code.strip()

    def has(self, system: str, *codes: str) -> bool:
        """Whether one of ``codes`` in ``system`` is among the codings."""
        return any(code in codes for code in self.codes(system))


def problem(resource: str, field: str, value: object, accepted: str, what: str) -> ProfileProblem:
    """One problem, named by resource ("Condition/abc") and field."""
    return ProfileProblem(f"{resource}.{field}", value, accepted, (), what)


def concept(resource: Resource, field: str, value: object) -> Concept:
    """``value`` read as a CodeableConcept; a ProfileError naming resource and field if not one."""
    try:
        return Concept.model_validate(value)
    except ValidationError:
        raise ProfileError.from_problems(
            [problem(resource.label, field, None, "a FHIR CodeableConcept", "is not readable")]
        ) from None


@attrs.frozen
class Resource:
    """One resource of the bundle, with the label used in messages (type and id only)."""

    type: str
    id: str
    data: Mapping[str, Any]

    @property
    def label(self) -> str:
        """``Type/id``: how messages name the resource (an id carries no personal detail)."""
        return f"{self.type}/{self.id}"

    def concept(self, field: str) -> Concept | None:
        """The CodeableConcept in ``field``, or None when the field is absent."""
        value = self.data.get(field)
        return None if value is None else concept(self, field, value)

    def date(self) -> str:
        """The date the resource speaks for (``effectiveDateTime``, ``issued``...), or ''."""
        for key in ("effectiveDateTime", "issued", "onsetDateTime", "recordedDate"):
            value = self.data.get(key)
            if isinstance(value, str):
                return value
        period = self.data.get("effectivePeriod")
        if isinstance(period, Mapping) and isinstance(period.get("start"), str):
            return str(period["start"])
        return ""


@attrs.frozen
class Bundle:
    """The resources of a bundle by type, and a way to follow references between them."""

    resources: tuple[Resource, ...]

    def of_type(self, kind: str) -> tuple[Resource, ...]:
        """The resources of one type, in bundle order."""
        return tuple(r for r in self.resources if r.type == kind)

    def observations(self, system: str, *codes: str) -> tuple[Resource, ...]:
        """Observations whose ``code`` holds one of ``codes``, oldest first (by their date)."""
        found = [
            r
            for r in self.of_type("Observation")
            if (c := r.concept("code")) is not None
            and c.has(system, *codes)
            and r.data.get("status") not in ("entered-in-error", "cancelled")
        ]
        return tuple(sorted(found, key=Resource.date))


def _fail(what: str, accepted: str = "an HL7 FHIR R4 Bundle (JSON)") -> ProfileError:
    return ProfileError.from_problems([ProfileProblem("bundle", None, accepted, (), what)])


def _document(source: object) -> object:
    """The bundle's JSON value from a mapping, JSON text or a path."""
    if isinstance(source, Mapping):
        return source
    if isinstance(source, Path) or (
        isinstance(source, str) and not source.lstrip().startswith("{")
    ):
        try:  # a regular file only (a FIFO would block), its size checked before reading
            raw: str | bytes = read_regular(Path(source), MAX_BUNDLE_BYTES, "a bundle")
        except UnreadableFileError as error:
            raise _fail(f"file {error.problem}") from None
    elif isinstance(source, str | bytes | bytearray):
        raw = bytes(source) if isinstance(source, bytearray) else source
    else:
        raise _fail(f"is a {type(source).__name__}, not a mapping, JSON text or a path")
    if len(raw) > MAX_BUNDLE_BYTES:
        raise _fail("is larger than the 20 MiB a bundle may be")
    try:
        return json.loads(raw)
    except (ValueError, RecursionError):
        raise _fail("is not valid JSON") from None


def read_bundle(source: object) -> Bundle:
    """Index the resources of a FHIR Bundle given as a mapping, JSON text or a path."""
    data = _document(source)
    if not isinstance(data, Mapping) or data.get("resourceType") != "Bundle":
        raise _fail("is not a FHIR Bundle (resourceType 'Bundle')")
    entries = data.get("entry", [])
    if not isinstance(entries, list):
        raise _fail("has an 'entry' that is not a list")
    resources: list[Resource] = []
    for number, entry in enumerate(entries):
        resource = entry.get("resource") if isinstance(entry, Mapping) else None
        kind = resource.get("resourceType") if isinstance(resource, Mapping) else None
        if not isinstance(resource, Mapping) or not isinstance(kind, str):
            raise ProfileError.from_problems(
                [problem(f"entry[{number}]", "resource", None, "a FHIR resource", "is missing")]
            )
        ident = resource.get("id")
        label_id = (
            ident
            if isinstance(ident, str) and ident.isascii() and len(ident) <= 64
            else (f"entry[{number}]")
        )
        resources.append(Resource(kind, label_id, resource))
    return Bundle(tuple(resources))
