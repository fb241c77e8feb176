"""What the text and HTML renderings share: reasons shown, quote length, the disclaimer."""

from __future__ import annotations

import textwrap
from typing import Final

#: Reasons shown per hospital in the text table and HTML (the JSON keeps every one).
TOP_REASONS: Final = 3
#: Quotes are shortened to this many characters in the text table and HTML.
QUOTE_CHARS: Final = 160
_DISCLAIMER: Final = "Decision support, not medical advice: confirm with the hospital."


def _shorten(text: str, limit: int = QUOTE_CHARS) -> str:
    return textwrap.shorten(text, width=limit, placeholder=" \u2026")
