"""Loading a hospital catalog: whole or not at all, with errors that name file, hospital, field."""

from __future__ import annotations

import datetime as dt
import functools
import gc
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final
from urllib.parse import urlsplit

import attrs
from pydantic import ValidationError

from matcher.catalog._compiled import EncodedCatalog, encode
from matcher.catalog._schema import (
    CATALOG_KIND,
    SCHEMA_VERSION,
    SCHEMA_VERSIONS,
    CatalogFile,
    Hospital,
    ModalityClaim,
    ServiceClaim,
    Source,
    StrengthClaim,
)
from matcher.catalog._versions import NOT_INDEPENDENT, TOP_LEVEL, upgrade
from matcher.common._cache import load_default
from matcher.common._errors import CatalogError
from matcher.common._jsonfile import parse_document, read_bounded
from matcher.common._pickling import Picklable
from matcher.common._text import closest, fold
from matcher.profile._cities import city_named
from matcher.profile._city import FILE as CITIES_FILE
from matcher.profile._ontology import DATA_FILES as ONTOLOGY_FILES
from matcher.profile._ontology import default_ontology
from matcher.profile._vocab import MODALITY_PARENT, SERVICES

#: Catalog files larger than this are refused before parsing (bounded time and memory).
MAX_CATALOG_BYTES: Final = 64 * 1024 * 1024
_DEFAULT_NAME: Final = "catalog.json"


@attrs.frozen(eq=False)
class Catalog(Picklable):
    """An immutable, validated set of hospitals with the sources behind their claims.

    Iterate it for hospitals; look one up by id, name or alias with ``catalog[key]`` or
    :meth:`find`. Build one with :func:`load_catalog`, or :meth:`from_file_model` from a
    :class:`CatalogFile` made in code.
    """

    hospitals: tuple[Hospital, ...]
    sources: Mapping[str, Source]
    data_version: str
    updated: dt.date
    schema_version: int
    origin: str
    #: modalities the catalog lists completely: no claim there means "not offered", not unknown
    complete_for: frozenset[str]
    _by_key: Mapping[str, Hospital] = attrs.field(repr=False)
    #: the hospitals compiled to arrays once, for scoring
    encoded: EncodedCatalog = attrs.field(repr=False)

    @classmethod
    def from_file_model(cls, model: CatalogFile, *, origin: str = "<memory>") -> Catalog:
        """Check a parsed catalog file across fields and build the Catalog; raises CatalogError."""
        by_key = _check(model, origin)
        catalog = cls(
            hospitals=model.hospitals,
            sources=MappingProxyType(dict(model.sources)),
            data_version=model.data_version,
            updated=model.updated,
            schema_version=model.schema_version,
            origin=origin,
            complete_for=frozenset(model.complete_for),
            by_key=MappingProxyType(by_key),
            encoded=encode(model.hospitals, model.sources),
        )
        freeze_for_collector()
        return catalog

    def _after_unpickling(self) -> None:
        freeze_for_collector()  # as when it was built: out of the collector's way

    def to_file_model(self) -> CatalogFile:
        """The catalog as a file model (for editing in code, then ``from_file_model``)."""
        return CatalogFile(
            kind=CATALOG_KIND,
            schema_version=SCHEMA_VERSION,
            data_version=self.data_version,
            updated=self.updated,
            complete_for=tuple(sorted(self.complete_for)),
            sources=dict(self.sources),
            hospitals=self.hospitals,
        )

    def __iter__(self) -> Iterator[Hospital]:
        return iter(self.hospitals)

    def __len__(self) -> int:
        return len(self.hospitals)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and fold(key) in self._by_key

    def __getitem__(self, key: str) -> Hospital:
        hospital = self.find(key)
        if hospital is None:
            raise KeyError(key)
        return hospital

    def find(self, key: str) -> Hospital | None:
        """The hospital with this id, name, Chinese name or alias (any case), or None."""
        return self._by_key.get(fold(key))

    @property
    def ids(self) -> tuple[str, ...]:
        """Hospital ids in catalog order."""
        return tuple(hospital.id for hospital in self.hospitals)

    def source(self, source_id: str) -> Source:
        """The source with this id."""
        return self.sources[source_id]

    def __repr__(self) -> str:
        return (
            f"Catalog({len(self.hospitals)} hospitals, data_version={self.data_version!r}, "
            f"origin={self.origin!r})"
        )


def freeze_for_collector() -> None:
    """Move every object alive now, the new catalog's among them, out of the collector's reach.

    A catalog is tens of thousands of small objects per thousand hospitals (pydantic models,
    tuples, strings: about two million tracked objects at 100,000 hospitals), none of which
    changes after loading. Left in the collector's care, every full collection would walk all
    of them, and a ``recommend()`` call that happens to trigger one would take many times its
    usual time. ``gc.freeze()`` moves them to the permanent generation, once, when the catalog
    is built; the objects are still freed by reference counting when the catalog is dropped
    (only reference cycles among objects alive at that moment are never collected, and the
    catalog's objects form none). Called by :meth:`Catalog.from_file_model`.
    """
    gc.freeze()


def load_catalog(path: str | Path | None = None) -> Catalog:
    """Load a hospital catalog; ``None`` loads the default catalog shipped with matcher.

    Raises
    ------
    CatalogError
        For a missing, unreadable, malformed or inconsistent file; nothing is half-loaded.
    """
    if path is None:
        return default_catalog()
    file = Path(path)
    raw = read_bounded(file, MAX_CATALOG_BYTES, CatalogError, "a catalog")
    return parse_catalog(raw, origin=str(file))


@functools.cache
def default_catalog() -> Catalog:
    """The default catalog shipped inside the package (loaded once per process).

    Parsed once per installation: later processes unpickle it from the user's cache folder
    (see :mod:`matcher.common._cache`), keyed on the catalog and the files it is checked
    against (the ontology and the cities), so it is always what parsing would give.
    """
    return load_default(
        "catalog",
        (_DEFAULT_NAME,),
        _parse_default,
        Catalog,
        keyed_on=(*ONTOLOGY_FILES, CITIES_FILE),
    )


def _parse_default(files: Mapping[str, bytes]) -> Catalog:
    return parse_catalog(files[_DEFAULT_NAME], origin=f"matcher/data/{_DEFAULT_NAME}")


def parse_catalog(raw: bytes | str, *, origin: str = "<memory>") -> Catalog:
    """Parse and check catalog JSON text; raises CatalogError naming ``origin``."""
    data, version = parse_document(
        raw,
        origin=origin,
        kind=CATALOG_KIND,
        versions=SCHEMA_VERSIONS,
        limit=MAX_CATALOG_BYTES,
        error=CatalogError,
        what="a catalog",
    )
    try:
        data = upgrade(data, version)
        model = CatalogFile.model_validate(data)
    except ValidationError as error:
        raise _catalog_error(error, data, origin) from None
    except RecursionError:
        raise CatalogError("is nested too deeply to be a catalog", file=origin) from None
    return Catalog.from_file_model(model, origin=origin)


def _catalog_error(error: ValidationError, data: dict[str, Any], origin: str) -> CatalogError:
    """The first validation problem as a CatalogError naming the hospital and field."""
    detail = error.errors(include_url=False)[0]
    location = list(detail["loc"])
    hospital = None
    if len(location) >= 2 and location[0] == "hospitals" and isinstance(location[1], int):
        entries = data.get("hospitals")
        entry = entries[location[1]] if isinstance(entries, list) else None
        hospital_id = entry.get("id") if isinstance(entry, dict) else None
        hospital = str(hospital_id) if hospital_id else f"#{location[1]}"
        location = location[2:]
    field = ".".join(str(part) for part in location) or None
    message = str(detail["msg"])
    count = error.error_count()
    if count > 1:
        message += f" (and {count - 1} more problem{'s' if count > 2 else ''})"
    return CatalogError(message, file=origin, hospital=hospital, field=field)


def _unknown_code(code: str, codes: tuple[str, ...]) -> str:
    """The problem text for an unknown OncoTree code, with the closest codes."""
    text = f"unknown cancer type code {code!r} (OncoTree codes are expected)"
    near = closest(code, codes, n=3, cutoff=0.6)
    return text + (f"; did you mean {' or '.join(map(repr, near))}?" if near else "")


def _check(model: CatalogFile, origin: str) -> dict[str, Hospital]:
    """Checks across fields; returns the lookup table from folded names to hospitals."""
    ontology = default_ontology()
    known = frozenset(ontology.codes())  # exact codes: "npc" would match no patient's "NPC"
    by_key: dict[str, Hospital] = {}
    for hospital in model.hospitals:

        def fail(problem: str, field: str, hospital: Hospital = hospital) -> CatalogError:
            return CatalogError(problem, file=origin, hospital=hospital.id, field=field)

        for name_field, name in [
            ("id", hospital.id),
            *(("aliases", a) for a in hospital.all_names),
        ]:
            key = fold(name)
            if not key:
                raise fail(f"name {name!r} has no letters or digits", name_field)
            other = by_key.get(key)
            if other is not None and other is not hospital:
                raise fail(f"{name!r} is already used by hospital {other.id!r}", name_field)
            by_key[key] = hospital
        try:
            city_named(hospital.city)
        except KeyError:
            raise fail(f"unknown city {hospital.city!r}", "city") from None
        groups = (
            ("identity", hospital.identity),
            ("contacts", hospital.contacts),
            ("strengths", hospital.strengths),
            ("modalities", hospital.modalities),
            ("services", hospital.services),
            ("languages", hospital.languages),
            ("accreditations", hospital.accreditations),
            ("figures", hospital.figures),
            ("rankings", hospital.rankings),
            ("programmes", hospital.programmes),
        )
        for group, claims in groups:
            for index, claim in enumerate(claims):
                where = f"{group}[{index}]"
                if claim.source not in model.sources:
                    raise fail(
                        f"cites source {claim.source!r}, which is not defined", f"{where}.source"
                    )
        for index, strength in enumerate(hospital.strengths):
            if strength.cancer_type not in known:
                raise fail(
                    _unknown_code(strength.cancer_type, ontology.codes()),
                    f"strengths[{index}].cancer_type",
                )
        for index, offered in enumerate(hospital.modalities):
            if offered.modality not in MODALITY_PARENT:
                raise fail(
                    f"unknown modality {offered.modality!r}", f"modalities[{index}].modality"
                )
            for code in offered.cancer_types:
                if code not in known:
                    raise fail(
                        _unknown_code(code, ontology.codes()), f"modalities[{index}].cancer_types"
                    )
        for index, service in enumerate(hospital.services):
            if service.service not in SERVICES:
                raise fail(f"unknown service {service.service!r}", f"services[{index}].service")
        if hospital.evidence == "substantial" and not hospital.strengths:
            raise fail("claims substantial evidence but has no strength claims", "evidence")
        if hospital.name_zh_source is not None and hospital.name_zh_source not in model.sources:
            raise fail(
                f"cites source {hospital.name_zh_source!r}, which is not defined", "name_zh_source"
            )
        _check_top_levels(hospital, model.sources, fail)
        if hospital.website is not None and not _own_site(
            hospital, hospital.website, model.sources
        ):
            raise fail(
                f"website {hospital.website!r} is not the site of any of its self-description "
                "sources (a website is recorded only where one of its pages was read)",
                "website",
            )
    for modality in sorted(model.complete_for):  # the first unknown one, the same in any process
        if modality not in MODALITY_PARENT:
            raise CatalogError(f"unknown modality {modality!r}", file=origin, field="complete_for")
    return by_key


def _check_top_levels(
    hospital: Hospital, sources: Mapping[str, Source], fail: Callable[[str, str], CatalogError]
) -> None:
    """The top level needs an independent source: not the hospital's own words, not marketing."""
    levelled: tuple[tuple[str, tuple[StrengthClaim | ModalityClaim | ServiceClaim, ...]], ...] = (
        ("strengths", hospital.strengths),
        ("modalities", hospital.modalities),
        ("services", hospital.services),
    )
    for group, claims in levelled:
        for index, claim in enumerate(claims):
            authority = sources[claim.source].authority
            if claim.level == TOP_LEVEL and authority in NOT_INDEPENDENT:
                raise fail(
                    f"level {TOP_LEVEL} rests on source {claim.source!r}, a {authority} source; "
                    "the top level needs an independent one (at most level 4)",
                    f"{group}[{index}].level",
                )


def _site(url: str) -> str:
    """The host of a URL, without "www." and the port."""
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


def _own_site(hospital: Hospital, website: str, sources: Mapping[str, Source]) -> bool:
    """Whether the hospital's website is the site of one of its self-description sources."""
    site = _site(website)
    cited = {claim.source for claim in hospital.claims()}
    return any(
        sources[source].authority == "self_description"
        and sources[source].url is not None
        and _site(sources[source].url or "") == site
        for source in cited
    )
