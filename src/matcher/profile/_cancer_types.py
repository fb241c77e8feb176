"""Cancer types and the compiled ontology that resolves what people type to an OncoTree node."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final

import attrs

from matcher.common._errors import MatcherError, ProfileError
from matcher.common._text import closest, fold, words

if TYPE_CHECKING:
    from matcher.profile._ontology_names import CompiledHint

ONCOTREE_VERSION: Final = "oncotree_2025_10_03"
ROOT: Final = "TISSUE"
SYNONYMS_KIND: Final = "matcher.cancer_synonyms"
SUPPORTED_SCHEMA_VERSIONS: Final = (1,)
ACCEPTED: Final = "an OncoTree code or a cancer name, e.g. 'NSCLC', 'lung adenocarcinoma'"
BLOOD_TISSUES: Final = frozenset({"Lymphoid", "Myeloid"})

#: British spellings (as they appear in a folded key) and their American forms.
_SPELLINGS: Final = (
    ("tumour", "tumor"),
    ("oesophag", "esophag"),
    ("oestr", "estr"),
    ("oedem", "edem"),
    ("foet", "fet"),
    ("aem", "em"),  # haem-, leukaemia, anaemia, polycythaemia
    ("paed", "ped"),
    ("gynaec", "gynec"),
    ("caec", "cec"),
)
#: Misspellings are compared with difflib; this ratio passed "nasopharangeal" and kept noise out.
_CUTOFF: Final = 0.75
_MAX_SUGGESTIONS: Final = 3
#: Keys longer than this get no fuzzy suggestions (difflib is quadratic in the length).
_MAX_FUZZY_KEY: Final = 120


def text_key(text: str) -> str:
    """The key text is matched on: folded, accents removed, British spellings made American.

    >>> text_key("Oesophageal  Tumour")
    'esophagealtumor'
    """
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in decomposed if not unicodedata.combining(c))
    key = fold(text)
    if "ae" in key or "oe" in key or "tumour" in key:
        for british, american in _SPELLINGS:
            key = key.replace(british, american)
    return key


@attrs.frozen
class CancerType:
    """One OncoTree node, as a patient's cancer type.

    Attributes
    ----------
    code, name : str
        The OncoTree code ("LUAD") and name ("Lung Adenocarcinoma").
    main_type, tissue : str or None
        OncoTree's main type and tissue ("Lung"); ``None`` only for the root.
    level : int
        Depth in the tree; the root ("TISSUE") is 0, tissues are 1.
    lineage : tuple of str
        Own code first, then the parent's, and so on up to "TISSUE".
    staged : bool
        False where no stage grouping applies (leukaemias, myeloid neoplasms, brain tumours).
    is_blood_cancer : bool
        True for the Lymphoid and Myeloid tissues (leukaemia, lymphoma, myeloma...).
    label : str or None
        The name the patient's words keep where the node is broader than what they mean
        ("acute lymphoblastic leukaemia" on Lymphoid Neoplasm); None otherwise.
    """

    code: str
    name: str
    main_type: str | None
    tissue: str | None
    level: int
    lineage: tuple[str, ...]
    staged: bool
    is_blood_cancer: bool
    label: str | None = None

    def is_within(self, code: str) -> bool:
        """True if ``code`` is this type's own code or an ancestor's (case-insensitive)."""
        return code.upper() in self.lineage

    def __str__(self) -> str:
        if self.label is not None:
            return f"{self.label} (OncoTree: {self.name}, {self.code})"
        return f"{self.name} ({self.code})"


@attrs.frozen
class VagueEntry:
    suggest: tuple[str, ...]
    why: str


# Ranks of suggested names, best first.
RANK_SYNONYM, RANK_NAME, RANK_CODE, RANK_SUGGESTED = range(4)


@attrs.frozen
class Choice:
    """A name offered as a suggestion, the node it resolves to, and its rank (lower first)."""

    display: str
    code: str
    rank: int
    prefix: bool = False  # offered for the first words of the name only


class OntologyDataError(MatcherError, ValueError):
    """Ontology or synonym data that cannot be loaded; the message names the file and entry."""


class Ontology:
    """OncoTree codes, names and reviewed synonyms, compiled once for fast lookup.

    Build one with `load_ontology` (or use `default_ontology`); the constructor takes the
    compiled parts and trusts them. ``code in ontology`` and ``len(ontology)`` count current
    OncoTree codes (the root "TISSUE" included).
    """

    version: str

    def __init__(
        self,
        *,
        version: str,
        types: Mapping[str, CancerType],
        lookup: Mapping[str, str],
        vague: Mapping[str, VagueEntry],
        descendants: Mapping[str, frozenset[str]],
        accepted: tuple[str, ...],
        choices: Mapping[str, tuple[Choice, ...]] | Callable[[], Mapping[str, tuple[Choice, ...]]],
        labelled: Mapping[str, CancerType] | None = None,
        everyday: Mapping[str, str] | None = None,
        hints: tuple[CompiledHint, ...] = (),
    ) -> None:
        self.version = version
        self._types = MappingProxyType(dict(types))
        self._codes = tuple(self._types)
        self._lookup = MappingProxyType(dict(lookup))
        self._vague = MappingProxyType(dict(vague))
        self._descendants = MappingProxyType(dict(descendants))
        self._accepted = accepted
        self._choice_source = choices  # a callable is called when a suggestion is first asked
        self._choice_index: _ChoiceIndex | None = None
        self._labelled = MappingProxyType(dict(labelled or {}))
        self._everyday = MappingProxyType(dict(everyday or {}))
        self._hints = hints

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code.upper() in self._types

    def __len__(self) -> int:
        return len(self._types)

    def __repr__(self) -> str:
        return f"<Ontology {self.version}: {len(self)} cancer types>"

    def __reduce__(self) -> tuple[Callable[..., Ontology], tuple[dict[str, object]]]:
        """Pickled as the parts it was built from (read-only mappings travel as dicts)."""
        built = self._choice_index
        parts: dict[str, object] = {
            "version": self.version,
            "types": dict(self._types),
            "lookup": dict(self._lookup),
            "vague": dict(self._vague),
            "descendants": dict(self._descendants),
            "accepted": self._accepted,
            "choices": self._choice_source if built is None else dict(built[0]),
            "labelled": dict(self._labelled),
            "everyday": dict(self._everyday),
            "hints": self._hints,
        }
        return (_rebuild_ontology, (parts,))

    def get(self, code: str) -> CancerType:
        """The node with this exact OncoTree code (case-insensitive).

        Raises
        ------
        KeyError
            If no current node has this code (retired codes are not followed; use `resolve`).
        """
        try:
            return self._types[code.upper()]
        except (KeyError, AttributeError):
            raise KeyError(f"{code!r} is not an OncoTree code in {self.version}") from None

    def resolve(self, text: str) -> CancerType:
        """The cancer type a patient's text names: a code, an OncoTree name or a synonym.

        Case, spacing, punctuation, accents and British spellings are ignored; retired codes
        ("GBM") lead to their successors.

        Raises
        ------
        ProfileError
            For field ``cancer_type``: not a string, blank, too vague ("cancer"), or unknown
            (with the closest accepted names as ``suggestions``).
        """
        if not isinstance(text, str):
            raise ProfileError("cancer_type", text, ACCEPTED, problem="is not a string")
        key = text_key(text)
        labelled = self._labelled.get(key)
        if labelled is not None:
            return labelled
        code = self._lookup.get(key)
        if code is not None:
            return self._types[code]
        if not key:
            raise ProfileError("cancer_type", text, ACCEPTED, problem="is blank")
        vague = self._vague.get(key)
        if vague is not None:
            raise ProfileError("cancer_type", text, ACCEPTED, vague.suggest, problem="is too vague")
        hint = next((hint for hint in self._hints if hint.matches(key)), None)
        raise ProfileError(
            "cancer_type",
            text,
            ACCEPTED,
            hint.suggest if hint is not None else self._suggest(key),
            problem="is not a known cancer type",
        )

    def everyday_name(self, code: str) -> str | None:
        """The name a person understands for a node ("gastric cancer" for STAD), if the table
        gives one."""
        return self._everyday.get(code.upper())

    def descendants(self, code: str) -> frozenset[str]:
        """The codes of every node below ``code`` (not including it)."""
        return self._descendants[self.get(code).code]

    def codes(self) -> tuple[str, ...]:
        """Every OncoTree code, root first, in tree order."""
        return self._codes

    def accepted_names(self) -> tuple[str, ...]:
        """Names people can type: the synonyms, then OncoTree names that resolve to their node."""
        return self._accepted

    def _choices(self) -> _ChoiceIndex:
        """The suggestion choices by key, the keys, and the keys shortest first (built once)."""
        if self._choice_index is None:
            source = self._choice_source
            choices = MappingProxyType(dict(source() if callable(source) else source))
            self._choice_index = (choices, tuple(choices), tuple(sorted(choices, key=len)))
        return self._choice_index

    def _suggest(self, key: str) -> tuple[str, ...]:
        """Accepted names close to an unknown key: word prefixes first, then near spellings."""
        choices, choice_keys, by_length = self._choices()
        found: list[Choice] = list(choices.get(key, ()))
        if len(key) >= 4 or (key and not key.isascii()):
            for other in by_length:
                if other.startswith(key) and other != key:
                    found.extend(choices[other])
        if len(key) <= _MAX_FUZZY_KEY:
            for near in closest(key, choice_keys, n=8, cutoff=_CUTOFF):
                found.extend(choices[near])
        shown: dict[str, str] = {}  # one name per node, nodes in order of first appearance
        for choice in found:
            if choice.code in shown:
                if choice.display == self._types[choice.code].name:
                    shown[choice.code] = choice.display  # OncoTree's own name, when a candidate
            elif len(shown) < _MAX_SUGGESTIONS:
                shown[choice.code] = choice.display
        return tuple(shown.values())


def _rebuild_ontology(parts: dict[str, Any]) -> Ontology:
    return Ontology(**parts)


#: A name offered as a suggestion: (text, key, code, rank, whether its word prefixes lead to it).
Offer = tuple[str, str, str, int, bool]
_ChoiceIndex = tuple[Mapping[str, tuple[Choice, ...]], tuple[str, ...], tuple[str, ...]]


def expand_choices(offers: tuple[Offer, ...]) -> dict[str, tuple[Choice, ...]]:
    """Choices per key (a name's key and, if asked, the keys of its word prefixes), in order:
    whole names before word prefixes; synonyms, names, codes, then what vague names suggest
    (in table order); within a rank the shortest (broadest) first."""
    found: dict[str, list[Choice]] = {}
    for text, key, code, rank, prefixes in offers:
        found.setdefault(key, []).append(Choice(text, code, rank))
        if prefixes:
            partial = Choice(text, code, rank, prefix=True)
            parts = words(text).split()
            for end in range(1, len(parts)):
                found.setdefault(text_key("".join(parts[:end])), []).append(partial)

    def order(choice: Choice) -> tuple[bool, int, int]:
        length = 0 if choice.rank == RANK_SUGGESTED else len(choice.display)
        return choice.prefix, choice.rank, length

    return {key: tuple(sorted(choices, key=order)) for key, choices in found.items()}


# --- the file formats ----------------------------------------------------------------------
