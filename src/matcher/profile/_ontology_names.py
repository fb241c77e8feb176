"""Names people use beyond synonyms: labelled names, everyday names and hints for vague words.

Three optional sections of ``cancer_synonyms.json``:

``labelled``
    A name that resolves to an OncoTree node broader than what it means, and keeps its own
    label: "ALL" (acute lymphoblastic leukaemia, retired from OncoTree) is Lymphoid Neoplasm
    labelled "acute lymphoblastic leukaemia", and not staged whatever the node is. A profile
    saves the label, so it reads back the same.
``everyday``
    The name a person understands for a node ("gastric cancer" for Stomach Adenocarcinoma),
    shown with the OncoTree name beside it.
``hints``
    Words that, in a name that does not resolve, say what it is about: "marrow" means a blood
    cancer (leukaemia, myeloma, MDS), never a bone sarcoma.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Annotated

import attrs
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from matcher.profile._cancer_types import CancerType, OntologyDataError, text_key

_Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class Labelled(_Frozen):
    label: _Text
    names: Annotated[tuple[_Text, ...], Field(min_length=1)]
    code: _Text
    staged: bool | None = None
    why: _Text


class Everyday(_Frozen):
    code: _Text
    name: _Text


class Hint(_Frozen):
    words: Annotated[tuple[_Text, ...], Field(min_length=1)]
    suggest: Annotated[tuple[_Text, ...], Field(min_length=1)]
    why: _Text


@attrs.frozen
class CompiledHint:
    """Folded words and the names to suggest when a name holding one of them is unknown."""

    keys: tuple[str, ...]
    suggest: tuple[str, ...]

    def matches(self, key: str) -> bool:
        return any(word in key for word in self.keys)


def compile_hints(
    hints: tuple[Hint, ...], lookup: Mapping[str, str], file: str
) -> tuple[CompiledHint, ...]:
    """Hints with folded words; every suggestion must resolve."""
    compiled = []
    for hint in hints:
        for suggestion in hint.suggest:
            if text_key(suggestion) not in lookup:
                raise OntologyDataError(
                    f"{file}: hint {hint.words!r} suggests {suggestion!r}, which does not resolve"
                )
        compiled.append(CompiledHint(tuple(text_key(word) for word in hint.words), hint.suggest))
    return tuple(compiled)


def labelled_types(
    types: Mapping[str, CancerType], entries: Iterable[Labelled], keys: Mapping[str, list[str]]
) -> dict[str, CancerType]:
    """Each claimed key of a labelled entry, with its node carrying the label (and staging)."""
    return {
        key: attrs.evolve(
            types[entry.code],
            label=entry.label,
            staged=types[entry.code].staged if entry.staged is None else entry.staged,
        )
        for entry in entries
        for key in keys[entry.label]
    }
