"""A published plan's feeds, written by hand with the standard library
(no feed library is a dependency; the tests read them with ``feedparser``
and ``icalendar``):

- **Atom 1.0** (RFC 4287): one entry per update, verification and review,
  newest first, each with the stable id ``follow_up_view`` gives it (a
  ``urn:uuid`` derived from the plan, the activity, the time and the
  status), its time as ``updated`` and ``published``, and a text summary.
  ElementTree escapes every text.
- **iCalendar** (RFC 5545): one all-day ``VEVENT`` per activity on its due
  date (the day after it, exclusive, as ``DTEND``), with a stable ``UID``,
  its status and late mark in the description; text escaped (``\\``, ``;``,
  ``,``, line breaks) and lines folded at 75 octets without splitting a
  UTF-8 character; CRLF line ends.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from typing import Any

ATOM_MEDIA_TYPE = "application/atom+xml; charset=utf-8"
ICAL_MEDIA_TYPE = "text/calendar; charset=utf-8"
ATOM_NS = "http://www.w3.org/2005/Atom"
GENERATOR = "Cocrea"
PRODID = "-//Cocrea//Seguimiento del Plan de Accion//ES"


def export_atom(view: dict[str, Any], feed_url: str | None = None) -> bytes:
    """The feed of ``view["events"]``; ``feed_url``: its own address (``rel=self``)."""
    ET.register_namespace("", ATOM_NS)

    def sub(parent: ET.Element, name: str, text: str | None = None, **attributes: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM_NS}}}{name}", attributes)
        if text is not None:
            element.text = text
        return element

    feed = ET.Element(f"{{{ATOM_NS}}}feed", {"xml:lang": view["html_lang"]})
    public_url = view["public_url"]
    sub(feed, "id", f"{public_url}#seguimiento")
    sub(feed, "title", f"{view['title']} — {view['words']['progress']}")
    sub(feed, "subtitle", view["entity"])
    sub(feed, "updated", view["updated_iso"])
    author = sub(feed, "author")
    sub(author, "name", view["guarantor"])
    sub(feed, "generator", GENERATOR)
    sub(feed, "link", href=public_url, rel="alternate", type="text/html")
    if feed_url:
        sub(feed, "link", href=feed_url, rel="self", type="application/atom+xml")
    for event in view["events"]:
        entry = sub(feed, "entry")
        sub(entry, "id", event["id"])
        sub(entry, "title", event["title"])
        sub(entry, "updated", event["at_iso"])
        sub(entry, "published", event["at_iso"])
        sub(entry, "link", href=f"{public_url}#{event['anchor']}", rel="alternate", type="text/html")
        sub(entry, "category", term=event["kind"])
        sub(entry, "summary", event["text"], type="text")
    body = ET.tostring(feed, encoding="unicode")
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n").encode("utf-8")


def ical_text(value: str) -> str:
    """A TEXT value (RFC 5545 §3.3.11)."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """A content line folded at 75 octets (§3.1), never inside a UTF-8 character."""
    out: list[str] = []
    current = ""
    size = 0
    limit = 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            out.append(current)
            current, size, limit = "", 0, 74  # a continuation line starts with a space
        current += char
        size += width
    out.append(current)
    return "\r\n ".join(out)


def export_ical(view: dict[str, Any], now: dt.datetime) -> bytes:
    """One all-day event per activity with an end date; ``now`` is the DTSTAMP."""
    stamp = now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    host = view["public_url"].split("://", 1)[-1].split("/", 1)[0] or "cocrea"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{ical_text(view['title'])}",
    ]
    words = view["words"]
    for c in view["commitments"]:
        for a in c["activities"]:
            if not a["end_iso"]:
                continue
            due = dt.date.fromisoformat(a["end_iso"])
            status = a["status_label"] + (f" ({words['late']})" if a["late"] else "")
            summary = f"{c['number']}.{a['number']} {a['description']}"
            description = f"{c['heading']}\n{words['status']}: {status}\n{view['public_url']}#actividad-{a['id']}"
            lines += [
                "BEGIN:VEVENT",
                f"UID:{ical_text(view['id'])}-{ical_text(a['id'])}@{host}",
                f"DTSTAMP:{stamp}",
                f"DTSTART;VALUE=DATE:{due:%Y%m%d}",
                f"DTEND;VALUE=DATE:{due + dt.timedelta(days=1):%Y%m%d}",
                f"SUMMARY:{ical_text(summary)}",
                f"DESCRIPTION:{ical_text(description)}",
                f"URL:{view['public_url']}#actividad-{a['id']}",
                "TRANSP:TRANSPARENT",
                f"CATEGORIES:{ical_text(a['status'])}",
                "END:VEVENT",
            ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines).encode("utf-8")
