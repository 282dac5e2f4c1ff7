"""The minuta's draft (workshops/minuta_draft.py): regenerating from the log
keeps the facilitator's edits where their event still is, says where it is
not, and changes nothing the second time."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from workshops.minuta_draft import (
    Acuerdo,
    Passage,
    clean_acuerdos,
    clean_date,
    draft_minutes,
    log_passages,
    passage_for,
    regenerate,
)
from workshops.plan_annex import MinuteEntry

T0 = dt.datetime(2027, 1, 10, 10, 0, tzinfo=dt.UTC)


def fresh(key: str, text: str, n: int = 0) -> Passage:
    return Passage(key, n, T0.isoformat(), text, text)


def by_id(passages) -> dict[str, Passage]:
    return {p.id: p for p in passages}


def test_log_entries_become_passages_keyed_by_their_event():
    entries = [MinuteEntry(T0, "Se abrió la mesa.", "e1"), MinuteEntry(T0, "Turnos de palabra…", "speaking")]
    passages = log_passages(entries)
    assert [(p.id, p.n, p.text, p.edited) for p in passages] == [
        ("e1", 0, "Se abrió la mesa.", False),
        ("speaking", 1, "Turnos de palabra…", False),
    ]


def test_an_edit_survives_while_its_event_is_in_the_log_and_new_events_are_added():
    first = regenerate({}, [fresh("e1", "Se abrió la mesa."), fresh("e2", "Se votó.", 1)])
    assert first.added == ("e1", "e2")
    edited = by_id(first.passages) | {"e2": Passage("e2", 1, T0.isoformat(), "Se votó por consenso.", "Se votó.")}
    second = regenerate(edited, [fresh("e1", "Se abrió la mesa."), fresh("e2", "Se votó.", 1), fresh("e3", "Fin.", 2)])
    assert second.added == ("e3",)
    assert [p.text for p in second.passages] == ["Se abrió la mesa.", "Se votó por consenso.", "Fin."]
    assert not second.set_aside and not second.changed


def test_a_gone_event_sets_an_edited_passage_aside_and_drops_an_unedited_one():
    current = {
        "e1": fresh("e1", "Se abrió la mesa."),
        "e2": Passage("e2", 1, T0.isoformat(), "Mi versión", "Se votó."),
        "e3": fresh("e3", "Fin.", 2),
    }
    result = regenerate(current, [fresh("e1", "Se abrió la mesa.")])
    assert [p.id for p in result.passages] == ["e1"]
    assert [(p.id, p.text) for p in result.set_aside] == [("e2", "Mi versión")]
    assert result.dropped == ("e3",)


def test_a_changed_event_keeps_the_edit_and_says_so_an_unedited_one_takes_the_new_wording():
    current = {"e1": Passage("e1", 0, T0.isoformat(), "Mío", "Viejo"), "e2": fresh("e2", "Antes", 1)}
    result = regenerate(current, [fresh("e1", "Nuevo"), fresh("e2", "Después", 1)])
    assert [p.text for p in result.passages] == ["Mío", "Después"]
    assert [p.id for p in result.changed] == ["e1"] and result.reworded == ("e2",)
    assert by_id(result.passages)["e1"].generated == "Nuevo"  # told once: the next time it is not news


TEXTS = st.text(alphabet="abcñ ", max_size=6)
LOGS = st.lists(st.tuples(st.integers(0, 8), TEXTS), max_size=8, unique_by=lambda t: t[0])
EDITS = st.dictionaries(st.integers(0, 8), TEXTS, max_size=8)


def as_log(items) -> list[Passage]:
    return [fresh(f"e{k}", text, n) for n, (k, text) in enumerate(items)]


@given(LOGS, EDITS, LOGS)
def test_regenerating_twice_changes_nothing_and_edits_survive_where_their_event_is(first_log, edits, second_log):
    draft = by_id(regenerate({}, as_log(first_log)).passages)
    for k, text in edits.items():
        key = f"e{k}"
        if key in draft:
            draft[key] = Passage(key, draft[key].n, draft[key].at, text, draft[key].generated)
    once = regenerate(draft, as_log(second_log))
    twice = regenerate(by_id(once.passages), as_log(second_log))
    assert twice.passages == once.passages and not twice.changes
    still = {f"e{k}" for k, _ in second_log}
    result = by_id(once.passages)
    for key, p in draft.items():
        if p.edited and key in still:
            assert result[key].text == p.text  # the facilitator's wording survives
        if p.edited and key not in still:
            assert p in once.set_aside  # told, with its text kept apart
    assert [p.id for p in once.passages] == [f"e{k}" for k, _ in second_log]  # the log's order


def test_an_amendment_names_its_passage_by_id_or_as_the_room_quotes_it():
    passages = [fresh("e1", "Se abrió la mesa."), fresh("e2", "x" * 400)]
    assert passage_for(passages, "e2").id == "e2"
    assert passage_for(passages, "Se abrió la mesa.").id == "e1"
    assert passage_for(passages, "x" * 300).id == "e2"
    assert passage_for(passages, "Otra cosa") is None and passage_for(passages, "") is None


def test_acuerdos_are_one_line_with_a_date_or_none_and_empty_rows_leave():
    rows = [
        {"who": " Enlace\nmunicipal ", "what": "Publicar los datos", "by": "2027-03-01"},
        {"who": "", "what": "", "by": "2027-03-01"},
        {"who": "Academia", "what": 3, "by": "1 de marzo"},
    ]
    assert clean_acuerdos(rows) == (
        Acuerdo("Enlace municipal", "Publicar los datos", "2027-03-01"),
        Acuerdo("Academia", "", ""),
    )
    assert clean_date("2027-02-30") == "" and clean_date("2027-02-28") == "2027-02-28" and clean_date(None) == ""


def test_the_draft_text_is_in_the_log_order():
    passages = [fresh("e9", "b", 1), fresh("e10", "a", 0)]
    assert [m["id"] for m in draft_minutes(passages)] == ["e10", "e9"]
