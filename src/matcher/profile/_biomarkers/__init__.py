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
- Variants. HGVS protein changes ("p.Val600Glu", "p.(Val600Glu)", "V600E"), c. and g. changes
  with or without a reference ("NM_004333.6:c.1799T>A", "chr7:g.140753336A>T"; the reference is
  not kept). A c. change becomes a protein change only through a sourced ``cdna_hotspots`` row
  of the table (BRAF c.1799T>A is V600E); any other DNA change is kept as written, a variant
  present with its effect not established. :func:`variant_of` gives the structured
  :class:`Variant` (gene, kind, protein or DNA change, exon).
- HER2 by IHC and ISH: :func:`her2_class` reads positive, low (IHC 1+, 2+ without
  amplification), ultralow (IHC 0 with membrane staining), negative or equivocal; HER2-low and
  -ultralow stay negative, the status that decides trastuzumab.
- Actionability by tumour type: :func:`actionability` gives each covered result its tier (1A,
  1B, 2, 3) in the patient's OncoTree type from ``data/actionability.json``.
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

from matcher.profile._biomarkers._actionability import (
    TIERS,
    Actionability,
    Evidence,
    actionability,
    tier_meanings,
)
from matcher.profile._biomarkers._model import Biomarker
from matcher.profile._biomarkers._parse import marker_names, parse_biomarkers
from matcher.profile._biomarkers._table import _tables as _tables
from matcher.profile._biomarkers._variant import Variant, her2_class, variant_of

__all__ = [
    "TIERS",
    "Actionability",
    "Biomarker",
    "Evidence",
    "Variant",
    "actionability",
    "her2_class",
    "marker_names",
    "parse_biomarkers",
    "tier_meanings",
    "variant_of",
]
