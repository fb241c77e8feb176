"""The City value and the words of the city vocabulary that every reader of cities shares."""

from __future__ import annotations

import unicodedata
from typing import Final

import attrs

from matcher.common._text import fold

ACCEPTED: Final = (
    "a city in mainland China, Hong Kong or Macau, e.g. 'Beijing', 'Shanghai', 'Guangzhou'"
)
CITIES_KIND: Final = "matcher.cities"
FIELD: Final = "cities"
FILE: Final = "cities.json"
COVERAGE: Final = "mainland China, Hong Kong and Macau"
#: Endings that may follow a city's name ("Beijing Shi", "北京市", "Macau SAR"), folded.
SUFFIXES: Final = ("city", "shi", "municipality", "sar", "市", "特别行政区", "特別行政區")
TOO_LONG_TO_SUGGEST: Final = 60


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


def city_key(text: str) -> str:
    """Fold text for lookup, tone marks dropped as well ("Xī'ān" -> "xian")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return fold("".join(char for char in decomposed if not unicodedata.combining(char)))
