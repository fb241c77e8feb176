"""Integrity of the data shipped inside the package: a manifest of SHA-256 hashes, checked on read.

``matcher/data/MANIFEST.json`` lists every data file of the package with its SHA-256, its size
and what its header says (kind, schema version, data version)::

    {"kind": "matcher.manifest", "schema_version": 1,
     "files": {"catalog.json": {"sha256": "...", "bytes": 324620, "kind": "matcher.catalog",
                                "schema_version": 1, "data_version": "2026.11.22"}, ...}}

The default loaders read package data only through :func:`read_verified`, so a file damaged in
transit, edited in an installed copy, or left out of a build is refused with
:class:`DataIntegrityError` instead of silently changing what matcher recommends. Curators who
change a data file on purpose run ``python scripts/update_manifest.py`` and commit the manifest
with the data. Catalogs loaded from a path with ``matcher.load_catalog(path)`` are the caller's
own files and are not checked against the manifest.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
from collections.abc import Mapping
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from types import MappingProxyType
from typing import Annotated, Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from matcher.common._errors import MatcherError
from matcher.common._jsonfile import UnreadableFileError, read_regular

__all__ = [
    "FIX",
    "MANIFEST_KIND",
    "MANIFEST_NAME",
    "DataIntegrityError",
    "FileEntry",
    "build_manifest",
    "describe",
    "manifest_text",
    "read_verified",
]

MANIFEST_NAME: Final = "MANIFEST.json"
MANIFEST_KIND: Final = "matcher.manifest"
SCHEMA_VERSION: Final = 1
#: How to mend a mismatch, for every error message.
FIX: Final = (
    "If matcher was installed, reinstall it from the repository it came from (pip install "
    "--force-reinstall . at its root; the name 'matcher' on the package index is another "
    "project's); if the file "
    "was edited on purpose, run `python scripts/update_manifest.py` and commit MANIFEST.json "
    "with the change."
)
#: OncoTree files carry no header: their release date is in the file name.
_ONCOTREE_FILE: Final = re.compile(r"^oncotree_(\d{4})_(\d{2})_(\d{2})\.json$")


def _is_listed(relative: Path) -> bool:
    """Whether a file of the data folder belongs in the manifest (documentation does not)."""
    name, upper = relative.name, relative.name.upper()
    return not (
        relative.as_posix() == MANIFEST_NAME
        or any(part.startswith((".", "__")) for part in relative.parts)
        or upper.startswith("README")
        or "LICENSE" in upper
        or "LICENCE" in upper
        or name.endswith((".py", ".pyc"))
    )


class DataIntegrityError(MatcherError):
    """A data file shipped with matcher is missing, not listed, or not what the manifest says.

    ``file`` names the file; ``expected`` and ``actual`` are the SHA-256 hashes where they apply.
    The message says how to mend it: reinstall matcher, or regenerate the manifest after a
    deliberate edit.
    """

    def __init__(
        self,
        file: str,
        problem: str,
        *,
        expected: str | None = None,
        actual: str | None = None,
    ) -> None:
        self.file = file
        self.problem = problem
        self.expected = expected
        self.actual = actual
        text = f"matcher data file {file} {problem}"
        if expected is not None and actual is not None:
            text += f": expected SHA-256 {expected}, found {actual}"
        super().__init__(f"{text}. {FIX}")

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild, (self.file, self.problem, self.expected, self.actual))


def _rebuild(
    file: str, problem: str, expected: str | None, actual: str | None
) -> DataIntegrityError:
    return DataIntegrityError(file, problem, expected=expected, actual=actual)


class FileEntry(BaseModel):
    """One listed data file: its hash and size, and what its header says it is."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
    bytes: Annotated[int, Field(ge=0)]
    kind: str | None
    schema_version: int | None
    data_version: str | None


class _ManifestFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    kind: Literal["matcher.manifest"]
    schema_version: Literal[1]
    files: dict[str, FileEntry]


def _package_data() -> Traversable:
    return resources.files("matcher") / "data"


#: The largest MANIFEST.json read (it lists a few dozen files).
_MAX_MANIFEST_BYTES = 1024 * 1024


def _read(folder: Traversable, name: str, limit: int = _MAX_MANIFEST_BYTES) -> bytes:
    """At most ``limit`` + 1 bytes of a data file (one more shows that it is too large)."""
    place = folder.joinpath(*name.split("/"))
    problem = "is missing from the installed package"
    if isinstance(place, os.PathLike):  # on disk: a regular file, its size checked first
        try:
            return read_regular(place, limit, "the listed size")
        except UnreadableFileError as cause:
            if "larger" in cause.problem:
                return b"\0" * (limit + 1)  # reported below as a size that does not match
            if "regular" in cause.problem:
                problem = cause.problem
    else:  # inside a zip or another loader: read no more than the limit allows
        try:
            with place.open("rb") as handle:
                return handle.read(limit + 1)
        except OSError:
            pass
    raise DataIntegrityError(name, problem)


def _parse_manifest(raw: bytes) -> Mapping[str, FileEntry]:
    try:
        model = _ManifestFile.model_validate_json(raw)
    except ValidationError as error:
        detail = error.errors(include_url=False)[0]
        where = ".".join(str(part) for part in detail["loc"]) or "the document"
        raise DataIntegrityError(
            MANIFEST_NAME, f"is not a valid manifest ({where}: {detail['msg']})"
        ) from None
    return MappingProxyType(dict(model.files))


@functools.cache
def _package_manifest() -> Mapping[str, FileEntry]:
    return _parse_manifest(_read(_package_data(), MANIFEST_NAME))


def read_verified(name: str, folder: Traversable | None = None) -> bytes:
    """The bytes of a data file, after checking them against the manifest.

    Parameters
    ----------
    name
        A file's path inside the data folder, with ``/`` between folders, such as
        ``"catalog.json"`` or ``"vignettes/vignettes.json"``.
    folder
        The data folder and its ``MANIFEST.json``; ``None`` is the package's own
        (``matcher/data``, whose manifest is read once).

    Raises
    ------
    DataIntegrityError
        When the manifest is missing or malformed, the file is not listed or missing, or its
        size or SHA-256 differ from the manifest's.
    """
    if folder is None:
        folder, entries = _package_data(), _package_manifest()
    else:
        entries = _parse_manifest(_read(folder, MANIFEST_NAME))
    entry = entries.get(name)
    if entry is None:
        raise DataIntegrityError(name, f"is not listed in {MANIFEST_NAME}")
    raw = _read(folder, name, entry.bytes)
    actual = hashlib.sha256(raw).hexdigest()
    if len(raw) != entry.bytes or actual != entry.sha256:
        size = f"{len(raw)} bytes" if len(raw) <= entry.bytes else f"over {entry.bytes} bytes"
        raise DataIntegrityError(
            name,
            f"does not match {MANIFEST_NAME} ({size}, listed as {entry.bytes})",
            expected=entry.sha256,
            actual=actual,
        )
    return raw


def listed_sha256(name: str) -> str:
    """The SHA-256 that ``MANIFEST.json`` lists for one of the package's data files (the file
    itself is not read): once :func:`read_verified` has returned a file's bytes, their hash.

    Raises
    ------
    DataIntegrityError
        When the manifest is missing or malformed, or does not list the file.
    """
    entry = _package_manifest().get(name)
    if entry is None:
        raise DataIntegrityError(name, f"is not listed in {MANIFEST_NAME}")
    return entry.sha256


def describe(name: str, raw: bytes) -> FileEntry:
    """The manifest entry of one data file: hash, size and what its header says."""
    header: dict[str, Any] = {}
    try:
        document = json.loads(raw) if name.endswith(".json") else None
    except ValueError:
        document = None
    if isinstance(document, dict) and isinstance(document.get("kind"), str):
        header = document
    oncotree = _ONCOTREE_FILE.match(name)
    if not header and oncotree:
        header = {"kind": "oncotree", "data_version": "-".join(oncotree.groups())}
    version = header.get("schema_version")
    data_version = header.get("data_version")
    return FileEntry(
        sha256=hashlib.sha256(raw).hexdigest(),
        bytes=len(raw),
        kind=header.get("kind"),
        schema_version=version if type(version) is int else None,
        data_version=data_version if isinstance(data_version, str) else None,
    )


def build_manifest(directory: Path) -> dict[str, Any]:
    """The manifest document for every data file under ``directory`` (README and licences left
    out), keyed by path relative to it with ``/`` between folders, in sorted order so that the
    same folder always gives the same text.
    """
    relative = sorted(
        path.relative_to(directory) for path in directory.rglob("*") if path.is_file()
    )
    files = {
        name.as_posix(): describe(name.name, (directory / name).read_bytes()).model_dump()
        for name in relative
        if _is_listed(name)
    }
    return {"kind": MANIFEST_KIND, "schema_version": SCHEMA_VERSION, "files": files}


def manifest_text(directory: Path) -> str:
    """``build_manifest(directory)`` as the JSON text written to ``MANIFEST.json``."""
    return json.dumps(build_manifest(directory), indent=2, ensure_ascii=False) + "\n"
