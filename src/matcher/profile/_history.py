"""Treatment history: prior therapies (lines and kinds) and the sites of distant metastases.

Both come from small fixed vocabularies; case, spacing and punctuation are ignored and the
common names people use are understood ("chemo", "TKI", "bone marrow transplant", "brain mets",
"脑转移"). Anything else is refused with the vocabulary listed.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

import attrs

from matcher.common._errors import ProfileError, ProfileProblem
from matcher.common._text import closest, fold

#: Kinds of prior therapy, in a stable order.
PRIOR_THERAPY_KINDS: Final[tuple[str, ...]] = (
    "surgery",
    "radiotherapy",
    "chemotherapy",
    "targeted",
    "immunotherapy",
    "hormone_therapy",
    "car_t",
    "stem_cell_transplant",
    "ablation",
    "interventional",
)
#: Sites of distant metastasis, in a stable order.
METASTATIC_SITES: Final[tuple[str, ...]] = (
    "brain",
    "bone",
    "liver",
    "lung",
    "pleura",
    "peritoneum",
    "adrenal_gland",
    "distant_lymph_nodes",
    "skin",
    "bone_marrow",
)
MAX_LINES: Final = 20

THERAPY_ALIASES: Final = MappingProxyType(
    {
        "operation": "surgery",
        "resection": "surgery",
        "radiation": "radiotherapy",
        "radiationtherapy": "radiotherapy",
        "sbrt": "radiotherapy",
        "srs": "radiotherapy",
        "chemo": "chemotherapy",
        "targetedtherapy": "targeted",
        "tki": "targeted",
        "immuno": "immunotherapy",
        "checkpointinhibitor": "immunotherapy",
        "pd1": "immunotherapy",
        "hormonetherapy": "hormone_therapy",
        "hormonal": "hormone_therapy",
        "hormonaltherapy": "hormone_therapy",
        "endocrinetherapy": "hormone_therapy",
        "cart": "car_t",
        "cartcelltherapy": "car_t",
        "stemcelltransplant": "stem_cell_transplant",
        "stemcelltransplantation": "stem_cell_transplant",
        "hsct": "stem_cell_transplant",
        "bonemarrowtransplant": "stem_cell_transplant",
        "autologoustransplant": "stem_cell_transplant",
        "allogeneictransplant": "stem_cell_transplant",
        "rfa": "ablation",
        "tace": "interventional",
        "haic": "interventional",
        "手术": "surgery",
        "放疗": "radiotherapy",
        "化疗": "chemotherapy",
        "靶向治疗": "targeted",
        "免疫治疗": "immunotherapy",
        "内分泌治疗": "hormone_therapy",
    }
)
SITE_ALIASES: Final = MappingProxyType(
    {
        "brainmetastases": "brain",
        "brainmets": "brain",
        "cns": "brain",
        "cerebral": "brain",
        "bones": "bone",
        "bonemetastases": "bone",
        "skeletal": "bone",
        "spine": "bone",
        "hepatic": "liver",
        "livermetastases": "liver",
        "lungs": "lung",
        "pulmonary": "lung",
        "lungmetastases": "lung",
        "pleural": "pleura",
        "pleuraleffusion": "pleura",
        "peritoneal": "peritoneum",
        "adrenal": "adrenal_gland",
        "adrenals": "adrenal_gland",
        "lymphnodes": "distant_lymph_nodes",
        "distantnodes": "distant_lymph_nodes",
        "marrow": "bone_marrow",
        "脑": "brain",
        "脑转移": "brain",
        "骨": "bone",
        "骨转移": "bone",
        "肝": "liver",
        "肝转移": "liver",
        "肺": "lung",
        "肺转移": "lung",
        "胸膜": "pleura",
        "腹膜": "peritoneum",
        "肾上腺": "adrenal_gland",
    }
)
THERAPIES_ACCEPTED: Final = (
    "a list of prior therapies (" + ", ".join(PRIOR_THERAPY_KINDS) + "), or a mapping "
    f"{{'lines': 0-{MAX_LINES} lines of therapy, 'therapies': [...]}}"
)
SITES_ACCEPTED: Final = "a list of sites of distant metastasis: " + ", ".join(METASTATIC_SITES)


@attrs.frozen
class PriorTherapies:
    """What a patient has been treated with: how many lines (None: not said) and what kinds."""

    lines: int | None = None
    therapies: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        """The JSON form, read back by :func:`read_prior_therapies`."""
        return {"lines": self.lines, "therapies": list(self.therapies)}

    @property
    def given(self) -> bool:
        """Whether anything is known about prior therapy."""
        return self.lines is not None or bool(self.therapies)


def _vocabulary(
    field: str,
    value: object,
    kinds: tuple[str, ...],
    aliases: Mapping[str, str],
    accepted: str,
) -> tuple[str, ...]:
    """Each item of a list read to one of ``kinds``; every bad item reported by its index."""
    items: list[object]
    if isinstance(value, str):
        items = [value]
    elif isinstance(value, list | tuple):
        items = list(value)
    else:
        raise ProfileError(field, value, accepted, problem="is not a list")
    table = {fold(kind): kind for kind in kinds} | dict(aliases)
    found: set[str] = set()
    problems = []
    for index, item in enumerate(items):
        key = fold(item) if isinstance(item, str) else None
        if key is not None and key in table:
            found.add(table[key])
            continue
        problems.append(
            ProfileProblem(
                f"{field}[{index}]",
                item,
                accepted,
                tuple(closest(item, kinds)) if isinstance(item, str) else (),
                "is not text" if key is None else "is not understood",
            )
        )
    if problems:
        raise ProfileError.from_problems(problems)
    return tuple(kind for kind in kinds if kind in found)


def read_metastatic_sites(value: object) -> tuple[str, ...]:
    """Sites of distant metastasis, in vocabulary order; ProfileError for anything else."""
    field = "metastatic_sites"
    return _vocabulary(field, value, METASTATIC_SITES, SITE_ALIASES, SITES_ACCEPTED)


def read_prior_therapies(value: object) -> PriorTherapies:
    """Prior therapies from a list of kinds or a mapping of ``lines`` and ``therapies``."""
    field = "prior_therapies"
    if isinstance(value, PriorTherapies):
        return value
    if value is None:
        return PriorTherapies()
    if not isinstance(value, Mapping):
        return PriorTherapies(None, _read_kinds(value))
    unknown = set(value) - {"lines", "therapies"}
    if unknown:
        raise ProfileError(
            field, sorted(map(str, unknown)), THERAPIES_ACCEPTED, problem="has unknown keys"
        )
    lines = value.get("lines")
    if lines is not None and (
        isinstance(lines, bool) or not isinstance(lines, int) or not 0 <= lines <= MAX_LINES
    ):
        raise ProfileError(
            f"{field}.lines", lines, f"a whole number from 0 to {MAX_LINES}", problem="is not read"
        )
    kinds = _read_kinds(value.get("therapies") or ())
    if lines == 0 and kinds:
        raise ProfileError(
            f"{field}.lines",
            lines,
            "at least 1 line when therapies are listed",
            problem="says no therapy although therapies are listed",
        )
    return PriorTherapies(lines, kinds)


def _read_kinds(value: object) -> tuple[str, ...]:
    return _vocabulary(
        "prior_therapies", value, PRIOR_THERAPY_KINDS, THERAPY_ALIASES, THERAPIES_ACCEPTED
    )
