"""MkDocs hooks for the documentation site (mkdocs.yml names this file).

- The notebooks and README of ``examples/`` join the site where they are, without a copy, so
  mkdocs-jupyter executes them in ``examples/`` (they read ``data/`` by a relative path).
- A page holding a marker such as ``<!-- matcher:rules -->`` gets a table written from the code
  at build time: the profile fields (from ``Patient.model_json_schema()``), the features and
  their default weights, and every rule with its statement and source. The pages cannot drift
  from the code they describe.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


@event_priority(100)  # before mkdocs-jupyter turns notebook files into pages
def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add ``examples/README.md`` and every ``examples/*.ipynb`` to the site."""
    for path in [EXAMPLES / "README.md", *sorted(EXAMPLES.glob("*.ipynb"))]:
        files.append(
            File(
                str(path.relative_to(ROOT)),
                src_dir=str(ROOT),
                dest_dir=config.site_dir,
                use_directory_urls=config.use_directory_urls,
            )
        )
    return files


def _cell(text: object) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _table(header: tuple[str, ...], rows: list[tuple[object, ...]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(value) for value in row) + " |" for row in rows]
    return "\n".join(lines)


def _kind(schema: dict[str, Any]) -> str:
    options = schema.get("anyOf", [schema])
    kinds = []
    for option in options:
        kind = option.get("type", "enum" if "enum" in option else "any")
        if kind == "null":
            continue
        kinds.append(" or ".join(kind) if isinstance(kind, list) else kind)
    return ", ".join(dict.fromkeys(kinds))


def profile_fields() -> str:
    """Every profile field: its type, default, what it accepts and its command-line option."""
    from matcher.cli._options import OPTION_OF_FIELD
    from matcher.profile._patient import Patient

    schema = Patient.model_json_schema()
    required = set(schema.get("required", ()))
    rows: list[tuple[object, ...]] = []
    for name, field in schema["properties"].items():
        default = "required" if name in required else json.dumps(field.get("default"))
        options = ", ".join(f"`{option}`" for option in OPTION_OF_FIELD.get(name, ()))
        rows.append((f"`{name}`", _kind(field), default, field.get("description", ""), options))
    header = ("field", "type", "default", "accepts", "command line")
    return _table(header, rows)


def features() -> str:
    """Every scoring feature with its label, meaning and default weight."""
    from matcher.scoring import DEFAULT_WEIGHTS, FEATURES

    weights = DEFAULT_WEIGHTS.values
    rows: list[tuple[object, ...]] = [
        (f"`{f.name}`", f.label, f.meaning, f"{weights.get(f.name, 0.0):g}") for f in FEATURES
    ]
    intro = f"Default weights: `{DEFAULT_WEIGHTS.name}`.\n\n"
    return intro + _table(("feature", "label", "what it measures", "default weight"), rows)


def rules() -> str:
    """Every rule, in the order recommend() applies them, grouped as the rules modules are."""
    from matcher.rules import clinical, eligibility, history, preferences, targeted

    parts = []
    for title, module in (
        ("Eligibility", eligibility),
        ("Clinical rules", clinical),
        ("Targeted therapy by actionability tier", targeted),
        ("The patient's history", history),
        ("Preferences", preferences),
    ):
        rows: list[tuple[object, ...]] = []
        for rule in module.RULES:
            source = rule.source
            basis = (
                f"\u201c{textwrap.shorten(source.quote, 200, placeholder=' ...')}\u201d "
                f"({source.where})"
                if source is not None
                else "(no quote recorded with the rule)"
            )
            rows.append((f"`{rule.id}`", rule.statement, basis))
        parts.append(f"### {title}\n\n" + _table(("rule", "statement", "rests on"), rows))
    return "\n\n".join(parts)


MARKERS: dict[str, Callable[[], str]] = {
    "<!-- matcher:profile-fields -->": profile_fields,
    "<!-- matcher:features -->": features,
    "<!-- matcher:rules -->": rules,
}


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Write the generated tables where a page holds their markers."""
    for marker, write in MARKERS.items():
        if marker in markdown:
            markdown = markdown.replace(marker, write())
    return markdown
