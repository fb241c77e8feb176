"""Words every marker understands: statuses, alterations, fillers, comparators and separators."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final, Literal, TypeAlias

Status: TypeAlias = Literal["positive", "negative", "equivocal"]
_STATUS_ORDER: Final[Mapping[str, int]] = MappingProxyType(
    {"positive": 0, "equivocal": 1, "negative": 2}
)

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
    "methylation", "promoter", "p", "c", "22c3", "sp263", "sp142", "e1l3n", "d5f3", "4b5",
    "pharmdx", "ventana", "dako",
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
