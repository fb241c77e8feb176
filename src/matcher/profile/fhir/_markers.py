"""Tumour marker tests and genomic variants to biomarker results ("ER positive", "BRAF V600E").

Tumour markers are read by their LOINC code (``tumour_markers`` in ``data/fhir_cancer_codes.json``);
observations with other codes (Oncotype DX by GTR, smoking, vital signs...) are not biomarkers
the profile holds and are listed as not read. Genomic variants (LOINC 69548-6 "Genetic variant
assessment") give the gene (component 48018-6) and, where the record has one, the protein change
(component 48005-3, or the "(p.…)" of a ClinVar name in 81252-9); a present variant whose change
the profile's vocabulary does not read is kept as "GENE mutation" and listed.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from types import MappingProxyType

from matcher.common._errors import ProfileError
from matcher.profile._biomarkers import parse_biomarkers
from matcher.profile.fhir._bundle import (
    LOINC,
    SNOMED,
    Bundle,
    Concept,
    Resource,
    concept,
    problem,
)
from matcher.profile.fhir._cancer import table


@functools.cache
def tumour_markers() -> Mapping[str, str]:
    """LOINC code -> what its result reads as in a profile ("ER", "FLT3 ITD", "PD-L1 TPS").

    From the ``tumour_markers`` rows of ``data/fhir_cancer_codes.json``, each quoting its source
    (the mCODE Tumor Marker Test value set, LOINC's own pages or a laboratory directory).
    """
    return MappingProxyType({row.loinc: row.reads_as for row in table().tumour_markers})


_VARIANT = "69548-6"
_POSITIVE = {(LOINC, "LA6576-8"), (LOINC, "LA9633-4"), (SNOMED, "10828004"), (SNOMED, "52101004")}
_NEGATIVE = {(LOINC, "LA6577-6"), (LOINC, "LA9634-2"), (SNOMED, "260385009"), (SNOMED, "2667000")}
_INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
_PROTEIN = re.compile(r"\((p\.[A-Za-z0-9*=_]+)\)")
ACCEPTED = "Positive/Negative or Present/Absent (LOINC or SNOMED CT), a quantity or text"


def _status(value: Concept | None) -> str | None:
    if value is None:
        return None
    pairs = {(c.system, (c.code or "").strip()) for c in value.coding}
    if pairs & _POSITIVE:
        return "positive"
    if pairs & _NEGATIVE:
        return "negative"
    return None


def _listed(resource: Resource, field: str) -> list[object]:
    """The resource's ``field`` as the list FHIR makes it; a ProfileError naming it if not."""
    items = resource.data.get(field)
    if items is None:
        return []
    if not isinstance(items, list):
        raise ProfileError.from_problems(
            [problem(resource.label, field, None, "a list (FHIR array)", "is not readable")]
        )
    return items


def _interpretation(resource: Resource) -> str | None:
    for item in _listed(resource, "interpretation"):
        read = concept(resource, "interpretation", item)
        codes = {c.code for c in read.coding if c.system == _INTERPRETATION}
        if codes & {"POS", "DET"}:
            return "positive"
        if codes & {"NEG", "ND"}:
            return "negative"
    return None


def _result(resource: Resource) -> str:
    """A tumour marker's result as the profile reads it."""
    status = _status(resource.concept("valueCodeableConcept"))
    if status is None and "valueCodeableConcept" not in resource.data:
        quantity = resource.data.get("valueQuantity")
        if isinstance(quantity, dict) and isinstance(quantity.get("value"), int | float):
            unit = quantity.get("unit") or quantity.get("code") or ""
            return f"{quantity['value']} {unit}".strip()
        if isinstance(resource.data.get("valueString"), str):
            return str(resource.data["valueString"])
        status = _interpretation(resource)
    if status is None:
        raise ProfileError.from_problems(
            [problem(resource.label, "value[x]", None, ACCEPTED, "is not read")]
        )
    return status


def _component(resource: Resource, code: str) -> Concept | None:
    for item in _listed(resource, "component"):
        if not isinstance(item, dict):
            continue
        part = concept(resource, "component.code", item.get("code") or {})
        if part.has(LOINC, code):
            value = item.get("valueCodeableConcept")
            if not isinstance(value, dict):
                return None
            return concept(resource, "component.valueCodeableConcept", value)
    return None


def _variant(resource: Resource, notes: list[str]) -> str:
    gene = _component(resource, "48018-6")
    symbol = next((c.display for c in gene.coding if c.display), None) if gene else None
    if not symbol:
        raise ProfileError.from_problems(
            [problem(resource.label, "component(48018-6)", None, "an HGNC gene", "is missing")]
        )
    status = _status(resource.concept("valueCodeableConcept")) or _interpretation(resource)
    if status is None:
        raise ProfileError.from_problems(
            [problem(resource.label, "valueCodeableConcept", None, ACCEPTED, "is not read")]
        )
    if status == "negative":
        return f"{symbol} negative"
    protein = _component(resource, "48005-3")
    change = next((c.code or c.display for c in protein.coding), None) if protein else None
    if change is None and (clinvar := _component(resource, "81252-9")) is not None:
        found = [m.group(1) for c in clinvar.coding if (m := _PROTEIN.search(c.display or ""))]
        change = found[0] if found else None
    if change:
        try:
            parse_biomarkers([f"{symbol} {change}"])
            return f"{symbol} {change}"
        except ProfileError:
            notes.append(f"{resource.label}: the change {change!r} is not read; kept as a mutation")
    return f"{symbol} mutation"


def read_biomarkers(bundle: Bundle, notes: list[str]) -> dict[str, tuple[str, str]]:
    """The latest result of each marker (or variant), with the ``resource.field`` it came from."""
    results: dict[str, tuple[str, str]] = {}
    markers = tumour_markers()
    for resource in sorted(bundle.of_type("Observation"), key=Resource.date):
        code = resource.concept("code")
        if code is None or resource.data.get("status") in ("entered-in-error", "cancelled"):
            continue
        loinc = set(code.codes(LOINC))
        if _VARIANT in loinc:
            variant = _variant(resource, notes)
            key = variant.split()[0] if variant.endswith(" negative") else variant
            results[key] = (variant, f"{resource.label}.component")
        elif marker := next((markers[c] for c in loinc if c in markers), None):
            results[marker] = (f"{marker} {_result(resource)}", f"{resource.label}.value[x]")
    return results
