"""Languages a patient can be cared in, read from names or BCP-47 tags to a small table.

The table (``matcher/data/languages.json``) holds each language's BCP-47 primary subtag, its
English name and its endonym, with other spellings (ISO 639-2/3 codes, Chinese names). Accepted,
ignoring case, spacing and punctuation: the English name ("Russian"), the endonym ("Русский"),
the code ("ru"), a BCP-47 tag with script or region ("zh-Hans", "en-US", read by its primary
subtag) or a listed alias ("Mandarin", "普通话"). Anything else is refused with the accepted
forms listed; the value given is never repeated (a language can say much about a person).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final, Literal

import attrs
from pydantic import BaseModel, ConfigDict

from matcher.common._errors import WITHHELD, ProfileError
from matcher.common._manifest import read_verified
from matcher.common._text import fold

FILE: Final = "languages.json"
FIELD: Final = "languages"
#: Chinese: the language of care at hospitals in China (see ``rules.preferences``).
CHINESE: Final = "zh"
_TAG = re.compile(r"^([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*$")

__all__ = ["CHINESE", "FIELD", "Language", "accepted", "known_languages", "resolve_language"]


@attrs.frozen
class Language:
    """One language: its BCP-47 primary subtag, English name and endonym."""

    code: str
    english: str
    endonym: str

    @property
    def label(self) -> str:
        """ "Russian (Русский)", or the English name alone where both are the same."""
        if self.endonym == self.english:
            return self.english
        return f"{self.english} ({self.endonym})"


class _Row(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    code: str
    english: str
    endonym: str
    aliases: tuple[str, ...] = ()


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    kind: Literal["matcher.languages"]
    schema_version: Literal[1]
    data_version: str
    description: str
    sources: dict[str, str]
    languages: tuple[_Row, ...]


@attrs.frozen
class _Table:
    languages: tuple[Language, ...]
    by_key: Mapping[str, Language]
    by_code: Mapping[str, Language]


@functools.cache
def _table() -> _Table:
    loaded = _File.model_validate(json.loads(read_verified(FILE)))
    by_key: dict[str, Language] = {}
    by_code: dict[str, Language] = {}
    languages = []
    for row in loaded.languages:
        language = Language(row.code, row.english, row.endonym)
        languages.append(language)
        by_code[row.code] = language
        for name in (row.code, row.english, row.endonym, *row.aliases):
            key = fold(name)
            if by_key.get(key, language) != language:
                raise ValueError(f"{FILE}: {name!r} names two languages")
            by_key[key] = language
    return _Table(tuple(languages), MappingProxyType(by_key), MappingProxyType(by_code))


def known_languages() -> tuple[Language, ...]:
    """Every language of the table, in the file's order."""
    return _table().languages


@functools.cache
def accepted() -> str:
    """What the field accepts, in words, listing every language."""
    names = ", ".join(f"{lang.label} / {lang.code}" for lang in known_languages())
    return (
        "a list of languages, each an English name, its own name or a BCP-47 code "
        f"('zh-Hans', 'en-US'); one of: {names}"
    )


def language_named(code: str) -> Language:
    """The language whose code is exactly ``code`` (KeyError otherwise)."""
    return _table().by_code[code]


def resolve_language(value: object) -> str:
    """The BCP-47 primary subtag of the language ``value`` names; ProfileError otherwise."""
    if not isinstance(value, str):
        raise ProfileError(FIELD, WITHHELD, accepted(), problem="is not text")
    table = _table()
    found = table.by_key.get(fold(value))
    if found is None:
        tag = _TAG.match(value.strip())
        if tag is not None:
            found = table.by_code.get(tag.group(1).lower()) or table.by_key.get(
                tag.group(1).lower()
            )
    if found is None:
        raise ProfileError(FIELD, WITHHELD, accepted(), problem="is not a language matcher knows")
    return found.code
