"""Messages to people: Spanish text that remembers its template and its
parameters, so the edge words it in another language (workshops/messages.py)."""

from __future__ import annotations

import pickle

from workshops.errors import ConflictError, ValidationError
from workshops.messages import Message, _, listing

ENGLISH = {
    "El paso {n} debe ser un objeto.": "Step {n} must be an object.",
    "{what} en la fase {phases}.": "{what} in the {phases} phase.",
    "Las boletas se reciben": "Ballots are received",
    "Votación": "Voting",
    "Cierre": "Closing",
    "Ya hay una votación abierta.": "A round is already open.",
}


def english(template: str) -> str:
    return ENGLISH.get(template, template)


def test_a_message_is_its_spanish_text_and_words_again_in_english() -> None:
    message = _("El paso {n} debe ser un objeto.", n=3)
    assert message == "El paso 3 debe ser un objeto." and isinstance(message, str)
    assert message.render(english) == "Step 3 must be an object."


def test_parameters_that_are_messages_are_worded_too_the_rest_kept() -> None:
    phases = listing([_("Votación"), _("Cierre"), "hoja_de_ruta"], quoted=True)
    message = _("{what} en la fase {phases}.", what=_("Las boletas se reciben"), phases=phases)
    assert message == "Las boletas se reciben en la fase «Votación», «Cierre», «hoja_de_ruta»."
    assert message.render(english) == "Ballots are received in the “Voting”, “Closing”, “hoja_de_ruta” phase."


def test_a_literal_without_parameters_keeps_its_braces() -> None:
    assert _("Usa {…} como ejemplo.") == "Usa {…} como ejemplo."


def test_a_domain_error_carries_a_message_even_from_a_plain_literal() -> None:
    error = ConflictError("Ya hay una votación abierta.")
    assert isinstance(error.message, Message) and error.message.render(english) == "A round is already open."
    error = ValidationError(_("El paso {n} debe ser un objeto.", n=2), field="steps.1")
    assert error.message.render(english) == "Step 2 must be an object."


def test_messages_cross_a_process_boundary() -> None:
    """The render pool sends domain errors from its worker processes by pickle."""
    message = _("{what} en la fase {phases}.", what=_("Las boletas se reciben"), phases=listing([_("Cierre")]))
    again = pickle.loads(pickle.dumps(message))
    assert again == message and again.render(english) == message.render(english)
