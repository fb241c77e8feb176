"""Benchmark vignettes: patient profiles whose hospitals were graded by people who know the field.

A vignettes file is JSON with a versioned header::

    {"kind": "matcher.vignettes", "schema_version": 1, "data_version": "...",
     "grading": "<the rubric, optional>", "written_before_engine_output": true | false (optional),
     "vignettes": [{"id": "...", "split": "train" | "test", "description": "...",
                    "profile": {...}, "expect_few_matches": false,
                    "grades": [{"hospital": "<hospital id>", "grade": 0-3,
                                "rationale": "...", "source": "...", "quote": "..."}]}]}

A grade says how well a hospital fits the case, from 0 (should not be on the shortlist) to 3
(among the best choices); each grade gives its reason and the source it rests on. The split keeps
the vignettes used to learn weights apart from those used to judge them. Each schema version has
its own reader; a file of another version fails with an error naming the versions supported.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from importlib import resources
from os import PathLike
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Annotated, Any, Final, Literal, overload

import attrs
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

from matcher.common._errors import MatcherError, ProfileError
from matcher.common._jsonfile import parse_document, read_bounded
from matcher.common._text import closest
from matcher.profile._patient import Patient, as_patient

if TYPE_CHECKING:
    from matcher.catalog._loader import Catalog

VIGNETTES_KIND: Final = "matcher.vignettes"
#: Vignette files larger than this are refused before parsing.
MAX_VIGNETTES_BYTES: Final = 16 * 1024 * 1024
#: Where the shipped vignettes live inside the package.
SHIPPED_PATH: Final = ("data", "vignettes", "vignettes.json")

Split = Literal["train", "test"]
SPLITS: Final[tuple[Split, ...]] = ("train", "test")

_Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
_Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", max_length=120)]


class VignetteError(MatcherError, ValueError):
    """A vignettes file (or set of vignettes) that cannot be used; nothing of it is loaded.

    ``file``, ``vignette`` and ``field`` say where the problem is (``None`` where it does not
    apply); ``problem`` says what is wrong.
    """

    def __init__(
        self,
        problem: str,
        *,
        file: str | None = None,
        vignette: str | None = None,
        field: str | None = None,
    ) -> None:
        self.problem = problem
        self.file = file
        self.vignette = vignette
        self.field = field
        where = [
            part
            for part in (
                f"file {file}" if file else None,
                f"vignette {vignette!r}" if vignette else None,
                f"field {field}" if field else None,
            )
            if part
        ]
        prefix = ", ".join(where)
        super().__init__(f"{prefix}: {problem}" if prefix else problem)

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_error, (self.problem, self.file, self.vignette, self.field))


def _rebuild_error(
    problem: str, file: str | None, vignette: str | None, field: str | None
) -> VignetteError:
    return VignetteError(problem, file=file, vignette=vignette, field=field)


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


class VignetteGrade(_Frozen):
    """How well one hospital fits one vignette (0 to 3), why, and the source behind it.

    ``pooled`` is true for a grade added later from a pool: hospitals that several rankers put in
    their top five but the vignette's author had not graded, graded by someone who saw neither
    ranks nor rankers (``benchmarks/vignette_pool.py``).
    """

    hospital: Annotated[str, StringConstraints(min_length=1, max_length=120)]
    grade: Annotated[int, Field(ge=0, le=3, strict=True)]
    rationale: _Text
    source: _Text
    quote: _Text
    pooled: Annotated[bool, Field(strict=True)] = False


class Vignette(_Frozen):
    """A patient case with graded hospitals, in the train or the test split.

    ``profile`` is the validated :class:`~matcher.Patient`; ``expect_few_matches`` marks a case
    where few hospitals in the catalog should fit (a rare cancer, a strict constraint).
    """

    id: _Id
    split: Split
    description: _Text
    profile: Patient
    grades: tuple[VignetteGrade, ...] = Field(min_length=1)
    expect_few_matches: bool = False

    @field_validator("profile", mode="plain")
    @classmethod
    def _valid_profile(cls, value: object) -> Patient:
        if not isinstance(value, Patient | Mapping):
            raise ValueError("the profile must be a mapping of profile fields to values")
        try:
            return as_patient(value)
        except ProfileError as error:
            raise ValueError(str(error)) from None

    @model_validator(mode="after")
    def _each_hospital_once(self) -> Vignette:
        seen: set[str] = set()
        for grade in self.grades:
            if grade.hospital in seen:
                raise ValueError(f"hospital {grade.hospital!r} is graded more than once")
            seen.add(grade.hospital)
        return self

    @property
    def grade_of(self) -> Mapping[str, int]:
        """The grade of each graded hospital, by hospital id."""
        return MappingProxyType({grade.hospital: grade.grade for grade in self.grades})


class _VignettesFileV1(_Frozen):
    kind: Literal["matcher.vignettes"]
    schema_version: Literal[1]
    data_version: _Text
    grading: _Text | None = None
    written_before_engine_output: bool | None = None
    vignettes: tuple[Vignette, ...] = Field(min_length=1)


def _vignette_tuple(items: Iterable[Vignette]) -> tuple[Vignette, ...]:
    return tuple(items)


@attrs.frozen
class Vignettes(Sequence[Vignette]):
    """An ordered, immutable set of vignettes with unique ids, and where they came from.

    ``grading`` is the rubric the grades follow, as the file states it; ``blind`` is True when
    the file declares its grades were written before the graders saw any output of the engine
    (``None`` when it does not say).
    """

    items: tuple[Vignette, ...] = attrs.field(converter=_vignette_tuple)
    data_version: str = "<memory>"
    origin: str = "<memory>"
    grading: str | None = None
    blind: bool | None = None

    def __attrs_post_init__(self) -> None:
        seen: set[str] = set()
        for vignette in self.items:
            if not isinstance(vignette, Vignette):
                raise TypeError(f"expected Vignette values, not {type(vignette).__name__}")
            if vignette.id in seen:
                raise VignetteError("is used by more than one vignette", vignette=vignette.id)
            seen.add(vignette.id)

    @overload
    def __getitem__(self, index: int) -> Vignette: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Vignette]: ...
    def __getitem__(self, index: int | slice) -> Vignette | Sequence[Vignette]:
        return self.items[index]

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[Vignette]:
        return iter(self.items)

    @property
    def ids(self) -> tuple[str, ...]:
        """The vignette ids, in file order."""
        return tuple(vignette.id for vignette in self.items)

    def in_split(self, split: str | None) -> Vignettes:
        """The vignettes of one split ("train" or "test"); ``None`` keeps them all."""
        if split is None:
            return self
        if split not in SPLITS:
            raise ValueError(f"split must be one of {list(SPLITS)} or None, not {split!r}")
        return attrs.evolve(self, items=tuple(v for v in self.items if v.split == split))

    def subset(self, ids: Iterable[str]) -> Vignettes:
        """The vignettes with these ids, in file order."""
        wanted = set(ids)
        unknown = wanted - set(self.ids)
        if unknown:
            raise KeyError(f"no vignettes with ids {sorted(unknown)}")
        return attrs.evolve(self, items=tuple(v for v in self.items if v.id in wanted))

    def check_hospitals(self, catalog: Catalog) -> None:
        """Raise :class:`VignetteError` for a grade naming a hospital id not in ``catalog``."""
        known = set(catalog.ids)
        for vignette in self.items:
            for index, grade in enumerate(vignette.grades):
                if grade.hospital in known:
                    continue
                found = catalog.find(grade.hospital)
                suggestions = [found.id] if found else closest(grade.hospital, known)
                hint = f"; did you mean {suggestions[0]!r}?" if suggestions else ""
                raise VignetteError(
                    f"grades hospital {grade.hospital!r}, which is not in the catalog "
                    f"{catalog.origin} (data version {catalog.data_version}){hint}",
                    file=self.origin,
                    vignette=vignette.id,
                    field=f"grades[{index}].hospital",
                )

    def __repr__(self) -> str:
        counts = ", ".join(f"{sum(v.split == s for v in self.items)} {s}" for s in SPLITS)
        return (
            f"Vignettes({len(self.items)} vignettes: {counts}; "
            f"data_version={self.data_version!r}, origin={self.origin!r})"
        )


def _read_v1(data: dict[str, Any], origin: str) -> Vignettes:
    try:
        model = _VignettesFileV1.model_validate(data)
    except ValidationError as error:
        raise _vignette_error(error, data, origin) from None
    return Vignettes(
        items=model.vignettes,
        data_version=model.data_version,
        origin=origin,
        grading=model.grading,
        blind=model.written_before_engine_output,
    )


#: One reader per schema version; a new version adds a reader here and keeps the old ones.
_READERS: Final[Mapping[int, Callable[[dict[str, Any], str], Vignettes]]] = MappingProxyType(
    {1: _read_v1}
)
SUPPORTED_SCHEMA_VERSIONS: Final = tuple(sorted(_READERS))


def load_vignettes(path: str | PathLike[str] | None = None) -> Vignettes:
    """Load a vignettes file; ``None`` loads the vignettes shipped with matcher.

    Raises
    ------
    VignetteError
        For a missing, unreadable, malformed or unsupported file (the message names the file,
        the vignette and the field); nothing is half-loaded.
    """
    if path is None:
        shipped = resources.files("matcher").joinpath(*SHIPPED_PATH)
        origin = "matcher/" + "/".join(SHIPPED_PATH)
        if not shipped.is_file():
            raise VignetteError(
                "is not present in this installation of matcher; pass the path of a "
                "vignettes file instead",
                file=origin,
            )
        from matcher.common._manifest import read_verified

        return parse_vignettes(read_verified("/".join(SHIPPED_PATH[1:])), origin=origin)
    file = Path(path)
    raw = read_bounded(file, MAX_VIGNETTES_BYTES, VignetteError, "a vignettes file")
    return parse_vignettes(raw, origin=str(file))


def parse_vignettes(raw: bytes | str, *, origin: str = "<memory>") -> Vignettes:
    """Parse vignettes JSON text with the reader for its schema version."""
    data, version = parse_document(
        raw,
        origin=origin,
        kind=VIGNETTES_KIND,
        versions=SUPPORTED_SCHEMA_VERSIONS,
        limit=MAX_VIGNETTES_BYTES,
        error=VignetteError,
        what="a vignettes file",
    )
    reader = _READERS[version]
    try:
        return reader(data, origin)
    except RecursionError:
        raise VignetteError("is nested too deeply to be a vignettes file", file=origin) from None


def as_vignettes(
    vignettes: Vignettes | Iterable[Vignette] | str | PathLike[str] | None,
) -> Vignettes:
    """Vignettes from a loaded set, an iterable of :class:`Vignette`, a path, or ``None``."""
    if vignettes is None or isinstance(vignettes, str | PathLike):
        return load_vignettes(vignettes)
    if isinstance(vignettes, Vignettes):
        return vignettes
    return Vignettes(items=tuple(vignettes))


def _vignette_error(error: ValidationError, data: dict[str, Any], origin: str) -> VignetteError:
    """The first validation problem as a VignetteError naming the vignette and field."""
    detail = error.errors(include_url=False)[0]
    location = list(detail["loc"])
    vignette = None
    if len(location) >= 2 and location[0] == "vignettes" and isinstance(location[1], int):
        entries = data.get("vignettes")
        entry = entries[location[1]] if isinstance(entries, list) else None
        vignette_id = entry.get("id") if isinstance(entry, dict) else None
        vignette = str(vignette_id) if vignette_id else f"#{location[1]}"
        location = location[2:]
    field = "".join(
        f"[{part}]" if isinstance(part, int) else f".{part}" for part in location
    ).removeprefix(".")
    message = str(detail["msg"]).removeprefix("Value error, ")
    count = error.error_count()
    if count > 1:
        message += f" (and {count - 1} more problem{'s' if count > 2 else ''})"
    return VignetteError(message, file=origin, vignette=vignette, field=field or None)
