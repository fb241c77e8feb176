"""Issue 16, item 6: the default catalog and ontology are cached between processes; the cache
makes a start faster, never different: a damaged, stale, foreign or unwritable cache is a miss."""

from __future__ import annotations

import gc
import hashlib
import json
import os
from collections.abc import Mapping
from pathlib import Path

import attrs
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.catalog import _loader
from matcher.catalog._loader import Catalog, load_catalog, parse_catalog
from matcher.common import _cache
from matcher.common._cache import CACHE_ENV, cache_dir, load_default
from matcher.common._errors import ProfileError
from matcher.common._manifest import DataIntegrityError, read_verified
from matcher.profile import _ontology
from matcher.profile._cancer_types import ONCOTREE_VERSION, Ontology

#: A small data file of the package, for cached values that cost nothing to build.
SMALL = "languages.json"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder of this test's own."""
    place = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(place))
    return place


class Counter:
    """A build function that counts its calls and returns a value made from the files."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, files: Mapping[str, bytes]) -> tuple[str, ...]:
        self.calls += 1
        return tuple(f"{name}:{len(raw)}" for name, raw in sorted(files.items()))


def _load(build: Counter) -> tuple[str, ...]:
    return load_default("probe", (SMALL,), build, tuple)


def _fresh_catalog() -> Catalog:
    return parse_catalog(read_verified("catalog.json"), origin="matcher/data/catalog.json")


def _assert_same_catalog(cached: Catalog, fresh: Catalog) -> None:
    assert cached.hospitals == fresh.hospitals
    assert dict(cached.sources) == dict(fresh.sources)
    assert (cached.data_version, cached.updated, cached.origin, cached.complete_for) == (
        fresh.data_version,
        fresh.updated,
        fresh.origin,
        fresh.complete_for,
    )
    assert [cached.find(key) for key in fresh.ids] == list(fresh.hospitals)
    _assert_same_arrays(cached.encoded, fresh.encoded, "encoded")


def _assert_same_arrays(mine: object, theirs: object, where: str) -> None:
    """Equal field by field, arrays equal and read-only, into mappings and nested values."""
    assert type(mine) is type(theirs), where
    if isinstance(theirs, np.ndarray):
        assert isinstance(mine, np.ndarray)
        assert mine.dtype == theirs.dtype and np.array_equal(mine, theirs), where
        assert not mine.flags.writeable, where
    elif isinstance(theirs, Mapping):
        assert isinstance(mine, Mapping) and list(mine) == list(theirs), where
        for key in theirs:
            _assert_same_arrays(mine[key], theirs[key], f"{where}[{key!r}]")
    elif attrs.has(type(theirs)):
        for field in attrs.fields(type(theirs)):
            name = field.name
            _assert_same_arrays(getattr(mine, name), getattr(theirs, name), f"{where}.{name}")
    else:
        assert mine == theirs, where


def test_a_cached_default_catalog_equals_a_fresh_parse(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = _loader.default_catalog.__wrapped__()  # a miss: parsed, then written
    assert (folder / "catalog.pickle").is_file()

    def no_parsing(*_: object, **__: object) -> Catalog:
        raise AssertionError("parsed although the cache holds the catalog")

    monkeypatch.setattr(_loader, "parse_catalog", no_parsing)
    cached = _loader.default_catalog.__wrapped__()  # a hit: unpickled
    monkeypatch.undo()
    fresh = _fresh_catalog()
    _assert_same_catalog(built, fresh)
    _assert_same_catalog(cached, fresh)


def test_a_cached_catalog_is_moved_out_of_the_collectors_reach(folder: Path) -> None:
    _loader.default_catalog.__wrapped__()
    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    _loader.default_catalog.__wrapped__()  # from the cache
    assert gc.get_freeze_count() > 0


def test_a_cached_ontology_resolves_and_suggests_as_a_fresh_one(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _ontology.default_ontology.__wrapped__()
    assert (folder / "ontology.pickle").is_file()

    def no_building(*_: object, **__: object) -> Ontology:
        raise AssertionError("built although the cache holds the ontology")

    monkeypatch.setattr(_ontology, "load_ontology", no_building)
    cached = _ontology.default_ontology.__wrapped__()
    monkeypatch.undo()
    tree, synonyms = (json.loads(read_verified(name)) for name in _ontology.DATA_FILES)
    fresh = _ontology.load_ontology(tree, synonyms, version=ONCOTREE_VERSION)
    assert isinstance(cached, Ontology) and cached.version == fresh.version
    assert cached.codes() == fresh.codes()
    assert cached.accepted_names() == fresh.accepted_names()
    for code in ("NPC", "LUAD", "TISSUE"):
        assert cached.descendants(code) == fresh.descendants(code)
        assert cached.everyday_name(code) == fresh.everyday_name(code)
    for text in ("NPC", "nasopharyngeal carcinoma", "鼻咽癌", "GBM", "oesophageal cancer"):
        assert cached.resolve(text) == fresh.resolve(text)
    for unknown in ("nasopharangeal", "cancer", "lung thing", ""):
        assert _problem(cached, unknown) == _problem(fresh, unknown) != ""


def _problem(ontology: Ontology, text: str) -> str:
    """What resolving ``text`` raises, as text ("" when it resolves)."""
    try:
        ontology.resolve(text)
    except ProfileError as error:
        return f"{error} {error.suggestions}"
    return ""


def test_a_hit_does_not_build_again(folder: Path) -> None:
    build = Counter()
    first, second = _load(build), _load(build)
    assert first == second and build.calls == 1


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw[: len(raw) // 2],
        lambda raw: raw[:10],
        lambda raw: b"",
        lambda raw: raw[:-1] + bytes([raw[-1] ^ 0xFF]),
        lambda raw: b"not a cache file at all",
    ],
    ids=["truncated", "header-only", "empty", "last-byte-flipped", "foreign-text"],
)
def test_a_damaged_cache_file_is_a_miss_and_is_rewritten(folder: Path, damage: object) -> None:
    build = Counter()
    expected = _load(build)
    path = folder / "probe.pickle"
    path.write_bytes(damage(path.read_bytes()))  # type: ignore[operator]
    assert _load(build) == expected and build.calls == 2
    assert _load(build) == expected and build.calls == 2  # written again, then read


@settings(max_examples=60, deadline=None)
@given(position=st.integers(min_value=0), flip=st.integers(min_value=1, max_value=255))
def test_any_flipped_byte_is_a_miss(position: int, flip: int) -> None:
    folder = cache_dir()
    assert folder is not None
    build = Counter()
    expected = _load(build)
    path = folder / "probe.pickle"
    raw = bytearray(path.read_bytes())
    raw[position % len(raw)] ^= flip
    path.write_bytes(bytes(raw))
    calls = build.calls
    assert _load(build) == expected and build.calls == calls + 1


def _changed(monkeypatch: pytest.MonkeyPatch, name: str, raw: bytes) -> None:
    """The package's data file ``name`` now holds ``raw``, and the manifest lists its hash
    (data that does not match the manifest is refused before the cache is asked)."""
    read, listed = _cache.read_verified, _cache.listed_sha256
    monkeypatch.setattr(_cache, "read_verified", lambda n: raw if n == name else read(n))
    digest = hashlib.sha256(raw).hexdigest()
    monkeypatch.setattr(_cache, "listed_sha256", lambda n: digest if n == name else listed(n))


def test_changed_data_is_a_miss(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build = Counter()
    _load(build)
    changed = read_verified(SMALL) + b" "
    _changed(monkeypatch, SMALL, changed)
    assert _load(build) == (f"{SMALL}:{len(changed)}",) and build.calls == 2


def test_a_change_to_a_file_the_value_was_checked_against_is_a_miss(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build = Counter()

    def load() -> tuple[str, ...]:
        return load_default("probe", (SMALL,), build, tuple, keyed_on=("cities.json",))

    first = load()
    assert load() == first and build.calls == 1
    _changed(monkeypatch, "cities.json", read_verified("cities.json") + b" ")
    assert load() == first and build.calls == 2  # built again, from the same SMALL


def test_the_key_is_the_listed_hashes_and_the_data_is_hashed_once(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A hit reads each file it is built from once, through read_verified (which hashes it),
    and reads none of the files it was only checked against."""
    _loader.default_catalog.__wrapped__()  # fill the cache
    read: list[str] = []
    verified = _cache.read_verified

    def counting(name: str) -> bytes:
        read.append(name)
        return verified(name)

    monkeypatch.setattr(_cache, "read_verified", counting)
    monkeypatch.setattr(_loader, "parse_catalog", _no_parsing)
    _loader.default_catalog.__wrapped__()
    assert read == ["catalog.json"]
    listed = {name: _cache.listed_sha256(name) for name in ("catalog.json", SMALL)}
    for name, digest in listed.items():
        assert digest == hashlib.sha256(read_verified(name)).hexdigest()


def _no_parsing(*_: object, **__: object) -> Catalog:
    raise AssertionError("parsed although the cache holds the catalog")


def test_an_unlisted_file_to_key_on_is_refused(folder: Path) -> None:
    with pytest.raises(DataIntegrityError):
        load_default("probe", (SMALL,), Counter(), tuple, keyed_on=("not-a-data-file.json",))


def test_changed_code_is_a_miss(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build = Counter()
    _load(build)
    monkeypatch.setattr(_cache, "_code_fingerprint", lambda: b"an edited module")
    _load(build)
    assert build.calls == 2


def test_damaged_package_data_is_refused_even_when_cached(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _load(Counter())

    def refuse(name: str) -> bytes:
        raise DataIntegrityError(name, "does not match MANIFEST.json")

    monkeypatch.setattr(_cache, "read_verified", refuse)
    with pytest.raises(DataIntegrityError):
        _load(Counter())


def test_an_unwritable_cache_folder_falls_back_to_building(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(CACHE_ENV, str(blocker / "cache"))
    build = Counter()
    assert _load(build) == _load(build) and build.calls == 2
    assert blocker.read_text() == "not a folder"


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="file modes are POSIX")
def test_a_cache_file_others_may_write_is_not_read(folder: Path) -> None:
    build = Counter()
    _load(build)
    (folder / "probe.pickle").chmod(0o666)
    _load(build)
    assert build.calls == 2


def test_an_empty_cache_setting_turns_the_cache_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CACHE_ENV, "")
    monkeypatch.chdir(tmp_path)
    assert cache_dir() is None
    build = Counter()
    _load(build)
    _load(build)
    assert build.calls == 2 and list(tmp_path.iterdir()) == []


def test_the_cache_folder_follows_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_ENV, "/somewhere/else")
    assert cache_dir() == Path("/somewhere/else")
    monkeypatch.delenv(CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", "/xdg")
    assert cache_dir() == Path("/xdg/matcher")
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")
    monkeypatch.setenv("HOME", "/home/someone")
    assert cache_dir() == Path("/home/someone/.cache/matcher")


def test_no_home_folder_means_no_cache_and_no_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def nowhere() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.delenv(CACHE_ENV)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setattr(Path, "home", staticmethod(nowhere))
    assert cache_dir() is None
    build = Counter()
    assert _load(build) == _load(build) and build.calls == 2


def test_a_catalog_loaded_from_a_path_is_never_cached(folder: Path, tmp_path: Path) -> None:
    path = tmp_path / "mine.json"
    path.write_bytes(read_verified("catalog.json"))
    load_catalog(path)
    assert not folder.exists() or list(folder.iterdir()) == []


def test_the_suite_never_writes_to_the_users_cache() -> None:
    folder = cache_dir()
    assert folder is not None
    assert Path.home() not in folder.parents


def test_a_value_that_cannot_be_pickled_is_returned_and_leaves_no_file(folder: Path) -> None:
    def build(files: Mapping[str, bytes]) -> tuple[object, ...]:
        return (lambda: None,)

    value = load_default("unpicklable", (SMALL,), build, tuple)
    assert callable(value[0])
    assert list(folder.iterdir()) == []
