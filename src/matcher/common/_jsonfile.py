"""Reading matcher's versioned JSON files (catalogs, vignettes, weights) the same careful way.

Every such file is bounded in size (checked before reading), strict JSON (a key given twice in
one object is refused, not silently resolved), a JSON object with a ``kind`` and an integer
``schema_version`` that this matcher reads. Each problem is raised as the caller's own error
type, naming the file and, where one is at fault, the field.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any, Protocol


class FileErrorType(Protocol):
    """An error class taking ``(problem, *, file=..., field=...)``, like CatalogError."""

    def __call__(
        self, problem: str, *, file: str | None = ..., field: str | None = ...
    ) -> Exception:
        """Build the error."""
        ...


def _size(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MiB" if limit >= 1024 * 1024 else f"{limit // 1024} KiB"


class UnreadableFileError(Exception):
    """A file that cannot be read as a bounded regular file; ``problem`` says why."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


def read_regular(path: str | os.PathLike[str], limit: int, what: str = "the file") -> bytes:
    """A regular file's bytes, at most ``limit`` of them; raises UnreadableFileError.

    The file is opened without blocking (a FIFO would otherwise wait for a writer forever) and
    refused unless it is a regular file, and its size is checked before a byte is read; the read
    itself stops one byte past the limit, in case the file grew.
    """
    problem = f"is larger than the {_size(limit)} {what} may be"
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags)
        with os.fdopen(descriptor, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                problem = "is not a regular file (a FIFO, device or folder cannot be read)"
            elif info.st_size <= limit:
                data = handle.read(limit + 1)
                if len(data) <= limit:
                    return data
    except OSError as cause:
        problem = f"cannot be read: {cause.strerror or type(cause).__name__}"
    raise UnreadableFileError(problem)


def read_bounded(path: Path, limit: int, error: FileErrorType, what: str) -> bytes:
    """A regular file's bytes, refusing a larger one from its size before reading."""
    try:
        return read_regular(path, limit, what)
    except UnreadableFileError as cause:
        problem = cause.problem
    raise error(problem, file=str(path))


class _RepeatedKeyError(Exception):
    def __init__(self, key: str) -> None:
        self.key = key


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object's members; a key given twice raises (json.loads would keep the last)."""
    members = dict(pairs)
    if len(members) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _RepeatedKeyError(key)
            seen.add(key)
    return members


def parse_document(
    raw: bytes | str,
    *,
    origin: str,
    kind: str,
    versions: tuple[int, ...],
    limit: int,
    error: FileErrorType,
    what: str,
) -> tuple[dict[str, Any], int]:
    """Decode a versioned JSON document; returns it with its schema version.

    ``what`` names the file type in messages ("a catalog").
    """
    if len(raw) > limit:
        raise error(f"is larger than the {_size(limit)} {what} may be", file=origin)
    try:
        data = json.loads(raw, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as cause:
        raise error(
            f"is not valid JSON: {cause.msg} at line {cause.lineno} column {cause.colno}",
            file=origin,
        ) from None
    except _RepeatedKeyError as cause:
        raise error(
            f"has the key {cause.key!r} twice in one object (JSON would keep only the last)",
            file=origin,
        ) from None
    except (RecursionError, UnicodeDecodeError, ValueError) as cause:
        raise error(f"is not valid JSON: {type(cause).__name__}", file=origin) from None
    if not isinstance(data, dict):
        raise error(f"is not a JSON object with {what}'s header", file=origin)
    if data.get("kind") != kind:
        raise error(
            f"has kind {data.get('kind')!r}; {what} has kind {kind!r}", file=origin, field="kind"
        )
    version = data.get("schema_version")
    if type(version) is not int or version not in versions:
        supported = ", ".join(str(v) for v in versions)
        plural = "s" if len(versions) > 1 else ""
        raise error(
            f"has schema_version {version!r}; this matcher reads schema version{plural} "
            f"{supported}",
            file=origin,
            field="schema_version",
        )
    return data, version
