"""Exon, protein and cDNA changes, read into their canonical names."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Final

from matcher.common._text import LazyPattern
from matcher.profile._biomarkers._tokens import _Token

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
_PROTEIN: Final = LazyPattern(
    rf"(?:p\.)?(?P<ref>{_AA})(?P<pos>\d{{1,4}})"
    rf"(?:(?P<alt>{_AA}|x|\*)(?P<fs>fs(?:\*|x|ter)?\d*)?"
    rf"|(?P<fs_only>fs(?:\*|x|ter)?\d*)"
    rf"|(?P<indel>del|dup|delins{_AA_SEQ}|ins{_AA_SEQ})"
    rf"|_(?P<ref2>{_AA})(?P<pos2>\d{{1,4}})(?P<indel2>del|dup|delins{_AA_SEQ}|ins{_AA_SEQ}))?"
)
_AA_PIECE: Final = LazyPattern("|".join(_AMINO_ACIDS) + "|[a-z*]")


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
    if match is None or match["ref"] == "ter" or match["pos"].startswith("0"):
        return None  # residues count from 1; a stop codon as the reference is not read
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


_CDNA: Final = LazyPattern(r"(?P<kind>[cg])\.(?P<pos>[0-9_+\-*]+)(?P<change>.*)")


def _cdna_change(text: str) -> str | None:
    """Canonical cDNA or genomic change: "c.5266dupC", "c.68_69delAG", "g.140753336A>T"."""
    match = _CDNA.fullmatch(text)
    if match is None:
        return None
    change, head_text = match["change"], f"{match['kind']}.{match['pos']}"
    for head in ("delins", "del", "dup", "ins"):
        if change.startswith(head):
            return f"{head_text}{head}{change[len(head) :].upper()}"
    return f"{head_text}{change.upper()}"


# A reference sequence or locus written before a change ("NM_004333.6:c.1799T>A",
# "chr7:g.140753336A>T", "GRCh38"): it says where the change is named, not what it is.
_REFERENCE: Final = LazyPattern(
    r"(?:nm|nr|np|nc|ng|xm|xr|xp|lrg|enst|ensp)_?\d+(?:\.\d+)?|chr(?:\d{1,2}|x|y|m)|grch3[78]|hg(?:19|38)"
)


def _is_reference(text: str) -> bool:
    """True for a transcript, protein or chromosome reference ("nm_004333.6", "chr7")."""
    return _REFERENCE.fullmatch(text) is not None
