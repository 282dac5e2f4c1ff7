"""The minutes (relatoría) written from a mesa's event log: public Spanish
text in order, roles instead of people, never a crash on an odd entry."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from tests.workshops.test_plan import seeded_plan
from workshops.minutes import QUOTE_MAX, TELLERS, Titles, minutes_from
from workshops.plan_annex import MAX_MINUTES, MinuteEntry
from workshops.plan_serialization import plan_from_dict, plan_to_dict

T0 = dt.datetime(2026, 11, 21, 16, 0, tzinfo=dt.UTC)
TITLES = Titles({"a1": "Red de enlaces", "a2": "Portal de datos"}, {"c1": "Red de enlaces municipales"})
PARTICIPATION = {
    "eligible": 5,
    "voted": 4,
    "voters": ["p-ana", "p-beto", "p-caro", "p-dani"],
    "by_sector": {"sociedad_civil": {"eligible": 3, "voted": 3}, "servicio_publico": {"eligible": 2, "voted": 1}},
}


@dataclasses.dataclass(frozen=True)
class Logged:
    kind: str
    payload: dict[str, Any]
    created_at: dt.datetime
    actor_id: str | None = "p-facilitadora"


def log(*entries: tuple[str, dict[str, Any]]) -> list[Logged]:
    return [Logged(kind, payload, T0 + dt.timedelta(minutes=i)) for i, (kind, payload) in enumerate(entries)]


MESA_LOG = log(
    ("workshop_created", {"title": "Mesa de Movilidad", "entity": "Toluca"}),
    ("participant_joined", {"participant_id": "p-ana", "sector": "sociedad_civil", "role": "participant"}),
    ("phase_changed", {"from": "preparacion", "to": "arbol_de_problemas"}),
    ("ideation_opened", {"round_id": "i1", "prompt": "¿Qué causa el problema?"}),
    ("ideation_revealed", {"round_id": "i1", "cards": 12, "authors": ["p-ana", "p-beto"], "card_ids": []}),
    ("alternative_proposed", {"alternative_id": "a1", "title": "Red de enlaces", "addresses": []}),
    ("voting_opened", {"round_id": "r1", "method": "approval", "options": ["a1", "a2"], "question": "¿Cuál?"}),
    ("ballot_cast", {"round_id": "r1", "voter_id": "p-ana", "sector": "sociedad_civil"}),
    (
        "voting_closed",
        {
            "round_id": "r1",
            "outcome": "decided",
            "winner": "a1",
            "tie": None,
            "results": {"participation": PARTICIPATION},
        },
    ),
    (
        "decision_recorded",
        {
            "decision_id": "d1",
            "kind": "majority",
            "alternative_id": "a1",
            "alternative_title": "Red de enlaces (como se votó)",
            "participation": PARTICIPATION,
            "note": "Tras\namplia discusión",
        },
    ),
    (
        "alternative_disposition",
        {"alternative_id": "a2", "disposition": "not_adopted", "reason": "Ya existe un portal.", "merged_into": None},
    ),
    ("commitment_created", {"commitment_id": "c1", "alternative_id": "a1", "decision_id": "d1"}),
    ("commitment_status", {"commitment_id": "c1", "from": "preliminar", "to": "en_revision", "note": ""}),
    (
        "roadmap_agreed",
        {
            "commitment_id": "c1",
            "summary": {
                "responsible": {"name": "Lic. Juana Servidora"},
                "activities": 3,
                "start": "2027-01-10",
                "end": "2027-10-31",
            },
        },
    ),
)


def test_the_minutes_tell_the_mesa_in_order_in_public_words():
    texts = [m.text for m in minutes_from(MESA_LOG, TITLES)]
    assert texts == [
        "Se abrió la mesa «Mesa de Movilidad» de Toluca.",
        "La persona facilitadora pasó la mesa a la fase «Árbol de problemas».",
        "La persona facilitadora abrió una ronda de ideación en silencio «¿Qué causa el problema?».",
        "Se revelaron las ideas de la ronda en silencio: 12 tarjetas de 2 personas.",
        "Se propuso la alternativa «Red de enlaces».",
        "La persona facilitadora abrió la votación «¿Cuál?» por «Aprobación» sobre «Red de enlaces», "
        "«Portal de datos».",
        "La persona facilitadora cerró la votación: votaron 4 de 5 personas con derecho a voto "
        "(Sociedad civil: 3 de 3; Servicio público: 1 de 2). Resultado: Hay una opción ganadora («Red de enlaces»).",
        "La mesa decidió por mayoría adoptar la alternativa «Red de enlaces (como se votó)»; en la votación votaron "
        "4 de 5 personas con derecho a voto (Sociedad civil: 3 de 3; Servicio público: 1 de 2). "
        "Nota: Tras amplia discusión",
        "La alternativa «Portal de datos» quedó como «No adoptada». Razón: Ya existe un portal.",
        "Se registró el compromiso preliminar «Red de enlaces municipales».",
        "El compromiso «Red de enlaces municipales» pasó de «Preliminar» a «En revisión (factibilidad y viabilidad)».",
        "La mesa acordó la hoja de ruta del compromiso «Red de enlaces municipales»: 3 actividades, "
        "del 10 de enero de 2027 al 31 de octubre de 2027.",
    ]


def test_entries_keep_the_time_of_their_event():
    minutes = minutes_from(MESA_LOG, TITLES)
    assert minutes[0] == MinuteEntry(T0, "Se abrió la mesa «Mesa de Movilidad» de Toluca.")
    assert [m.at for m in minutes] == sorted(m.at for m in minutes)
    naive = minutes_from([Logged("phase_changed", {"to": "cierre"}, dt.datetime(2026, 1, 1, 12))])
    assert naive[0].at == dt.datetime(2026, 1, 1, 12, tzinfo=dt.UTC)


def test_no_person_is_named_and_ballots_are_not_listed():
    text = " ".join(m.text for m in minutes_from(MESA_LOG, TITLES))
    for private in ("p-ana", "p-beto", "p-facilitadora", "Juana Servidora", "voter"):
        assert private not in text
    assert "boleta" not in text.lower()


def test_unknown_kinds_and_odd_payloads_never_break_the_minutes():
    odd = log(
        ("something_new", {"x": 1}),
        ("phase_changed", {}),
        ("voting_opened", {"options": "a1", "method": 7}),
        ("voting_closed", {"results": "nope", "tie": ["a1", "a2"], "outcome": "tie"}),
        ("decision_recorded", {"participation": {"voted": "4"}}),
        ("alternative_disposition", {"alternative_id": None}),
        ("ideation_revealed", {"cards": "muchas", "authors": "x"}),
        ("roadmap_agreed", {"summary": []}),
    )
    texts = [m.text for m in minutes_from(odd)]
    assert len(texts) == len(odd) - 1
    assert texts[0] == "La persona facilitadora pasó la mesa a la fase «sin dato»."
    assert (
        texts[2]
        == "La persona facilitadora cerró la votación. Resultado: Empate entre una alternativa, una alternativa."
    )
    assert texts[5] == "Se revelaron las ideas de la ronda en silencio: 0 tarjetas de 0 personas."


def test_quoted_text_is_one_bounded_line():
    reason = "Primera línea\r\nsegunda\x00 línea " + "x" * 5000
    (entry,) = minutes_from(
        log(("alternative_disposition", {"alternative_id": "a1", "disposition": "adopted", "reason": reason})), TITLES
    )
    assert "\n" not in entry.text and "\x00" not in entry.text
    assert "Razón: Primera línea segunda línea x" in entry.text
    assert len(entry.text) < QUOTE_MAX + 100 and entry.text.endswith("…")


def test_a_long_log_is_cut_with_a_note_of_what_was_left():
    many = log(*[("alternative_proposed", {"title": f"Alternativa {i}"}) for i in range(MAX_MINUTES + 25)])
    minutes = minutes_from(many)
    assert len(minutes) == MAX_MINUTES
    assert minutes[-1].text == "El registro de la mesa tiene 26 entradas más."
    assert minutes[-1].at == many[-1].created_at


def test_every_teller_has_a_case_in_the_mesa_log_or_the_odd_one():
    told = {e.kind for e in MESA_LOG} | {
        "artifact_locked",
        "artifact_unlocked",
        "tree_imported",
        "nodes_merged",
        "alternative_split",
        "assessment_criteria_changed",
        # tests/workshops/test_phase_rules.py
        "voting_suspended",
        "voting_resumed",
        "ideation_suspended",
        "ideation_resumed",
        # test_speaking_turns_are_told_by_sector_with_a_summary
        "speech_ended",
        # test_agenda_steps_and_parked_topics_are_told
        "agenda_step_finished",
        "topic_decided",
        # test_the_minutas_lifecycle_is_told
        "minuta_amendment_proposed",
        "minuta_amendment_decided",
        "minuta_approval_closed",
        "minuta_sealed",
        "minuta_correction_started",
        # tests/workshops/test_workshop_details.py
        "workshop_details_changed",
    }
    assert set(TELLERS) <= told
    texts = [
        m.text
        for m in minutes_from(
            log(
                ("artifact_locked", {"artifact": "tree"}),
                ("artifact_unlocked", {"artifact": "roadmap"}),
                ("tree_imported", {"nodes": 1}),
                ("nodes_merged", {"keep": "n1"}),
                ("alternative_split", {"alternative_id": "a2", "parts": ["a3", "a4"], "titles": ["Uno", "Dos"]}),
                (
                    "assessment_criteria_changed",
                    {"criteria": [{"id": "tecnica", "label": "Factibilidad técnica"}, {"id": "x", "label": "Costo"}]},
                ),
                ("alternative_assessed", {"alternative_id": "a1", "criterion": "tecnica", "level": "alta"}),
            ),
            TITLES,
        )
    ]
    assert texts == [
        "La persona facilitadora cerró la edición del árbol de problemas.",
        "La persona facilitadora reabrió la edición de la hoja de ruta.",
        "La persona facilitadora cargó un árbol de problemas con 1 elemento.",
        "La persona facilitadora fusionó dos elementos repetidos del árbol de problemas.",
        "La persona facilitadora dividió la alternativa «Portal de datos» en «Uno», «Dos».",
        "La persona facilitadora cambió los criterios de la revisión de factibilidad y viabilidad: "
        "«Factibilidad técnica», «Costo».",
    ]  # one assessment of one cell is not a minute


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)
PAYLOADS = st.dictionaries(
    st.sampled_from(
        [
            "to",
            "title",
            "entity",
            "artifact",
            "prompt",
            "cards",
            "authors",
            "nodes",
            "alternative_id",
            "disposition",
            "reason",
            "merged_into",
            "method",
            "options",
            "question",
            "results",
            "outcome",
            "winner",
            "tie",
            "kind",
            "alternative_title",
            "participation",
            "note",
            "commitment_id",
            "from",
            "summary",
        ]
    ),
    JSONISH,
)


@given(st.lists(st.tuples(st.sampled_from(sorted(TELLERS)), PAYLOADS), max_size=12))
def test_any_log_gives_minutes_the_plan_accepts(entries):
    minutes = minutes_from(log(*entries), TITLES)
    plan = seeded_plan()
    entry = dataclasses.replace(plan.commitments[0], minutes=minutes)
    restored = plan_from_dict(plan_to_dict(dataclasses.replace(plan, commitments=(entry,))))
    assert restored.commitments[0].minutes == minutes


def test_speaking_turns_are_told_by_sector_with_a_summary():
    minutes = minutes_from(
        log(
            ("floor_given", {"sector": "sociedad_civil", "kind": "contribution"}),
            ("speech_ended", {"sector": "sociedad_civil", "kind": "contribution", "seconds": 125.4}),
            ("speech_ended", {"sector": "servicio_publico", "kind": "point_of_order", "seconds": 40}),
            ("speech_ended", {"sector": "sociedad_civil", "kind": "reply", "seconds": 60}),
            ("speech_ended", {"sector": ["odd"], "kind": ["odd"], "seconds": "mucho"}),
        )
    )
    texts = [m.text for m in minutes]
    assert texts[:3] == [
        "Intervino una persona de Sociedad civil (intervención, 2 min 5 s).",
        "Intervino una persona de Servicio público (moción de orden, 40 s).",
        "Intervino una persona de Sociedad civil (réplica, 1 min 0 s).",
    ]
    assert texts[-1] == (
        "Turnos de palabra por sector: Servicio público, 1 turno (40 s); Sociedad civil, 2 turnos (3 min 5 s); "
        "['odd'], 1 turno (0 s)."
    )
    assert minutes[-1].at == T0 + dt.timedelta(minutes=4)


def test_a_long_log_with_speeches_keeps_the_summary():
    many = log(*[("speech_ended", {"sector": "academia", "seconds": 1}) for _ in range(MAX_MINUTES + 5)])
    minutes = minutes_from(many)
    assert len(minutes) == MAX_MINUTES
    assert minutes[-2].text == "El registro de la mesa tiene 7 entradas más."
    assert minutes[-1].text == f"Turnos de palabra por sector: Academia, {MAX_MINUTES + 5} turnos (33 min 25 s)."


def test_agenda_steps_and_parked_topics_are_told():
    texts = [
        m.text
        for m in minutes_from(
            log(
                ("agenda_step_finished", {"title": "Árbol de problemas", "planned_minutes": 45, "seconds": 3000}),
                ("topic_parked", {"topic_id": "t1", "sector": "academia"}),
                ("topic_decided", {"topic_id": "t1", "status": "kept", "text": "Presupuesto 2027", "reason": ""}),
                ("topic_decided", {"status": "dismissed", "text": "Baches", "reason": "Fuera del tema"}),
                ("topic_decided", {"status": "odd"}),
            )
        )
    ]
    assert texts == [
        "Paso del orden del día «Árbol de problemas»: planeado 45 min; duró 50 min 0 s.",
        "Tema estacionado para tratarse después: «Presupuesto 2027».",
        "La persona facilitadora descartó el tema estacionado «Baches». Razón: «Fuera del tema».",
    ]


def test_the_minutas_lifecycle_is_told():
    digest = "ab" * 32
    counts = {"agree": 2, "can_live_with": 1, "object": 0}
    texts = [
        m.text
        for m in minutes_from(
            log(
                ("minuta_amendment_proposed", {"amendment_id": "x", "version": 1, "sector": "academia"}),
                ("minuta_amendment_decided", {"amendment_id": "x", "decision": "rejected"}),
                (
                    "minuta_approval_closed",
                    {"version": 1, "approved": False, "quorum_met": True, **counts, "object": 1},
                ),
                ("minuta_approval_closed", {"version": 1, "approved": True, "quorum_met": True, **counts}),
                ("minuta_sealed", {"version": 1, "sha256": digest}),
                ("minuta_correction_started", {"version": 2}),
                ("minuta_approval_closed", {"version": "dos", "approved": "sí"}),
            )
        )
    ]
    assert texts == [
        "Se propuso una enmienda a la versión 1 de la minuta (Academia).",
        "La persona facilitadora rechazó una enmienda a la minuta, con su razón.",
        "No se aprobó la versión 1 de la minuta: hubo objeciones (de acuerdo: 2; puede vivir con ello: 1; "
        "objeciones: 1); vuelve a recibir enmiendas.",
        "Las personas asistentes aprobaron la versión 1 de la minuta (de acuerdo: 2; puede vivir con ello: 1; "
        "objeciones: 0).",
        f"La persona facilitadora selló la versión 1 de la minuta (SHA-256 {digest}).",
        "La persona facilitadora abrió la versión 2 de la minuta para corregir la anterior, ya sellada.",
        "No se aprobó la versión 0 de la minuta: hubo objeciones (de acuerdo: 0; puede vivir con ello: 0; "
        "objeciones: 0); vuelve a recibir enmiendas.",
    ]
