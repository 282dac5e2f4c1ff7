"""The minuta's lifecycle: amendments by attendees answered with reasons,
approval by consent, a seal whose digest anyone can recompute, and no
change to a sealed version."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workshops.errors import ConflictError, NotAllowedError, NotFoundError, ValidationError
from workshops.minuta import (
    CANONICAL_FORMAT,
    Minuta,
    MinutaStatus,
    approval_closed,
    canonical_bytes,
    check_digest,
    decide_amendment,
    open_approval,
    propose_amendment,
    seal,
    start_correction,
)
from workshops.roles import Role

NOW = dt.datetime(2026, 12, 7, 18, 0, tzinfo=dt.UTC)
FAC = Role.FACILITATOR
AMEND = {"passage": "Acuerdo 2", "text": "Decir «30 días» y no «un mes».", "reason": "Así se acordó."}
RECORD = {"mesa": {"title": "Mesa de Movilidad"}, "entries": [{"at": "2026-12-07T16:00:00+00:00", "text": "Inicio"}]}


def amend(minuta, amendment_id="e1", role=Role.PARTICIPANT, attended=True, **data):
    return propose_amendment(
        minuta,
        {**AMEND, **data},
        role=role,
        attended=attended,
        author_id="ana",
        sector="sociedad_civil",
        amendment_id=amendment_id,
        now=NOW,
    )


def approved():
    m = amend(Minuta())
    m = decide_amendment(m, "e1", "accepted", "Se corrige.", role=FAC)
    m = open_approval(m, role=FAC, round_id="r1")
    return approval_closed(m, round_id="r1", quorum_met=True, objections=0)


def test_the_whole_path_to_a_seal_and_a_correction():
    m = approved()
    assert m.status is MinutaStatus.APPROVED
    sealed = seal(m, RECORD, role=FAC, now=NOW)
    stamp = sealed.seals[-1]
    assert sealed.status is MinutaStatus.SEALED and stamp.version == 1
    assert stamp.sha256 == hashlib.sha256(stamp.canonical).hexdigest()
    body = json.loads(stamp.canonical)
    assert body["format"] == CANONICAL_FORMAT and body["version"] == 1 and body["mesa"]["title"] == "Mesa de Movilidad"
    with pytest.raises(ConflictError, match="sellada"):
        amend(sealed, "e2")
    with pytest.raises(ConflictError):
        seal(sealed, RECORD, role=FAC, now=NOW)
    corrected = start_correction(sealed, role=FAC)
    assert (corrected.version, corrected.status) == (2, MinutaStatus.DRAFT)
    assert corrected.seals == sealed.seals  # the sealed version stays as it was


def test_an_objection_or_no_quorum_reopens_amendments():
    m = open_approval(Minuta(), role=FAC, round_id="r1")
    with pytest.raises(ConflictError, match="aprobación"):
        amend(m)
    back = approval_closed(m, round_id="r1", quorum_met=True, objections=1)
    assert back.status is MinutaStatus.DRAFT
    assert amend(back).amendments
    no_quorum = approval_closed(
        open_approval(Minuta(), role=FAC, round_id="r2"), round_id="r2", quorum_met=False, objections=0
    )
    assert no_quorum.status is MinutaStatus.DRAFT


@pytest.mark.parametrize(
    ("change", "error"),
    [
        (lambda: amend(Minuta(), role=Role.OBSERVER), NotAllowedError),
        (lambda: amend(Minuta(), role=FAC), NotAllowedError),
        (lambda: amend(Minuta(), attended=False), NotAllowedError),
        (lambda: amend(Minuta(), text="x" * 100_000), ValidationError),
        (lambda: amend(Minuta(), reason=""), ValidationError),
        (lambda: decide_amendment(amend(Minuta()), "e1", "accepted", "", role=FAC), ValidationError),
        (lambda: decide_amendment(amend(Minuta()), "e1", "maybe", "x", role=FAC), ValidationError),
        (lambda: decide_amendment(amend(Minuta()), "zz", "accepted", "x", role=FAC), NotFoundError),
        (lambda: decide_amendment(amend(Minuta()), "e1", "accepted", "x", role=Role.PARTICIPANT), NotAllowedError),
        (lambda: open_approval(amend(Minuta()), role=FAC, round_id="r1"), ConflictError),
        (
            lambda: open_approval(open_approval(Minuta(), role=FAC, round_id="r1"), role=FAC, round_id="r2"),
            ConflictError,
        ),
        (lambda: open_approval(approved(), role=FAC, round_id="r2"), ConflictError),
        (lambda: approval_closed(Minuta(), round_id="r1", quorum_met=True, objections=0), ConflictError),
        (lambda: seal(Minuta(), RECORD, role=FAC, now=NOW), ConflictError),
        (lambda: seal(approved(), RECORD, role=Role.PARTICIPANT, now=NOW), NotAllowedError),
        (lambda: start_correction(approved(), role=FAC), ConflictError),
    ],
)
def test_refused_changes(change, error):
    with pytest.raises(error):
        change()


def test_answered_amendments_cannot_be_answered_again():
    m = decide_amendment(amend(Minuta()), "e1", "rejected", "No corresponde.", role=FAC)
    with pytest.raises(ConflictError):
        decide_amendment(m, "e1", "accepted", "Sí.", role=FAC)


def test_digests_are_checked():
    assert check_digest("A" * 64) == "a" * 64
    for bad in ("a" * 63, "g" * 64, None, 7, "a" * 65):
        with pytest.raises(ValidationError):
            check_digest(bad)


texts = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)
records = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-(10**9), 10**9), texts),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(texts, inner, max_size=4)),
    max_leaves=20,
)


@given(st.dictionaries(texts, records, max_size=6))
def test_a_sealed_digest_always_matches_its_canonical_text(record):
    sealed = seal(approved(), record, role=FAC, now=NOW)
    stamp = sealed.seals[-1]
    assert hashlib.sha256(stamp.canonical).hexdigest() == stamp.sha256
    # Recomputing from the parsed canonical text gives the same bytes.
    assert canonical_bytes(json.loads(stamp.canonical)) == stamp.canonical


def test_canonical_bytes_do_not_depend_on_key_order_or_normalisation():
    composed, decomposed = "Participación", "Participacio\u0301n"
    assert canonical_bytes({"b": 1, "a": composed}) == canonical_bytes({"a": decomposed, "b": 1.0})
    assert canonical_bytes({"a": 1}).endswith(b"\n")
