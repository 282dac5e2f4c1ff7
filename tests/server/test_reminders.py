"""The follow-up's e-mail reminders against a real SMTP server (aiosmtpd)
started here: one digest a day for each link with an address, naming what
is late and what ends within 15 days; nothing for a link without an address
or with nothing pending."""

from __future__ import annotations

import email
import email.policy
import time
from collections.abc import Iterator
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller

from tests.conftest import Api
from tests.server.test_follow_up_api import import_plan
from tests.support.live_server import LiveServer, free_port
from tests.support.refusals import sqlite_file


class Inbox:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))  # type: ignore[arg-type]
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


def wait_for(condition, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_reporters_get_one_digest_a_day_with_what_is_late_and_due(make_server, smtp):
    inbox, port = smtp
    server: LiveServer = make_server(smtp_url=f"smtp://127.0.0.1:{port}", reminder_interval_seconds=0.5)
    api = Api(server)
    plan = import_plan(api, sqlite_file(server.env["COCREA_DATABASE_URL"]), soon=True)
    for commitment, email_address in (("k-infoem", "ana@example.org"), ("k-red", "")):
        body = {"role": "responsable", "name": "Ana Pérez", "email": email_address}
        plan.ok("POST", f"/commitments/{commitment}/reporters", "editor", json=body)
    r = plan.send("POST", "/verifiers", "editor", json={"name": "INFOEM", "email": "no es correo"})
    assert r.status_code == 422 and r.json()["error"]["field"] == "email"
    wait_for(lambda: len(inbox.messages) >= 1)
    time.sleep(2)  # several more passes: still one message today
    titles = [c["title"] for c in plan.ok("GET", "/follow-up", "editor")["commitments"]]
    api.http.close()
    assert len(inbox.messages) == 1
    (message,) = inbox.messages
    assert message["To"] == "ana@example.org" and "Seguimiento del Plan de Acción" in message["Subject"]
    text = message.get_content()
    assert "Hola, Ana Pérez:" in text and "ATRASADA" in text and "Termina el" in text
    assert f"/planes/{plan.id}/seguimiento?clave=" in text
    assert f"«{titles[0]}»" in text and f"«{titles[1]}»" not in text  # only her commitment
