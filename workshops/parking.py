"""The parking lot (*estacionamiento*): topics raised outside the current
step, kept for later instead of derailing the mesa. Anyone in the mesa
proposes one; the facilitator keeps or dismisses it (with a reason when
dismissing). Kept topics go to the minutes, by sector, never by name.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from .errors import ConflictError, EditConflictError, NotFoundError, ValidationError
from .messages import _
from .permissions import check_facilitator
from .revision import STALE
from .roles import FACILITATOR_SECTOR, Role
from .workshop import clean_text

TOPIC_TEXT_MAX = 300
REASON_MAX = 300
TOPICS_MAX = 200
TOPICS_PER_PERSON_MAX = 20


class TopicStatus(StrEnum):
    PROPOSED = "proposed"
    KEPT = "kept"
    DISMISSED = "dismissed"


@dataclass(frozen=True)
class Topic:
    id: str
    text: str
    proposed_by: str
    sector: str
    proposed_at: dt.datetime
    status: TopicStatus = TopicStatus.PROPOSED
    reason: str = ""


def propose_topic(
    topics: tuple[Topic, ...],
    text: object,
    *,
    participant_id: str,
    sector: str,
    topic_id: str,
    now: dt.datetime,
) -> tuple[Topic, ...]:
    """Anyone in the mesa parks a topic (the facilitator too)."""
    clean = clean_text(text, field="text", max_len=TOPIC_TEXT_MAX, required=True)
    if len(topics) >= TOPICS_MAX:
        raise ConflictError(_("El estacionamiento ya tiene {topics_max} temas.", topics_max=TOPICS_MAX))
    if sum(1 for t in topics if t.proposed_by == participant_id) >= TOPICS_PER_PERSON_MAX:
        raise ConflictError(
            _(
                "Cada persona puede estacionar hasta {topics_per_person_max} temas.",
                topics_per_person_max=TOPICS_PER_PERSON_MAX,
            )
        )
    sector_name = sector or FACILITATOR_SECTOR
    return (*topics, Topic(topic_id, clean, participant_id, sector_name, now))


def decide_topic(
    topics: tuple[Topic, ...], topic_id: str, status: object, reason: object, *, role: Role, base_status: object = None
) -> tuple[Topic, ...]:
    """The facilitator keeps a topic (for the minutes) or dismisses it with a
    reason. A decision made on a page that saw another status than the
    current one (``base_status``) is refused (``EditConflictError``)."""
    check_facilitator(role, _("decide sobre los temas estacionados"))
    topic = next((t for t in topics if t.id == topic_id), None)
    if topic is None:
        raise NotFoundError("Ese tema no está en el estacionamiento.")
    if status not in (TopicStatus.KEPT, TopicStatus.DISMISSED):
        raise ValidationError("«status» debe ser «kept» o «dismissed».", field="status")
    why = clean_text(reason, field="reason", max_len=REASON_MAX, required=status == TopicStatus.DISMISSED)
    if topic.status == status and topic.reason == why:
        raise ConflictError("El tema ya está así.")
    if base_status is not None and base_status != topic.status:
        raise EditConflictError(STALE, field="base_status", conflicts={"status": str(topic.status)})
    changed = dataclasses.replace(topic, status=TopicStatus(str(status)), reason=why)
    return tuple(changed if t.id == topic_id else t for t in topics)
