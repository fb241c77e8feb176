"""The package's layers hold: each stage imports only the stages below it (docs/architecture.md).

Imports are read from the source with ``ast``, so the check sees every import statement, also the
ones inside functions, and never runs the code. Imports under ``if TYPE_CHECKING:`` are for type
hints only and may point anywhere; an import inside a function that points upward is allowed only
where it is listed in ``DEFERRED`` below, so that each one is a reviewed decision.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

import matcher

SOURCE = Path(matcher.__file__).parent

#: Each top-level part of the package and its layer: a module may import its own part and the
#: parts of lower layers, never a part of a higher layer or another part of the same layer.
LAYER = {
    "common": 0,
    "profile": 1,
    "catalog": 2,
    "scoring": 3,
    "rules": 4,
    "results": 5,
    "_engine": 6,
    "analysis": 7,
    "evaluation": 7,
    "cohort": 7,
    "synthetic": 7,
    "learning": 8,
    "dask": 8,
    "cli": 9,
    "__init__": 10,
    "__main__": 11,
}

#: Upward imports made inside a function, each on purpose: a result's methods hand the question
#: to the part that answers it, so that result values never import those parts when loaded.
DEFERRED = {("results", "analysis")}


def _part(module: str) -> str:
    """The top-level part of a dotted module name inside matcher ("profile", "_engine", ...)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _module_name(path: Path) -> str:
    relative = path.relative_to(SOURCE.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts = parts[:-1]
    return ".".join(parts)


def _imports(tree: ast.Module) -> Iterator[tuple[str, str]]:
    """(imported matcher module, where: "module", "function" or "type-checking")."""

    def visit(node: ast.AST, where: str) -> Iterator[tuple[str, str]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                yield from visit(child, "type-checking")
                continue
            inner = where
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) and where == "module":
                inner = "function"
            if isinstance(child, ast.ImportFrom) and child.module and child.level == 0:
                if child.module == "matcher":
                    for alias in child.names:
                        yield f"matcher.{alias.name}", where
                elif child.module.startswith("matcher."):
                    yield child.module, where
            elif isinstance(child, ast.Import):
                for alias in child.names:
                    if alias.name.startswith("matcher."):
                        yield alias.name, where
            yield from visit(child, inner)

    yield from visit(tree, "module")


def _modules() -> list[Path]:
    return sorted(SOURCE.rglob("*.py"))


def test_every_part_of_the_package_has_a_layer() -> None:
    parts = {_part(_module_name(path)) for path in _modules()}
    assert parts <= set(LAYER), sorted(parts - set(LAYER))


@pytest.mark.parametrize("path", _modules(), ids=lambda path: _module_name(path))
def test_a_module_imports_only_its_own_part_and_the_layers_below(path: Path) -> None:
    importer = _module_name(path)
    source_part = _part(importer)
    wrong = []
    for imported, where in _imports(ast.parse(path.read_text(encoding="utf-8"))):
        target = _part(imported)
        if target == source_part or where == "type-checking":
            continue
        if target not in LAYER:  # a public name re-exported by matcher/__init__
            target = "__init__"
        if LAYER[target] < LAYER[source_part]:
            continue
        if where == "function" and (source_part, target) in DEFERRED:
            continue
        wrong.append(f"{imported} ({where})")
    assert wrong == [], f"{importer} imports upward or sideways: {wrong}"


def test_profile_and_catalog_do_not_import_the_stages_after_them() -> None:
    later = {part for part, layer in LAYER.items() if layer > LAYER["catalog"]}
    for path in _modules():
        if _part(_module_name(path)) not in {"profile", "catalog", "common"}:
            continue
        for imported, _ in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            assert _part(imported) not in later, (_module_name(path), imported)


def test_result_values_do_not_load_the_engine_or_analysis() -> None:
    for path in (SOURCE / "results").glob("*.py"):
        for imported, where in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            if where == "module":
                assert _part(imported) not in {"_engine", "analysis"}, (path.name, imported)


def test_no_module_is_longer_than_400_lines() -> None:
    long = {
        _module_name(path): n
        for path in _modules()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > 400
    }
    assert long == {}
