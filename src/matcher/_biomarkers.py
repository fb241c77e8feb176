"""Biomarker results in a patient profile, read into structured markers.

People write biomarker results in many ways: ``{"EGFR": "L858R"}``, ``"EGFR exon 19 deletion"``,
``"PD-L1 TPS 60%"``, ``"MSI-H"``, ``"ER+/PR+/HER2-"``, ``"EML4-ALK"``. :func:`parse_biomarkers`
reads them into :class:`Biomarker` values: a canonical marker name, a status, the specific
alteration, a number with its unit where there is one, and flags saying whether the result makes
targeted therapy, immunotherapy or endocrine therapy worth weighing.

The markers, their aliases, the alterations and scores read for each, the thresholds and the
actionability decisions with their sources live in ``data/biomarkers.json``. How text is read:

- Status words. Positive: "positive", "+", "detected", "mutation", "mutated", "amplified",
  "fusion", "elevated". Negative: "negative", "-", "wild type", "WT", "not detected",
  "no mutation", "normal". Equivocal: "equivocal", "borderline", "VUS". A status word applies to
  every alteration named in the same item ("EGFR T790M negative"). An alteration without a status
  word is positive, unless the table gives it one of its own (HER2 "1+" is negative, "2+"
  equivocal, "2+ FISH+" positive).
- Numbers. PD-L1: TPS 50% or more is "high", 1-49% "low" (both positive), under 1% negative; CPS
  10 or more "high", 1-9 "low", under 1 negative; a bare percentage is TPS. TMB: 10 mut/Mb or more
  is "high" (positive, the FDA tumour-agnostic threshold), less is "low" (negative); a bare number
  is mut/Mb. ER and PR: 1% or more positive (1-9% "low"). AFP: 20 ng/mL or more positive. EBV
  DNA: any detectable load positive. Bounds ("≥50%", "<1%") and ranges ("1-49%") are read when
  they settle the status; the number is then not kept.
- Fusions. "EML4-ALK", "EML4::ALK", "KIF5B-RET" are fusions of the driver gene; the partner is
  not kept. NTRK1, NTRK2 and NTRK3 are one marker, "NTRK".
- Several markers in one item are split at commas, semicolons and slashes: "ER+/PR+/HER2-";
  a result after the last marker is shared: "ER/PR positive", "KRAS/NRAS/BRAF wild type".
- "unknown", "not tested", "pending" (or ``None`` as a mapping value) mean there is no result:
  the marker is left out, and rules treat it as unknown.
- CIViC gene symbols that are not in the table ("CDK4 amplification", "TP53 R273H") are accepted
  as generic markers with every flag false. Anything else raises :class:`~matcher.ProfileError`
  naming the item, with close matches; all bad items are reported together.
- A marker reported both positive and negative ("EGFR negative" with "EGFR L858R") is a
  ProfileError; different alterations of one gene are not ("EGFR L858R" with "EGFR T790M
  negative").
"""

from __future__ import annotations

import functools
import json
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Final, Literal, NamedTuple, TypeAlias

import attrs
from pydantic import BaseModel, ConfigDict, Field

from matcher._errors import ProfileError, ProfileProblem
from matcher._manifest import read_verified
from matcher._text import closest

__all__ = ["Biomarker", "marker_names", "parse_biomarkers"]

Status: TypeAlias = Literal["positive", "negative", "equivocal"]

_FIELD: Final = "biomarkers"
_STATUS_ORDER: Final[Mapping[str, int]] = MappingProxyType(
    {"positive": 0, "equivocal": 1, "negative": 2}
)
_SUPPORTED_SCHEMAS: Final = (1,)
_MAX_TEXT: Final = 200
_MAX_WINDOW: Final = 6
_ACCEPTED: Final = (
    "a mapping of marker to result ({'EGFR': 'L858R'}) or a list of results (['EGFR L858R'])"
)
_ACCEPTED_MARKER: Final = (
    "a biomarker such as EGFR, ALK, ROS1, BRAF, KRAS, HER2, BRCA1, NTRK, MET, PD-L1, MSI, TMB, "
    "ER, PR, EBV DNA or AFP (or a CIViC gene symbol) followed by its result"
)


@attrs.frozen
class Biomarker:
    """One biomarker result, normalised.

    Attributes
    ----------
    marker : str
        Canonical marker name: "EGFR", "HER2", "PD-L1", "MSI", "TMB", "ER", "EBV DNA", ...
        (see :func:`marker_names`), or a CIViC gene symbol for a generic marker.
    status : {"positive", "negative", "equivocal"}
        ``positive``: altered, expressed, high or detected. ``negative``: wild type, not
        detected, low, MSS or pMMR. ``equivocal``: borderline (HER2 IHC 2+, a VUS).
    alteration : str or None
        The specific alteration in canonical form ("L858R", "exon 19 deletion", "fusion",
        "amplification", "3+", "high", "MSI-H", "dMMR"), if the result named one.
    value : float or None
        The number given (PD-L1 percent or score, TMB, AFP, EBV DNA load, ER/PR percent).
    unit : str or None
        Its unit: "TPS %", "CPS", "TC %", "IC %", "mut/Mb", "%", "ng/mL", "copies/mL", "IU/mL".
        A PD-L1 unit without a value says which score a level refers to ("PD-L1 CPS high").
    targeted_actionable, immunotherapy_actionable : bool
        Whether this result makes targeted therapy or immunotherapy worth weighing, from the
        marker table (``data/biomarkers.json``).
    endocrine_actionable : bool
        Whether it makes endocrine therapy worth weighing (ER or PR positive). Kept apart from
        ``targeted_actionable`` so that rules can tell the two apart.
    """

    marker: str
    status: Status = attrs.field(validator=attrs.validators.in_(tuple(_STATUS_ORDER)))
    alteration: str | None
    value: float | None
    unit: str | None
    targeted_actionable: bool
    immunotherapy_actionable: bool
    endocrine_actionable: bool = False

    @property
    def label(self) -> str:
        """Canonical text for this result: ``parse_biomarkers([b.label]) == (b,)``."""
        return _label(_tables(), self)

    def __str__(self) -> str:
        return self.label


def parse_biomarkers(value: object) -> tuple[Biomarker, ...]:
    """Read the ``biomarkers`` field of a patient profile.

    Parameters
    ----------
    value : mapping, list, tuple, set or None
        A mapping of marker to result (``{"EGFR": "L858R", "PD-L1": "TPS 60%", "HER2": True}``;
        a result may be text, a number, a bool, a list of those, or ``None`` for "not tested"),
        or a collection of result strings (``["EGFR exon 19 deletion", "MSI-H"]``) or
        :class:`Biomarker` values. ``None`` or empty gives ``()``.

    Returns
    -------
    tuple of Biomarker
        Deduplicated, in a canonical order (table order of markers, then generic markers by
        name; positive before equivocal before negative), so that parsing the labels of the
        result again gives the same tuple.

    Raises
    ------
    ProfileError
        For anything that cannot be read, naming every offending item, and for a marker
        reported both positive and negative. Nothing else is raised, whatever the input.

    Examples
    --------
    >>> [b.label for b in parse_biomarkers({"EGFR": "L858R", "PD-L1": "TPS 60%"})]
    ['EGFR L858R', 'PD-L1 TPS 60%']
    >>> [b.label for b in parse_biomarkers(["ER+/PR+/HER2-", "EML4-ALK"])]
    ['ALK fusion', 'HER2 negative', 'ER positive', 'PR positive']
    """
    tables = _tables()
    if value is None:
        return ()
    problems: list[ProfileProblem] = []
    found: list[Biomarker] = []
    for item, texts in _items(value):
        try:
            if isinstance(texts, _ItemError):
                raise texts
            for text in texts:
                found.extend(_read_text(text, tables))
        except _ItemError as error:
            problems.append(error.problem_for(item))
    if problems:
        raise ProfileError.from_problems(problems)
    unique = sorted(set(found), key=functools.partial(_sort_key, tables))
    contradictions = _contradictions(tables, unique)
    if contradictions:
        raise ProfileError.from_problems(contradictions)
    return tuple(unique)


def marker_names() -> tuple[str, ...]:
    """Canonical names of the markers in the table, in their canonical order.

    CIViC gene symbols outside the table are accepted too, as generic markers.
    """
    return _tables().order


# --- the table ------------------------------------------------------------------------------


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class _SourceIn(_Model):
    kind: Literal["seed", "civic", "url"]
    ref: str = Field(min_length=1)
    quote: str = Field(min_length=1)


class _AlterationIn(_Model):
    name: str = Field(min_length=1)
    status: Status | None = None
    group: str | None = None
    level: bool = False
    standalone: bool = False
    synonyms: tuple[str, ...] = Field(min_length=1)


class _LevelIn(_Model):
    at_least: float
    status: Status
    alteration: str | None


class _ScaleIn(_Model):
    unit: str
    keyword: str | None
    keywords: tuple[str, ...]
    suffixes: tuple[str, ...]
    value_format: str
    value_range: tuple[float, float] = Field(alias="range")
    default: bool = False
    levels: tuple[_LevelIn, ...] = Field(min_length=1)


class _WhenIn(_Model):
    status: Status = "positive"
    alterations: Literal["any"] | tuple[str | None, ...]
    excluded: tuple[str, ...] = Field(default=(), alias="except")


class _ReflexIn(_Model):
    equivocal: str
    resolved_by: str
    positive: str
    negative: str


class _MarkerIn(_Model):
    marker: str
    gene: str | None
    kind: Literal["gene", "protein", "signature", "serum"]
    aliases: tuple[str, ...] = Field(min_length=1)
    civic_aliases: tuple[str, ...] = ()
    fusion_capable: bool = False
    examples: tuple[str, ...] = Field(min_length=1)
    alterations: tuple[_AlterationIn, ...] = ()
    scales: tuple[_ScaleIn, ...] = ()
    bare_status: dict[Status, str] = Field(default_factory=dict)
    label_alteration_only: bool = False
    reflex: _ReflexIn | None = None
    negative_contradicts: tuple[str, ...] | None = None
    targeted_actionable_when: _WhenIn | None
    immunotherapy_actionable_when: _WhenIn | None
    endocrine_actionable_when: _WhenIn | None
    rationale: str = Field(min_length=1)
    sources: tuple[_SourceIn, ...] = Field(min_length=1)


class _AmbiguousIn(_Model):
    alias: str
    markers: tuple[str, ...] = Field(min_length=2)
    reads_as: str | None = None


class _TableIn(_Model):
    kind: Literal["matcher.biomarkers"]
    schema_version: int
    data_version: str
    description: str
    markers: tuple[_MarkerIn, ...] = Field(min_length=1)
    ambiguous: tuple[_AmbiguousIn, ...]


class _SymbolsIn(_Model):
    kind: Literal["matcher.civic_gene_symbols"]
    schema_version: int
    data_version: str
    source: str
    licence: str
    note: str
    symbols: tuple[str, ...]


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
    rank: int
    fusion_capable: bool
    reads_variants: bool
    examples: tuple[str, ...]
    phrases: Mapping[str, _Action]
    vocabulary: Mapping[str, str]
    scales: tuple[_Scale, ...]
    groups: Mapping[str, str]
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


# --- words every marker understands -------------------------------------------------------

_POSITIVE_WORDS: Final = (
    "positive", "pos", "+", "++", "+++", "detected", "present", "yes", "true", "found",
    "confirmed", "expressed", "elevated", "raised", "increased", "detectable", "abnormal",
)  # fmt: skip
_NEGATIVE_WORDS: Final = (
    "negative", "neg", "-", "not detected", "undetected", "undetectable", "none detected",
    "no", "false", "absent", "wild type", "wildtype", "wt", "non mutated", "nonmutated",
    "unmutated", "not mutated", "no mutation", "no mutations", "no mutation detected",
    "no mutations detected", "no alteration", "no alterations", "no alteration detected",
    "not expressed", "no expression", "normal", "within normal limits", "not elevated",
    "intact", "retained", "not found", "none",
)  # fmt: skip
_EQUIVOCAL_WORDS: Final = (
    "equivocal", "borderline", "indeterminate", "inconclusive", "uncertain", "vus",
    "variant of uncertain significance", "variant of unknown significance",
    "uncertain significance", "unknown significance", "±",
)  # fmt: skip
_UNKNOWN_WORDS: Final = (
    "unknown", "not tested", "untested", "pending", "not done", "not available", "n/a",
    "not assessed", "not performed", "not evaluated", "awaiting", "to be determined", "tbd",
)  # fmt: skip
_ALTERATION_WORDS: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType({
    "fusion": (
        "fusion", "fusions", "fused", "fusion gene", "rearrangement", "rearrangements",
        "rearranged", "translocation", "translocated",
    ),
    "amplification": (
        "amplification", "amplified", "amp", "gain", "copy number gain", "cn gain",
    ),
    "overexpression": ("overexpression", "overexpressed", "over expression", "over expressed"),
    "deletion": ("deletion", "deleted", "homozygous deletion", "deep deletion"),
    "loss": ("loss", "lost", "loss of expression", "loss of function"),
    "insertion": ("insertion", "insertions"),
    "duplication": ("duplication", "tandem duplication"),
    "mutation": (
        "mutation", "mutations", "mutated", "mutant", "mut", "mt", "pathogenic",
        "pathogenic variant", "likely pathogenic", "likely pathogenic variant",
        "pathogenic mutation", "deleterious", "deleterious mutation", "suspected deleterious",
        "altered", "alteration", "alterations", "snv", "point mutation", "missense",
        "missense mutation", "frameshift", "nonsense", "truncating", "truncating mutation",
        "activating mutation", "sensitizing mutation", "sensitising mutation",
        "driver mutation", "hotspot mutation", "splice site mutation",
    ),
})  # fmt: skip
_ABSENT_ALTERATION_WORDS: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType({
    "amplification": ("not amplified", "non amplified", "no amplification", "unamplified"),
    "fusion": ("no fusion", "no fusions", "no rearrangement", "not rearranged"),
    "overexpression": ("no overexpression", "not overexpressed"),
})  # fmt: skip
_FILLER_WORDS: Final = (
    "gene", "genes", "status", "result", "results", "test", "testing", "tested", "by", "via",
    "on", "in", "at", "with", "for", "of", "the", "a", "an", "and", "or", "is", "was", "were",
    "are", "ihc", "immunohistochemistry", "fish", "ish", "sish", "cish", "ngs", "pcr", "qpcr",
    "ddpcr", "arms", "sequencing", "next generation sequencing", "tissue", "plasma", "blood",
    "serum", "ctdna", "cfdna", "liquid biopsy", "biopsy", "germline", "somatic", "tumor",
    "tumour", "expression", "level", "levels", "score", "protein", "receptor", "clone",
    "assay", "load", "titer", "titre", "value", "report", "reported", "variant", "variants",
    "p", "c", "22c3", "sp263", "sp142", "e1l3n", "d5f3", "4b5", "pharmdx", "ventana", "dako",
)  # fmt: skip
_COMPARATOR_WORDS: Final[Mapping[str, str]] = MappingProxyType({
    "≥": ">=", "at least": ">=", "greater than or equal to": ">=", "more than or equal to": ">=",
    ">": ">", "greater than": ">", "more than": ">", "above": ">", "over": ">",
    "≤": "<=", "at most": "<=", "less than or equal to": "<=",
    "<": "<", "less than": "<", "below": "<", "under": "<",
})  # fmt: skip
_VAF_WORDS: Final = (
    "vaf", "af", "maf", "allele frequency", "variant allele frequency",
    "mutant allele frequency", "allele fraction", "variant allele fraction", "abundance",
    "mutation abundance",
)  # fmt: skip

# Common terms of Chinese pathology and genetic reports, read as their English equivalents.
_CHINESE_TERMS: Final = tuple(
    sorted(
        {
            "未检测到": " not detected ", "未检出": " not detected ", "未见": " not detected ",
            "检测到": " detected ", "检出": " detected ", "未检测": " not tested ",
            "待查": " pending ", "待定": " pending ", "野生型": " wild type ",
            "突变型": " mutation ", "突变": " mutation ", "阳性": " positive ",
            "阴性": " negative ", "融合": " fusion ", "重排": " rearrangement ",
            "扩增": " amplification ", "过表达": " overexpression ", "高表达": " high ",
            "低表达": " low ", "号外显子": " exon ", "外显子": " exon ", "缺失": " deletion ",
            "插入": " insertion ", "跳跃": " skipping ", "可疑": " equivocal ",
            "不确定": " equivocal ", "临界": " borderline ", "升高": " elevated ",
            "正常": " normal ", "拷贝": " copies ", "丰度": " abundance ",
        }.items(),
        key=lambda pair: -len(pair[0]),
    )
)  # fmt: skip

# Fusion partners without a digit in their symbol, for "EZR-ROS1" and the like.
_KNOWN_PARTNERS: Final = frozenset({"ezr", "tpr", "bcr", "lmna", "gopc", "fig", "tfg", "agk"})
_SEPARATORS: Final = frozenset({"/", ",", ";", "&", "~"})
# Words offered as "did you mean" for a result, each with what it stands for.
_GENERIC_VOCABULARY: Final[Mapping[str, str]] = MappingProxyType({
    word: word
    for word in (
        "positive", "negative", "equivocal", "wild type", "not detected", "mutation",
        "fusion", "amplification", "deletion", "overexpression", "not tested",
    )
})  # fmt: skip
_STATUS_VOCABULARY: Final[Mapping[str, str]] = MappingProxyType({
    word: word for word in ("positive", "negative", "equivocal", "not detected", "not tested")
})  # fmt: skip
_KEY_SKIPPED: Final = frozenset({"/", "~"})


# --- loading ----------------------------------------------------------------------------------


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
        rank=rank,
        fusion_capable=spec.fusion_capable,
        reads_variants=reads_variants,
        examples=spec.examples,
        phrases=MappingProxyType(phrases),
        vocabulary=MappingProxyType(vocabulary),
        scales=tuple(scales),
        groups=MappingProxyType(groups),
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


def _generic_template(rank: int, phrases: Mapping[str, _Action]) -> _Marker:
    return _Marker(
        name="",
        rank=rank,
        fusion_capable=False,
        reads_variants=True,
        examples=("positive", "negative", "V600E", "fusion", "amplification"),
        phrases=phrases,
        vocabulary=_GENERIC_VOCABULARY,
        scales=(),
        groups=MappingProxyType({}),
        levels=frozenset(),
        bare_status=MappingProxyType({}),
        label_alteration_only=False,
        reflex=None,
        negative_contradicts=None,
        targeted=None,
        immunotherapy=None,
        endocrine=None,
    )


# --- text into tokens -------------------------------------------------------------------------


class _Token(NamedTuple):
    text: str
    kind: Literal["word", "number", "cdna", "sign", "symbol", "other"]


_SUPERSCRIPTS: Final = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻", "0123456789+-")
_TIMES_TEN: Final = re.compile(
    r"(\d(?:[\d.]*\d)?)\s*[\u00d7xX*]\s*10\s*"
    r"(?:(?:\^|\*\*|[eE])\s*([+-]?\d{1,3})|([⁺⁻]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+))"
)
_DASHES: Final = str.maketrans(
    dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63", "-")
)
_COMPARATOR_SPELLINGS: Final = ((">=", "≥"), ("=>", "≥"), ("≧", "≥"), ("<=", "≤"), ("=<", "≤"),
                                ("≦", "≤"), ("+/-", "±"))  # fmt: skip
_GLUED_UNIT: Final = re.compile(r"(\d)(?=(?:mut|muts|mutations?|ng|copies|copy|iu|μg|ug|mcg)\b)")
_INDEL_RANGE: Final = re.compile(r"(?<![a-z0-9])([a-z]\d{1,4})-([a-z]\d{1,4}(?:del|dup|ins))")
# Letters of words, with the Greek mu and alpha of "ug/L" and "ER-alpha" written in Greek.
_LETTERS: Final = "a-z0-9\u03bc\u03b1"
_FUSION: Final = re.compile(
    rf"(?<![{_LETTERS}.])([a-z][a-z0-9]{{1,11}})"
    rf"(?:\s*::\s*|-)([a-z][a-z0-9]{{1,11}})(?![{_LETTERS}])"
)
_TOKEN: Final = re.compile(
    r"(?P<cdna>c\.[0-9_+\-*]+(?:[acgtu]>[acgtu]|delins[acgt]+|del[acgt]*|dup[acgt]*|ins[acgt]+))"
    rf"|(?P<number>\d+(?:\.\d+)?(?:e[+-]?\d+)?)(?![{_LETTERS}_*])"
    rf"|(?P<word>[{_LETTERS}](?:[{_LETTERS}_*.]*[{_LETTERS}_*])?)"
    r"|(?P<range>(?<=\d)-(?=\d))"
    rf"|(?P<joiner>(?<=[{_LETTERS}])-(?=[{_LETTERS}]))"
    r"|(?P<sign>\++|-+|±)"
    r"|(?P<symbol>[%<>≥≤~/,;&])"
    r"|(?P<cjk>[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff]+)"
    r"|(?P<space>[\s()\[\]{}:=.'\"`_]+)"
    r"|(?P<other>.)",
    re.DOTALL,
)
_SPLIT_EXON: Final = re.compile(r"(exon|ex)(\d{1,2})")
_SPLIT_EXON_TYPE: Final = re.compile(r"(exon|ex|e)?(\d{1,2})(del|ins|dup|deletion|insertion)")
_SPLIT_TYPE_EXON: Final = re.compile(r"(del|ins)(exon|ex|e)?(\d{1,2})")
_SPLIT_MET_EXON: Final = re.compile(r"(met)(ex|exon)(\d{1,2})")


def _normalise(text: str) -> str:
    """Unicode, case and spelling variants folded; the grammar words of Chinese reports read."""

    def power(match: re.Match[str]) -> str:
        exponent = (match[2] or match[3]).translate(_SUPERSCRIPTS)
        return f"{match[1]}e{exponent}"

    text = _TIMES_TEN.sub(power, text)
    text = unicodedata.normalize("NFKC", text).casefold().translate(_DASHES)
    for spelling, symbol in _COMPARATOR_SPELLINGS:
        text = text.replace(spelling, symbol)
    for term, english in _CHINESE_TERMS:
        text = text.replace(term, english)
    text = _INDEL_RANGE.sub(r"\1_\2", text)
    return _GLUED_UNIT.sub(r"\1 ", text)


def _tokenise(text: str) -> tuple[_Token, ...]:
    tokens: list[_Token] = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        piece = match.group()
        if kind in ("space", "joiner"):
            continue
        if kind == "range":
            tokens.append(_Token("~", "symbol"))
        elif kind == "word":
            tokens.extend(_split_word(piece))
        elif kind == "cjk":
            tokens.append(_Token(piece, "word"))
        elif kind == "cdna":
            tokens.append(_Token(piece, "cdna"))
        elif kind == "number":
            tokens.append(_Token(piece, "number"))
        elif kind == "sign":
            tokens.append(_Token(piece, "sign"))
        elif kind == "symbol":
            tokens.append(_Token(piece, "symbol"))
        else:
            tokens.append(_Token(piece, "other"))
    return tuple(tokens)


def _split_word(word: str) -> list[_Token]:
    """Split glued exon forms: "ex19del" is "ex 19 del", "METex14" is "met exon 14"."""
    match = _SPLIT_MET_EXON.fullmatch(word)
    if match:
        return [_Token("met", "word"), _Token("exon", "word"), _Token(match[3], "number")]
    match = _SPLIT_EXON.fullmatch(word)
    if match:
        return [_Token("exon", "word"), _Token(match[2], "number")]
    match = _SPLIT_EXON_TYPE.fullmatch(word)
    if match:
        head = [_Token("exon", "word")] if match[1] else []
        return [*head, _Token(match[2], "number"), _Token(match[3], "word")]
    match = _SPLIT_TYPE_EXON.fullmatch(word)
    if match:
        return [_Token(match[1], "word"), _Token("exon", "word"), _Token(match[3], "number")]
    return [_Token(word, "word")]


def _key(tokens: Iterable[_Token]) -> str:
    return "".join(token.text for token in tokens if token.text not in _KEY_SKIPPED)


@functools.lru_cache(maxsize=4096)
def _phrase_key(text: str) -> str:
    """The lookup key of a phrase of the table: spacing, hyphens and case do not matter."""
    return _key(_tokenise(_normalise(text)))


def _mark_fusions(text: str, tables: _Tables) -> str:
    """Rewrite "eml4-alk" and "eml4::alk" as "alk fusion"."""
    pieces: list[str] = []
    last = 0
    for match in _FUSION.finditer(text):
        driver = _fusion_driver(match[1], match[2], tables)
        if driver is not None:
            pieces.extend((text[last : match.start()], f" {driver} fusion "))
            last = match.end()
    pieces.append(text[last:])
    return "".join(pieces)


def _fusion_driver(first: str, second: str, tables: _Tables) -> str | None:
    """Which side of a hyphenated pair is the fused driver gene, if the pair is a fusion."""
    genes = [side for side in (first, second) if side in tables.genes]
    if not genes:
        return None
    if len(genes) == 2:
        fusion_capable = [
            side
            for side in genes
            if tables.genes[side] in tables.markers
            and tables.markers[tables.genes[side]].fusion_capable
        ]
        if len(fusion_capable) == 1:
            return fusion_capable[0]
        named = [side for side in genes if tables.genes[side] in tables.markers]
        return None if named else second
    driver = genes[0]
    partner = second if driver == first else first
    looks_like_gene = any(ch.isdigit() for ch in partner) or partner in _KNOWN_PARTNERS
    if (
        not looks_like_gene
        or partner in tables.vocabulary_keys
        or partner in tables.entries
        or _protein_change(partner) is not None
    ):
        return None
    return driver


# --- reading one result ---------------------------------------------------------------------


class _ItemError(Exception):
    """One item cannot be read; becomes a ProfileProblem naming the item."""

    def __init__(
        self, problem: str, accepted: str = _ACCEPTED_MARKER, suggestions: Sequence[str] = ()
    ) -> None:
        super().__init__(problem)
        self.problem = problem
        self.accepted = accepted
        self.suggestions = tuple(suggestions)

    def problem_for(self, item: object) -> ProfileProblem:
        return ProfileProblem(_FIELD, item, self.accepted, self.suggestions, self.problem)


class _Hit(NamedTuple):
    start: int
    end: int
    entry: _Entry


def _read_text(text: str, tables: _Tables) -> list[Biomarker]:
    if len(text) > _MAX_TEXT:
        raise _ItemError("is too long", f"a result of at most {_MAX_TEXT} characters")
    tokens = _tokenise(_mark_fusions(_normalise(text), tables))
    if not any(token.kind != "symbol" and token.kind != "sign" for token in tokens):
        raise _ItemError("names no biomarker")
    return _read_tokens(tokens, tables, depth=0)


def _find_hits(tokens: Sequence[_Token], tables: _Tables) -> list[_Hit]:
    """The phrases naming markers, longest first at each position, left to right."""
    hits: list[_Hit] = []
    i = 0
    while i < len(tokens):
        hit = None
        if tokens[i].text not in _SEPARATORS:
            for end in range(min(len(tokens), i + _MAX_WINDOW), i, -1):
                if tokens[end - 1].text in _KEY_SKIPPED or any(
                    token.text in (",", ";", "&") for token in tokens[i:end]
                ):
                    continue
                key = _key(tokens[i:end])
                entry = tables.entries.get(key)
                if entry is None and key in tables.generic:
                    entry = _Entry("marker", tables.generic[key])
                if entry is not None:
                    hit = _Hit(i, end, entry)
                    break
            if hit is None:
                hit = _standalone_change(tokens, i, tables)
        if hit is None:
            i += 1
        else:
            hits.append(hit)
            i = hit.end
    return hits


def _standalone_change(tokens: Sequence[_Token], i: int, tables: _Tables) -> _Hit | None:
    """A protein or exon change that names its marker by itself ("p.Leu858Arg")."""
    exon = _exon(tokens, i)
    if exon is not None and exon[1] is not None:
        length, change = exon
    elif tokens[i].kind == "word":
        length, change = 1, _protein_change(tokens[i].text)
    else:
        return None
    entry = tables.entries.get(_phrase_key(change)) if change else None
    if entry is None or entry.kind != "standalone":
        return None
    return _Hit(i, i + length, entry)


def _read_tokens(tokens: Sequence[_Token], tables: _Tables, *, depth: int) -> list[Biomarker]:
    hits = _find_hits(tokens, tables)
    for hit in hits:
        if hit.entry.kind == "ambiguous" and not hit.entry.target:
            raise _ItemError(
                f"is ambiguous: it could be {' or '.join(hit.entry.options)}",
                "one specific marker",
                hit.entry.options,
            )
    naming = [hit for hit in hits if hit.entry.kind != "standalone"] or hits
    if not naming:
        words = [token.text for token in tokens if token.kind in ("word", "number", "other")]
        raise _ItemError("names no known biomarker", suggestions=_suggest_markers(words, tables))
    targets = {hit.entry.target for hit in naming}
    if len(targets) > 1 or (len(naming) > 1 and _has_separator(tokens, naming)):
        return _read_split(tokens, naming, tables, depth=depth)
    marker = tables.marker(targets.pop())
    ambiguous = next((hit.entry for hit in naming if hit.entry.kind == "ambiguous"), None)
    if naming[0].entry.kind == "standalone":
        rest: Sequence[_Token] = tokens
    else:
        spans = {i for hit in naming for i in range(hit.start, hit.end)}
        rest = [token for i, token in enumerate(tokens) if i not in spans]
    options = ambiguous.options if ambiguous else ()
    return _read_result(marker, rest, tables, needs_alteration=options)


def _has_separator(tokens: Sequence[_Token], hits: Sequence[_Hit]) -> bool:
    return any(
        token.text in _SEPARATORS or token.text == "and"
        for token in tokens[hits[0].end : hits[-1].start]
    )


def _read_split(
    tokens: Sequence[_Token], hits: Sequence[_Hit], tables: _Tables, *, depth: int
) -> list[Biomarker]:
    """Read an item naming several markers, one segment per marker."""
    inside = {i for hit in hits for i in range(hit.start, hit.end)}
    for separators in ((",", ";", "&"), ("/", "and")):
        segments: list[list[_Token]] = [[]]
        for i, token in enumerate(tokens):
            if token.text in separators and i not in inside:
                segments.append([])
            else:
                segments[-1].append(token)
        segments = [segment for segment in segments if segment]
        if len(segments) > 1:
            break
    if depth > 1 or len(segments) < 2:
        names = sorted({hit.entry.target for hit in hits})
        raise _ItemError(
            f"names several markers ({', '.join(names)}); give each its own result",
            "one marker per result, or markers separated by commas or slashes",
        )
    bare = [_is_bare(segment, tables) for segment in segments]
    shared: list[_Token] = []
    if any(bare) and not bare[-1]:
        last = segments[-1]
        spans = {i for hit in _find_hits(last, tables) for i in range(hit.start, hit.end)}
        shared = [token for i, token in enumerate(last) if i not in spans]
    found: list[Biomarker] = []
    for segment, is_bare in zip(segments, bare, strict=True):
        found.extend(
            _read_tokens([*segment, *shared] if is_bare else segment, tables, depth=depth + 1)
        )
    return found


def _is_bare(segment: Sequence[_Token], tables: _Tables) -> bool:
    """Whether a segment only names markers, with no result of its own."""
    hits = [hit for hit in _find_hits(segment, tables) if hit.entry.kind != "standalone"]
    return bool(hits) and sum(hit.end - hit.start for hit in hits) == len(segment)


class _Number(NamedTuple):
    low: float
    high: float
    low_open: bool
    high_open: bool
    exact: bool
    suffix: str | None
    keyword: str | None


@attrs.define
class _Reading:
    """What the words of one result say, before they are reconciled."""

    alterations: list[tuple[str, Status | None]] = attrs.Factory(list)
    statuses: set[Status] = attrs.Factory(set)
    numbers: list[_Number] = attrs.Factory(list)
    keywords: list[str] = attrs.Factory(list)
    pending_keyword: str | None = None
    unknown: bool = False
    leftovers: list[str] = attrs.Factory(list)


def _read_result(
    marker: _Marker,
    tokens: Sequence[_Token],
    tables: _Tables,
    *,
    needs_alteration: tuple[str, ...] = (),
) -> list[Biomarker]:
    try:
        return _reconcile(marker, _read_words(marker, tokens), tables, needs_alteration)
    except _ItemError as reject:
        if reject.accepted == _ACCEPTED_MARKER:
            reject.accepted = _accepted_result(marker)
        raise


def _reconcile(
    marker: _Marker, reading: _Reading, tables: _Tables, needs_alteration: tuple[str, ...]
) -> list[Biomarker]:
    """Turn what the words said into results, or say why they cannot be."""
    if reading.leftovers:
        words = " ".join(reading.leftovers)
        suggestions = [
            f"{marker.name} {marker.vocabulary[phrase]}"
            for word in reading.leftovers
            for phrase in closest(word, marker.vocabulary, n=2, cutoff=0.7)
        ]
        if not suggestions:
            suggestions = list(_suggest_markers(reading.leftovers, tables))
        raise _ItemError(
            f"has words that are not understood ({words!r})",
            _accepted_result(marker),
            tuple(dict.fromkeys(suggestions))[:3],
        )
    said = bool(reading.alterations or reading.statuses or reading.numbers)
    if reading.unknown:
        if said:
            raise _ItemError("gives a result and says it is unknown", _accepted_result(marker))
        return []
    if not said:
        raise _ItemError(
            "gives no result",
            _accepted_result(marker),
            (f"{marker.name} positive", f"{marker.name} negative"),
        )
    if needs_alteration and not reading.alterations:
        raise _ItemError("is ambiguous: say which result", "one specific result", needs_alteration)
    if len(reading.statuses) > 1:
        raise _ItemError("contradicts itself (" + " and ".join(sorted(reading.statuses)) + ")")
    stated: Status | None = next(iter(reading.statuses), None)
    levels = [alt for alt in reading.alterations if alt[0] in marker.levels]
    others = [alt for alt in reading.alterations if alt[0] not in marker.levels]
    if reading.numbers or (marker.scales and not others):
        if others:
            raise _ItemError("mixes a number with an alteration", _accepted_result(marker))
        results = _read_levels(marker, reading, levels, stated)
    else:
        if levels:
            raise _ItemError("mixes a level with an alteration", _accepted_result(marker))
        results = _read_alterations(marker, others, stated)
    return [
        _biomarker(marker, status, alteration, value, unit)
        for status, alteration, value, unit in dict.fromkeys(results)
    ]


_Result: TypeAlias = tuple[Status, str | None, float | None, str | None]


def _read_alterations(
    marker: _Marker, alterations: list[tuple[str, Status | None]], stated: Status | None
) -> list[_Result]:
    if not alterations:
        assert stated is not None
        return [(stated, marker.bare_status.get(stated), None, None)]
    named = dict.fromkeys(alterations)
    if len({name for name, _ in named}) > 1:
        named = {alt: None for alt in named if alt[0] != "mutation"}
    found = list(named)
    reflex = marker.reflex
    names = [name for name, _ in found]
    if reflex is not None and reflex.equivocal in names and reflex.resolved_by in names:
        resolver = next(alt for alt in found if alt[0] == reflex.resolved_by)
        outcome = resolver[1] or stated or "positive"
        if outcome == "equivocal":
            raise _ItemError("contradicts itself", _accepted_result(marker))
        combined = reflex.positive if outcome == "positive" else reflex.negative
        found = [alt for alt in found if alt[0] not in (reflex.equivocal, reflex.resolved_by)]
        found.append((combined, outcome))
        stated = None if stated == outcome else stated
    results: list[_Result] = []
    for name, inherent in found:
        if inherent is not None and stated is not None and inherent != stated:
            raise _ItemError(
                f"contradicts itself ({name} is {inherent}, not {stated})",
                _accepted_result(marker),
            )
        status: Status = stated or inherent or "positive"
        alteration: str | None = name
        if name == "mutation" and status == "negative":
            alteration = None
        results.append((status, alteration, None, None))
    return results


def _read_levels(
    marker: _Marker,
    reading: _Reading,
    levels: list[tuple[str, Status | None]],
    stated: Status | None,
) -> list[_Result]:
    worded = {(inherent or "positive", name) for name, inherent in levels}
    if len(worded) > 1:
        raise _ItemError("contradicts itself", _accepted_result(marker))
    results: list[_Result] = []
    for number in reading.numbers:
        scale = _scale_of(marker, number)
        value = number.low if number.exact else None
        for bound in (number.low, number.high):
            if not scale.low <= bound <= scale.high and math.isfinite(bound):
                raise _ItemError(
                    f"is out of range for {marker.name} {scale.unit}",
                    f"{marker.name} {scale.unit} from {_format_value(scale.low)} "
                    f"to {_format_value(scale.high)}",
                )
        if number.exact:
            status, alteration = scale.level_of(number.low)
        else:
            low_open = number.low_open and number.low >= scale.low
            high_open = number.high_open and number.high <= scale.high
            low, high = max(number.low, scale.low), min(number.high, scale.high)
            possible = scale.levels_within(low, high, low_open=low_open, high_open=high_open)
            statuses = {status for status, _ in possible}
            if len(statuses) != 1:
                raise _ItemError(
                    "is ambiguous: the bound does not settle whether it is positive",
                    _accepted_result(marker),
                )
            status = statuses.pop()
            alterations = {alteration for _, alteration in possible}
            alteration = alterations.pop() if len(alterations) == 1 else None
        if stated is not None and stated != status:
            raise _ItemError(
                f"contradicts itself (the value is {status})", _accepted_result(marker)
            )
        if worded and worded != {(status, alteration)}:
            raise _ItemError("contradicts itself (the value and the level differ)")
        unit = scale.unit if value is not None or scale.keyword is not None else None
        results.append((status, alteration, value, unit))
    if reading.numbers:
        units = [unit for _, _, _, unit in results if unit is not None]
        if len(units) != len(set(units)):
            raise _ItemError("gives two values for one score", _accepted_result(marker))
        return results
    unit = None
    if reading.keywords:
        if len(set(reading.keywords)) > 1:
            raise _ItemError("names two scores without values", _accepted_result(marker))
        unit = reading.keywords[0]
    if worded:
        status, alteration = next(iter(worded))
        if stated is not None and stated != status:
            raise _ItemError(f"contradicts itself ({alteration} is {status})")
        return [(status, alteration, None, unit)]
    assert stated is not None
    return [(stated, marker.bare_status.get(stated), None, unit)]


def _scale_of(marker: _Marker, number: _Number) -> _Scale:
    if number.keyword is not None:
        scale = marker.scale_for(number.keyword)
        assert scale is not None
        if number.suffix is not None and number.suffix not in scale.suffixes:
            raise _ItemError(
                f"gives a unit that {scale.unit} does not use", _accepted_result(marker)
            )
        return scale
    candidates = [
        scale for scale in marker.scales if number.suffix is None or number.suffix in scale.suffixes
    ]
    chosen = [scale for scale in candidates if scale.default] or candidates
    if len(chosen) != 1:
        raise _ItemError("gives a number without a unit", _accepted_result(marker))
    return chosen[0]


def _read_words(marker: _Marker, tokens: Sequence[_Token]) -> _Reading:
    """Go through the words of a result once, noting what each phrase says."""
    reading = _Reading()
    comparator: str | None = None
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.text in _SEPARATORS:
            i += 1
            continue
        phrase = _longest_phrase(marker.phrases, tokens, i)
        exon = _exon(tokens, i) if marker.reads_variants else None
        if exon is not None and (phrase is None or exon[0] > phrase[0]):
            length, name = exon
            if name is not None:
                reading.alterations.append((name, None))
            i += length
            comparator = None
            continue
        if phrase is not None:
            length, action = phrase
            i += length
            if action.kind == "comparator":
                comparator = action.name
                continue
            comparator = None
            if action.kind == "alteration":
                assert action.name is not None
                reading.alterations.append((action.name, action.status))
            elif action.kind == "status" and action.status is not None:
                reading.statuses.add(action.status)
            elif action.kind == "unknown":
                reading.unknown = True
            elif action.kind == "scale":
                assert action.name is not None
                _note_keyword(reading, action.name)
            elif action.kind == "vaf":
                skipped = _skip_value(tokens, i)
                if skipped is None:
                    reading.leftovers.append(_key(tokens[i - length : i]))
                i += skipped or 0
            elif action.kind == "suffix":
                reading.leftovers.append(_key(tokens[i - length : i]))
            continue
        if token.kind == "number" and marker.scales:
            i = _read_number(marker, tokens, i, comparator, reading)
            comparator = None
            continue
        change = None
        if marker.reads_variants and token.kind == "word":
            change = _protein_change(token.text)
        elif marker.reads_variants and token.kind == "cdna":
            change = _cdna_change(token.text)
        if change is not None:
            reading.alterations.append((change, None))
        else:
            reading.leftovers.append(token.text)
        comparator = None
        i += 1
    return reading


def _note_keyword(reading: _Reading, unit: str) -> None:
    """A score keyword names the score of the number before it if that had none, else the next."""
    reading.keywords.append(unit)
    if reading.pending_keyword is None and reading.numbers and reading.numbers[-1].keyword is None:
        reading.numbers[-1] = reading.numbers[-1]._replace(keyword=unit)
    else:
        reading.pending_keyword = unit


def _read_number(
    marker: _Marker, tokens: Sequence[_Token], i: int, comparator: str | None, reading: _Reading
) -> int:
    value = float(tokens[i].text)
    j = i + 1
    upper: float | None = None
    if j + 1 < len(tokens) and tokens[j].text == "~" and tokens[j + 1].kind == "number":
        upper = float(tokens[j + 1].text)
        j += 2
    suffix = None
    phrase = _longest_phrase(marker.phrases, tokens, j)
    if phrase is not None and phrase[1].kind == "suffix":
        suffix = phrase[1].name
        j += phrase[0]
    if not math.isfinite(value) or (upper is not None and not math.isfinite(upper)):
        raise _ItemError("gives a number that is not finite", _accepted_result(marker))
    keyword, reading.pending_keyword = reading.pending_keyword, None
    if upper is not None:
        if upper < value:
            raise _ItemError("gives a range that runs backwards", _accepted_result(marker))
        number = _Number(value, upper, False, False, False, suffix, keyword)
    elif comparator in (">=", ">"):
        number = _Number(value, math.inf, comparator == ">", True, False, suffix, keyword)
    elif comparator in ("<=", "<"):
        number = _Number(-math.inf, value, True, comparator == "<", False, suffix, keyword)
    else:
        number = _Number(value, value, False, False, True, suffix, keyword)
    reading.numbers.append(number)
    return j


def _skip_value(tokens: Sequence[_Token], i: int) -> int | None:
    """Skip an allele frequency value ("VAF 12.5%"): how many tokens, or None if none."""
    j = i
    if j < len(tokens) and tokens[j].text in ("≥", "≤", "<", ">", "~"):
        j += 1
    if j >= len(tokens) or tokens[j].kind != "number":
        return None
    j += 1
    if j < len(tokens) and tokens[j].text == "%":
        j += 1
    return j - i


def _longest_phrase(
    phrases: Mapping[str, _Action], tokens: Sequence[_Token], i: int
) -> tuple[int, _Action] | None:
    for end in range(min(len(tokens), i + _MAX_WINDOW), i, -1):
        if tokens[end - 1].text in _KEY_SKIPPED:
            continue
        action = phrases.get(_key(tokens[i:end]))
        if action is not None:
            return end - i, action
    return None


_EXON_WORDS: Final = frozenset({"exon", "ex", "e"})
_EXON_TYPES: Final[Mapping[str, str]] = MappingProxyType({
    "del": "deletion", "deletion": "deletion", "deletions": "deletion",
    "ins": "insertion", "insertion": "insertion", "insertions": "insertion",
    "dup": "duplication", "duplication": "duplication",
    "skip": "skipping", "skipping": "skipping",
    "mutation": "mutation", "mutations": "mutation", "mut": "mutation",
})  # fmt: skip
_BARE_EXON_TYPES: Final = frozenset({"deletion", "insertion", "duplication", "skipping"})


def _exon_number(token: _Token) -> int | None:
    if token.kind == "number" and token.text.isdigit() and 1 <= int(token.text) <= 99:
        return int(token.text)
    return None


def _exon(tokens: Sequence[_Token], i: int) -> tuple[int, str | None] | None:
    """An exon-level alteration starting at ``i``: (tokens used, canonical name)."""
    texts = [token.text for token in tokens[i : i + 4]]

    def at(k: int) -> str:
        return texts[k] if k < len(texts) else ""

    def number(k: int) -> int | None:
        return _exon_number(tokens[i + k]) if i + k < len(tokens) else None

    # exon 19 deletion / 19 deletion / exon 20 T790M
    start = 1 if at(0) in _EXON_WORDS else 0
    n = number(start)
    if n is not None:
        kind = _EXON_TYPES.get(at(start + 1))
        if kind is not None and (start or kind in _BARE_EXON_TYPES):
            return start + 2, f"exon {n} {kind}"
        if start and i + 2 < len(tokens) and _protein_change(at(2)) is not None:
            return 2, None
    # 19 exon deletion
    n = number(0)
    if n is not None and at(1) in _EXON_WORDS:
        kind = _EXON_TYPES.get(at(2))
        if kind is not None:
            return 3, f"exon {n} {kind}"
    # deletion in exon 19 / del 19 / insertion exon 20
    kind = _EXON_TYPES.get(at(0))
    if kind is not None:
        k = 1 + (at(1) in ("in", "of"))
        has_exon = at(k) in _EXON_WORDS
        n = number(k + has_exon)
        if n is not None and (has_exon or kind in _BARE_EXON_TYPES):
            return k + has_exon + 1, f"exon {n} {kind}"
    return None


_AMINO_ACIDS: Final[Mapping[str, str]] = MappingProxyType({
    "ala": "A", "arg": "R", "asn": "N", "asp": "D", "cys": "C", "gln": "Q", "glu": "E",
    "gly": "G", "his": "H", "ile": "I", "leu": "L", "lys": "K", "met": "M", "phe": "F",
    "pro": "P", "ser": "S", "thr": "T", "trp": "W", "tyr": "Y", "val": "V", "ter": "*",
})  # fmt: skip
_AA: Final = "(?:" + "|".join(_AMINO_ACIDS) + "|[acdefghiklmnpqrstvwy])"
_AA_SEQ: Final = f"(?:{_AA})+"
_PROTEIN: Final = re.compile(
    rf"(?:p\.)?(?P<ref>{_AA})(?P<pos>\d{{1,4}})"
    rf"(?:(?P<alt>{_AA}|x|\*)(?P<fs>fs(?:\*|x|ter)?\d*)?"
    rf"|(?P<fs_only>fs(?:\*|x|ter)?\d*)"
    rf"|(?P<indel>del|dup|delins{_AA_SEQ}|ins{_AA_SEQ})"
    rf"|_(?P<ref2>{_AA})(?P<pos2>\d{{1,4}})(?P<indel2>del|dup|delins{_AA_SEQ}|ins{_AA_SEQ}))?"
)
_AA_PIECE: Final = re.compile("|".join(_AMINO_ACIDS) + "|[a-z*]")


def _amino_acids(text: str) -> str:
    return "".join(_AMINO_ACIDS.get(piece, piece.upper()) for piece in _AA_PIECE.findall(text))


def _indel(text: str) -> str:
    for head in ("delins", "del", "dup", "ins"):
        if text.startswith(head):
            return head + _amino_acids(text[len(head) :])
    raise AssertionError(text)


def _frameshift(text: str) -> str:
    tail = text[2:].replace("ter", "*").replace("x", "*")
    return "fs" + tail


def _protein_change(text: str) -> str | None:
    """Canonical protein change ("L858R", "E746_A750del", "Q1756Pfs*74", "V600"), if any."""
    match = _PROTEIN.fullmatch(text)
    if match is None:
        return None
    head = _amino_acids(match["ref"]) + match["pos"]
    if match["alt"] is not None:
        alt = "X" if match["alt"] == "x" else _amino_acids(match["alt"])
        return head + alt + (_frameshift(match["fs"]) if match["fs"] else "")
    if match["fs_only"] is not None:
        return head + _frameshift(match["fs_only"])
    if match["indel"] is not None:
        return head + _indel(match["indel"])
    if match["indel2"] is not None:
        return f"{head}_{_amino_acids(match['ref2'])}{match['pos2']}{_indel(match['indel2'])}"
    return head if len(match["pos"]) >= 2 else None


_CDNA: Final = re.compile(r"c\.(?P<pos>[0-9_+\-*]+)(?P<change>.*)")


def _cdna_change(text: str) -> str | None:
    """Canonical cDNA change: "c.5266dupC", "c.68_69delAG", "c.1234A>G"."""
    match = _CDNA.fullmatch(text)
    if match is None:
        return None
    change = match["change"]
    for head in ("delins", "del", "dup", "ins"):
        if change.startswith(head):
            return f"c.{match['pos']}{head}{change[len(head) :].upper()}"
    return f"c.{match['pos']}{change.upper()}"


# --- building results -------------------------------------------------------------------------


def _biomarker(
    marker: _Marker, status: Status, alteration: str | None, value: float | None, unit: str | None
) -> Biomarker:
    def flag(rule: _Rule | None) -> bool:
        return rule is not None and rule.applies(status, alteration)

    return Biomarker(
        marker=marker.name,
        status=status,
        alteration=alteration,
        value=value,
        unit=unit,
        targeted_actionable=flag(marker.targeted),
        immunotherapy_actionable=flag(marker.immunotherapy),
        endocrine_actionable=flag(marker.endocrine),
    )


def _format_value(value: float) -> str:
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def _label(tables: _Tables, biomarker: Biomarker) -> str:
    marker = tables.marker(biomarker.marker)
    scale = marker.scale_for(biomarker.unit)
    if biomarker.value is not None and scale is not None:
        text = scale.value_format.format(value=_format_value(biomarker.value))
        return f"{biomarker.marker} {text}"
    parts = [biomarker.marker]
    if scale is not None and scale.keyword is not None:
        parts.append(scale.keyword)
    if biomarker.alteration is None:
        parts.append(biomarker.status)
        return " ".join(parts)
    implied = marker.implied_status(biomarker.alteration)
    if marker.label_alteration_only and implied == biomarker.status:
        return biomarker.alteration
    parts.append(biomarker.alteration)
    if implied != biomarker.status:
        parts.append(biomarker.status)
    return " ".join(parts)


def _sort_key(tables: _Tables, biomarker: Biomarker) -> tuple[object, ...]:
    marker = tables.markers.get(biomarker.marker)
    return (
        marker.rank if marker is not None else len(tables.order),
        biomarker.marker,
        _STATUS_ORDER[biomarker.status],
        biomarker.alteration or "",
        biomarker.unit or "",
        biomarker.value is not None,
        biomarker.value or 0.0,
    )


def _group(marker: _Marker, biomarker: Biomarker) -> str:
    """Which claims a result is about, for telling contradictions from different findings."""
    alteration = biomarker.alteration
    if marker.scales and (
        biomarker.unit is not None or alteration is None or alteration in marker.levels
    ):
        return biomarker.unit if biomarker.unit and len(marker.scales) > 1 else "*"
    if alteration is None:
        return "*"
    return marker.groups.get(alteration, alteration)


def _contradictions(tables: _Tables, found: Sequence[Biomarker]) -> list[ProfileProblem]:
    problems: list[ProfileProblem] = []
    by_marker: dict[str, list[Biomarker]] = {}
    for biomarker in found:
        by_marker.setdefault(biomarker.marker, []).append(biomarker)
    for name, results in by_marker.items():
        marker = tables.marker(name)
        for negative in (b for b in results if b.status == "negative"):
            group = _group(marker, negative)
            clash = next(
                (
                    positive
                    for positive in results
                    if positive.status == "positive"
                    and (
                        _group(marker, positive) == group
                        or (
                            group == "*"
                            and (
                                marker.negative_contradicts is None
                                or _group(marker, positive) in marker.negative_contradicts
                            )
                        )
                    )
                ),
                None,
            )
            if clash is not None:
                problems.append(
                    ProfileProblem(
                        _FIELD,
                        name,
                        f"one consistent result per {name} finding",
                        problem=(
                            f"is reported both positive ({clash.label}) "
                            f"and negative ({negative.label})"
                        ),
                    )
                )
                break
    return problems


# --- inputs -----------------------------------------------------------------------------------


def _items(value: object) -> list[tuple[object, list[str] | _ItemError]]:
    """The items of the field in order, each with the texts to read or why it cannot be read."""
    if isinstance(value, Mapping):
        items: list[tuple[object, list[str] | _ItemError]] = []
        for key, result in value.items():
            try:
                items.append(({key: result}, _entry_texts(key, result)))
            except _ItemError as error:
                items.append(({key: result}, error))
        return items
    if isinstance(value, (list, tuple, set, frozenset)):
        items = []
        for element in value:
            if isinstance(element, Biomarker):
                items.append((element, [element.label]))
            elif isinstance(element, str):
                items.append((element, [element]))
            else:
                not_text = _ItemError("is not text", "a result written as text, like 'EGFR L858R'")
                items.append((element, not_text))
        return items
    return [(value, _ItemError("is not a mapping or a list", _ACCEPTED))]


def _entry_texts(key: object, result: object) -> list[str]:
    if not isinstance(key, str) or not key.strip():
        raise _ItemError("has a key that is not a marker name", "a marker name such as 'EGFR'")
    results = list(result) if isinstance(result, (list, tuple)) else [result]
    texts = []
    for each in results:
        if each is None:
            continue
        texts.append(f"{key} {_result_text(each)}")
    return texts


def _result_text(result: object) -> str:
    if type(result).__module__ == "numpy" and hasattr(result, "item"):
        result = result.item()  # numpy scalars (e.g. from a data frame) as Python values
    if isinstance(result, bool):
        return "positive" if result else "negative"
    if isinstance(result, int):
        if abs(result) >= 10**15:
            raise _ItemError("gives a number that is out of range", "a number such as 12")
        return str(result)
    if isinstance(result, float):
        if not math.isfinite(result):
            raise _ItemError("gives a number that is not finite", "a finite number, such as 12.5")
        return repr(result)
    if isinstance(result, str):
        return result
    raise _ItemError(
        "gives a result that is not text, a number or true/false",
        "a result such as 'L858R', 'positive', 'TPS 60%', 12, true or null",
    )


def _accepted_result(marker: _Marker) -> str:
    examples = ", ".join(repr(example) for example in marker.examples)
    return f"{marker.name} results such as {examples}"


def _suggest_markers(words: Sequence[str], tables: _Tables) -> tuple[str, ...]:
    """Markers whose names are close to the first words given: named ones first."""
    queries = [" ".join(words[:n]) for n in (1, 2, 3) if len(words) >= n]
    found: dict[str, None] = {}
    for pool, cutoff in ((tables.suggestion_pool, 0.6), (tables.generic, 0.8)):
        for query in queries:
            for match in closest(query, pool, n=3, cutoff=cutoff):
                found.setdefault(pool[match], None)
        if found:
            break
    return tuple(found)[:3]
