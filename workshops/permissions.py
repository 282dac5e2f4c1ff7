"""Who may do what, in which phase. Pure functions over roles and phases;
the server asks these on every write and every state change."""

from __future__ import annotations

from .document_schema import ARTIFACTS
from .errors import NotAllowedError, NotFoundError, PhaseError
from .messages import _
from .phases import FACILITATOR_EXTRA_EDIT_PHASES, PARTICIPANT_EDIT_PHASES, PHASE_LABELS_ES, Phase
from .roles import Role


def editing_roles(artifact: str, phase: Phase, *, locked: bool = False) -> tuple[Role, ...]:
    """The roles that may write ``artifact`` while the workshop is in ``phase``;
    a locked artifact is left to the facilitator (merging duplicates, say)."""
    if artifact not in ARTIFACTS:
        raise NotFoundError(_("Documento desconocido: {artifact!r}.", artifact=artifact), artifact=artifact)
    roles: list[Role] = []
    if phase in PARTICIPANT_EDIT_PHASES[artifact]:
        roles = [Role.FACILITATOR, Role.PARTICIPANT]
    elif phase in FACILITATOR_EXTRA_EDIT_PHASES[artifact]:
        roles = [Role.FACILITATOR]
    if locked:
        roles = [r for r in roles if r is Role.FACILITATOR]
    return tuple(roles)


def can_edit(role: Role, artifact: str, phase: Phase, *, locked: bool = False) -> bool:
    return role in editing_roles(artifact, phase, locked=locked)


def check_edit(role: Role, artifact: str, phase: Phase, *, locked: bool = False) -> None:
    """Raise why ``role`` may not write ``artifact`` now, or return."""
    if can_edit(role, artifact, phase, locked=locked):
        return
    if role is Role.OBSERVER:
        raise NotAllowedError("Las personas observadoras no editan.", role=role)
    if locked and can_edit(role, artifact, phase):
        raise NotAllowedError(
            _("La persona facilitadora bloqueó el documento «{artifact}» por ahora.", artifact=artifact),
            artifact=artifact,
        )
    raise PhaseError(
        _(
            "El documento «{artifact}» es de solo lectura en la fase «{phase}».",
            artifact=artifact,
            phase=PHASE_LABELS_ES[phase],
        ),
        phase=phase,
        artifact=artifact,
    )


def check_change_phase(role: Role) -> None:
    check_facilitator(role, _("cambia de fase"))


def check_facilitator(role: Role, action: str) -> None:
    """Facilitator-only actions; ``action`` completes «Solo la persona facilitadora …»."""
    if role is not Role.FACILITATOR:
        raise NotAllowedError(_("Solo la persona facilitadora {action}.", action=action), role=role)
