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
from collections.abc import Iterable, Mapping
from typing import Annotated, Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from matcher.common._cache import load_default
from matcher.profile import _ontology_names as names
from matcher.profile._cancer_types import (
    BLOOD_TISSUES,
    ONCOTREE_VERSION,
    RANK_CODE,
    RANK_NAME,
    RANK_SUGGESTED,
    RANK_SYNONYM,
    ROOT,
    SUPPORTED_SCHEMA_VERSIONS,
    SYNONYMS_KIND,
    CancerType,
    Offer,
    Ontology,
    OntologyDataError,
    VagueEntry,
    expand_choices,
    text_key,
)

__all__ = [
    "ONCOTREE_VERSION",
    "CancerType",
    "Ontology",
    "OntologyDataError",
    "default_ontology",
    "load_ontology",
]

_Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=400)]
_Note = Annotated[str, StringConstraints(strip_whitespace=True, max_length=600)]
_Code = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_/\-]+$", max_length=40)]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


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
    OncoTree code or name lists those nodes in ``overrides``. ``labelled``, ``everyday`` and
    ``hints``: see ``_ontology_names``.
    """

    kind: Literal["matcher.cancer_synonyms"]
    schema_version: Literal[1]
    oncotree_version: _Text
    synonyms: tuple[_Synonym, ...]
    vague: tuple[_VagueName, ...]
    migrations: tuple[_Migration, ...]
    unstaged: tuple[_Unstaged, ...]
    labelled: tuple[names.Labelled, ...] = ()
    everyday: tuple[names.Everyday, ...] = ()
    hints: tuple[names.Hint, ...] = ()


class _Node(BaseModel):
    """An OncoTree node as the OncoTree API exports it (fields we do not use are ignored)."""

    model_config = ConfigDict(frozen=True, extra="ignore", defer_build=True)

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

    ``lookup`` maps keys to codes, ``vague`` keys to what to suggest instead, ``offers`` the names
    offered as suggestions (expanded to keys and word prefixes when a suggestion is first asked).
    """

    def __init__(self, nodes: list[_Node], tree_file: str, file: str) -> None:
        self.file = file
        self.lookup: dict[str, str] = {}
        self.vague: dict[str, VagueEntry] = {}
        self.offers: list[Offer] = []
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
        self._offer(entry.name, key, entry.code, RANK_SYNONYM, prefixes=True)
        self.accepted.append(entry.name)

    def labelled_name(self, entry: names.Labelled) -> list[str]:
        """Claim a labelled entry's names (its label among them, one per key); the keys."""
        by_key = {text_key(name): name for name in (entry.label, *entry.names)}
        for key, name in by_key.items():
            self._claim(name, f"labelled name {name!r}", ())
            self.lookup[key] = self.known(entry.code, f"labelled name {name!r}")
            self._offer(name, key, entry.code, RANK_SYNONYM, prefixes=True)
            self.accepted.append(name)
        return list(by_key)

    def vague_name(self, entry: _VagueName) -> None:
        key = self._claim(entry.name, f"vague name {entry.name!r}", entry.overrides)
        self.vague[key] = VagueEntry(entry.suggest, entry.why)

    def migration(self, entry: _Migration) -> None:
        what = f"migration {entry.old!r}"
        if text_key(entry.old) in self._owners:
            raise OntologyDataError(f"{self.file}: {what} is the code or name of a current node")
        key = self._claim(entry.old, what, ())
        self.lookup[key] = self.known(entry.new, what)
        self._offer(entry.old, key, entry.new, RANK_CODE, prefixes=False)

    def nodes(self, nodes: list[_Node]) -> None:
        """Codes and names the table left alone; each must belong to one node only."""
        for node in nodes:
            for text, key, rank in (
                (node.name, self._name_key[node.code], RANK_NAME),
                (node.code, self._code_key[node.code], RANK_CODE),
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
                self._offer(text, key, node.code, rank, prefixes=rank == RANK_NAME)
                if rank == RANK_NAME:
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
                self._offer(suggestion, text_key(entry.name), code, RANK_SUGGESTED, prefixes=False)

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
        self.offers.append((text, key, code, rank, prefixes))  # expanded when first needed


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
        If a file is malformed, a code does not exist, two names fold alike unsettled, or a
        suggestion does not resolve.
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
    claimed = {entry.label: index.labelled_name(entry) for entry in table.labelled}
    index.nodes(nodes)
    index.suggestions(table.vague)
    return Ontology(
        version=version,
        types=(types := _cancer_types(nodes, unstaged, synonyms_file)),
        labelled=names.labelled_types(types, table.labelled, claimed),
        everyday={index.known(e.code, f"everyday {e.name!r}"): e.name for e in table.everyday},
        hints=names.compile_hints(table.hints, index.lookup, synonyms_file),
        lookup=index.lookup,
        vague=index.vague,
        descendants=_descendants(nodes),
        accepted=tuple(index.accepted),
        choices=functools.partial(expand_choices, tuple(index.offers)),
    )


#: The data files the default ontology is built from.
DATA_FILES: Final = (f"{ONCOTREE_VERSION}.json", "cancer_synonyms.json")


@functools.cache
def default_ontology() -> Ontology:
    """The ontology shipped with matcher (OncoTree 2025-10-03 and the reviewed synonym table).

    Loaded once and shared; it is immutable. Built once per installation and then unpickled
    from the user's cache folder (see :mod:`matcher.common._cache`).
    """
    return load_default("ontology", DATA_FILES, _build_default, Ontology)


def _build_default(files: Mapping[str, bytes]) -> Ontology:
    tree_file, synonyms_file = DATA_FILES
    return load_ontology(
        json.loads(files[tree_file]),
        json.loads(files[synonyms_file]),
        version=ONCOTREE_VERSION,
        tree_file=tree_file,
        synonyms_file=synonyms_file,
    )
