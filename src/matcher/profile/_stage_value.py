"""The parsed stage value and the stage vocabularies it is drawn from."""

from __future__ import annotations

from typing import Final, Literal

import attrs

StageCategory = Literal["early", "locally_advanced", "advanced"]
StageGroup = Literal["0", "I", "II", "III", "IV"]
StageExtent = Literal["limited", "extensive"]

STAGE_GROUPS: Final[tuple[StageGroup, ...]] = ("0", "I", "II", "III", "IV")
STAGE_CATEGORIES: Final[tuple[StageCategory, ...]] = ("early", "locally_advanced", "advanced")
STAGE_EXTENTS: Final[tuple[StageExtent, ...]] = ("limited", "extensive")

ACCEPTED: Final = (
    "0, I-IV with sub-stage (e.g. 'IIIB'), 1-4, 'limited'/'extensive', 'early', "
    "'locally advanced', 'advanced', 'metastatic'"
)
FIELD: Final = "stage"


@attrs.frozen
class Stage:
    """A parsed cancer stage.

    Attributes
    ----------
    group : {"0", "I", "II", "III", "IV"} or None
        The stage group; ``None`` for stages given only in words ("advanced", "extensive").
    substage : str or None
        What follows the group, upper case: "A", "B1", "C2", "E", "IS".
    category : {"early", "locally_advanced", "advanced"}
        The treatment setting the stage implies (see the module documentation for the mapping).
    extent : {"limited", "extensive"} or None
        The VA stage of small-cell lung cancer, when that is how the stage was given.
    label : str
        Canonical text: ``parse_stage(stage.label, site=site) == stage`` for the same site.
    metastatic : bool
        Whether distant spread is stated.
    """

    group: StageGroup | None = attrs.field(
        validator=attrs.validators.optional(attrs.validators.in_(STAGE_GROUPS))
    )
    substage: str | None
    category: StageCategory = attrs.field(validator=attrs.validators.in_(STAGE_CATEGORIES))
    extent: StageExtent | None = attrs.field(
        validator=attrs.validators.optional(attrs.validators.in_(STAGE_EXTENTS))
    )
    label: str
    metastatic: bool

    def __str__(self) -> str:
        return self.label
