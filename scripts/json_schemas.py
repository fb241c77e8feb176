"""Write the published JSON Schemas: the catalog file format and the patient profile.

Run after changing either model: ``python scripts/json_schemas.py``. A test fails when the
committed schemas are out of step with the code.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import matcher

DOCS = Path(__file__).resolve().parents[1] / "docs"


def schemas() -> dict[str, str]:
    """File name -> schema text, for every published schema."""
    documents = {
        "catalog.schema.json": matcher.CatalogFile.model_json_schema(),
        "profile.schema.json": matcher.Patient.model_json_schema(),
    }
    return {
        name: json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
        for name, schema in documents.items()
    }


def main() -> int:
    """Write the schema files into docs/."""
    for name, text in schemas().items():
        (DOCS / name).write_text(text, encoding="utf-8")
        print(f"wrote {DOCS / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
