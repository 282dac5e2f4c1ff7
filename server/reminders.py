"""E-mail reminders of a plan's follow-up (``COCREA_SMTP_URL``): one digest
a day at most for each follow-up link with an e-mail address, saying what of
theirs is late and what ends in the next 15 days (a reporter: their
commitment's activities; the verifier: also what waits for verification).

The server looks every ``COCREA_REMINDER_INTERVAL_SECONDS``; a link's
reminder of a day is claimed by inserting its row (``plan_record`` kind
``reminder``, id ``<link>/reminder/<day>``) before the message is sent, so
two passes, or two processes, never send it twice.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
import ssl
from email.message import EmailMessage
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

import anyio
import anyio.to_thread
from anyio.abc import TaskStatus

from workshops.follow_up import REPORTERS, FollowUpRole
from workshops.workshop import Event

from .follow_up_link import LINK_PAGE
from .follow_up_state import follow_up_state, today
from .services import now
from .storage import StoredPlanRecord

if TYPE_CHECKING:
    from .app import Cocrea
    from .settings import Settings

log = logging.getLogger("cocrea.reminders")
SMTP_TIMEOUT = 30.0


def send_message(settings: Settings, message: EmailMessage) -> None:
    """Send through ``COCREA_SMTP_URL`` (blocking: run it in a thread)."""
    url = urlsplit(settings.smtp_url)
    host = url.hostname or "localhost"
    if url.scheme == "smtps":
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(
            host, url.port or 465, timeout=SMTP_TIMEOUT, context=ssl.create_default_context()
        )
    elif url.scheme == "smtp":
        smtp = smtplib.SMTP(host, url.port or 25, timeout=SMTP_TIMEOUT)
    else:
        raise ValueError(f"COCREA_SMTP_URL: use smtp:// or smtps://, not {url.scheme}://")
    with smtp:
        if url.scheme == "smtp":
            smtp.ehlo()
            if smtp.has_extn("starttls"):
                smtp.starttls(context=ssl.create_default_context())
                smtp.ehlo()
        if url.username:
            smtp.login(unquote(url.username), unquote(url.password or ""))
        smtp.send_message(message)


def digest(state: dict[str, Any], role: FollowUpRole, commitment_id: str | None) -> list[str]:
    """The lines of a link's reminder: late first, then due soon, then (the
    verifier) what waits for verification."""
    late, due, waiting = [], [], []
    for c in state["commitments"]:
        if role in REPORTERS and c["id"] != commitment_id:
            continue
        for number, a in enumerate(c["activities"], start=1):
            what = f"«{c['title']}», actividad {number}: {a['description'][:200]}"
            if a["late"]:
                late.append(f"- ATRASADA (terminaba el {a['end']}): {what}")
            elif a["due_soon"]:
                due.append(f"- Termina el {a['end']}: {what}")
            if role is FollowUpRole.VERIFIER and a["status"] == "por_verificar":
                waiting.append(f"- Por verificar: {what}")
    return late + due + waiting


def compose(settings: Settings, to: str, name: str, plan: dict[str, Any], lines: list[str], link: str) -> EmailMessage:
    message = EmailMessage()
    title = plan["title"] or plan["entity"]
    message["Subject"] = f"Seguimiento del Plan de Acción «{title}»: pendientes"
    message["From"] = settings.smtp_from
    message["To"] = to
    body = [
        f"Hola, {name}:",
        "",
        f"Esto es lo pendiente en el seguimiento del Plan de Acción «{title}»:",
        "",
        *lines,
        "",
        f"Para reportar avances o verificarlos, abre tu enlace: {link}",
        "",
        "Recibes a lo más un recordatorio al día mientras haya pendientes.",
    ]
    message.set_content("\n".join(body))
    return message


async def send_reminders(cocrea: Cocrea, on: dt.date | None = None) -> int:
    """Send the day's reminders not sent yet; how many were sent."""
    store, settings = cocrea.store, cocrea.settings
    day = on or today()
    base = settings.public_url.rstrip("/") or cocrea.lan_url
    sent = 0
    for plan_id in await store.list_follow_up_plans():
        state = (await follow_up_state(cocrea, plan_id, day)).data
        for link in await store.list_plan_records(plan_id, "link"):
            email = link.data.get("email")
            if not email:
                continue
            role = FollowUpRole(link.data["role"])
            lines = digest(state, role, link.data.get("commitment_id"))
            if not lines:
                continue
            claim = StoredPlanRecord(
                f"{link.id}/reminder/{day.isoformat()}",
                plan_id,
                "reminder",
                link.id,
                now(),
                {"day": day.isoformat(), "items": len(lines)},
            )
            event = Event("follow_up_reminder_sent", {"link_id": link.id, "day": day.isoformat()}, actor_id=None)
            if not await store.insert_plan_records(plan_id, [claim], [event]):
                continue  # already sent today
            token = cocrea.services.sessions.issue_follow_up(plan_id, link.id)
            url = base + LINK_PAGE.format(plan_id=plan_id, token=token)
            message = compose(settings, email, link.data.get("name", ""), state["plan"], lines, url)
            try:
                await anyio.to_thread.run_sync(send_message, settings, message)
            except (OSError, smtplib.SMTPException, ValueError) as exc:
                log.warning("reminder for link %s of plan %s not sent: %s", link.id, plan_id, exc)
                continue
            sent += 1
    return sent


async def run_reminders(cocrea: Cocrea, *, task_status: TaskStatus[None] = anyio.TASK_STATUS_IGNORED) -> None:
    """Look for reminders every ``reminder_interval_seconds`` (from the start)."""
    task_status.started()
    while True:
        try:
            await send_reminders(cocrea)
        except Exception:  # a bad pass must not stop the next ones
            log.exception("the reminders' pass failed")
        await anyio.sleep(cocrea.settings.reminder_interval_seconds)
