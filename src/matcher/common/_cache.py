"""A cache of the parsed default data, so that a fresh process starts without parsing it again.

Parsing and checking the shipped catalog and ontology takes a good part of what ``matcher
recommend`` costs from a cold start; unpickling what an earlier process built takes a fraction
of it. :func:`load_default` keeps one pickle per kind of value in the user's own cache folder:

- ``$MATCHER_CACHE_DIR`` when set (set it to the empty string to turn the cache off), else
  ``$XDG_CACHE_HOME/matcher``, else ``~/.cache/matcher``;
- only values built from the package's own data files, each read through
  :func:`~matcher.common._manifest.read_verified` on every start, so a damaged data file is
  still refused; a catalog loaded from a path is never cached;
- the key is a SHA-256 over those files' hashes as ``MANIFEST.json`` lists them (which
  ``read_verified`` has just checked the bytes against, so nothing is hashed twice), the hashes
  listed for the files the value was checked against (``keyed_on``: the catalog's ontology and
  cities, which their own loaders read and verify; they are not read again here), the matcher
  version, the Python version, the pickle protocol and the size and modification time of every
  module of the package (an edit to the code that builds the value is a miss, never a stale
  value);
- a file is read only if it belongs to the user and no one else may write to it, and only if
  its payload matches the SHA-256 written beside it; written to a temporary file, then moved
  into place in one step.

Any failure to read or write the cache falls back to parsing the data: the cache can make a
start faster, never different, and never raises.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import platform
import stat
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Final, TypeVar

from matcher.common._manifest import listed_sha256, read_verified
from matcher.common._version import __version__

__all__ = ["CACHE_ENV", "cache_dir", "load_default"]

#: Where the cache lives; the empty string turns it off.
CACHE_ENV: Final = "MATCHER_CACHE_DIR"
_MAGIC: Final = b"matcher-cache-1\n"
_DIGEST: Final = 32  # bytes of a SHA-256
_PROTOCOL: Final = pickle.HIGHEST_PROTOCOL
_PACKAGE: Final = Path(__file__).resolve().parents[1]

T = TypeVar("T")


def cache_dir() -> Path | None:
    """The folder the cache is kept in, or None when ``MATCHER_CACHE_DIR`` is set empty."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen is not None:
        return Path(chosen).expanduser() if chosen.strip() else None
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(xdg):
        return Path(xdg) / "matcher"
    try:
        return Path.home() / ".cache" / "matcher"
    except RuntimeError:  # no home folder to be found: no cache
        return None


@functools.cache
def _code_fingerprint() -> bytes:
    """The path, size and modification time of every module of the package (once a process:
    the modules it runs were read when it imported them)."""
    entries: list[str] = []
    folders = [str(_PACKAGE)]
    while folders:
        folder = folders.pop()
        with os.scandir(folder) as found:
            for entry in sorted(found, key=lambda entry: entry.name):
                if entry.is_dir() and entry.name not in {"__pycache__", "data"}:
                    folders.append(entry.path)
                elif entry.name.endswith(".py"):
                    info = entry.stat()
                    entries.append(f"{entry.path}:{info.st_size}:{info.st_mtime_ns}")
    return "\n".join(entries).encode()


def cache_key(kind: str, hashes: Mapping[str, str]) -> bytes:
    """The key a cached value is stored under: its data (file name -> SHA-256 in hex, as the
    manifest lists it), the code and the interpreter."""
    key = hashlib.sha256()
    for part in (kind, __version__, sys.version, platform.machine(), str(_PROTOCOL)):
        key.update(part.encode() + b"\0")
    for name in sorted(hashes):
        key.update(name.encode() + b"\0" + hashes[name].encode() + b"\0")
    key.update(_code_fingerprint())
    return key.digest()


def load_default(
    kind: str,
    names: Sequence[str],
    build: Callable[[Mapping[str, bytes]], T],
    expected: type[T],
    *,
    keyed_on: Sequence[str] = (),
) -> T:
    """``build(files)`` over the package's data files ``names``, or the cached result of it.

    Every file in ``names`` is read and checked against the manifest first, hit or miss (so
    :class:`~matcher.common._manifest.DataIntegrityError` is raised as without a cache); the
    value is taken from the cache only when the key matches and it is an ``expected``. Files in
    ``keyed_on`` are ones the value was checked against but is not built from: their listed
    hashes enter the key (a change to them is a miss) and they are not read here.
    """
    files = {name: read_verified(name) for name in names}
    folder = cache_dir()
    if folder is None:
        return build(files)
    try:
        key = cache_key(kind, {name: listed_sha256(name) for name in (*names, *keyed_on)})
    except OSError:
        return build(files)
    path = folder / f"{kind}.pickle"
    found = _read(path, key)
    if isinstance(found, expected):
        return found
    value = build(files)
    _write(path, key, value)
    return value


def _read(path: Path, key: bytes) -> object:
    """The value cached at ``path`` under ``key``, or None (missing, foreign, damaged, stale)."""
    try:
        with open(path, "rb") as handle:
            found = os.fstat(handle.fileno())
            if not stat.S_ISREG(found.st_mode) or found.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
                return None
            if hasattr(os, "getuid") and found.st_uid != os.getuid():
                return None
            raw = handle.read()
        head = len(_MAGIC) + 2 * _DIGEST
        payload = raw[head:]
        if (
            raw[: len(_MAGIC)] != _MAGIC
            or raw[len(_MAGIC) : len(_MAGIC) + _DIGEST] != key
            or raw[len(_MAGIC) + _DIGEST : head] != hashlib.sha256(payload).digest()
        ):
            return None
        return pickle.loads(payload)  # the user's own file, its payload checked above
    except Exception:  # any failure is a miss: parse the data instead
        return None


def _write(path: Path, key: bytes, value: object) -> None:
    """Store ``value`` at ``path`` in one step; any failure leaves the cache as it was."""
    temporary = None
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        with os.fdopen(handle, "wb") as out:  # a folder that takes no file costs no pickling
            payload = pickle.dumps(value, protocol=_PROTOCOL)
            out.write(_MAGIC + key + hashlib.sha256(payload).digest() + payload)
        os.replace(temporary, path)
        temporary = None
    except Exception:  # a cache that cannot be written is only slower
        pass
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
