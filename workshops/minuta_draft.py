"""The minuta's draft (issue 13, item 1): the relatoría written from the
event log, as passages the facilitator may reword, plus the follow-up
*acuerdos* (who, what, by when).

- A **passage** is one entry of the relatoría, keyed by a stable id derived
  from its event (``e<seq>``; ``more`` and ``speaking`` for the two closing
  entries). It keeps the log's wording it was generated from (``generated``)
  next to its text, so an edit is a text that differs from it.
- **Regenerating** («Actualizar desde el registro», ``regenerate``) adds a
  passage for every new entry of the log, rewords the passages nobody edited
  whose log wording changed, keeps every edited text whose event is still in
  the log (and says when its log wording changed), and sets aside the passages
  whose event is gone: an edited one is listed with its text kept apart, an
  unedited one is dropped. Regenerating twice changes nothing the second time.
- An accepted **amendment** replaces the text of the passage it names
  (``passage_for``).

Pure: no I/O.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .plan_annex import MinuteEntry

WHO_MAX = 200
WHAT_MAX = 1000
ACUERDOS_MAX = 100
PASSAGE_TEXT_MAX = 4000
PASSAGE_QUOTE_MAX = 300  # how the room quotes a passage in an amendment


@dataclass(frozen=True)
class Passage:
    id: str
    n: int  # its place in the log's order
    at: str  # ISO 8601
    text: str  # what the draft says (the facilitator's wording, if edited)
    generated: str  # the log's wording it was (last) generated from

    @property
    def edited(self) -> bool:
        return self.text != self.generated


@dataclass(frozen=True)
class Acuerdo:
    who: str
    what: str
    by: str  # YYYY-MM-DD, or "" when no date was set


@dataclass(frozen=True)
class Regeneration:
    passages: tuple[Passage, ...]  # the draft after regenerating, in the log's order
    added: tuple[str, ...] = ()  # new entries of the log
    reworded: tuple[str, ...] = ()  # unedited passages given the log's new wording
    changed: tuple[Passage, ...] = ()  # edited passages whose log wording changed: the edit is kept
    set_aside: tuple[Passage, ...] = ()  # edited passages whose event is gone: text kept apart
    dropped: tuple[str, ...] = ()  # unedited passages whose event is gone

    @property
    def changes(self) -> bool:
        return bool(self.added or self.reworded or self.changed or self.set_aside or self.dropped)


def entry_id(seq: int) -> str:
    return f"e{seq}"


def log_passages(entries: Iterable[MinuteEntry]) -> tuple[Passage, ...]:
    """The relatoría's entries as fresh passages (text = the log's wording)."""
    out = []
    for n, e in enumerate(entries):
        key = e.key or f"n{n}"
        out.append(Passage(key, n, e.at.isoformat(), e.text, e.text))
    return tuple(out)


def regenerate(current: Mapping[str, Passage], log: Sequence[Passage]) -> Regeneration:
    """The draft after reading the log again (see the module's notes)."""
    passages: list[Passage] = []
    added: list[str] = []
    reworded: list[str] = []
    changed: list[Passage] = []
    for fresh in log:
        old = current.get(fresh.id)
        if old is None:
            added.append(fresh.id)
            passages.append(fresh)
        elif old.generated == fresh.generated:
            passages.append(Passage(fresh.id, fresh.n, fresh.at, old.text, old.generated))
        elif not old.edited:
            reworded.append(fresh.id)
            passages.append(fresh)
        else:
            changed.append(old)
            passages.append(Passage(fresh.id, fresh.n, fresh.at, old.text, fresh.generated))
    ids = {p.id for p in log}
    gone = sorted((p for p in current.values() if p.id not in ids), key=lambda p: (p.n, p.id))
    return Regeneration(
        tuple(passages),
        tuple(added),
        tuple(reworded),
        tuple(changed),
        tuple(p for p in gone if p.edited),
        tuple(p.id for p in gone if not p.edited),
    )


def passage_for(passages: Iterable[Passage], quoted: str) -> Passage | None:
    """The passage an amendment names: by its id, or by its text as the room
    quotes it (its first ``PASSAGE_QUOTE_MAX`` characters, trimmed)."""
    items = list(passages)
    found = next((p for p in items if p.id == quoted), None)
    if found is not None:
        return found
    wanted = quoted.strip()
    return next((p for p in items if p.text[:PASSAGE_QUOTE_MAX].strip() == wanted and wanted), None)


def _one_line(value: object, limit: int) -> str:
    text = value if isinstance(value, str) else ""
    return " ".join(text.split())[:limit]


def clean_date(value: object) -> str:
    """A due date as the draft keeps it: ``YYYY-MM-DD``, or "" for anything else."""
    if not isinstance(value, str):
        return ""
    try:
        return dt.date.fromisoformat(value.strip()).isoformat() if len(value.strip()) == 10 else ""
    except ValueError:
        return ""


def clean_acuerdos(rows: Iterable[Mapping[str, object]]) -> tuple[Acuerdo, ...]:
    """The acuerdos as the documents print them: one line each (who ≤ 200,
    what ≤ 1,000 characters), a date or none; empty rows left out."""
    out = []
    for row in rows:
        acuerdo = Acuerdo(
            _one_line(row.get("who"), WHO_MAX), _one_line(row.get("what"), WHAT_MAX), clean_date(row.get("by"))
        )
        if acuerdo.who or acuerdo.what:
            out.append(acuerdo)
    return tuple(out[:ACUERDOS_MAX])


def draft_minutes(passages: Iterable[Passage]) -> list[dict[str, str]]:
    """The draft's text as the record carries it: ``[{id, at, text}]`` in order."""
    return [
        {"id": p.id, "at": p.at, "text": p.text[:PASSAGE_TEXT_MAX]} for p in sorted(passages, key=lambda p: (p.n, p.id))
    ]


def acuerdos_to_dict(acuerdos: Iterable[Acuerdo]) -> list[dict[str, str]]:
    return [{"who": a.who, "what": a.what, "by": a.by} for a in acuerdos]
