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

import functools
from collections.abc import Iterable

from matcher.common._errors import ProfileError
from matcher.common._text import closest
from matcher.profile._cities_table import cities_table
from matcher.profile._city import (
    ACCEPTED,
    FIELD,
    SUFFIXES,
    TOO_LONG_TO_SUGGEST,
    City,
    city_key,
)

__all__ = ["ACCEPTED", "City", "city_named", "known_cities", "resolve_city"]


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
    if type(value) is str:  # exact text: the same answer every time (refusals are not kept)
        return _resolve_text(value)
    return _resolve(value)


@functools.lru_cache(maxsize=4096)
def _resolve_text(text: str) -> City:
    return _resolve(text)


def _resolve(value: object) -> City:
    if not isinstance(value, str):
        raise _error(value, f"is of type {type(value).__name__}, not a city name")
    key = city_key(value)
    if not key:
        raise _error(value, "is empty")
    table = cities_table()
    for candidate in _candidates(key):
        city = table.by_key.get(candidate)
        if city is not None:
            return city
        answer = table.refusals.get(candidate)
        if answer is not None:
            problem, suggestions = answer
            raise _error(value, problem, suggestions)
    close: tuple[str, ...] = ()
    if len(key) <= TOO_LONG_TO_SUGGEST:
        matches = closest(value, table.spellings, n=6)
        close = tuple(dict.fromkeys(table.spellings[m] for m in matches))[:3]
    raise _error(value, "is not a city matcher knows in mainland China, Hong Kong or Macau", close)


def known_cities() -> tuple[City, ...]:
    """Every city in the table, in the file's order (grouped by province)."""
    return cities_table().cities


def city_named(name: str) -> City:
    """The city whose canonical name is exactly ``name``.

    Raises
    ------
    KeyError
        If no city has that canonical name (use :func:`resolve_city` for what people type).
    """
    try:
        return cities_table().by_name[name]
    except KeyError:
        raise KeyError(f"no city has the canonical name {name!r}") from None


# --- matching ---------------------------------------------------------------------------------


def _candidates(key: str) -> Iterable[str]:
    yield key
    for suffix in SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix):
            yield key[: -len(suffix)]


def _error(value: object, problem: str, suggestions: Iterable[str] = ()) -> ProfileError:
    return ProfileError(FIELD, value, ACCEPTED, tuple(suggestions), problem=problem)
