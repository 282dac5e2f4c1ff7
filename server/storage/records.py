"""Row <-> domain object mapping shared by the SQL backends."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from workshops.alternatives import Alternative, Disposition
from workshops.ideation import Card, IdeationRound, RoundStatus
from workshops.phases import Phase
from workshops.roles import Role
from workshops.workshop import Participant, Workshop

WORKSHOP_COLUMNS = "id, title, problem_statement, entity, date, join_code, created_at, phase, locked, place"
PARTICIPANT_COLUMNS = (
    "id, workshop_id, name, sector, role, organization, joined_at, privacy_accepted_at, code_of_conduct_accepted_at, "
    "privacy_notice_version, code_of_conduct_version"
)
# Added after databases were created: each backend adds them on opening.
PARTICIPANT_ADDED_COLUMNS = ("privacy_notice_version", "code_of_conduct_version")

ROUND_COLUMNS = "id, workshop_id, prompt, opened_at, opened_by, status, revealed_at"
CARD_COLUMNS = "id, round_id, author_id, kind, text, created_at"


ALTERNATIVE_COLUMNS = (
    "id, workshop_id, title, addresses, proposed_by, proposed_at, authors, disposition, reason, merged_into, "
    "decided_at, decided_by"
)


def qmarks(columns: str) -> str:
    """SQLite placeholders for a column list."""
    return ", ".join("?" for _ in columns.split(","))


def numbered(columns: str) -> str:
    """PostgreSQL placeholders for a column list."""
    return ", ".join(f"${i}" for i in range(1, len(columns.split(",")) + 1))


def utc(value: dt.datetime | None) -> dt.datetime | None:
    """Times are stored in UTC (naive ones are taken as UTC)."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)


def as_text(value: Any) -> Any:
    """For SQLite: dates and times as ISO text (UTC, so text order is time order)."""
    if isinstance(value, dt.datetime):
        return utc(value).isoformat()  # type: ignore[union-attr]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def parse_datetime(value: Any) -> dt.datetime | None:
    if value is None or isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(value)


def workshop_row(w: Workshop) -> tuple[Any, ...]:
    """Column values in ``WORKSHOP_COLUMNS`` order, as native Python values."""
    return (
        w.id,
        w.title,
        w.problem_statement,
        w.entity,
        w.date,
        w.join_code,
        utc(w.created_at),
        str(w.phase),
        ",".join(sorted(w.locked)),
        w.place,
    )


def workshop_from_row(row: Any) -> Workshop:
    date = row[4]
    return Workshop(
        id=row[0],
        title=row[1],
        problem_statement=row[2],
        entity=row[3],
        date=dt.date.fromisoformat(date) if isinstance(date, str) else date,
        join_code=row[5],
        created_at=parse_datetime(row[6]),  # type: ignore[arg-type]
        phase=Phase(row[7]),
        locked=frozenset(a for a in (row[8] or "").split(",") if a),
        place=row[9] or "",
    )


def participant_row(p: Participant) -> tuple[Any, ...]:
    """Column values in ``PARTICIPANT_COLUMNS`` order, as native Python values."""
    return (
        p.id,
        p.workshop_id,
        p.name,
        p.sector,
        str(p.role),
        p.organization,
        utc(p.joined_at),
        utc(p.privacy_accepted_at),
        utc(p.code_of_conduct_accepted_at),
        p.privacy_notice_version,
        p.code_of_conduct_version,
    )


def participant_from_row(row: Any) -> Participant:
    return Participant(
        id=row[0],
        workshop_id=row[1],
        name=row[2],
        sector=row[3],
        role=Role(row[4]),
        organization=row[5],
        joined_at=parse_datetime(row[6]),  # type: ignore[arg-type]
        privacy_accepted_at=parse_datetime(row[7]),
        code_of_conduct_accepted_at=parse_datetime(row[8]),
        privacy_notice_version=row[9] or "",
        code_of_conduct_version=row[10] or "",
    )


def event_payload(payload: dict[str, Any]) -> str:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str)


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat()


def round_row(r: IdeationRound) -> tuple[Any, ...]:
    return (r.id, r.workshop_id, r.prompt, utc(r.opened_at), r.opened_by, str(r.status), utc(r.revealed_at))


def round_from_row(row: Any) -> IdeationRound:
    return IdeationRound(
        id=row[0],
        workshop_id=row[1],
        prompt=row[2],
        opened_at=parse_datetime(row[3]),  # type: ignore[arg-type]
        opened_by=row[4],
        status=RoundStatus(row[5]),
        revealed_at=parse_datetime(row[6]),
    )


def card_row(c: Card) -> tuple[Any, ...]:
    return (c.id, c.round_id, c.author_id, c.kind, c.text, utc(c.created_at))


def card_from_row(row: Any) -> Card:
    return Card(row[0], row[1], row[2], row[3], row[4], parse_datetime(row[5]))  # type: ignore[arg-type]


def alternative_row(a: Alternative) -> tuple[Any, ...]:
    return (
        a.id,
        a.workshop_id,
        a.title,
        json.dumps(list(a.addresses)),
        a.proposed_by,
        utc(a.proposed_at),
        json.dumps(list(a.authors)),
        str(a.disposition),
        a.reason,
        a.merged_into,
        utc(a.decided_at),
        a.decided_by,
    )


def alternative_from_row(row: Any) -> Alternative:
    return Alternative(
        id=row[0],
        workshop_id=row[1],
        title=row[2],
        addresses=tuple(json.loads(row[3])),
        proposed_by=row[4],
        proposed_at=parse_datetime(row[5]),  # type: ignore[arg-type]
        authors=tuple(json.loads(row[6])),
        disposition=Disposition(row[7]),
        reason=row[8],
        merged_into=row[9],
        decided_at=parse_datetime(row[10]),
        decided_by=row[11],
    )
