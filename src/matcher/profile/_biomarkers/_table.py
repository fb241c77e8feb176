"""The marker table compiled once into frozen values, and loaded through the manifest."""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Final, Literal, NamedTuple, TypeAlias

import attrs

from matcher.common._manifest import read_verified
from matcher.profile._biomarkers._changes import _cdna_change
from matcher.profile._biomarkers._schema import (
    _MarkerIn,
    _ReflexIn,
    _SymbolsIn,
    _TableIn,
    _WhenIn,
)
from matcher.profile._biomarkers._tokens import _phrase_key
from matcher.profile._biomarkers._words import (
    _ABSENT_ALTERATION_WORDS,
    _ALTERATION_WORDS,
    _COMPARATOR_WORDS,
    _EQUIVOCAL_WORDS,
    _FILLER_WORDS,
    _GENERIC_VOCABULARY,
    _NEGATIVE_WORDS,
    _POSITIVE_WORDS,
    _STATUS_VOCABULARY,
    _UNKNOWN_WORDS,
    _VAF_WORDS,
    Status,
)

_SUPPORTED_SCHEMAS: Final = (1,)


ActionKind: TypeAlias = Literal[
    "alteration", "status", "unknown", "filler", "scale", "suffix", "comparator", "vaf"
]


class _Action(NamedTuple):
    """What a phrase of a result says."""

    kind: ActionKind
    name: str | None = None
    status: Status | None = None


@attrs.frozen
class _Rule:
    """When a result is actionable: its status, and which alterations (None: any)."""

    status: Status
    alterations: frozenset[str | None] | None
    excluded: frozenset[str]

    def applies(self, status: str, alteration: str | None) -> bool:
        if status != self.status:
            return False
        if self.alterations is None:
            return alteration not in self.excluded
        return alteration in self.alterations


@attrs.frozen
class _Scale:
    """A numeric scale of a marker, with the levels its values fall into."""

    unit: str
    keyword: str | None
    value_format: str
    low: float
    high: float
    default: bool
    suffixes: frozenset[str]
    # (threshold, status, alteration), highest threshold first; the last is ``low``.
    levels: tuple[tuple[float, Status, str | None], ...]

    def level_of(self, value: float) -> tuple[Status, str | None]:
        for threshold, status, alteration in self.levels:
            if value >= threshold:
                return status, alteration
        raise AssertionError("values are checked against the range first")

    def levels_within(
        self, low: float, high: float, *, low_open: bool, high_open: bool
    ) -> set[tuple[Status, str | None]]:
        """The levels that values in the interval from ``low`` to ``high`` can fall into."""
        found: set[tuple[Status, str | None]] = set()
        upper = math.inf
        for threshold, status, alteration in self.levels:
            reaches_up = low < upper
            reaches_down = high > threshold or (high == threshold and not high_open)
            if reaches_up and reaches_down:
                found.add((status, alteration))
            upper = threshold
        return found


@attrs.frozen
class _Marker:
    """A marker compiled from the table: how to read its results and what they mean."""

    name: str
    gene: str | None
    is_gene: bool
    rank: int
    fusion_capable: bool
    reads_variants: bool
    examples: tuple[str, ...]
    phrases: Mapping[str, _Action]
    vocabulary: Mapping[str, str]
    scales: tuple[_Scale, ...]
    groups: Mapping[str, str]
    hotspots: Mapping[str, str]
    levels: frozenset[str]
    bare_status: Mapping[str, str]
    label_alteration_only: bool
    reflex: _ReflexIn | None
    negative_contradicts: frozenset[str] | None
    targeted: _Rule | None
    immunotherapy: _Rule | None
    endocrine: _Rule | None

    def scale_for(self, unit: str | None) -> _Scale | None:
        for scale in self.scales:
            if scale.unit == unit:
                return scale
        return None

    def implied_status(self, alteration: str) -> Status:
        """The status an alteration has when no status word is given."""
        action = self.phrases.get(_phrase_key(alteration))
        if action is not None and action.kind == "alteration" and action.status is not None:
            return action.status
        return "positive"


class _Entry(NamedTuple):
    """What a phrase naming a marker stands for."""

    kind: Literal["marker", "standalone", "ambiguous"]
    target: str
    options: tuple[str, ...] = ()


@attrs.frozen
class _Tables:
    """Everything parsing needs, compiled once."""

    markers: Mapping[str, _Marker]
    order: tuple[str, ...]
    entries: Mapping[str, _Entry]
    genes: Mapping[str, str]
    generic: Mapping[str, str]
    generic_phrases: Mapping[str, _Action]
    vocabulary_keys: frozenset[str]
    suggestion_pool: Mapping[str, str]
    generic_template: _Marker

    def marker(self, name: str) -> _Marker:
        """The compiled marker of a canonical name; a CIViC symbol gets the generic reading."""
        known = self.markers.get(name)
        return known if known is not None else attrs.evolve(self.generic_template, name=name)


@functools.cache
def _tables() -> _Tables:
    """Load and compile the marker table and the CIViC gene symbols, once."""
    table = _TableIn.model_validate(json.loads(read_verified("biomarkers.json")))
    symbols = _SymbolsIn.model_validate(json.loads(read_verified("civic_gene_symbols.json")))
    for version, kind in (
        (table.schema_version, table.kind),
        (symbols.schema_version, symbols.kind),
    ):
        if version not in _SUPPORTED_SCHEMAS:
            raise ValueError(
                f"{kind} schema version {version} is not supported; supported: {_SUPPORTED_SCHEMAS}"
            )
    generic_phrases = _generic_phrases()
    markers: dict[str, _Marker] = {}
    entries: dict[str, _Entry] = {}
    genes: dict[str, str] = {}
    pool: dict[str, str] = {}

    def claim(text: str, entry: _Entry) -> None:
        key = _phrase_key(text)
        known = entries.setdefault(key, entry)
        if known != entry:
            raise ValueError(f"biomarkers.json: {text!r} names both {known} and {entry}")

    for rank, spec in enumerate(table.markers):
        markers[spec.marker] = _compile_marker(spec, rank, generic_phrases)
        for alias in (spec.marker, *spec.aliases, *spec.civic_aliases):
            claim(alias, _Entry("marker", spec.marker))
            pool.setdefault(alias, spec.marker)
            if spec.kind == "gene":
                genes[_phrase_key(alias)] = spec.marker
        for alteration in spec.alterations:
            if alteration.standalone:
                for synonym in alteration.synonyms:
                    claim(synonym, _Entry("standalone", spec.marker))
                suggestion = alteration.name
                if not spec.label_alteration_only:
                    suggestion = f"{spec.marker} {alteration.name}"
                pool.setdefault(alteration.name, suggestion)
    for ambiguous in table.ambiguous:
        claim(ambiguous.alias, _Entry("ambiguous", ambiguous.reads_as or "", ambiguous.markers))
        pool.setdefault(ambiguous.alias, ambiguous.markers[0])
    generic: dict[str, str] = {}
    for symbol in symbols.symbols:
        key = _phrase_key(symbol)
        if key not in entries:
            generic[key] = symbol
            genes.setdefault(key, symbol)
    vocabulary = set(generic_phrases)
    for marker in markers.values():
        vocabulary.update(marker.phrases)
    return _Tables(
        markers=MappingProxyType(markers),
        order=tuple(markers),
        entries=MappingProxyType(entries),
        genes=MappingProxyType(genes),
        generic=MappingProxyType(generic),
        generic_phrases=generic_phrases,
        vocabulary_keys=frozenset(vocabulary),
        suggestion_pool=MappingProxyType(pool),
        generic_template=_generic_template(len(markers), generic_phrases),
    )


def _generic_phrases() -> Mapping[str, _Action]:
    phrases: dict[str, _Action] = {}

    def add(words: Iterable[str], action: _Action) -> None:
        for word in words:
            phrases[_phrase_key(word)] = action

    add(_FILLER_WORDS, _Action("filler"))
    add(_POSITIVE_WORDS, _Action("status", status="positive"))
    add(_NEGATIVE_WORDS, _Action("status", status="negative"))
    add(_EQUIVOCAL_WORDS, _Action("status", status="equivocal"))
    add(_UNKNOWN_WORDS, _Action("unknown"))
    for name, words in _ALTERATION_WORDS.items():
        add(words, _Action("alteration", name))
    for name, words in _ABSENT_ALTERATION_WORDS.items():
        add(words, _Action("alteration", name, "negative"))
    for word, op in _COMPARATOR_WORDS.items():
        add([word], _Action("comparator", op))
    add(_VAF_WORDS, _Action("vaf"))
    return MappingProxyType(phrases)


def _rule(when: _WhenIn | None) -> _Rule | None:
    if when is None:
        return None
    alterations = None if when.alterations == "any" else frozenset(when.alterations)
    return _Rule(when.status, alterations, frozenset(when.excluded))


def _compile_marker(spec: _MarkerIn, rank: int, generic_phrases: Mapping[str, _Action]) -> _Marker:
    # Signatures and serum markers have no variants: "MSI fusion" is not a result.
    reads_variants = spec.kind in ("gene", "protein")
    phrases = {
        key: action
        for key, action in generic_phrases.items()
        if reads_variants or action.kind != "alteration"
    }
    vocabulary = dict(_GENERIC_VOCABULARY) if reads_variants else dict(_STATUS_VOCABULARY)
    groups: dict[str, str] = {}
    levels: set[str] = set()
    for alteration in spec.alterations:
        action = _Action("alteration", alteration.name, alteration.status)
        for synonym in alteration.synonyms:
            phrases[_phrase_key(synonym)] = action
        vocabulary.update(dict.fromkeys(alteration.synonyms, alteration.name))
        if alteration.group is not None:
            groups[alteration.name] = alteration.group
        if alteration.level:
            levels.add(alteration.name)
    scales = []
    for scale in spec.scales:
        for keyword in scale.keywords:
            phrases[_phrase_key(keyword)] = _Action("scale", scale.unit)
        for suffix in scale.suffixes:
            phrases.setdefault(_phrase_key(suffix), _Action("suffix", _phrase_key(suffix)))
        thresholds = sorted(scale.levels, key=lambda level: -level.at_least)
        low, high = scale.value_range
        if thresholds[-1].at_least != low:
            raise ValueError(f"biomarkers.json: {spec.marker} {scale.unit} levels must reach {low}")
        unnamed = {lv.alteration for lv in thresholds} - levels - {None}
        if unnamed:
            raise ValueError(f"biomarkers.json: {spec.marker} levels {unnamed} are not declared")
        scales.append(
            _Scale(
                unit=scale.unit,
                keyword=scale.keyword,
                value_format=scale.value_format,
                low=low,
                high=high,
                default=scale.default,
                suffixes=frozenset(_phrase_key(suffix) for suffix in scale.suffixes),
                levels=tuple((lv.at_least, lv.status, lv.alteration) for lv in thresholds),
            )
        )
    names = {alteration.name for alteration in spec.alterations}
    if not set(spec.bare_status.values()) <= names:
        raise ValueError(f"biomarkers.json: {spec.marker} bare_status names an unknown alteration")
    return _Marker(
        name=spec.marker,
        gene=spec.gene,
        is_gene=spec.kind == "gene",
        rank=rank,
        fusion_capable=spec.fusion_capable,
        reads_variants=reads_variants,
        examples=spec.examples,
        phrases=MappingProxyType(phrases),
        vocabulary=MappingProxyType(vocabulary),
        scales=tuple(scales),
        groups=MappingProxyType(groups),
        hotspots=MappingProxyType({_hotspot_key(h.cdna): h.protein for h in spec.cdna_hotspots}),
        levels=frozenset(levels),
        bare_status=MappingProxyType({str(k): v for k, v in spec.bare_status.items()}),
        label_alteration_only=spec.label_alteration_only,
        reflex=spec.reflex,
        negative_contradicts=(
            None if spec.negative_contradicts is None else frozenset(spec.negative_contradicts)
        ),
        targeted=_rule(spec.targeted_actionable_when),
        immunotherapy=_rule(spec.immunotherapy_actionable_when),
        endocrine=_rule(spec.endocrine_actionable_when),
    )


def _hotspot_key(cdna: str) -> str:
    key = _cdna_change(cdna.lower())
    if key is None:
        raise ValueError(f"biomarkers.json: {cdna!r} is not a cDNA change")
    return key


def _generic_template(rank: int, phrases: Mapping[str, _Action]) -> _Marker:
    return _Marker(
        name="",
        gene=None,
        is_gene=True,
        rank=rank,
        fusion_capable=False,
        reads_variants=True,
        examples=("positive", "negative", "V600E", "fusion", "amplification"),
        phrases=phrases,
        vocabulary=_GENERIC_VOCABULARY,
        scales=(),
        groups=MappingProxyType({}),
        hotspots=MappingProxyType({}),
        levels=frozenset(),
        bare_status=MappingProxyType({}),
        label_alteration_only=False,
        reflex=None,
        negative_contradicts=None,
        targeted=None,
        immunotherapy=None,
        endocrine=None,
    )
