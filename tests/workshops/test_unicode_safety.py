"""Invisible characters: stripped from names, revealed elsewhere."""

from __future__ import annotations

import pytest

from workshops.errors import ValidationError
from workshops.unicode_safety import reveal_format_characters, strip_format_characters
from workshops.workshop import clean_name, clean_text


def test_bidi_controls_and_zero_width_characters_are_stripped():
    assert strip_format_characters("\u202eAna\u202c Pé\u200brez\ufeff\u2066\u200e") == "Ana Pérez"
    assert strip_format_characters("Ñandú Álvarez") == "Ñandú Álvarez"


def test_they_are_revealed_visibly():
    assert reveal_format_characters("a\u202eb\u200bc") == "a⟨U+202E⟩b⟨U+200B⟩c"
    assert reveal_format_characters("ñ") == "ñ"


def test_a_name_of_only_invisible_characters_is_empty():
    with pytest.raises(ValidationError) as caught:
        clean_name("\u200b\u202e", field="name", max_len=80, required=True)
    assert caught.value.fields["field"] == "name"
    with pytest.raises(ValidationError):
        clean_name(42, field="name", max_len=80, required=True)


def test_lone_surrogates_are_refused_in_any_text():
    with pytest.raises(ValidationError, match="Unicode"):
        clean_text("a\ud800", field="title", max_len=200, required=True)
