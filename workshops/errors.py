"""The domain's exception tree. Exceptions carry fields, not only messages;
``server/errors.py`` maps them to HTTP statuses and WebSocket close codes.
The message is Spanish text that the edge words in the request's language
(``workshops/messages.py``)."""

from __future__ import annotations

from .messages import Message


class WorkshopError(Exception):
    """Base of every domain error. ``code`` is stable and machine-readable."""

    code = "workshop_error"
    # The ``fields`` besides ``field`` that the edge puts in the error body.
    public_fields: tuple[str, ...] = ()

    def __init__(self, message: str, **fields: object) -> None:
        super().__init__(message)
        # A plain literal is a template without parameters.
        self.message: Message = message if isinstance(message, Message) else Message(message)
        self.fields = fields


class ValidationError(WorkshopError):
    """Input that can never be valid (bad shape, length, value)."""

    code = "invalid"

    def __init__(self, message: str, *, field: str | None = None, **fields: object) -> None:
        super().__init__(message, field=field, **fields)
        self.field = field


class NotAllowedError(WorkshopError):
    """The role may not do this."""

    code = "not_allowed"


class PhaseError(NotAllowedError):
    """Allowed for the role, but not in the workshop's current phase."""

    code = "wrong_phase"

    def __init__(self, message: str, *, phase: str, **fields: object) -> None:
        super().__init__(message, phase=phase, **fields)
        self.phase = phase


class ConflictError(WorkshopError):
    """Valid, but not in the current state (a round already open, say)."""

    code = "conflict"


class EditConflictError(ConflictError):
    """A change made from a value that is no longer the stored one: someone
    else changed that field first. ``conflicts`` maps each such field to what
    is stored now, so the person can choose."""

    code = "edit_conflict"
    public_fields = ("conflicts",)


class NotFoundError(WorkshopError):
    code = "not_found"
