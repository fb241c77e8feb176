"""Saving and loading feature weights as a versioned JSON file.

The file::

    {"kind": "matcher.weights", "schema_version": 1, "name": "...", "provenance": "...",
     "values": {"<feature>": <non-negative number>, ...}, "rationale": {"<feature>": "...", ...}}

Each schema version has its own reader; a file of another version fails with an error naming the
versions supported. ``load_weights(save_weights(w, path))`` gives back a value equal to ``w``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from os import PathLike
from pathlib import Path
from types import MappingProxyType
from typing import Annotated, Any, Final, Literal

from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError

from matcher.common._errors import MatcherError
from matcher.common._jsonfile import parse_document, read_bounded
from matcher.scoring._features import FEATURE_INDEX
from matcher.scoring._weights import Weights

WEIGHTS_KIND: Final = "matcher.weights"
#: Weights files larger than this are refused before parsing.
MAX_WEIGHTS_BYTES: Final = 1024 * 1024


class WeightsError(MatcherError, ValueError):
    """A weights file that cannot be saved or loaded.

    ``file`` and ``field`` say where the problem is (``None`` where it does not apply);
    ``problem`` says what is wrong.
    """

    def __init__(self, problem: str, *, file: str | None = None, field: str | None = None) -> None:
        self.problem = problem
        self.file = file
        self.field = field
        where = ", ".join(
            part
            for part in (f"file {file}" if file else "", f"field {field}" if field else "")
            if part
        )
        super().__init__(f"{where}: {problem}" if where else problem)

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_error, (self.problem, self.file, self.field))


def _rebuild_error(problem: str, file: str | None, field: str | None) -> WeightsError:
    return WeightsError(problem, file=file, field=field)


class _WeightsFileV1(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False, defer_build=True)

    kind: Literal["matcher.weights"]
    schema_version: Literal[1]
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    provenance: str
    values: dict[str, float]
    rationale: dict[str, str] = {}


def _read_v1(data: dict[str, Any], origin: str) -> Weights:
    try:
        model = _WeightsFileV1.model_validate(data)
    except ValidationError as error:
        detail = error.errors(include_url=False)[0]
        field = ".".join(str(part) for part in detail["loc"]) or None
        raise WeightsError(str(detail["msg"]), file=origin, field=field) from None
    unknown = sorted(set(model.rationale) - set(FEATURE_INDEX))
    if unknown:
        raise WeightsError(
            f"gives a rationale for unknown features {unknown}", file=origin, field="rationale"
        )
    try:
        return Weights(
            name=model.name,
            values=model.values,
            rationale=model.rationale,
            provenance=model.provenance,
        )
    except ValueError as error:
        raise WeightsError(str(error), file=origin, field="values") from None


#: One reader per schema version; a new version adds a reader here and keeps the old ones.
_READERS: Final[Mapping[int, Callable[[dict[str, Any], str], Weights]]] = MappingProxyType(
    {1: _read_v1}
)
SUPPORTED_SCHEMA_VERSIONS: Final = tuple(sorted(_READERS))


def save_weights(weights: Weights, path: str | PathLike[str]) -> Path:
    """Write ``weights`` to ``path`` as a versioned JSON file; returns the path written.

    Raises
    ------
    WeightsError
        When the file cannot be written.
    """
    if not isinstance(weights, Weights):
        raise TypeError(f"weights must be a matcher.Weights, not {type(weights).__name__}")
    file = Path(path)
    document = {
        "kind": WEIGHTS_KIND,
        "schema_version": SUPPORTED_SCHEMA_VERSIONS[-1],
        "name": weights.name,
        "provenance": weights.provenance,
        "values": dict(weights.values),
        "rationale": dict(weights.rationale),
    }
    text = json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
    try:
        file.write_text(text, encoding="utf-8")
    except OSError as error:
        raise WeightsError(
            f"cannot be written: {error.strerror or error}", file=str(file)
        ) from None
    return file


def load_weights(path: str | PathLike[str]) -> Weights:
    """Read weights saved by :func:`save_weights`.

    Raises
    ------
    WeightsError
        For a missing, unreadable, malformed or unsupported file, or invalid weights (unknown
        feature, negative or non-finite value); the message names the file and the field.
    """
    file = Path(path)
    origin = str(file)
    raw = read_bounded(file, MAX_WEIGHTS_BYTES, WeightsError, "a weights file")
    data, version = parse_document(
        raw,
        origin=origin,
        kind=WEIGHTS_KIND,
        versions=SUPPORTED_SCHEMA_VERSIONS,
        limit=MAX_WEIGHTS_BYTES,
        error=WeightsError,
        what="a weights file",
    )
    reader = _READERS[version]
    return reader(data, origin)
