"""Cities a patient profile may name, resolved from what people type to one canonical :class:`City`.

The table (``matcher/data/cities.json``) covers mainland China, Hong Kong and Macau: every
provincial-level capital, every sub-provincial city, and the prefecture-level cities (with a few
county-level ones, such as Qionghai and Dali) that have large hospitals. Canonical names are pinyin
without tone marks, in the usual English form ("Xi'an", "Hohhot", "Urumqi", "Hong Kong", "Macau").

What is accepted
----------------
- The canonical name, the Chinese name (simplified or traditional) and the stored variants:
  older romanisations ("Peking", "Canton", "Amoy", "Tsingtao"), districts people name instead of
  their city ("Hankow" for Wuhan, "Kowloon" for Hong Kong) and the Boao Lecheng medical zone
  ("Boao", "博鳌"), which lies in Qionghai.
- Case, spacing, punctuation and tone marks are ignored ("xian", "XI AN", "Xī'ān" are Xi'an).
- A trailing "city", "shi", "municipality", "SAR", 市 or 特别行政区 ("Beijing Shi", "北京市").
- A city with its province, in English or Chinese order ("Suzhou, Jiangsu", "江苏省苏州市").

Decisions
---------
- Pinyin names shared by two cities: "Suzhou" is Suzhou, Jiangsu (苏州), and "Fuzhou" is the
  capital of Fujian (福州): each is far larger, with far more hospitals, than its namesake, which
  is "Suzhou, Anhui" (宿州) or "Fuzhou, Jiangxi" (抚州). "Taizhou" (台州, Zhejiang; 泰州, Jiangsu)
  and "Yulin" (玉林, Guangxi; 榆林, Shaanxi) name cities of similar size, so they are refused with
  a request to say which, suggesting "Taizhou, Zhejiang" and "Taizhou, Jiangsu" (which resolve).
- "Jilin" is the city of Jilin (吉林市); "Jilin Province" (吉林省) is the province.
- A province is refused with its capital as the suggestion, because hospitals are chosen by city.
- A country ("China", "中国") is refused: the field wants cities.
- Taiwan's cities are refused with a message that they are outside the catalog, which covers
  mainland China, Hong Kong and Macau: taking them as cities would let a patient ask for hospitals
  the catalog cannot hold, and quietly get none.
- Anything else is refused as unknown, with the closest known names as suggestions.

The file is checked when it is loaded (once): a spelling that would name two cities, a province
capital that is not in the table, or an ambiguous name that a city also answers to raises
:class:`~matcher.CatalogError` naming the file and the entries.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import Annotated, Any, Final, Literal

import attrs
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from matcher.common._errors import CatalogError, ProfileError
from matcher.common._manifest import read_verified
from matcher.common._text import closest, fold

ACCEPTED: Final = (
    "a city in mainland China, Hong Kong or Macau, e.g. 'Beijing', 'Shanghai', 'Guangzhou'"
)
CITIES_KIND: Final = "matcher.cities"
_FIELD: Final = "cities"
_FILE: Final = "cities.json"
_COVERAGE: Final = "mainland China, Hong Kong and Macau"
#: Endings that may follow a city's name ("Beijing Shi", "北京市", "Macau SAR"), folded.
_SUFFIXES: Final = ("city", "shi", "municipality", "sar", "市", "特别行政区", "特別行政區")
_TOO_LONG_TO_SUGGEST: Final = 60


@attrs.frozen
class City:
    """A city in mainland China, Hong Kong or Macau.

    Attributes
    ----------
    name : str
        Canonical English (pinyin) name: "Beijing", "Xi'an", "Hong Kong", or "Suzhou, Anhui"
        where two cities share a pinyin name.
    province : str
        Province, autonomous region or municipality ("Guangdong", "Inner Mongolia", "Beijing"),
        or "Hong Kong SAR" / "Macau SAR".
    name_zh : str
        Chinese name in simplified characters, without 市.
    variants : tuple of str
        Other spellings it answers to: older romanisations, traditional characters, districts.
    """

    name: str
    province: str
    name_zh: str
    variants: tuple[str, ...] = ()

    def __str__(self) -> str:
        return self.name


def resolve_city(value: object) -> City:
    """The city a patient named.

    Parameters
    ----------
    value : str
        A city name in English (pinyin or an older romanisation) or Chinese, any case and spacing,
        optionally with "city"/市 or its province ("Suzhou, Jiangsu").

    Returns
    -------
    City

    Raises
    ------
    ProfileError
        (field ``"cities"``) for anything else: a province (suggesting its capital), a country,
        a city outside the catalog's coverage, an ambiguous name (suggesting the cities it may
        mean), or an unknown name (suggesting close known names).
    """
    if not isinstance(value, str):
        raise _error(value, f"is of type {type(value).__name__}, not a city name")
    key = _key(value)
    if not key:
        raise _error(value, "is empty")
    table = _table()
    for candidate in _candidates(key):
        city = table.by_key.get(candidate)
        if city is not None:
            return city
        answer = table.refusals.get(candidate)
        if answer is not None:
            problem, suggestions = answer
            raise _error(value, problem, suggestions)
    close: tuple[str, ...] = ()
    if len(key) <= _TOO_LONG_TO_SUGGEST:
        matches = closest(value, table.spellings, n=6)
        close = tuple(dict.fromkeys(table.spellings[m] for m in matches))[:3]
    raise _error(value, "is not a city matcher knows in mainland China, Hong Kong or Macau", close)


def known_cities() -> tuple[City, ...]:
    """Every city in the table, in the file's order (grouped by province)."""
    return _table().cities


def city_named(name: str) -> City:
    """The city whose canonical name is exactly ``name``.

    Raises
    ------
    KeyError
        If no city has that canonical name (use :func:`resolve_city` for what people type).
    """
    try:
        return _table().by_name[name]
    except KeyError:
        raise KeyError(f"no city has the canonical name {name!r}") from None


# --- matching ---------------------------------------------------------------------------------


def _key(text: str) -> str:
    """Fold text for lookup, tone marks dropped as well ("Xī'ān" -> "xian")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return fold("".join(char for char in decomposed if not unicodedata.combining(char)))


def _candidates(key: str) -> Iterable[str]:
    yield key
    for suffix in _SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix):
            yield key[: -len(suffix)]


def _error(value: object, problem: str, suggestions: Iterable[str] = ()) -> ProfileError:
    return ProfileError(_FIELD, value, ACCEPTED, tuple(suggestions), problem=problem)


# --- the file ---------------------------------------------------------------------------------

_Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class _CityEntry(_Model):
    name: _Name
    province: _Name
    name_zh: _Name
    variants: tuple[_Name, ...] = ()


class _AmbiguousEntry(_Model):
    name: _Name
    cities: Annotated[tuple[_Name, ...], Field(min_length=2)]


class _ProvinceEntry(_Model):
    name: _Name
    name_zh: _Name
    capital: _Name
    variants: tuple[_Name, ...] = ()


class _NotCityEntry(_Model):
    name: _Name
    reason: Literal["country", "taiwan"]
    variants: tuple[_Name, ...] = ()


class _CitiesFileV1(_Model):
    kind: Literal["matcher.cities"]
    schema_version: Literal[1]
    data_version: _Name
    updated: dt.date
    note: str | None = None
    cities: Annotated[tuple[_CityEntry, ...], Field(min_length=1)]
    ambiguous: tuple[_AmbiguousEntry, ...] = ()
    provinces: tuple[_ProvinceEntry, ...] = ()
    not_cities: tuple[_NotCityEntry, ...] = ()


_Refusal = tuple[str, tuple[str, ...]]


@attrs.frozen
class _Table:
    """The compiled table: every accepted spelling, folded, mapped to its city or refusal."""

    cities: tuple[City, ...]
    by_name: Mapping[str, City]
    by_key: Mapping[str, City]
    refusals: Mapping[str, _Refusal]
    #: Spellings offered to "did you mean", each mapped to its city's canonical name.
    spellings: Mapping[str, str]


_NOT_CITY_PROBLEMS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "country": f"is a country, not a city; give one or more cities in {_COVERAGE}",
        "taiwan": f"is in Taiwan, outside the catalog, which covers {_COVERAGE}",
    }
)


def _fail(problem: str, field: str | None = None) -> CatalogError:
    return CatalogError(problem, file=_FILE, field=field)


class _KeyRegistry:
    """Folded spellings and what each names, refusing a spelling that would name two things."""

    def __init__(self) -> None:
        self.owners: dict[str, tuple[str, str]] = {}

    def claim(self, spelling: str, owner: str, field: str, *, may_repeat: bool = False) -> str:
        key = _key(spelling)
        if not key:
            raise _fail(f"{spelling!r} folds to nothing", field)
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
            raise _fail(problem, field)
        self.owners[key] = (owner, spelling)
        return key


def _compile_v1(document: Mapping[str, Any]) -> _Table:
    try:
        data = _CitiesFileV1.model_validate(document)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise _fail(first["msg"], where or None) from None
    registry = _KeyRegistry()
    cities: list[City] = []
    by_name: dict[str, City] = {}
    by_key: dict[str, City] = {}
    for index, entry in enumerate(data.cities):
        city = City(entry.name, entry.province, entry.name_zh, entry.variants)
        if city.name in by_name:
            raise _fail(f"two cities are named {city.name!r}", f"cities[{index}].name")
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
        for spelling in _with_province(city, province):
            by_key[
                registry.claim(spelling, f"city {city.name}", f"cities[{index}]", may_repeat=True)
            ] = city

    refusals: dict[str, _Refusal] = {}

    def refuse(
        spellings: Iterable[str],
        owner: str,
        field: str,
        refusal: _Refusal,
        *,
        cities_win: bool = False,
    ) -> None:
        for spelling in spellings:
            if cities_win and _key(spelling) in by_key:
                continue
            refusals[registry.claim(spelling, owner, field, may_repeat=True)] = refusal

    for index, ambiguous in enumerate(data.ambiguous):
        field = f"ambiguous[{index}]"
        for name in ambiguous.cities:
            if name not in by_name:
                raise _fail(f"{name!r} is not a city in the table", field)
        problem = "names more than one city; say which"
        refuse(
            [ambiguous.name], f"ambiguous name {ambiguous.name}", field, (problem, ambiguous.cities)
        )

    for index, province in enumerate(data.provinces):
        field = f"provinces[{index}]"
        if province.capital not in by_name:
            raise _fail(f"the capital {province.capital!r} is not a city in the table", field)
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
        problem = _NOT_CITY_PROBLEMS[outside.reason]
        owner = f"{outside.reason} {outside.name}"
        refuse([outside.name, *outside.variants], owner, field, (problem, ()))

    spellings = {
        spelling: city.name
        for city in cities
        for spelling in (city.name, city.name_zh, *city.variants)
    }
    return _Table(
        cities=tuple(cities),
        by_name=MappingProxyType(by_name),
        by_key=MappingProxyType(by_key),
        refusals=MappingProxyType(refusals),
        spellings=MappingProxyType(spellings),
    )


def _with_province(city: City, province: _ProvinceEntry) -> Iterable[str]:
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
_LOADERS: Final[Mapping[int, Callable[[Mapping[str, Any]], _Table]]] = MappingProxyType(
    {1: _compile_v1}
)


def _load(text: str) -> _Table:
    """Check a cities document's header and compile it with the loader for its version."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise _fail(f"is not valid JSON ({error})") from None
    if not isinstance(document, dict):
        raise _fail("must hold a JSON object")
    kind = document.get("kind")
    if kind != CITIES_KIND:
        raise _fail(f"kind is {kind!r}, expected {CITIES_KIND!r}", "kind")
    version = document.get("schema_version")
    loader = _LOADERS.get(version) if isinstance(version, int) else None
    if loader is None:
        supported = ", ".join(str(v) for v in _LOADERS)
        raise _fail(
            f"schema_version {version!r} is not supported (supported: {supported})",
            "schema_version",
        )
    return loader(document)


@functools.cache
def _table() -> _Table:
    return _load(read_verified(_FILE).decode("utf-8"))
