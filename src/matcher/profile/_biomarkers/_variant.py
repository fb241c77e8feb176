"""A gene result read as a structured variant: gene, kind, protein or DNA change, exon."""

from __future__ import annotations

import re
from typing import Final, Literal, TypeAlias

import attrs

from matcher.profile._biomarkers._model import Biomarker
from matcher.profile._biomarkers._table import _tables

VariantKind: TypeAlias = Literal[
    "protein change", "exon", "fusion", "amplification", "deletion", "cdna", "genomic", "other"
]
HER2Class: TypeAlias = Literal["positive", "low", "ultralow", "negative", "equivocal"]

_EXON: Final = re.compile(r"exon (\d{1,2}) (\w+)")
_PROTEIN: Final = re.compile(r"[A-Z*]\d{1,4}(?:[A-Z*].*|_.*|del.*|dup.*|ins.*|fs.*)?")
_HER2_LOW: Final = frozenset({"1+", "2+ FISH-", "low"})


@attrs.frozen
class Variant:
    """One gene alteration, structured.

    Attributes
    ----------
    gene : str
        The gene symbol (HGNC, as the marker table gives it: HER2 is ERBB2).
    kind : str
        "protein change" (V600E, E746_A750del), "exon" (exon 19 deletion), "fusion",
        "amplification", "deletion", "cdna" or "genomic" (a DNA change whose protein effect
        no sourced table gives), or "other" (a mutation named only as such, ITD, methylation).
    protein_change, dna_change : str or None
        The protein change ("V600E") or the c./g. change as written ("c.2573T>G").
    exon : int or None
        The exon of an exon-level event.
    effect_established : bool
        False for a DNA change that is kept without a protein effect: the variant is present,
        what it does is not established here.
    """

    gene: str
    kind: VariantKind
    protein_change: str | None = None
    dna_change: str | None = None
    exon: int | None = None
    effect_established: bool = True


def variant_of(biomarker: Biomarker) -> Variant | None:
    """The structured variant of a gene result with an alteration, else None."""
    spec = _tables().marker(biomarker.marker)
    alteration = biomarker.alteration
    if not spec.is_gene or alteration is None or spec.groups.get(alteration) == "IHC":
        return None  # not a gene result, or a staining score rather than a variant
    gene = spec.gene or biomarker.marker
    if alteration == "fusion":
        return Variant(gene, "fusion")
    if alteration == "amplification":
        return Variant(gene, "amplification")
    if alteration == "deletion":
        return Variant(gene, "deletion")
    if alteration.startswith(("c.", "g.")):
        kind: VariantKind = "cdna" if alteration.startswith("c.") else "genomic"
        return Variant(gene, kind, dna_change=alteration, effect_established=False)
    exon = _EXON.fullmatch(alteration)
    if exon is not None:
        return Variant(gene, "exon", exon=int(exon[1]))
    if _PROTEIN.fullmatch(alteration):
        return Variant(gene, "protein change", protein_change=alteration)
    return Variant(gene, "other")


def her2_class(biomarker: Biomarker) -> HER2Class | None:
    """HER2 as positive, low, ultralow, negative or equivocal; None for another marker.

    IHC 3+ or IHC 2+ with ISH amplification is positive; IHC 1+, or 2+ without amplification,
    is HER2-low; IHC 0 with membrane staining is HER2-ultralow; IHC 0 is negative. A result
    that names no IHC score keeps its status.
    """
    if biomarker.marker != "HER2":
        return None
    if biomarker.alteration in _HER2_LOW:
        return "low"
    if biomarker.alteration == "ultralow":
        return "ultralow"
    return biomarker.status
