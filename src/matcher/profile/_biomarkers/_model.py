"""The Biomarker value: one result, normalised, with its canonical label."""

from __future__ import annotations

import attrs

from matcher.profile._biomarkers._table import _Marker, _Rule, _Tables, _tables
from matcher.profile._biomarkers._words import _STATUS_ORDER, Status


@attrs.frozen
class Biomarker:
    """One biomarker result, normalised.

    Attributes
    ----------
    marker : str
        Canonical marker name: "EGFR", "HER2", "PD-L1", "MSI", "TMB", "ER", "EBV DNA", ...
        (see :func:`marker_names`), or a CIViC gene symbol for a generic marker.
    status : {"positive", "negative", "equivocal"}
        ``positive``: altered, expressed, high or detected. ``negative``: wild type, not
        detected, low, MSS or pMMR. ``equivocal``: borderline (HER2 IHC 2+, a VUS).
    alteration : str or None
        The specific alteration in canonical form ("L858R", "exon 19 deletion", "fusion",
        "amplification", "3+", "high", "MSI-H", "dMMR"), if the result named one.
    value : float or None
        The number given (PD-L1 percent or score, TMB, AFP, EBV DNA load, ER/PR percent).
    unit : str or None
        Its unit: "TPS %", "CPS", "TC %", "IC %", "mut/Mb", "%", "ng/mL", "copies/mL", "IU/mL".
        A PD-L1 unit without a value says which score a level refers to ("PD-L1 CPS high").
    targeted_actionable, immunotherapy_actionable : bool
        Whether this result makes targeted therapy or immunotherapy worth weighing, from the
        marker table (``data/biomarkers.json``).
    endocrine_actionable : bool
        Whether it makes endocrine therapy worth weighing (ER or PR positive). Kept apart from
        ``targeted_actionable`` so that rules can tell the two apart.
    """

    marker: str
    status: Status = attrs.field(validator=attrs.validators.in_(tuple(_STATUS_ORDER)))
    alteration: str | None
    value: float | None
    unit: str | None
    targeted_actionable: bool
    immunotherapy_actionable: bool
    endocrine_actionable: bool = False

    @property
    def label(self) -> str:
        """Canonical text for this result: ``parse_biomarkers([b.label]) == (b,)``."""
        return _label(_tables(), self)

    def __str__(self) -> str:
        return self.label


def _biomarker(
    marker: _Marker, status: Status, alteration: str | None, value: float | None, unit: str | None
) -> Biomarker:
    def flag(rule: _Rule | None) -> bool:
        return rule is not None and rule.applies(status, alteration)

    return Biomarker(
        marker=marker.name,
        status=status,
        alteration=alteration,
        value=value,
        unit=unit,
        targeted_actionable=flag(marker.targeted),
        immunotherapy_actionable=flag(marker.immunotherapy),
        endocrine_actionable=flag(marker.endocrine),
    )


def _format_value(value: float) -> str:
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def _label(tables: _Tables, biomarker: Biomarker) -> str:
    marker = tables.marker(biomarker.marker)
    scale = marker.scale_for(biomarker.unit)
    if biomarker.value is not None and scale is not None:
        text = scale.value_format.format(value=_format_value(biomarker.value))
        return f"{biomarker.marker} {text}"
    parts = [biomarker.marker]
    if scale is not None and scale.keyword is not None:
        parts.append(scale.keyword)
    if biomarker.alteration is None:
        parts.append(biomarker.status)
        return " ".join(parts)
    implied = marker.implied_status(biomarker.alteration)
    if marker.label_alteration_only and implied == biomarker.status:
        return biomarker.alteration
    parts.append(biomarker.alteration)
    if implied != biomarker.status:
        parts.append(biomarker.status)
    return " ".join(parts)
