"""The cancer-type ontology: OncoTree nodes, plus the names people actually type.

The tree is OncoTree (Memorial Sloan Kettering Cancer Center / cBioPortal), release 2025-10-03,
shipped unchanged as ``data/oncotree_2025_10_03.json`` under CC BY 4.0
(``data/ONCOTREE_LICENSE_CC-BY-4.0.md``). ``data/cancer_synonyms.json`` is ours and reviewed by
hand: everyday and Chinese names with the node each maps to, names too vague to place, codes that
OncoTree retired and what replaced them (from each node's ``history``, ``precursors`` and
``revocations``), and the nodes that have no stage grouping.

Text is matched on a key: ``_text.fold`` (case, spacing, punctuation, NFKC) after removing
accents, with British spellings turned American ("tumour", "oesophageal", "leukaemia"). Each key
has one meaning: an OncoTree code, an OncoTree name, a synonym, a retired code, or a vague name
(which raises). A table entry may take over a node's code or name only by declaring it in
``overrides``; any other shared key fails at load, so no match is decided by dict order.
"""

from __future__ import annotations

import functools
import json
import unicodedata
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Annotated, Any, Final, Literal

import attrs
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from matcher.common._errors import MatcherError, ProfileError
from matcher.common._manifest import read_verified
from matcher.common._text import closest, fold, words

__all__ = [
    "ONCOTREE_VERSION",
    "CancerType",
    "Ontology",
    "OntologyDataError",
    "default_ontology",
    "load_ontology",
]

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
    """

    code: str
    name: str
    main_type: str | None
    tissue: str | None
    level: int
    lineage: tuple[str, ...]
    staged: bool
    is_blood_cancer: bool

    def is_within(self, code: str) -> bool:
        """True if ``code`` is this type's own code or an ancestor's (case-insensitive)."""
        return code.upper() in self.lineage

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


@attrs.frozen
class _Vague:
    suggest: tuple[str, ...]
    why: str


# Ranks of suggested names, best first.
_SYNONYM, _NAME, _CODE, _SUGGESTED = range(4)


@attrs.frozen
class _Choice:
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
        vague: Mapping[str, _Vague],
        descendants: Mapping[str, frozenset[str]],
        accepted: tuple[str, ...],
        choices: Mapping[str, tuple[_Choice, ...]],
    ) -> None:
        self.version = version
        self._types = MappingProxyType(dict(types))
        self._codes = tuple(self._types)
        self._lookup = MappingProxyType(dict(lookup))
        self._vague = MappingProxyType(dict(vague))
        self._descendants = MappingProxyType(dict(descendants))
        self._accepted = accepted
        self._choices = MappingProxyType(dict(choices))
        self._choice_keys = tuple(self._choices)
        self._by_length = tuple(sorted(self._choices, key=len))

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code.upper() in self._types

    def __len__(self) -> int:
        return len(self._types)

    def __repr__(self) -> str:
        return f"<Ontology {self.version}: {len(self)} cancer types>"

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
        code = self._lookup.get(key)
        if code is not None:
            return self._types[code]
        if not key:
            raise ProfileError("cancer_type", text, ACCEPTED, problem="is blank")
        vague = self._vague.get(key)
        if vague is not None:
            raise ProfileError("cancer_type", text, ACCEPTED, vague.suggest, problem="is too vague")
        raise ProfileError(
            "cancer_type",
            text,
            ACCEPTED,
            self._suggest(key),
            problem="is not a known cancer type",
        )

    def descendants(self, code: str) -> frozenset[str]:
        """The codes of every node below ``code`` (not including it)."""
        return self._descendants[self.get(code).code]

    def codes(self) -> tuple[str, ...]:
        """Every OncoTree code, root first, in tree order."""
        return self._codes

    def accepted_names(self) -> tuple[str, ...]:
        """Names people can type: the synonyms, then OncoTree names that resolve to their node."""
        return self._accepted

    def _suggest(self, key: str) -> tuple[str, ...]:
        """Accepted names close to an unknown key: word prefixes first, then near spellings."""
        found: list[_Choice] = list(self._choices.get(key, ()))
        if len(key) >= 4 or (key and not key.isascii()):
            for other in self._by_length:
                if other.startswith(key) and other != key:
                    found.extend(self._choices[other])
        if len(key) <= _MAX_FUZZY_KEY:
            for near in closest(key, self._choice_keys, n=8, cutoff=_CUTOFF):
                found.extend(self._choices[near])
        shown: dict[str, str] = {}  # one name per node, nodes in order of first appearance
        for choice in found:
            if choice.code in shown:
                if choice.display == self._types[choice.code].name:
                    shown[choice.code] = choice.display  # OncoTree's own name, when a candidate
            elif len(shown) < _MAX_SUGGESTIONS:
                shown[choice.code] = choice.display
        return tuple(shown.values())


# --- the file formats ----------------------------------------------------------------------

_Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=400)]
_Note = Annotated[str, StringConstraints(strip_whitespace=True, max_length=600)]
_Code = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_/\-]+$", max_length=40)]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class _Synonym(_Frozen):
    name: _Text
    code: _Code
    note: _Note
    overrides: tuple[_Code, ...] = ()


class _VagueName(_Frozen):
    name: _Text
    suggest: Annotated[tuple[_Text, ...], Field(min_length=1)]
    why: _Text
    overrides: tuple[_Code, ...] = ()


class _Migration(_Frozen):
    old: _Code
    new: _Code
    note: _Text


class _Unstaged(_Frozen):
    code: _Code
    why: _Text


class _SynonymFile(_Frozen):
    """``cancer_synonyms.json``, schema version 1.

    ``synonyms``: names people use, each with the node it means and a note for reviewers where
    the choice is not obvious. ``vague``: names that raise "is too vague", with specific names to
    suggest instead. ``migrations``: retired OncoTree codes and their successors. ``unstaged``:
    nodes (with everything below them) that have no stage grouping. An entry whose name is an
    OncoTree code or name lists those nodes in ``overrides``.
    """

    kind: Literal["matcher.cancer_synonyms"]
    schema_version: Literal[1]
    oncotree_version: _Text
    synonyms: tuple[_Synonym, ...]
    vague: tuple[_VagueName, ...]
    migrations: tuple[_Migration, ...]
    unstaged: tuple[_Unstaged, ...]


class _Node(BaseModel):
    """An OncoTree node as the OncoTree API exports it (fields we do not use are ignored)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    code: _Code
    name: _Text
    mainType: str | None  # noqa: N815 (OncoTree's field name)
    tissue: str | None
    parent: str | None
    level: int
    children: dict[str, _Node]


# --- the loader ----------------------------------------------------------------------------


def _flatten(tree: Mapping[str, Any], file: str) -> list[_Node]:
    """Validate the nested tree and list its nodes in preorder, checking parents and levels."""
    if list(tree) != [ROOT]:
        raise OntologyDataError(f"{file}: the tree must have the single root {ROOT!r}")
    try:
        root = _Node.model_validate(tree[ROOT])
    except ValidationError as error:
        raise OntologyDataError(f"{file}: not an OncoTree export: {error}") from None
    nodes: list[_Node] = []
    stack = [root]
    while stack:
        node = stack.pop()
        nodes.append(node)
        for key, child in reversed(node.children.items()):
            if key != child.code or child.parent != node.code or child.level != node.level + 1:
                raise OntologyDataError(
                    f"{file}: node {child.code!r} under {node.code!r} has an inconsistent "
                    "key, parent or level"
                )
            stack.append(child)
    return nodes


def _synonym_file(data: Mapping[str, Any], file: str, version: str) -> _SynonymFile:
    if data.get("kind") != SYNONYMS_KIND:
        raise OntologyDataError(f"{file}: kind must be {SYNONYMS_KIND!r}, not {data.get('kind')!r}")
    if data.get("schema_version") not in SUPPORTED_SCHEMA_VERSIONS:
        raise OntologyDataError(
            f"{file}: schema_version {data.get('schema_version')!r} is not supported; "
            f"supported: {', '.join(map(str, SUPPORTED_SCHEMA_VERSIONS))}"
        )
    try:
        table = _SynonymFile.model_validate(data)
    except ValidationError as error:
        raise OntologyDataError(f"{file}: {error}") from None
    if table.oncotree_version != version:
        raise OntologyDataError(
            f"{file}: written for {table.oncotree_version!r}, but the tree is {version!r}"
        )
    return table


class _Index:
    """Every key with its one meaning; a key shared by two sources must be declared in the table.

    ``lookup`` maps keys to codes, ``vague`` keys to what to suggest instead, ``choices`` keys
    (and the word prefixes of names) to the names offered as suggestions.
    """

    def __init__(self, nodes: list[_Node], tree_file: str, file: str) -> None:
        self.file = file
        self.lookup: dict[str, str] = {}
        self.vague: dict[str, _Vague] = {}
        self.choices: dict[str, list[_Choice]] = {}
        self.accepted: list[str] = []
        self._claimed: dict[str, str] = {}  # key -> the table entry that claimed it
        self._owners: dict[str, set[str]] = {}  # key -> nodes whose code or name has it
        self._code_key: dict[str, str] = {}
        self._name_key: dict[str, str] = {}
        for node in nodes:
            code_key, name_key = text_key(node.code), text_key(node.name)
            if not code_key or code_key in self._owners.get(code_key, ()):
                raise OntologyDataError(f"{tree_file}: code {node.code!r} is blank or repeated")
            self._code_key[node.code], self._name_key[node.code] = code_key, name_key
            self._owners.setdefault(code_key, set()).add(node.code)
            self._owners.setdefault(name_key, set()).add(node.code)

    def synonym(self, entry: _Synonym) -> None:
        key = self._claim(entry.name, f"synonym {entry.name!r}", entry.overrides)
        self.lookup[key] = self.known(entry.code, f"synonym {entry.name!r}")
        self._offer(entry.name, key, entry.code, _SYNONYM, prefixes=True)
        self.accepted.append(entry.name)

    def vague_name(self, entry: _VagueName) -> None:
        key = self._claim(entry.name, f"vague name {entry.name!r}", entry.overrides)
        self.vague[key] = _Vague(entry.suggest, entry.why)

    def migration(self, entry: _Migration) -> None:
        what = f"migration {entry.old!r}"
        if text_key(entry.old) in self._owners:
            raise OntologyDataError(f"{self.file}: {what} is the code or name of a current node")
        key = self._claim(entry.old, what, ())
        self.lookup[key] = self.known(entry.new, what)
        self._offer(entry.old, key, entry.new, _CODE, prefixes=False)

    def nodes(self, nodes: list[_Node]) -> None:
        """Codes and names the table left alone; each must belong to one node only."""
        for node in nodes:
            for text, key, rank in (
                (node.name, self._name_key[node.code], _NAME),
                (node.code, self._code_key[node.code], _CODE),
            ):
                if key in self._claimed or self.lookup.get(key) == node.code:
                    continue
                if len(self._owners[key]) > 1:
                    raise OntologyDataError(
                        f"{self.file}: {text!r} is the code or name of "
                        f"{sorted(self._owners[key])}; say which it means (a synonym or a vague "
                        "entry with 'overrides')"
                    )
                self.lookup[key] = node.code
                self._offer(text, key, node.code, rank, prefixes=rank == _NAME)
                if rank == _NAME:
                    self.accepted.append(text)

    def suggestions(self, entries: Iterable[_VagueName]) -> None:
        """Offer what each vague name suggests; every suggestion must resolve."""
        for entry in entries:
            for suggestion in entry.suggest:
                code = self.lookup.get(text_key(suggestion))
                if code is None:
                    raise OntologyDataError(
                        f"{self.file}: vague name {entry.name!r} suggests {suggestion!r}, which "
                        "does not resolve"
                    )
                self._offer(suggestion, text_key(entry.name), code, _SUGGESTED, prefixes=False)

    def sorted_choices(self) -> dict[str, tuple[_Choice, ...]]:
        """Choices per key: whole names before word prefixes; synonyms, names, codes, then what
        vague names suggest (in table order); within a rank the shortest (broadest) first."""

        def order(choice: _Choice) -> tuple[bool, int, int]:
            length = 0 if choice.rank == _SUGGESTED else len(choice.display)
            return choice.prefix, choice.rank, length

        return {key: tuple(sorted(found, key=order)) for key, found in self.choices.items()}

    def _claim(self, text: str, what: str, overrides: tuple[str, ...]) -> str:
        key = text_key(text)
        if not key:
            raise OntologyDataError(f"{self.file}: {what} has no letters or digits")
        if key in self._claimed:
            raise OntologyDataError(f"{self.file}: {what} is the same text as {self._claimed[key]}")
        shadowed = self._owners.get(key, set())
        if set(overrides) != shadowed:
            raise OntologyDataError(
                f"{self.file}: {what} is the same text as the OncoTree code or name of "
                f"{sorted(shadowed) or 'no node'}, so its 'overrides' must list exactly those "
                f"(it lists {sorted(overrides) or 'none'})"
            )
        self._claimed[key] = what
        return key

    def known(self, code: str, what: str) -> str:
        """``code``, if the tree has it."""
        if code not in self._code_key:
            raise OntologyDataError(f"{self.file}: {what} names {code!r}, not an OncoTree code")
        return code

    def _offer(self, text: str, key: str, code: str, rank: int, *, prefixes: bool) -> None:
        self.choices.setdefault(key, []).append(_Choice(text, code, rank))
        if prefixes:
            partial = _Choice(text, code, rank, prefix=True)
            parts = words(text).split()
            for end in range(1, len(parts)):
                self.choices.setdefault(text_key("".join(parts[:end])), []).append(partial)


def _cancer_types(nodes: list[_Node], unstaged: set[str], file: str) -> dict[str, CancerType]:
    parent = {node.code: node.parent for node in nodes}
    types: dict[str, CancerType] = {}
    for node in nodes:
        lineage = [node.code]
        while (up := parent[lineage[-1]]) is not None:
            lineage.append(up)
        above = [code for code in lineage[1:] if code in unstaged]
        if node.code in unstaged and above:
            raise OntologyDataError(
                f"{file}: unstaged {node.code!r} is inside unstaged {above[0]!r}"
            )
        types[node.code] = CancerType(
            code=node.code,
            name=node.name,
            main_type=node.mainType,
            tissue=node.tissue,
            level=node.level,
            lineage=tuple(lineage),
            staged=not any(code in unstaged for code in lineage),
            is_blood_cancer=node.tissue in BLOOD_TISSUES,
        )
    return types


def _descendants(nodes: list[_Node]) -> dict[str, frozenset[str]]:
    below: dict[str, frozenset[str]] = {}
    for node in reversed(nodes):  # preorder reversed: children come before their parent
        below[node.code] = frozenset(node.children).union(
            *(below[child] for child in node.children)
        )
    return below


def load_ontology(
    tree: Mapping[str, Any],
    synonyms: Mapping[str, Any],
    *,
    version: str,
    tree_file: str = "oncotree",
    synonyms_file: str = "cancer_synonyms",
) -> Ontology:
    """Validate an OncoTree export and a synonym table, and compile them into an `Ontology`.

    Parameters
    ----------
    tree : mapping
        The OncoTree JSON export: ``{"TISSUE": {...nested children...}}``.
    synonyms : mapping
        The ``matcher.cancer_synonyms`` table (schema version 1).
    version : str
        The OncoTree release, e.g. ``"oncotree_2025_10_03"``; the table must name the same.
    tree_file, synonyms_file : str
        Names used in error messages.

    Raises
    ------
    OntologyDataError
        If either file is malformed, a code in the table does not exist, two names fold to the
        same text without the table saying which wins, or a suggestion does not resolve.
    """
    nodes = _flatten(tree, tree_file)
    table = _synonym_file(synonyms, synonyms_file, version)
    index = _Index(nodes, tree_file, synonyms_file)
    unstaged = {index.known(entry.code, f"unstaged {entry.code!r}") for entry in table.unstaged}
    for synonym in table.synonyms:
        index.synonym(synonym)
    for vague in table.vague:
        index.vague_name(vague)
    for migration in table.migrations:
        index.migration(migration)
    index.nodes(nodes)
    index.suggestions(table.vague)
    return Ontology(
        version=version,
        types=_cancer_types(nodes, unstaged, synonyms_file),
        lookup=index.lookup,
        vague=index.vague,
        descendants=_descendants(nodes),
        accepted=tuple(index.accepted),
        choices=index.sorted_choices(),
    )


@functools.cache
def default_ontology() -> Ontology:
    """The ontology shipped with matcher (OncoTree 2025-10-03 and the reviewed synonym table).

    Loaded once and shared; it is immutable.
    """
    tree_file = f"{ONCOTREE_VERSION}.json"
    synonyms_file = "cancer_synonyms.json"
    return load_ontology(
        json.loads(read_verified(tree_file)),
        json.loads(read_verified(synonyms_file)),
        version=ONCOTREE_VERSION,
        tree_file=tree_file,
        synonyms_file=synonyms_file,
    )
