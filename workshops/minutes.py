"""The minutes (relatoría) of a mesa, written from its event log.

The log is the accountability record (DESIGN.md §2); the minutes are its
public reading for the Plan de Acción: what the mesa did and decided, in
Spanish, in order, naming roles and never people. Whoever facilitates is
«la persona facilitadora»; participants are counted by sector; ballots are
never listed one by one. Titles (of the mesa, its alternatives and
commitments) and the reasons the facilitation recorded are public content
and are quoted. Events the minutes do not tell are left out.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Protocol

from .alternatives import DISPOSITION_LABELS_ES
from .commitment import STATUS_LABELS_ES
from .decision import DECISION_KIND_LABELS_ES
from .field_reader import LONG_TEXT_MAX
from .messages import format_date
from .phases import PHASE_LABELS_ES
from .plan_annex import MAX_MINUTES, MinuteEntry
from .roles import FACILITATOR_SECTOR, SECTOR_LABELS_ES
from .speakers import KIND_LABELS_ES as SPEECH_KIND_LABELS_ES
from .voting_methods import METHOD_LABELS_ES, OUTCOME_LABELS_ES
from .workshop import FIELD_LABELS

FACILITATOR = "La persona facilitadora"
QUOTE_MAX = 300  # a quoted title or reason; the full text lives in its own record
SECTOR_NAMES_ES = {str(k): v for k, v in SECTOR_LABELS_ES.items()} | {FACILITATOR_SECTOR: "Facilitación"}
ARTIFACT_NAMES_ES = {  # «la edición …»
    "tree": "del árbol de problemas",
    "alternatives": "de las alternativas",
    "roadmap": "de la hoja de ruta",
}

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_SPACES = re.compile(r"\s+")


class LoggedEvent(Protocol):
    """What the minutes read of a log entry (the server's stored events fit)."""

    @property
    def kind(self) -> str: ...

    @property
    def payload(self) -> Mapping[str, Any]: ...

    @property
    def created_at(self) -> dt.datetime: ...


class Titles:
    """Public titles by id: alternatives and commitments (their sheet's title)."""

    def __init__(
        self, alternatives: Mapping[str, str] | None = None, commitments: Mapping[str, str] | None = None
    ) -> None:
        self.alternatives = dict(alternatives or {})
        self.commitments = dict(commitments or {})

    def alternative(self, alternative_id: object) -> str:
        title = self.alternatives.get(str(alternative_id), "")
        return f"«{one_line(title, QUOTE_MAX)}»" if title else "una alternativa"

    def commitment(self, commitment_id: object) -> str:
        title = self.commitments.get(str(commitment_id), "")
        return f"«{one_line(title, QUOTE_MAX)}»" if title else "sin título"


def one_line(value: object, limit: int = LONG_TEXT_MAX) -> str:
    """Text fit for a minute: NFC, one line, no control characters, bounded."""
    if not isinstance(value, str):
        return ""
    text = _SURROGATE.sub("\ufffd", unicodedata.normalize("NFC", value))
    text = _SPACES.sub(" ", _CONTROL.sub(" ", text)).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _quoted(value: object) -> str:
    text = one_line(value, QUOTE_MAX)
    return f" «{text}»" if text else ""


def _label(labels: Mapping[Any, str], value: object) -> str:
    """The Spanish label of an enum value read from the log (unknown: as is)."""
    if value is None:
        return "sin dato"
    return next((label for key, label in labels.items() if str(key) == str(value)), one_line(str(value), 60))


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _participation(data: object) -> str:
    """«votaron 5 de 7 personas con derecho a voto (Sociedad civil: 2 de 3; …)»"""
    if not isinstance(data, Mapping):
        return ""
    voted, eligible = data.get("voted"), data.get("eligible")
    if not isinstance(voted, int) or not isinstance(eligible, int):
        return ""
    text = f"votaron {voted} de {_count(eligible, 'persona', 'personas')} con derecho a voto"
    by_sector = data.get("by_sector")
    if isinstance(by_sector, Mapping) and by_sector:
        parts = [
            f"{SECTOR_NAMES_ES.get(str(s), str(s))}: {n.get('voted', 0)} de {n.get('eligible', 0)}"
            for s, n in by_sector.items()
            if isinstance(n, Mapping)
        ]
        text += f" ({'; '.join(parts)})"
    return text


def _phase(p: Mapping[str, Any], titles: Titles) -> str:
    label = _label(PHASE_LABELS_ES, p.get("to"))
    return f"{FACILITATOR} pasó la mesa a la fase «{label}»."


def _workshop_created(p: Mapping[str, Any], titles: Titles) -> str:
    entity = one_line(p.get("entity"), QUOTE_MAX)
    return f"Se abrió la mesa{_quoted(p.get('title'))}" + (f" de {entity}." if entity else ".")


def _details_changed(p: Mapping[str, Any], titles: Titles) -> str:
    """«… corrigió los datos de la mesa: título: «A» → «B»; lugar (sede): sin dato → «Sala 2».»"""
    changes = p.get("changes") if isinstance(p.get("changes"), Mapping) else {}
    assert isinstance(changes, Mapping)
    parts = []
    for field, change in changes.items():
        if not isinstance(change, Mapping):
            continue
        before, after = (_detail(field, change.get(side)) for side in ("from", "to"))
        parts.append(f"{FIELD_LABELS.get(str(field), str(field))}: {before} → {after}")
    text = f"{FACILITATOR} corrigió los datos de la mesa"
    return f"{text}: {'; '.join(parts)}." if parts else f"{text}."


def _detail(field: object, value: object) -> str:
    shown = _date(value) if field == "date" else one_line(value, QUOTE_MAX)
    return f"«{shown}»" if shown else "sin dato"


def _lock(locked: bool) -> Callable[[Mapping[str, Any], Titles], str]:
    def text(p: Mapping[str, Any], titles: Titles) -> str:
        what = ARTIFACT_NAMES_ES.get(str(p.get("artifact")), "de un documento")
        return f"{FACILITATOR} {'cerró' if locked else 'reabrió'} la edición {what}."

    return text


def _ideation_opened(p: Mapping[str, Any], titles: Titles) -> str:
    return f"{FACILITATOR} abrió una ronda de ideación en silencio{_quoted(p.get('prompt'))}."


def _ideation_revealed(p: Mapping[str, Any], titles: Titles) -> str:
    cards = p.get("cards") if isinstance(p.get("cards"), int) else 0
    authors = p.get("authors")
    people = len(authors) if isinstance(authors, list) else 0
    return (
        f"Se revelaron las ideas de la ronda en silencio: {_count(int(cards or 0), 'tarjeta', 'tarjetas')} "
        f"de {_count(people, 'persona', 'personas')}."
    )


def _tree_imported(p: Mapping[str, Any], titles: Titles) -> str:
    nodes = p.get("nodes") if isinstance(p.get("nodes"), int) else 0
    return f"{FACILITATOR} cargó un árbol de problemas con {_count(int(nodes or 0), 'elemento', 'elementos')}."


def _nodes_merged(p: Mapping[str, Any], titles: Titles) -> str:
    return f"{FACILITATOR} fusionó dos elementos repetidos del árbol de problemas."


def _alternative_proposed(p: Mapping[str, Any], titles: Titles) -> str:
    return f"Se propuso la alternativa{_quoted(p.get('title'))}."


def _alternative_disposition(p: Mapping[str, Any], titles: Titles) -> str:
    label = _label(DISPOSITION_LABELS_ES, p.get("disposition"))
    text = f"La alternativa {titles.alternative(p.get('alternative_id'))} quedó como «{label}»"
    merged = p.get("merged_into")
    if merged:
        text += f" (en {titles.alternative(merged)})"
    reason = one_line(p.get("reason"), QUOTE_MAX)
    return f"{text}. Razón: {reason}" if reason else f"{text}."


def _alternative_split(p: Mapping[str, Any], titles: Titles) -> str:
    parts = p.get("titles") if isinstance(p.get("titles"), list) else []
    listed = ", ".join(f"«{t}»" for t in (one_line(t, QUOTE_MAX) for t in parts or []) if t)
    text = f"{FACILITATOR} dividió la alternativa {titles.alternative(p.get('alternative_id'))}"
    return f"{text} en {listed}." if listed else f"{text}."


def _criteria_changed(p: Mapping[str, Any], titles: Titles) -> str:
    # Each assessment of a cell is in the log, not in the minutes: a review
    # of every alternative against every criterion would crowd out the rest.
    criteria = p.get("criteria") if isinstance(p.get("criteria"), list) else []
    labels = [one_line(c.get("label"), QUOTE_MAX) for c in criteria or [] if isinstance(c, Mapping)]
    listed = ", ".join(f"«{label}»" for label in labels if label)
    text = f"{FACILITATOR} cambió los criterios de la revisión de factibilidad y viabilidad"
    return f"{text}: {listed}." if listed else f"{text}."


def _voting_opened(p: Mapping[str, Any], titles: Titles) -> str:
    method = _label(METHOD_LABELS_ES, p.get("method"))
    options = p.get("options") if isinstance(p.get("options"), list) else []
    listed = ", ".join(titles.alternative(o) for o in (options or []))
    text = f"{FACILITATOR} abrió la votación{_quoted(p.get('question'))} por «{method}»"
    return f"{text} sobre {listed}." if listed else f"{text}."


def _voting_closed(p: Mapping[str, Any], titles: Titles) -> str:
    results = p.get("results") if isinstance(p.get("results"), Mapping) else {}
    assert isinstance(results, Mapping)
    turnout = _participation(results.get("participation"))
    outcome = _label(OUTCOME_LABELS_ES, p.get("outcome"))
    text = f"{FACILITATOR} cerró la votación" + (f": {turnout}" if turnout else "")
    text += f". Resultado: {outcome}"
    if p.get("winner"):
        text += f" ({titles.alternative(p['winner'])})"
    elif isinstance(p.get("tie"), list) and p["tie"]:
        text += f" entre {', '.join(titles.alternative(a) for a in p['tie'])}"
    return text + "."


def _suspended(what: str, items: str, *, resumed: bool) -> Callable[[Mapping[str, Any], Titles], str]:
    """A phase change that suspended or resumed an open round (docs/voting.md)."""

    def text(p: Mapping[str, Any], titles: Titles) -> str:
        phase = _label(PHASE_LABELS_ES, p.get("phase"))
        if resumed:
            return f"Se reanudó {what} abierta al volver a la fase «{phase}»."
        return f"Se suspendió {what} abierta al pasar a la fase «{phase}»: no recibe {items} hasta volver a su fase."

    return text


def _decision(p: Mapping[str, Any], titles: Titles) -> str:
    kind = _label(DECISION_KIND_LABELS_ES, p.get("kind"))
    # The title as it was when the mesa decided, when the log kept it.
    kept = one_line(p.get("alternative_title"), QUOTE_MAX)
    alternative = f"«{kept}»" if kept else titles.alternative(p.get("alternative_id"))
    text = f"La mesa decidió por {kind.lower()} adoptar la alternativa {alternative}"
    turnout = _participation(p.get("participation"))
    if turnout:
        text += f"; en la votación {turnout}"
    note = one_line(p.get("note"), QUOTE_MAX)
    return f"{text}. Nota: {note}" if note else f"{text}."


def _commitment_created(p: Mapping[str, Any], titles: Titles) -> str:
    return f"Se registró el compromiso preliminar {titles.commitment(p.get('commitment_id'))}."


def _commitment_status(p: Mapping[str, Any], titles: Titles) -> str:
    text = (
        f"El compromiso {titles.commitment(p.get('commitment_id'))} pasó de "
        f"«{_label(STATUS_LABELS_ES, p.get('from'))}» a «{_label(STATUS_LABELS_ES, p.get('to'))}»"
    )
    note = one_line(p.get("note"), QUOTE_MAX)
    return f"{text}. Nota: {note}" if note else f"{text}."


def _roadmap_agreed(p: Mapping[str, Any], titles: Titles) -> str:
    text = f"La mesa acordó la hoja de ruta del compromiso {titles.commitment(p.get('commitment_id'))}"
    summary = p.get("summary") if isinstance(p.get("summary"), Mapping) else {}
    assert isinstance(summary, Mapping)
    activities = summary.get("activities")
    if isinstance(activities, int):
        text += f": {_count(activities, 'actividad', 'actividades')}"
    start, end = _date(summary.get("start")), _date(summary.get("end"))
    if start and end:
        text += f", del {start} al {end}"
    return text + "."


def _duration(seconds: float) -> str:
    """«2 min 5 s», «40 s»."""
    total = round(seconds)
    minutes, rest = divmod(total, 60)
    return f"{minutes} min {rest} s" if minutes else f"{rest} s"


def _seconds(value: object) -> float:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0 else 0.0


def _speech_ended(p: Mapping[str, Any], titles: Titles) -> str:
    sector = _label(SECTOR_NAMES_ES, p.get("sector"))
    raw = p.get("kind")
    kind = (
        _label(SPEECH_KIND_LABELS_ES, raw) if isinstance(raw, str) and raw in SPEECH_KIND_LABELS_ES else "Intervención"
    )
    return f"Intervino una persona de {sector} ({kind.lower()}, {_duration(_seconds(p.get('seconds')))})."


def _step_finished(p: Mapping[str, Any], titles: Titles) -> str:
    planned = p.get("planned_minutes")
    plan = f"planeado {planned} min; " if isinstance(planned, int) and not isinstance(planned, bool) else ""
    return f"Paso del orden del día{_quoted(p.get('title'))}: {plan}duró {_duration(_seconds(p.get('seconds')))}."


def _topic_decided(p: Mapping[str, Any], titles: Titles) -> str:
    if p.get("status") == "kept":
        return f"Tema estacionado para tratarse después:{_quoted(p.get('text'))}."
    if p.get("status") == "dismissed":
        return f"{FACILITATOR} descartó el tema estacionado{_quoted(p.get('text'))}. Razón:{_quoted(p.get('reason'))}."
    return ""


def _number(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _version(p: Mapping[str, Any]) -> str:
    return f"la versión {_number(p.get('version'))} de la minuta"


def _amendment_proposed(p: Mapping[str, Any], titles: Titles) -> str:
    sector = SECTOR_NAMES_ES.get(str(p.get("sector")), "")
    return f"Se propuso una enmienda a {_version(p)}" + (f" ({sector})." if sector else ".")


def _amendment_decided(p: Mapping[str, Any], titles: Titles) -> str:
    verb = {"accepted": "aceptó", "rejected": "rechazó"}.get(str(p.get("decision")), "respondió")
    return f"{FACILITATOR} {verb} una enmienda a la minuta, con su razón."


def _approval_closed(p: Mapping[str, Any], titles: Titles) -> str:
    counts = (
        f"de acuerdo: {_number(p.get('agree'))}; puede vivir con ello: {_number(p.get('can_live_with'))}; "
        f"objeciones: {_number(p.get('object'))}"
    )
    if p.get("approved") is True:
        return f"Las personas asistentes aprobaron {_version(p)} ({counts})."
    why = "sin quórum" if p.get("quorum_met") is False else "hubo objeciones"
    return f"No se aprobó {_version(p)}: {why} ({counts}); vuelve a recibir enmiendas."


def _sealed(p: Mapping[str, Any], titles: Titles) -> str:
    digest = one_line(p.get("sha256"), 64)
    return f"{FACILITATOR} selló {_version(p)}" + (f" (SHA-256 {digest})." if digest else ".")


def _correction(p: Mapping[str, Any], titles: Titles) -> str:
    return f"{FACILITATOR} abrió {_version(p)} para corregir la anterior, ya sellada."


def speaking_summary(events: Iterable[LoggedEvent]) -> str:
    """«Turnos de palabra por sector: Sociedad civil, 2 turnos (3 min 5 s); …»,
    or "" when nobody took the floor. By sector, never by person."""
    turns: dict[str, int] = {}
    seconds: dict[str, float] = {}
    for event in events:
        if event.kind != "speech_ended" or not isinstance(event.payload, Mapping):
            continue
        sector = _label(SECTOR_NAMES_ES, event.payload.get("sector"))
        turns[sector] = turns.get(sector, 0) + 1
        seconds[sector] = seconds.get(sector, 0.0) + _seconds(event.payload.get("seconds"))
    if not turns:
        return ""
    parts = [f"{s}, {_count(turns[s], 'turno', 'turnos')} ({_duration(seconds[s])})" for s in sorted(turns)]
    return f"Turnos de palabra por sector: {'; '.join(parts)}."


def _date(value: object) -> str:
    """«10 de enero de 2027» from an ISO date; nothing from anything else."""
    try:
        return format_date(dt.date.fromisoformat(value)) if isinstance(value, str) else ""
    except ValueError:
        return ""


TELLERS: dict[str, Callable[[Mapping[str, Any], Titles], str]] = {
    "workshop_created": _workshop_created,
    "phase_changed": _phase,
    "workshop_details_changed": _details_changed,
    "artifact_locked": _lock(True),
    "artifact_unlocked": _lock(False),
    "ideation_opened": _ideation_opened,
    "ideation_revealed": _ideation_revealed,
    "ideation_suspended": _suspended("la lluvia de ideas en silencio", "tarjetas", resumed=False),
    "ideation_resumed": _suspended("la lluvia de ideas en silencio", "tarjetas", resumed=True),
    "tree_imported": _tree_imported,
    "nodes_merged": _nodes_merged,
    "alternative_proposed": _alternative_proposed,
    "alternative_disposition": _alternative_disposition,
    "alternative_split": _alternative_split,
    "assessment_criteria_changed": _criteria_changed,
    "voting_opened": _voting_opened,
    "voting_closed": _voting_closed,
    "voting_suspended": _suspended("la votación", "boletas", resumed=False),
    "voting_resumed": _suspended("la votación", "boletas", resumed=True),
    "decision_recorded": _decision,
    "commitment_created": _commitment_created,
    "commitment_status": _commitment_status,
    "roadmap_agreed": _roadmap_agreed,
    "speech_ended": _speech_ended,
    "agenda_step_finished": _step_finished,
    "topic_decided": _topic_decided,
    # The minuta's lifecycle (docs/minutes.md).
    "minuta_amendment_proposed": _amendment_proposed,
    "minuta_amendment_decided": _amendment_decided,
    "minuta_approval_closed": _approval_closed,
    "minuta_sealed": _sealed,
    "minuta_correction_started": _correction,
}


def minutes_from(events: Iterable[LoggedEvent], titles: Titles | None = None) -> tuple[MinuteEntry, ...]:
    """The minutes of a mesa from its log, oldest first. At most
    ``MAX_MINUTES`` entries: past that, the last one says how many more the
    log holds."""
    titles = titles or Titles()
    events = list(events)
    entries: list[MinuteEntry] = []
    left_out = 0
    last_at: dt.datetime | None = None
    summary = speaking_summary(events)
    room = MAX_MINUTES - (2 if summary else 1)
    for event in events:
        tell = TELLERS.get(event.kind)
        if tell is None:
            continue
        if len(entries) >= room:
            left_out += 1
            last_at = _aware(event.created_at)
            continue
        payload = event.payload if isinstance(event.payload, Mapping) else {}
        text = one_line(tell(payload, titles))
        if text:
            seq = getattr(event, "seq", None)
            entries.append(MinuteEntry(_aware(event.created_at), text, f"e{seq}" if isinstance(seq, int) else ""))
    if left_out and last_at is not None:
        entries.append(MinuteEntry(last_at, f"El registro de la mesa tiene {left_out} entradas más.", "more"))
    if summary:
        ended = [e for e in events if e.kind == "speech_ended"]
        entries.append(MinuteEntry(_aware(ended[-1].created_at), summary, "speaking"))
    return tuple(entries)


def _aware(at: dt.datetime) -> dt.datetime:
    return at if at.tzinfo is not None else at.replace(tzinfo=dt.UTC)
