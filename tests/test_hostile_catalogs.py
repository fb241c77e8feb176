"""Hostile catalogs: huge, endless, nested, doubled, non-finite or tampered files are refused whole,
with a CatalogError (or, for the package's own data, a DataIntegrityError) that says where.

tests/test_catalog_loading.py covers one broken field at a time; this file covers what an
attacker, a bad merge or a damaged download produces.
"""

from __future__ import annotations

import json
import shutil
import time
import tracemalloc
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

import matcher
from matcher import CatalogError, load_catalog
from matcher.catalog import _loader as _catalog
from matcher.catalog._loader import MAX_CATALOG_BYTES
from matcher.common import _manifest
from matcher.common._manifest import MANIFEST_NAME, DataIntegrityError, manifest_text, read_verified
from matcher.profile import _biomarkers, _cities_table, _ontology
from tests.catalog_fixtures import minimal_catalog, write

MIB = 1024 * 1024
HEADER = b'{"kind": "matcher.catalog", "schema_version": 1, "hospitals": ['


def _refused(path: Path) -> CatalogError:
    with pytest.raises(CatalogError) as caught:
        load_catalog(path)
    assert caught.value.file == str(path)
    return caught.value


def _bytes_read_by_this_process() -> int:
    """Bytes this process has read through read() calls so far (Linux: /proc/self/io)."""
    for line in Path("/proc/self/io").read_text().splitlines():
        if line.startswith("rchar:"):
            return int(line.split()[1])
    raise AssertionError("/proc/self/io has no rchar line")


def _refuse_measured(path: Path) -> tuple[CatalogError, int, float]:
    """Load ``path``, expecting refusal; the error, the peak of traced memory, the seconds."""
    tracemalloc.start()
    try:
        started = time.perf_counter()
        error = _refused(path)
        seconds = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return error, peak, seconds


# --- size: refused by the cap, without reading the whole file ------------------------------------


def _sparse(path: Path, size: int) -> Path:
    """A file of ``size`` bytes that starts like a catalog and is a hole after that."""
    with path.open("wb") as handle:
        handle.write(HEADER)
        handle.truncate(size)
    return path


def test_a_300_mib_catalog_is_refused_by_the_size_cap_in_bounded_memory(tmp_path: Path) -> None:
    huge = _sparse(tmp_path / "huge.json", 300 * MIB)
    error, peak, _ = _refuse_measured(huge)
    assert "larger than" in error.problem
    # At most the cap (plus one byte) is held, whatever the size of the file.
    assert peak < MAX_CATALOG_BYTES + 8 * MIB < huge.stat().st_size


@pytest.mark.skipif(not Path("/proc/self/io").exists(), reason="needs Linux's /proc/self/io")
def test_a_300_mib_catalog_is_not_read_past_the_size_cap(tmp_path: Path) -> None:
    huge = _sparse(tmp_path / "huge.json", 300 * MIB)
    before = _bytes_read_by_this_process()
    _refused(huge)
    read = _bytes_read_by_this_process() - before
    assert read <= MAX_CATALOG_BYTES + MIB


def test_refusing_a_file_costs_the_same_at_300_mib_as_just_over_the_cap(tmp_path: Path) -> None:
    # Bounded work: five times the bytes on disk must not cost anything like five times the time.
    just_over = _sparse(tmp_path / "over.json", MAX_CATALOG_BYTES + 1)
    huge = _sparse(tmp_path / "huge.json", 300 * MIB)
    small = min(_refuse_measured(just_over)[2] for _ in range(2))
    large = min(_refuse_measured(huge)[2] for _ in range(2))
    assert large < 2.5 * small + 0.25


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_an_endless_stream_is_refused_unread() -> None:
    error = _refused(Path("/dev/zero"))
    assert "not a regular file" in error.problem


def test_a_directory_given_as_a_catalog_is_refused(tmp_path: Path) -> None:
    assert "cannot be read" in _refused(tmp_path).problem


# --- encodings and framing ----------------------------------------------------------------------


def _text() -> bytes:
    return json.dumps(minimal_catalog(), ensure_ascii=False).encode("utf-8")


@pytest.mark.parametrize(
    ("case", "raw"),
    [
        ("empty", b""),
        ("only whitespace", b" \n\t "),
        ("null", b"null"),
        ("a JSON string", b'"matcher.catalog"'),
        ("a bare NaN", b"NaN"),
        ("invalid UTF-8", _text()[:40] + b"\xff\xfe\xfd" + _text()[40:]),
        ("two documents", _text() + _text()),
        ("truncated inside a quote", _text()[: _text().index(b"Internationally") + 5]),
        ("NUL bytes", _text().replace(b'"Alpha Hospital"', b'"Alpha\x00Hospital', 1)),
    ],
)
def test_malformed_bytes_are_refused_naming_the_file(tmp_path: Path, case: str, raw: bytes) -> None:
    path = tmp_path / "catalog.json"
    path.write_bytes(raw)
    _refused(path)


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"),
        lambda text: text.encode("utf-16"),
        lambda text: text.encode("utf-32"),
    ],
    ids=["utf-8 with BOM", "utf-16", "utf-32"],
)
def test_a_catalog_in_another_unicode_encoding_loads_the_same(
    tmp_path: Path, encode: Callable[[str], bytes]
) -> None:
    path = tmp_path / "catalog.json"
    path.write_bytes(encode(json.dumps(minimal_catalog(), ensure_ascii=False)))
    assert load_catalog(path).ids == ("alpha-cancer-center", "beta-hospital")


def test_a_lone_surrogate_in_a_name_is_refused_naming_hospital_and_field(tmp_path: Path) -> None:
    document = minimal_catalog()
    document["hospitals"][0]["name"] = "Alpha \ud800 Center"
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(document), encoding="ascii")  # the escape survives as \ud800
    error = _refused(path)
    assert (error.hospital, error.field) == ("alpha-cancer-center", "name")


# --- nesting ------------------------------------------------------------------------------------


@pytest.mark.parametrize("depth", [500, 5_000, 200_000])
@pytest.mark.parametrize("opening, inner, closing", [("[", "", "]"), ('{"a": ', "1", "}")])
def test_deep_nesting_inside_a_hospital_is_refused(
    tmp_path: Path, depth: int, opening: str, inner: str, closing: str
) -> None:
    nested = opening * depth + inner + closing * depth
    text = json.dumps(minimal_catalog()).replace('"aliases": [', f'"aliases": [{nested}, ', 1)
    path = tmp_path / "catalog.json"
    path.write_text(text, encoding="utf-8")
    error = _refused(path)
    if error.hospital is not None:  # parsed, then refused by the schema
        assert (error.hospital, error.field) == ("alpha-cancer-center", "aliases.0")


# --- duplicates the JSON parser would hide ------------------------------------------------------


def test_a_key_given_twice_in_one_object_is_refused(tmp_path: Path) -> None:
    # json keeps the last of two equal keys: a second "hospitals" would silently drop the first.
    text = json.dumps(minimal_catalog())
    second = json.dumps([minimal_catalog()["hospitals"][1]])
    path = tmp_path / "catalog.json"
    path.write_text(text[:-1] + f', "hospitals": {second}}}', encoding="utf-8")
    error = _refused(path)
    assert "'hospitals'" in error.problem and "twice" in error.problem


def test_a_source_id_defined_twice_is_refused(tmp_path: Path) -> None:
    text = json.dumps(minimal_catalog())
    twice = '"sources": {"page": {"kind": "seed", "file": "other.txt", "title": "Other"}, '
    path = tmp_path / "catalog.json"
    path.write_text(text.replace('"sources": {', twice, 1), encoding="utf-8")
    assert "'page'" in _refused(path).problem


# --- numbers ------------------------------------------------------------------------------------


@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity", "1e400", "-1e400"])
@pytest.mark.parametrize(
    ("anchor", "hospital", "field"),
    [
        ('"level": 5', "alpha-cancer-center", "strengths.0.level"),
        ('"level": 4', "alpha-cancer-center", "modalities.0.level"),
        ('"level": 2', "beta-hospital", "strengths.0.level"),
    ],
)
def test_non_finite_levels_are_refused_naming_hospital_and_field(
    tmp_path: Path, token: str, anchor: str, hospital: str, field: str
) -> None:
    text = json.dumps(minimal_catalog())
    assert anchor in text
    path = tmp_path / "catalog.json"
    path.write_text(text.replace(anchor, anchor.split(":")[0] + ": " + token, 1), encoding="utf-8")
    error = _refused(path)
    assert (error.hospital, error.field) == (hospital, field)


@pytest.mark.parametrize("token", ["NaN", "Infinity", "1e400", '"1"', "[1]", "null"])
def test_a_schema_version_that_is_not_a_supported_integer_is_refused(
    tmp_path: Path, token: str
) -> None:
    text = json.dumps(minimal_catalog()).replace(
        '"schema_version": 2', f'"schema_version": {token}'
    )
    path = tmp_path / "catalog.json"
    path.write_text(text, encoding="utf-8")
    assert _refused(path).field == "schema_version"


def test_a_number_too_long_to_parse_is_refused(tmp_path: Path) -> None:
    text = json.dumps(minimal_catalog()).replace('"value": 1600', '"value": ' + "9" * 5000)
    path = tmp_path / "catalog.json"
    path.write_text(text, encoding="utf-8")
    _refused(path)


# --- codes and sources --------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["npc", "Npc"])
def test_a_cancer_code_not_written_as_oncotree_writes_it_is_refused(
    tmp_path: Path, code: str
) -> None:
    # Loaded, "npc" matched no patient: the hospital was left out for lack of NPC evidence.
    document = minimal_catalog()
    document["hospitals"][0]["strengths"][0]["cancer_type"] = code
    error = _refused(write(tmp_path, document))
    assert (error.hospital, error.field) == ("alpha-cancer-center", "strengths[0].cancer_type")
    assert "'NPC'" in error.problem


def test_an_unknown_code_in_a_modality_scope_is_refused(tmp_path: Path) -> None:
    document = minimal_catalog()
    document["hospitals"][0]["modalities"][0]["cancer_types"] = ["NPC", "NOT-A-CODE"]
    error = _refused(write(tmp_path, document))
    assert (error.hospital, error.field) == ("alpha-cancer-center", "modalities[0].cancer_types")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda d: d.pop("sources"), "sources"),
        (lambda d: d.update(sources=[]), "sources"),
        (lambda d: d.update(sources={}), "identity[0].source"),
        (lambda d: d["sources"].update({"Bad Id": d["sources"]["page"]}), "sources.Bad Id.[key]"),
    ],
    ids=["missing", "a list", "empty", "an id that is not a slug"],
)
def test_missing_or_malformed_sources_are_refused(
    tmp_path: Path, change: Callable[[dict[str, Any]], object], field: str
) -> None:
    document = minimal_catalog()
    change(document)
    assert _refused(write(tmp_path, document)).field == field


# --- whole or nothing ---------------------------------------------------------------------------


def test_a_broken_last_hospital_refuses_the_whole_default_catalog(tmp_path: Path) -> None:
    document = load_catalog().to_file_model().model_dump(mode="json", exclude_none=True)
    broken = dict(document["hospitals"][0], id="zz-last", name="Last Hospital", aliases=[])
    broken.pop("name_zh", None)
    broken["strengths"] = [dict(broken["strengths"][0], source="no-such-source")]
    document["hospitals"].append(broken)
    error = _refused(write(tmp_path, document))
    assert (error.hospital, error.field) == ("zz-last", "strengths[0].source")


def test_a_refused_catalog_leaves_the_default_catalog_untouched(tmp_path: Path) -> None:
    before = load_catalog()
    document = minimal_catalog()
    document["hospitals"][1]["id"] = "alpha-cancer-center"
    _refused(write(tmp_path, document))
    assert load_catalog() is before
    assert matcher.recommend({"cancer_type": "NPC"}).query.catalog is before  # type: ignore[union-attr]


# --- the package's own data: checked against MANIFEST.json ----------------------------------------


def _package_data_dir() -> Path:
    return Path(str(resources.files("matcher") / "data"))


def test_the_manifest_is_up_to_date_with_the_data_files() -> None:
    data = _package_data_dir()
    listed = json.loads((data / MANIFEST_NAME).read_text(encoding="utf-8"))["files"]
    current = json.loads(manifest_text(data))["files"]

    def change(name: str) -> str:
        return "added" if name not in listed else "removed" if name not in current else "changed"

    stale = sorted(
        f"{name} {change(name)}"
        for name in set(listed) | set(current)
        if listed.get(name) != current.get(name)
    )
    assert not stale, (
        f"src/matcher/data/{MANIFEST_NAME} is stale ({'; '.join(stale)}). After a deliberate "
        "edit of a data file run `python scripts/update_manifest.py` and commit the manifest."
    )


def test_every_listed_file_reads_back_verified_with_its_header() -> None:
    listed = json.loads((_package_data_dir() / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert listed["kind"] == "matcher.manifest" and listed["schema_version"] == 1
    assert "catalog.json" in listed["files"]
    for name, entry in listed["files"].items():
        raw = read_verified(name)
        assert len(raw) == entry["bytes"]
        if entry["kind"] is not None and entry["kind"].startswith("matcher."):
            assert json.loads(raw)["kind"] == entry["kind"]


@pytest.fixture
def data_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the package data folder that the default loaders read instead of the real one."""
    copy = tmp_path / "data"
    shutil.copytree(_package_data_dir(), copy)
    monkeypatch.setattr(_manifest, "_package_data", lambda: copy)
    monkeypatch.setattr(
        _manifest,
        "_package_manifest",
        lambda: _manifest._parse_manifest((copy / MANIFEST_NAME).read_bytes()),
    )
    return copy


# Each default loader, uncached (``__wrapped__``), with the data files it reads.
LOADERS: dict[str, tuple[Callable[[], object], tuple[str, ...]]] = {
    "catalog": (_catalog.default_catalog.__wrapped__, ("catalog.json",)),
    "ontology": (
        _ontology.default_ontology.__wrapped__,
        (f"{_ontology.ONCOTREE_VERSION}.json", "cancer_synonyms.json"),
    ),
    "cities": (_cities_table.cities_table.__wrapped__, ("cities.json",)),
    "biomarkers": (_biomarkers._tables.__wrapped__, ("biomarkers.json", "civic_gene_symbols.json")),
}
CASES = [(loader, name) for loader, (_, names) in LOADERS.items() for name in names]


@pytest.mark.parametrize(("loader", "name"), CASES)
def test_a_default_loader_refuses_a_tampered_data_file(
    data_copy: Path, loader: str, name: str
) -> None:
    load, _ = LOADERS[loader]
    load()  # the untouched copy loads
    path = data_copy / name
    raw = path.read_bytes()
    path.write_bytes(raw.replace(b"a", b"b", 1))  # one byte: same size, another hash
    with pytest.raises(DataIntegrityError) as caught:
        load()
    error = caught.value
    assert error.file == name
    assert error.expected is not None and error.actual is not None
    assert error.expected != error.actual
    message = str(error)
    assert name in message and error.expected in message and error.actual in message
    assert "reinstall" in message and "scripts/update_manifest.py" in message


@pytest.mark.parametrize(("loader", "name"), CASES)
def test_a_default_loader_refuses_a_missing_data_file(
    data_copy: Path, loader: str, name: str
) -> None:
    (data_copy / name).unlink()
    with pytest.raises(DataIntegrityError, match="missing"):
        LOADERS[loader][0]()


def test_a_file_not_in_the_manifest_is_refused(data_copy: Path) -> None:
    (data_copy / "extra.json").write_text("{}", encoding="utf-8")
    with pytest.raises(DataIntegrityError, match="not listed") as caught:
        read_verified("extra.json")
    assert caught.value.file == "extra.json"


@pytest.mark.parametrize(
    "manifest",
    [None, b"", b"[]", b'{"kind": "matcher.manifest", "schema_version": 2, "files": {}}'],
    ids=["missing", "empty", "not an object", "unknown schema version"],
)
def test_a_missing_or_malformed_manifest_is_refused(
    data_copy: Path, manifest: bytes | None
) -> None:
    path = data_copy / MANIFEST_NAME
    if manifest is None:
        path.unlink()
    else:
        path.write_bytes(manifest)
    with pytest.raises(DataIntegrityError) as caught:
        read_verified("catalog.json", data_copy)
    assert caught.value.file == MANIFEST_NAME


def test_a_data_integrity_error_is_a_matcher_error_that_pickles() -> None:
    import pickle

    error = DataIntegrityError("catalog.json", "does not match", expected="a" * 64, actual="b" * 64)
    assert isinstance(error, matcher.MatcherError)
    again = pickle.loads(pickle.dumps(error))
    assert (again.file, again.expected, again.actual, str(again)) == (
        error.file,
        error.expected,
        error.actual,
        str(error),
    )


def test_a_custom_catalog_from_a_path_is_not_manifest_checked(tmp_path: Path) -> None:
    # The caller's own file: no manifest beside it, and none is needed.
    path = write(tmp_path, minimal_catalog())
    assert not (tmp_path / MANIFEST_NAME).exists()
    assert load_catalog(path).origin == str(path)
