"""Stale writes in the domain: a form's base must be the record's current
revision (or the value that marks its last change), else EditConflictError
before anything changes; no base, no check."""

from __future__ import annotations

import itertools

import pytest

from workshops.agenda import adopt_default, default_agenda, set_steps
from workshops.errors import ConflictError, EditConflictError, ValidationError
from workshops.revision import check_base_revision, check_base_value, read_revision
from workshops.roles import Role


def ids():
    counter = itertools.count(1)
    return lambda: f"s{next(counter)}"


def test_a_base_other_than_the_current_revision_is_an_edit_conflict():
    check_base_revision(3, 3)
    check_base_revision(3, None)
    with pytest.raises(EditConflictError) as refused:
        check_base_revision(3, 2)
    assert refused.value.code == "edit_conflict" and isinstance(refused.value, ConflictError)
    assert refused.value.fields["conflicts"] == {"revision": 3}
    for bad in (-1, True, "2", 2.0):
        with pytest.raises(ValidationError):
            check_base_revision(3, bad)


def test_a_base_value_is_checked_only_when_sent():
    check_base_value(None, {}, "base_decided_at")
    check_base_value(None, {"base_decided_at": None}, "base_decided_at")
    with pytest.raises(EditConflictError) as refused:
        check_base_value("2026-12-07T10:00:00+00:00", {"base_decided_at": None}, "base_decided_at")
    assert refused.value.fields["conflicts"] == {"decided_at": "2026-12-07T10:00:00+00:00"}


def test_a_record_stored_before_revisions_reads_as_written_once():
    assert read_revision({}, stored=True) == 1
    assert read_revision({}, stored=False) == 0
    assert read_revision({"revision": 4}, stored=True) == 4
    assert read_revision({"revision": True}, stored=True) == 1


def test_the_agenda_counts_its_saves_and_refuses_a_stale_list():
    agenda = default_agenda(ids())
    assert agenda.revision == 0 and adopt_default(ids()).revision == 1
    one = [{"title": "Bienvenida", "phase": "preparacion", "planned_minutes": 10}]
    saved = set_steps(agenda, one, role=Role.FACILITATOR, new_id=ids(), base_revision=0)
    assert saved.revision == 1
    with pytest.raises(EditConflictError):
        set_steps(saved, one, role=Role.FACILITATOR, new_id=ids(), base_revision=0)
    assert set_steps(saved, one, role=Role.FACILITATOR, new_id=ids()).revision == 2
