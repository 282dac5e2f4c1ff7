"""Invisible characters that change how text reads: bidirectional controls
(U+202A–U+202E, U+2066–U+2069, U+200E/U+200F, U+061C) can make «Ana» show as
someone else's name or reverse a line of a document, and zero-width ones
(U+200B–U+200D, U+2060, U+FEFF) make two names that look the same differ.
All are Unicode format characters (category Cf).

Names are identities: ``strip_format_characters`` removes them there.
Elsewhere a writer may mean them (a right-to-left quotation): renderers can
``reveal_format_characters`` to show each one visibly instead.
"""

from __future__ import annotations

import unicodedata

BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")


def is_format_character(ch: str) -> bool:
    return unicodedata.category(ch) == "Cf"


def strip_format_characters(text: str) -> str:
    """``text`` without any format (Cf) character: bidi controls, zero-width
    characters, soft hyphens, tags."""
    return "".join(ch for ch in text if not is_format_character(ch))


def reveal_format_characters(text: str) -> str:
    """Each bidi control or zero-width character as a visible ``⟨U+202E⟩``."""
    return "".join(f"⟨U+{ord(ch):04X}⟩" if ch in BIDI_CONTROLS or ch in ZERO_WIDTH else ch for ch in text)
