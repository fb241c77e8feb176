"""The city table (cities.json): its file format, checks and compiled lookup, loaded once."""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import Annotated, Any, Final, Literal

import attrs
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from matcher.common._errors import CatalogError
from matcher.common._manifest import read_verified
from matcher.profile._city import CITIES_KIND, COVERAGE, FILE, City, city_key

# --- the file ---------------------------------------------------------------------------------

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class CityEntry(Model):
    name: Name
    province: Name
    name_zh: Name
    variants: tuple[Name, ...] = ()


class AmbiguousEntry(Model):
    name: Name
    cities: Annotated[tuple[Name, ...], Field(min_length=2)]


class ProvinceEntry(Model):
    name: Name
    name_zh: Name
    capital: Name
    variants: tuple[Name, ...] = ()


class NotCityEntry(Model):
    name: Name
    reason: Literal["country", "taiwan"]
    variants: tuple[Name, ...] = ()


class CitiesFileV1(Model):
    kind: Literal["matcher.cities"]
    schema_version: Literal[1]
    data_version: Name
    updated: dt.date
    note: str | None = None
    cities: Annotated[tuple[CityEntry, ...], Field(min_length=1)]
    ambiguous: tuple[AmbiguousEntry, ...] = ()
    provinces: tuple[ProvinceEntry, ...] = ()
    not_cities: tuple[NotCityEntry, ...] = ()


Refusal = tuple[str, tuple[str, ...]]


@attrs.frozen
class Table:
    """The compiled table: every accepted spelling, folded, mapped to its city or refusal."""

    cities: tuple[City, ...]
    by_name: Mapping[str, City]
    by_key: Mapping[str, City]
    refusals: Mapping[str, Refusal]
    #: Spellings offered to "did you mean", each mapped to its city's canonical name.
    spellings: Mapping[str, str]


NOT_CITY_PROBLEMS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "country": f"is a country, not a city; give one or more cities in {COVERAGE}",
        "taiwan": f"is in Taiwan, outside the catalog, which covers {COVERAGE}",
    }
)


def fail(problem: str, field: str | None = None) -> CatalogError:
    return CatalogError(problem, file=FILE, field=field)


class KeyRegistry:
    """Folded spellings and what each names, refusing a spelling that would name two things."""

    def __init__(self) -> None:
        self.owners: dict[str, tuple[str, str]] = {}

    def claim(self, spelling: str, owner: str, field: str, *, may_repeat: bool = False) -> str:
        key = city_key(spelling)
        if not key:
            raise fail(f"{spelling!r} folds to nothing", field)
        previous = self.owners.get(key)
        if previous is not None:
            previous_owner, previous_spelling = previous
            if previous_owner == owner and may_repeat:
                return key
            if previous_owner == owner:
                problem = (
                    f"{spelling!r} ({owner}) is redundant: it folds to {key!r} like "
                    f"{previous_spelling!r}"
                )
            else:
                problem = (
                    f"{spelling!r} ({owner}) and {previous_spelling!r} ({previous_owner}) both "
                    f"fold to {key!r}; a spelling must name one thing"
                )
            raise fail(problem, field)
        self.owners[key] = (owner, spelling)
        return key


def compile_v1(document: Mapping[str, Any]) -> Table:
    try:
        data = CitiesFileV1.model_validate(document)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise fail(first["msg"], where or None) from None
    registry = KeyRegistry()
    cities: list[City] = []
    by_name: dict[str, City] = {}
    by_key: dict[str, City] = {}
    for index, entry in enumerate(data.cities):
        city = City(entry.name, entry.province, entry.name_zh, entry.variants)
        if city.name in by_name:
            raise fail(f"two cities are named {city.name!r}", f"cities[{index}].name")
        by_name[city.name] = city
        cities.append(city)
        field = f"cities[{index}]"
        owner = f"city {city.name}"
        for spelling in (city.name, city.name_zh, *city.variants):
            by_key[registry.claim(spelling, owner, field)] = city

    provinces = {entry.name: entry for entry in data.provinces}
    for index, city in enumerate(cities):
        province = provinces.get(city.province)
        if province is None:
            continue
        for spelling in with_province(city, province):
            by_key[
                registry.claim(spelling, f"city {city.name}", f"cities[{index}]", may_repeat=True)
            ] = city

    refusals: dict[str, Refusal] = {}

    def refuse(
        spellings: Iterable[str],
        owner: str,
        field: str,
        refusal: Refusal,
        *,
        cities_win: bool = False,
    ) -> None:
        for spelling in spellings:
            if cities_win and city_key(spelling) in by_key:
                continue
            refusals[registry.claim(spelling, owner, field, may_repeat=True)] = refusal

    for index, ambiguous in enumerate(data.ambiguous):
        field = f"ambiguous[{index}]"
        for name in ambiguous.cities:
            if name not in by_name:
                raise fail(f"{name!r} is not a city in the table", field)
        problem = "names more than one city; say which"
        refuse(
            [ambiguous.name], f"ambiguous name {ambiguous.name}", field, (problem, ambiguous.cities)
        )

    for index, province in enumerate(data.provinces):
        field = f"provinces[{index}]"
        if province.capital not in by_name:
            raise fail(f"the capital {province.capital!r} is not a city in the table", field)
        problem = (
            f"is a province ({province.name}), not a city; give a city in it, "
            f"e.g. its capital {province.capital!r}"
        )
        names = [
            province.name,
            f"{province.name} province",
            f"{province.name} sheng",
            province.name_zh,
            f"{province.name_zh}省",
            *province.variants,
        ]
        # A city named like its province ("Jilin") keeps the name; "Jilin Province" is refused.
        owner = f"province {province.name}"
        refuse(names, owner, field, (problem, (province.capital,)), cities_win=True)

    for index, outside in enumerate(data.not_cities):
        field = f"not_cities[{index}]"
        problem = NOT_CITY_PROBLEMS[outside.reason]
        owner = f"{outside.reason} {outside.name}"
        refuse([outside.name, *outside.variants], owner, field, (problem, ()))

    spellings = {
        spelling: city.name
        for city in cities
        for spelling in (city.name, city.name_zh, *city.variants)
    }
    return Table(
        cities=tuple(cities),
        by_name=MappingProxyType(by_name),
        by_key=MappingProxyType(by_key),
        refusals=MappingProxyType(refusals),
        spellings=MappingProxyType(spellings),
    )


def with_province(city: City, province: ProvinceEntry) -> Iterable[str]:
    """The city named with its province: "Suzhou, Jiangsu", "江苏省苏州"."""
    base = city.name.removesuffix(f", {province.name}")
    latin_cities = [base, *(v for v in city.variants if v.isascii())]
    latin_provinces = [
        province.name,
        f"{province.name} province",
        *(v for v in province.variants if v.isascii()),
    ]
    for city_name in latin_cities:
        for province_name in latin_provinces:
            yield f"{city_name}, {province_name}"
    chinese_cities = [city.name_zh, *(v for v in city.variants if not v.isascii())]
    chinese_provinces = [
        province.name_zh,
        f"{province.name_zh}省",
        *(v for v in province.variants if not v.isascii()),
    ]
    for province_name in chinese_provinces:
        for city_name in chinese_cities:
            yield province_name + city_name


#: Loaders by schema version; a new version adds one.
LOADERS: Final[Mapping[int, Callable[[Mapping[str, Any]], Table]]] = MappingProxyType(
    {1: compile_v1}
)


def load(text: str) -> Table:
    """Check a cities document's header and compile it with the loader for its version."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise fail(f"is not valid JSON ({error})") from None
    if not isinstance(document, dict):
        raise fail("must hold a JSON object")
    kind = document.get("kind")
    if kind != CITIES_KIND:
        raise fail(f"kind is {kind!r}, expected {CITIES_KIND!r}", "kind")
    version = document.get("schema_version")
    loader = LOADERS.get(version) if isinstance(version, int) else None
    if loader is None:
        supported = ", ".join(str(v) for v in LOADERS)
        raise fail(
            f"schema_version {version!r} is not supported (supported: {supported})",
            "schema_version",
        )
    return loader(document)


@functools.cache
def cities_table() -> Table:
    return load(read_verified(FILE).decode("utf-8"))
