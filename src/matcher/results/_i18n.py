"""One catalogue of messages in English and Chinese, and the words of a result in either.

:func:`say` renders a message by id. :func:`translate` takes a text matcher generated in English
(a reason, a rule's statement or reason, a caveat) and gives it in the language asked: it finds
the template the text was made from and renders that template's Chinese with the same values,
themselves translated (a cancer type, a therapy, a ranked specialty). The English that every
result carries is therefore unchanged; the Chinese is derived from it. A text that matches no
template (a quote from a source) is returned as it is.
"""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Mapping
from typing import Final, Literal

from matcher.catalog._rankings import SPECIALTY_NAMES
from matcher.catalog._schema import Hospital
from matcher.common._errors import ProfileError
from matcher.profile._cities import known_cities
from matcher.profile._names import cancer_name, display_name
from matcher.profile._ontology import default_ontology
from matcher.results._messages import UI
from matcher.results._messages_rules import EXTRA, FEATURE_ZH, RULE_ZH
from matcher.rules import DEFAULT_RULES, Rule
from matcher.rules._rule import Caveat, Exclude, Require
from matcher.scoring._features import FEATURES

Lang = Literal["en", "zh"]
LANGS: Final[tuple[Lang, ...]] = ("en", "zh")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def check_lang(lang: str) -> Lang:
    """``lang`` if matcher writes that language; a ValueError naming the choices otherwise."""
    if lang == "en":
        return "en"
    if lang == "zh":
        return "zh"
    raise ValueError(f"lang must be one of {', '.join(LANGS)}")


def rule_texts(rule: Rule) -> dict[str, str]:
    """The English texts of a rule that words can be given for: statement, reason, caveats."""
    texts = {"statement": rule.statement}
    caveats = 0
    for effect in rule.effects:
        if isinstance(effect, Exclude | Require) and isinstance(effect.reason, str):
            texts["reason"] = effect.reason
        elif isinstance(effect, Caveat) and isinstance(effect.text, str):
            if rule.source is not None and effect.text == str(rule.source):
                continue  # the rule's own quote: it stays in the source's language
            caveats += 1
            texts["caveat" if caveats == 1 else f"caveat{caveats}"] = effect.text
    return texts


@functools.cache
def catalogue() -> Mapping[str, tuple[str, str]]:
    """Every message: id -> (English, Chinese). A missing Chinese is ``""`` (a test fails)."""
    messages: dict[str, tuple[str, str]] = dict(UI)
    messages.update(EXTRA)
    for feature in FEATURES:
        messages[f"feature.{feature.name}"] = (feature.label, FEATURE_ZH.get(feature.name, ""))
    for chinese, english in SPECIALTY_NAMES.items():
        messages[f"specialty.{english}"] = (english, chinese)
    for rule in DEFAULT_RULES:
        chinese_texts = RULE_ZH.get(rule.id, {})
        for part, english in rule_texts(rule).items():
            messages[f"rule.{rule.id}.{part}"] = (english, chinese_texts.get(part, ""))
    return messages


def say(key: str, lang: Lang, /, **values: object) -> str:
    """The message ``key`` in ``lang``, with its fields filled in."""
    english, chinese = catalogue()[key]
    template = chinese if lang == "zh" and chinese else english
    return template.format(**values) if values else template


def is_chinese(text: str) -> bool:
    """True when the text holds Chinese characters."""
    return _CJK.search(text) is not None


# --- translating what a result says -----------------------------------------------------------


class _Template:
    """One message's English as a pattern, compiled only when a text could match it.

    A full match must start with the template's first literal text and end with its last, so
    most templates are ruled out by ``str.startswith``/``endswith`` before any regex is built.
    """

    __slots__ = ("_compiled", "_source", "fields", "key", "prefix", "suffix")

    def __init__(self, source: str, key: str, fields: tuple[str, ...], prefix: str, suffix: str):
        self._source, self.key, self.fields = source, key, fields
        self.prefix, self.suffix = prefix, suffix
        self._compiled: re.Pattern[str] | None = None

    def fullmatch(self, text: str) -> re.Match[str] | None:
        """``re.fullmatch`` of the template's pattern (None at once if the ends differ)."""
        if not (text.startswith(self.prefix) and text.endswith(self.suffix)):
            return None
        if self._compiled is None:
            self._compiled = re.compile(self._source, re.DOTALL)
        return self._compiled.fullmatch(text)


@functools.cache
def _templates() -> tuple[_Template, ...]:
    """Every translatable message's English as a template, longest literal text first."""
    found = []
    for key, (english, _) in catalogue().items():
        if key.startswith(("packet.", "check.", "text.", "field.", "value.")):
            continue
        pattern, fields, literal = [], [], 0
        parts = list(string.Formatter().parse(english))
        for text, field, _spec, _conversion in parts:
            pattern.append(re.escape(text))
            literal += len(text)
            if field is not None:
                pattern.append(f"(?P<{field}>.+?)" if field not in fields else f"(?P={field})")
                fields.append(field)
        prefix = parts[0][0] if parts else ""
        suffix = parts[-1][0] if parts and parts[-1][1] is None else ""
        source = "".join(pattern)
        found.append((literal, _Template(source, key, tuple(fields), prefix, suffix)))
    found.sort(key=lambda entry: -entry[0])
    return tuple(template for _, template in found)


@functools.cache
def _by_english(prefix: str) -> Mapping[str, str]:
    return {english: key for key, (english, _) in catalogue().items() if key.startswith(prefix)}


@functools.cache
def _cancer_codes() -> Mapping[str, str]:
    """A cancer type's name in a sentence (as :func:`cancer_name` gives it) -> its code."""
    ontology = default_ontology()
    names: dict[str, str] = {}
    for code in ontology.codes():
        cancer = ontology.get(code)
        names.setdefault(cancer_name(code), code)
        names.setdefault(cancer.name, code)
        names.setdefault(display_name(cancer), code)  # "gastric (stomach) cancer (OncoTree: ...)"
        everyday = ontology.everyday_name(code)
        if everyday:
            names.setdefault(everyday, code)
    return names


@functools.cache
def _cancer_chinese() -> Mapping[str, str]:
    """Code -> the first Chinese name the reviewed synonym table gives for exactly that code."""
    ontology = default_ontology()
    chinese: dict[str, str] = {}
    for name in ontology.accepted_names():
        if is_chinese(name):
            chinese.setdefault(ontology.resolve(name).code, name)
    return chinese


def cancer_words(name: str, lang: Lang) -> str:
    """A cancer type's name (English, as a result writes it) in ``lang``.

    Chinese comes from the reviewed synonym table; a type it gives no Chinese name for keeps
    its OncoTree name (OncoTree is English only).
    """
    if lang == "en":
        return name
    code = _cancer_codes().get(name)
    if code is None:  # a label the patient's words keep ("acute lymphoblastic leukaemia")
        try:
            code = default_ontology().resolve(name).code
        except ProfileError:
            return name
    return _cancer_chinese().get(code, name)


def city_words(city: str, lang: Lang) -> str:
    """A city's name in ``lang`` (the cities table gives each its Chinese name)."""
    return _city_chinese().get(city, city) if lang == "zh" else city


@functools.cache
def _city_chinese() -> Mapping[str, str]:
    return {entry.name: entry.name_zh for entry in known_cities()}


def hospital_name(hospital: Hospital, lang: Lang) -> str:
    """The hospital's name in ``lang``: its Chinese name where the catalog has one."""
    return hospital.name_zh if lang == "zh" and hospital.name_zh else hospital.name


def _subject(value: str) -> str:
    """What a reason is about (a therapy or service, a cancer type), in Chinese."""
    key = _by_english("feature.").get(value) or _by_english("reason.general").get(value)
    return say(key, "zh") if key else cancer_words(value, "zh")


def _value(field: str, value: str) -> str:
    """One filled-in value of a template, in Chinese."""
    if field in ("cancer", "label"):
        return _subject(value)
    if field == "names":
        return "、".join(_subject(part) for part in value.split(", "))
    if field == "specialty":
        return say(f"specialty.{value}", "zh") if f"specialty.{value}" in catalogue() else value
    if field == "evidence":
        return say(f"evidence.{value}", "zh") if f"evidence.{value}" in catalogue() else value
    if field == "category":
        return say(f"stage.{value}", "zh") if f"stage.{value}" in catalogue() else value
    if field == "constraint":
        key = _by_english("constraint.").get(value)
        return say(key, "zh") if key else value
    if field in ("reason", "statement", "text"):
        return translate(value, "zh")
    if field == "therapy":
        return say(f"feature.{value}", "zh") if f"feature.{value}" in catalogue() else value
    if field == "meaning":
        key = _by_english("tier.").get(value)
        return say(key, "zh") if key else value
    return value


def translate(text: str, lang: Lang) -> str:
    """A text matcher wrote in English, in ``lang`` (unchanged when no template made it)."""
    if lang == "en" or not text:
        return text
    for template in _templates():
        match = template.fullmatch(text)
        if match is not None:
            fields = dict.fromkeys(template.fields)
            return say(
                template.key, lang, **{field: _value(field, match[field]) for field in fields}
            )
    return text


def template_of(text: str) -> str | None:
    """The id of the message ``text`` was made from, or None (for tests and reviews)."""
    for template in _templates():
        if template.fullmatch(text):
            return template.key
    return None


def claim_terms(text: str) -> tuple[str, ...]:
    """The words a quote must keep to support a reason: what the reason is about (a cancer
    type, a therapy or service, a ranked specialty) in English and Chinese, then its words."""
    for template in _templates():
        match = template.fullmatch(text)
        if match is None:
            continue
        terms: list[str] = []
        for field in dict.fromkeys(template.fields):
            value = match[field]
            if field == "reason":
                terms += claim_terms(value)
            elif field in ("cancer", "label", "specialty"):
                terms += [value, _value(field, value)]
                code = _cancer_codes().get(value)
                if code:
                    terms.append(code)
                terms += sorted((w for w in re.split(r"[\s/-]+", value) if len(w) >= 5), key=len)[
                    ::-1
                ]
        return tuple(dict.fromkeys(terms))
    return ()
