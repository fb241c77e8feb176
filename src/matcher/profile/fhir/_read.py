"""Putting the parts together: the profile fields a bundle gives, each with where it came from."""

from __future__ import annotations

import datetime as dt
import re

import attrs

from matcher.common._errors import ProfileError
from matcher.profile.fhir._bundle import Bundle, problem, read_bundle
from matcher.profile.fhir._cancer import cancer_type, primary_condition
from matcher.profile.fhir._history import (
    read_languages,
    read_metastatic_sites,
    read_prior_therapies,
)
from matcher.profile.fhir._markers import read_biomarkers
from matcher.profile.fhir._stage import read_stage
from matcher.profile.fhir._status import read_disease_status, read_ecog

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@attrs.frozen
class FhirReading:
    """What a bundle gives: profile ``fields``, the ``origins`` of each (``Type/id.field``),
    and ``notes`` on what was read coarsely. No value that identifies the person is kept."""

    fields: dict[str, object]
    origins: dict[str, str]
    notes: tuple[str, ...]


def _age(bundle: Bundle, today: dt.date) -> tuple[int, str] | None:
    """Whole years from the Patient's ``birthDate`` to ``today`` (a year alone: not read)."""
    patients = bundle.of_type("Patient")
    if not patients:
        return None
    if len(patients) > 1:
        raise ProfileError.from_problems(
            [problem("Bundle", "entry", None, "one Patient resource", "has several patients")]
        )
    patient = patients[0]
    value = patient.data.get("birthDate")
    if value is None:
        return None
    match = _DATE.match(value) if isinstance(value, str) else None
    if match is None or match.group(3) is None:
        # a malformed or partial date is reported without showing it: it identifies the person
        raise ProfileError.from_problems(
            [problem(patient.label, "birthDate", None, "a full date YYYY-MM-DD", "is not read")]
        )
    try:
        born = dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        raise ProfileError.from_problems(
            [problem(patient.label, "birthDate", None, "a valid date", "is not a date")]
        ) from None
    years = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    if not 0 <= years <= 120:
        raise ProfileError.from_problems(
            [problem(patient.label, "birthDate", None, "an age of 0-120 today", "is out of range")]
        )
    return years, f"{patient.label}.birthDate"


def read_fhir(source: object, *, today: dt.date | None = None) -> FhirReading:
    """Read a FHIR R4 Bundle (mapping, JSON text or path) into profile fields.

    Raises :class:`~matcher.ProfileError` naming the resource and field of anything it reads
    and cannot map.
    """
    bundle = read_bundle(source)
    condition = primary_condition(bundle)
    code, field = cancer_type(condition)
    fields: dict[str, object] = {"cancer_type": code}
    origins = {"cancer_type": f"{condition.label}.{field}"}
    notes: list[str] = []
    for name, found in (
        ("stage", read_stage(bundle, condition)),
        ("age", _age(bundle, today or dt.date.today())),
        ("ecog", read_ecog(bundle)),
        ("disease_status", read_disease_status(bundle, condition)),
    ):
        if found is not None:
            fields[name], origins[name] = found
    history: tuple[tuple[str, tuple[object, str] | None], ...] = (
        ("languages", read_languages(bundle, notes)),
        ("metastatic_sites", read_metastatic_sites(bundle, notes)),
        ("prior_therapies", read_prior_therapies(bundle, notes)),
    )
    for name, read in history:
        if read is not None:
            fields[name], origins[name] = read
    latest = read_biomarkers(bundle, notes)
    if latest:
        fields["biomarkers"] = [result for result, _ in latest.values()]
        for index, (_, origin) in enumerate(latest.values()):
            origins[f"biomarkers[{index}]"] = origin
    return FhirReading(fields, origins, tuple(notes))


def relabelled(error: ProfileError, origins: dict[str, str]) -> ProfileError:
    """``error`` from validating the fields, each problem named by the resource it came from."""
    problems = []
    for item in error.problems:
        top = item.field.split(".")[0].split("[")[0]
        where = origins.get(top) or ", ".join(
            origin for name, origin in origins.items() if name.startswith(top + "[")
        )
        field = f"{where} ({item.field})" if where else item.field
        problems.append(attrs.evolve(item, field=field))
    return ProfileError.from_problems(problems)
