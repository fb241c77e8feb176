"""The primary cancer Condition to an OncoTree code, through ``data/fhir_cancer_codes.json``.

A condition code (SNOMED CT disorder, ICD-10 / ICD-10-CM code or category, ICD-O-3 topography)
gives a site and an OncoTree node; the histology in mCODE's histologyMorphologyBehavior
extension (SNOMED CT or ICD-O-3) refines the node only through a reviewed row for that site.
A histology without such a row leaves the site's node: broader, never guessed.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from matcher.common._errors import ProfileError
from matcher.common._manifest import read_verified
from matcher.profile.fhir._bundle import (
    ICD10,
    ICDO3,
    SNOMED,
    Bundle,
    Concept,
    Resource,
    concept,
    problem,
)

TABLE_FILE = "fhir_cancer_codes.json"
_PRIMARY = ("primary-cancer-condition", "PrimaryCancerCondition")
_HISTOLOGY = ("histology-morphology-behavior", "HistologyMorphologyBehavior")
_SYSTEMS = {"snomed": (SNOMED,), "icd-10": ICD10, "icd-o-3": ICDO3}
ACCEPTED = (
    f"a SNOMED CT, ICD-10-CM or ICD-O-3 cancer code listed in {TABLE_FILE} (lung, breast, "
    "colorectal, gastric, oesophageal, liver, pancreas, nasopharynx, prostate, cervix, ovary, "
    "bladder, thyroid, lymphomas, leukaemias, myeloma)"
)


class _Row(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    system: Literal["snomed", "icd-10", "icd-o-3"]
    code: str
    oncotree: str
    site: str | None = None
    display: str | None = None
    note: str | None = None
    source: str


class _MarkerRow(BaseModel):
    """A LOINC code of a tumour marker test, what it reads as, and the quote it rests on."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    loinc: str
    reads_as: str
    source: str
    quote: str


class _Table(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    kind: Literal["matcher.fhir_cancer_codes"]
    schema_version: Literal[1]
    data_version: str
    description: str
    sources: dict[str, dict[str, str]]
    condition_codes: tuple[_Row, ...]
    morphology: tuple[_Row, ...]
    morphology_alone: tuple[_Row, ...]
    tumour_markers: tuple[_MarkerRow, ...] = ()


@functools.cache
def table() -> _Table:
    """The reviewed mapping table shipped with matcher (checked against the manifest)."""
    loaded = _Table.model_validate(json.loads(read_verified(TABLE_FILE)))
    for row in (*loaded.condition_codes, *loaded.morphology, *loaded.morphology_alone):
        if row.source not in loaded.sources:
            raise ValueError(f"{TABLE_FILE}: row {row.code} cites unknown source {row.source}")
    for marker in loaded.tumour_markers:
        if marker.source not in loaded.sources or marker.loinc not in marker.quote:
            raise ValueError(f"{TABLE_FILE}: LOINC {marker.loinc} has no source quoting it")
    return loaded


def _key(row: _Row) -> tuple[str, str]:
    return row.system, row.code


@functools.cache
def _indexes() -> tuple[dict[tuple[str, str], _Row], dict[tuple[str, str, str], _Row]]:
    codes = {_key(row): row for row in table().condition_codes}
    morph: dict[tuple[str, str, str], _Row] = {
        (row.site or "", row.system, row.code): row for row in table().morphology
    }
    morph.update({("", row.system, row.code): row for row in table().morphology_alone})
    return codes, morph


def _site_row(code: Concept) -> _Row | None:
    """The table row for a condition code: exact code first, then the ICD category."""
    codes, _ = _indexes()
    for coding in code.coding:
        value = (coding.code or "").strip().upper()
        for system, urls in _SYSTEMS.items():
            if coding.system not in urls or not value:
                continue
            if system == "snomed":
                if (system, value) in codes:
                    return codes[(system, value)]
                continue
            for candidate in dict.fromkeys((value, value[:5], value[:3])):
                row = codes.get(("icd-10", candidate))
                # ICD-O-3 topography shares ICD-10's C-categories for solid sites, not the rest
                if row is not None and (system == "icd-10" or row.site):
                    return row
    return None


def _histology(condition: Resource) -> Concept | None:
    extensions = condition.data.get("extension")
    for index, extension in enumerate(extensions if isinstance(extensions, list) else ()):
        if isinstance(extension, Mapping) and any(
            name in str(extension.get("url", "")) for name in _HISTOLOGY
        ):
            value: Any = extension.get("valueCodeableConcept")
            field = f"extension[{index}].valueCodeableConcept"
            return concept(condition, field, value) if isinstance(value, Mapping) else None
    return None


def _refined(site: str, histology: Concept | None) -> _Row | None:
    if histology is None:
        return None
    _, morph = _indexes()
    for coding in histology.coding:
        for system, urls in _SYSTEMS.items():
            if coding.system in urls and coding.code:
                row = morph.get((site, system, coding.code.strip()))
                if row is not None:
                    return row
    return None


def _is_primary(resource: Resource) -> bool:
    meta = resource.data.get("meta")
    profiles = meta.get("profile") if isinstance(meta, Mapping) else None
    return isinstance(profiles, list) and any(
        any(name in str(p) for name in _PRIMARY) for p in profiles
    )


def primary_condition(bundle: Bundle) -> Resource:
    """The primary cancer Condition: the one with mCODE's profile, else the one cancer code."""
    conditions = bundle.of_type("Condition")
    chosen = [c for c in conditions if _is_primary(c)]
    if not chosen:
        chosen = [
            c for c in conditions if (code := c.concept("code")) is not None and _site_row(code)
        ]
    if len(chosen) == 1:
        return chosen[0]
    what = "has no primary cancer Condition" if not chosen else "has several primary cancers"
    accepted = "one Condition with the mCODE PrimaryCancerCondition profile or a cancer code"
    raise ProfileError.from_problems([problem("Bundle", "entry", None, accepted, what)])


def cancer_type(condition: Resource) -> tuple[str, str]:
    """The OncoTree code for the condition and the field it was read from."""
    code = condition.concept("code")
    row = _site_row(code) if code is not None else None
    histology = _histology(condition)
    if row is not None:
        refined = _refined(row.site or "", histology) if row.site else None
        return (refined or row).oncotree, "code"
    alone = _refined("", histology)
    if alone is not None:
        return alone.oncotree, "extension(histologyMorphologyBehavior)"
    shown = [f"{c.system}|{c.code}" for c in code.coding] if code is not None else None
    raise ProfileError.from_problems(
        [problem(condition.label, "code", shown, ACCEPTED, "has no OncoTree mapping")]
    )
