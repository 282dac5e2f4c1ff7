"""HTTP routes of the minuta (docs/minutes.md): the minutes with their
lifecycle, attendance confirmed in the room, amendments, the approval, the
seal, corrections, and the public verification of a sealed version."""

from __future__ import annotations

import html
from typing import Annotated

from pydantic import ConfigDict, Field
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from exporters.formats import ExportContext
from exporters.minuta_export import FORMATS, MINUTA_FORMATS, SUBJECT_MINUTA
from workshops import minuta as lifecycle
from workshops.errors import WorkshopError
from workshops.messages import _
from workshops.minuta import AMENDMENT_TEXT_MAX, PASSAGE_MAX, REASON_MAX

from .api import cocrea, member
from .api_plans import attachment
from .contract import Body, Model, OneOf, Operations, TextRule
from .errors import ApiError
from .i18n import request_language
from .minuta_export import view_of
from .minuta_seal import CANONICAL_PATH, VERIFY_PATH, canonical_filename

ops = Operations()

WORKSHOP = "/api/workshops/{workshop_id}"
STR = {"type": "string"}
TIME = {"type": "string", "format": "date-time"}
INT = {"type": "integer"}
OBJECT = {"type": "object"}
DIGEST = {"type": "string", "pattern": "^[0-9a-f]{64}$"}
SHA_PARAM = {
    "sha256": {
        "name": "sha256",
        "in": "path",
        "required": True,
        "description": "the SHA-256 of the canonical text: 64 hexadecimal characters (else 422)",
        "schema": {"type": "string", "pattern": "^[0-9a-fA-F]{64}$"},
    }
}

# ------------------------------------------------------------------ models


class AttendanceBody(Model):
    model_config = ConfigDict(extra="forbid")
    show_name: bool = Field(
        default=False, description="I agree to be named in the minutes (otherwise only my sector and organization)"
    )


class NewAmendment(Model):
    model_config = ConfigDict(extra="forbid")
    passage: Annotated[str, TextRule(PASSAGE_MAX)] = Field(description="the passage of the minutes to change")
    text: Annotated[str, TextRule(AMENDMENT_TEXT_MAX, multiline=True)] = Field(description="what it should say")
    reason: Annotated[str, TextRule(REASON_MAX, multiline=True)]


class AmendmentAnswer(Model):
    model_config = ConfigDict(extra="forbid")
    decision: Annotated[str, OneOf(("accepted", "rejected"), "«decision» debe ser «accepted» o «rejected».")]
    reason: Annotated[str, TextRule(REASON_MAX, multiline=True)]


AMENDMENT = {
    "type": "object",
    "required": ["id", "version", "passage", "text", "reason", "sector", "proposed_at", "decision", "response"],
    "properties": {
        "id": STR,
        "version": INT,
        "passage": STR,
        "text": STR,
        "reason": STR,
        "sector": STR,
        "proposed_at": TIME,
        "decision": {"type": "string", "enum": ["pending", "accepted", "rejected"]},
        "response": STR,
        "applied_to": {
            "type": ["string", "null"],
            "description": "answering: the draft's passage an accepted amendment rewrote (null: none matched)",
        },
    },
}
ATTENDANCE = {
    "type": "object",
    "required": ["participant_id", "sector", "confirmed_at", "show_name"],
    "properties": {"participant_id": STR, "sector": STR, "confirmed_at": TIME, "show_name": {"type": "boolean"}},
}
SEAL = {
    "type": "object",
    "required": ["sha256", "version", "sealed_at"],
    "properties": {"sha256": DIGEST, "version": INT, "sealed_at": TIME},
}
STATUS = {"type": "string", "enum": ["draft", "in_review", "approved", "sealed"]}
MINUTES = {
    "type": "object",
    "required": ["minutes", "status", "version", "amendments", "attendance", "seals", "me"],
    "properties": {
        "minutes": {
            "type": "array",
            "items": {"type": "object", "properties": {"id": STR, "at": TIME, "text": STR}},
            "description": "the draft's passages (the relatoría as the facilitator worded it), oldest first; "
            "as put to consent once in review, as sealed once sealed",
        },
        "acuerdos": {
            "type": "array",
            "items": {"type": "object", "properties": {"who": STR, "what": STR, "by": STR}},
            "description": "the follow-up agreements: who, what, by when (YYYY-MM-DD or empty)",
        },
        "draft": {
            "type": "object",
            "properties": {
                "editable": {"type": "boolean"},
                "new_in_log": {**INT, "description": "log changes the draft document does not hold yet"},
                "aside": {"type": "array", "items": OBJECT, "description": "edited passages whose event is gone"},
            },
        },
        "status": STATUS,
        "version": INT,
        "sha256": {**DIGEST, "description": "only when the current version is sealed"},
        "amendments": {"type": "array", "items": AMENDMENT},
        "approvals": {"type": "array", "items": OBJECT},
        "approval": {"type": ["object", "null"], "description": "the current version's approval result"},
        "approval_round": {
            "type": ["object", "null"],
            "description": "while in review: {round_id, option_id}",
        },
        "attendance": {"type": "array", "items": OBJECT, "description": "by sector: people, organizations, names"},
        "seals": {"type": "array", "items": SEAL},
        "me": OBJECT,
    },
}
SEALED = {
    "type": "object",
    "required": ["sha256", "version", "sealed_at", "workshop", "canonical", "canonical_url", "verification_url"],
    "properties": {
        "sha256": DIGEST,
        "version": INT,
        "sealed_at": TIME,
        "workshop": OBJECT,
        "canonical": {**STR, "description": "the canonical text (UTF-8); its SHA-256 is the digest"},
        "canonical_url": STR,
        "verification_url": STR,
    },
}

# -------------------------------------------------------------- operations


@ops.get(
    f"{WORKSHOP}/minutes",
    summary="The mesa's minutes (relatoría) with the minuta's lifecycle: status, version, amendments, "
    "approval, seals, attendance by sector",
    description="The relatoría is written in Spanish from the event log: phases, ideation, alternatives, splits, "
    "reasoned responses, rounds opened and closed with participation by sector, decisions, "
    "commitments and hoja de ruta agreements. No person is named; ballots are not listed. "
    "Capped at 2,000 entries, the last of which then says how many more the log holds. "
    "`sha256` is present when the current version is sealed. Lifecycle: docs/minutes.md.",
    ok=MINUTES,
)
async def mesa_minutes(request: Request) -> Response:
    c, workshop_id, me = await member(request)
    return JSONResponse(await c.minuta.view(workshop_id, me))


@ops.post(
    f"{WORKSHOP}/attendance/me",
    summary="Confirm my attendance in the room, one tap (participants and observers)",
    description="The time is recorded once: 201 the first time, 200 with the same record afterwards. "
    "`show_name` is the consent to be named in the minutes.",
    body=AttendanceBody,
    ok=ATTENDANCE,
    status=201,
    ok_description="confirmed",
    extra={
        "responses": {
            "200": {
                "description": "already confirmed: the first confirmation",
                "content": {"application/json": {"schema": ATTENDANCE}},
            }
        }
    },
)
async def confirm_attendance(request: Request, body: Body[AttendanceBody]) -> Response:
    c, workshop_id, me = await member(request, write=True)
    data = {} if not (await request.body()).strip() else (await body()).fields()
    record, created = await c.minuta.confirm_attendance(workshop_id, me, data)
    return JSONResponse(record, status_code=201 if created else 200)


@ops.post(
    f"{WORKSHOP}/minutes/amendments",
    summary="Propose an amendment to a passage, with a reason (participants who attended)",
    description="Only a participant who confirmed attendance; refused (409) while the approval is open, "
    "once approved or sealed.",
    body=NewAmendment,
    ok=AMENDMENT,
    status=201,
    ok_description="proposed",
    errors=(409,),
)
async def propose_amendment(request: Request, body: Body[NewAmendment]) -> Response:
    c, workshop_id, me = await member(request, write=True)
    return JSONResponse(await c.minuta.propose(workshop_id, me, (await body()).fields()), status_code=201)


@ops.put(
    f"{WORKSHOP}/minutes/amendments/{{amendment_id}}",
    summary="Accept or reject an amendment, with a reason (facilitator)",
    description="An amendment is answered once (409 afterwards).",
    body=AmendmentAnswer,
    ok=AMENDMENT,
    ok_description="answered",
    errors=(409,),
)
async def decide_amendment(request: Request, body: Body[AmendmentAnswer]) -> Response:
    c, workshop_id, me = await member(request, write=True)
    amendment_id = request.path_params["amendment_id"]
    return JSONResponse(await c.minuta.decide(workshop_id, me, amendment_id, (await body()).fields()))


@ops.post(
    f"{WORKSHOP}/minutes/approval",
    summary="Open the approval of the current version (facilitator): a consent round of the attendees",
    description="A consent round with one option (`option_id`), restricted to the participants who confirmed "
    "attendance, with quorum: more than half of them. They answer with `PUT …/rounds/{round_id}/ballot` "
    '`{"consent": {"<option_id>": "agree" | "can_live_with" | "object"}, "reasons": {…}}` and the '
    "facilitator closes it with `POST …/rounds/{round_id}/close`: approved with quorum and no objection, "
    "otherwise back to draft. 409: pending amendments, already open or approved, sealed, another round "
    "open, or nobody confirmed attendance.",
    ok={
        "type": "object",
        "required": ["round_id", "option_id", "version", "quorum"],
        "properties": {"round_id": STR, "option_id": STR, "version": INT, "quorum": INT},
    },
    status=201,
    ok_description="opened",
    errors=(409,),
)
async def open_approval(request: Request) -> Response:
    c, workshop_id, me = await member(request, write=True)
    return JSONResponse(await c.minuta.open_approval(workshop_id, me), status_code=201)


@ops.post(
    f"{WORKSHOP}/minutes/seal",
    summary="Seal the approved version (facilitator): its canonical text and SHA-256",
    description="409 unless the current version was approved; two seals at once seal once.",
    ok=SEAL,
    ok_description="sealed",
    errors=(409,),
)
async def seal(request: Request) -> Response:
    c, workshop_id, me = await member(request, write=True)
    return JSONResponse(await c.minuta.seal(workshop_id, me))


REFRESH_PASSAGES = {"type": "array", "items": {"type": "object", "properties": {"id": STR, "at": TIME, "text": STR}}}


@ops.post(
    f"{WORKSHOP}/minutes/draft/refresh",
    summary="Update the minuta's draft from the event log (facilitator, while a draft)",
    description="Adds a passage for every new entry of the log, rewords passages nobody edited, keeps every "
    "edited passage whose event is still there, and sets aside (the document's `aside`) the edited ones "
    "whose event is gone. Regenerating twice changes nothing. 409 once in review, approved or sealed.",
    ok={
        "type": "object",
        "required": ["added", "reworded", "dropped", "kept", "changed", "set_aside"],
        "properties": {
            "added": INT,
            "reworded": INT,
            "dropped": INT,
            "kept": {**INT, "description": "edited passages kept"},
            "changed": {**REFRESH_PASSAGES, "description": "edited passages whose log wording changed (edit kept)"},
            "set_aside": {**REFRESH_PASSAGES, "description": "edited passages whose event is gone"},
        },
    },
    ok_description="regenerated",
    errors=(409,),
)
async def refresh_draft(request: Request) -> Response:
    c, workshop_id, me = await member(request, write=True)
    return JSONResponse(await c.minuta.refresh(workshop_id, me))


@ops.post(
    f"{WORKSHOP}/minutes/corrections",
    summary="Start a correction of the sealed minutes: version n+1, a draft (facilitator)",
    description="The sealed version stays as it was; the new one goes through amendments, approval and seal. "
    "409 unless the current version is sealed.",
    ok={"type": "object", "required": ["version", "status"], "properties": {"version": INT, "status": STATUS}},
    status=201,
    ok_description="version n+1 opened",
    errors=(409,),
)
async def correct(request: Request) -> Response:
    c, workshop_id, me = await member(request, write=True)
    return JSONResponse(await c.minuta.correct(workshop_id, me), status_code=201)


EXPORT_FORMAT = {
    "name": "format",
    "in": "path",
    "required": True,
    "schema": {"type": "string"},
    "description": f"A format of the minuta (exporters/minuta_export.py): {', '.join(FORMATS)}. An unknown one "
    "answers 404 with error.formats, the list of those there are.",
}
LANG = {
    "name": "lang",
    "in": "query",
    "required": False,
    "schema": {"type": "string", "enum": ["es", "en"]},
    "description": "the document's labels in English with `en` (default: the `cocrea_lang` cookie, else Spanish); "
    "the relatoría is written in Spanish",
}


@ops.get(
    f"{WORKSHOP}/minutes/export/{{format}}",
    summary="Download the mesa's minuta as a document (any member): pdf, docx, odt, html, md",
    description="A sealed minuta is printed exactly as it was sealed, with its SHA-256, the verification link "
    "(`/verificar/{sha256}`), the canonical text's address and the `sha256sum` line that recomputes the digest; "
    "any other version (draft, in review, approved, a correction) is printed as it stands, says so first and "
    "carries no digest. File name: `minuta-<mesa>-v<n>[-borrador|-sin-sellar].<ext>`. docs/minutes.md.",
    params={"format": EXPORT_FORMAT},
    query={"lang": LANG},
    ok={"*/*": {"schema": {"type": "string", "format": "binary"}}},
    ok_description="The whole file, as an attachment (Content-Disposition with an ASCII filename and "
    "filename*=UTF-8''…)",
    errors=(422,),
)
async def export_minuta(request: Request) -> Response:
    c, workshop_id, _me = await member(request)
    name = request.path_params["format"]
    if name not in MINUTA_FORMATS:
        known = list(MINUTA_FORMATS.names())
        raise ApiError(
            404,
            "unknown_format",
            _("Formato desconocido: «{name}». Formatos disponibles: {list}.", name=name[:40], list=", ".join(known)),
            formats=known,
        )
    lang = request_language(request)
    view = view_of(await c.minuta.document(workshop_id), public_url=c.public_url(request, ""), lang=lang)
    fmt = MINUTA_FORMATS.get_format(name)
    body = await c.renders.render(SUBJECT_MINUTA, name, view, ExportContext(title=view["title"], lang=lang))
    headers = {
        "Content-Disposition": attachment(fmt.filename(str(view["filename_stem"]))),
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
    }
    return Response(body, media_type=fmt.media_type, headers=headers)


def _urls(request: Request, sha256: str) -> dict[str, str]:
    c = cocrea(request)
    return {
        "canonical_url": c.public_url(request, CANONICAL_PATH.format(sha256=sha256)),
        "verification_url": c.public_url(request, VERIFY_PATH.format(sha256=sha256)),
    }


@ops.get(
    "/api/minutes/{sha256}",
    summary="A sealed minuta by its SHA-256: which mesa, which version, when, and its canonical text (public)",
    params=SHA_PARAM,
    ok=SEALED,
    errors=(404, 422),
    auth=False,
)
async def sealed_minuta(request: Request) -> Response:
    found = await cocrea(request).minuta.sealed(request.path_params["sha256"])
    body = found | {"canonical": found["canonical"].decode("utf-8")} | _urls(request, found["sha256"])
    return JSONResponse(body)


@ops.get(
    "/api/minutes/{sha256}/canonical",
    summary="The canonical text of a sealed minuta, byte for byte: `sha256sum` of it is the digest (public)",
    params=SHA_PARAM,
    ok={"application/json": {"schema": OBJECT}},
    ok_description="the canonical serialization (docs/minutes.md)",
    errors=(404, 422),
    auth=False,
)
async def canonical(request: Request) -> Response:
    found = await cocrea(request).minuta.sealed(request.path_params["sha256"])
    name = canonical_filename(found["workshop"]["id"], found["version"])
    return Response(
        found["canonical"],
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


# -------------------------------------------------------- the public page

TEXTS = {
    "es": {
        "title": "Verificación de minuta",
        "ok": "Esta minuta está sellada y su texto no ha cambiado.",
        "mesa": "Mesa",
        "entity": "Ente",
        "date": "Fecha de la mesa",
        "version": "Versión",
        "sealed_at": "Sellada el",
        "digest": "SHA-256",
        "how": "Para comprobarlo tú, descarga el texto canónico y calcula su SHA-256; debe ser igual al de arriba:",
        "download": "Descargar el texto canónico",
        "canonical": "Texto canónico",
        "not_found": "No hay ninguna minuta sellada con ese SHA-256.",
        "bad": "Un sello SHA-256 tiene 64 caracteres hexadecimales.",
        "other": "English",
    },
    "en": {
        "title": "Minutes verification",
        "ok": "These minutes are sealed and their text has not changed.",
        "mesa": "Mesa (workshop)",
        "entity": "Entity",
        "date": "Date of the mesa",
        "version": "Version",
        "sealed_at": "Sealed on",
        "digest": "SHA-256",
        "how": "To check it yourself, download the canonical text and compute its SHA-256; "
        "it must equal the one above:",
        "download": "Download the canonical text",
        "canonical": "Canonical text",
        "not_found": "There are no sealed minutes with that SHA-256.",
        "bad": "A SHA-256 seal has 64 hexadecimal characters.",
        "other": "Español",
    },
}

STYLE = """
body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b;line-height:1.5}
h1{font-size:1.5rem}dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{font-weight:600}
code,pre{font-family:ui-monospace,monospace}pre{white-space:pre-wrap;word-break:break-all;background:#f4f4f4;
padding:1rem;border-radius:.5rem;max-height:30rem;overflow:auto}.ok{color:#0a6b2d;font-weight:600}
.cmd{background:#1b1b1b;color:#fff;padding:.5rem 1rem;border-radius:.25rem;display:block;overflow-x:auto}
.digest{word-break:break-all}a.button{display:inline-block;margin:.5rem 0;padding:.5rem 1rem;background:#5b2a86;
color:#fff;border-radius:.25rem;text-decoration:none}
"""


def _page(lang: str, title: str, body: str, status: int = 200) -> HTMLResponse:
    response = HTMLResponse(
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)} · Cocrea</title><style>{STYLE}</style></head><body>{body}</body></html>",
        status_code=status,
    )
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


async def verify_page(request: Request) -> Response:
    """``GET /verificar/{sha256}``: the public page, no login (Spanish, ``?lang=en``)."""
    lang = request_language(request)
    t = TEXTS[lang]
    other = "en" if lang == "es" else "es"
    switch = f'<p><a href="?lang={other}" hreflang="{other}">{t["other"]}</a></p>'
    try:
        found = await cocrea(request).minuta.sealed(request.path_params["sha256"])
    except WorkshopError:
        status = 422 if lifecycle.DIGEST_RE.match(str(request.path_params["sha256"]).lower()) is None else 404
        text = t["bad"] if status == 422 else t["not_found"]
        return _page(lang, t["title"], f"{switch}<h1>{t['title']}</h1><p>{text}</p>", status)
    sha = found["sha256"]
    w = found["workshop"]
    urls = _urls(request, sha)
    esc = html.escape
    file_name = canonical_filename(w["id"], found["version"])
    rows = [
        (t["mesa"], esc(w["title"])),
        (t["entity"], esc(w["entity"])),
        (t["date"], esc(w["date"] or "—")),
        (t["version"], str(found["version"])),
        (t["sealed_at"], f'<time datetime="{esc(found["sealed_at"])}">{esc(found["sealed_at"])}</time>'),
        (t["digest"], f'<code class="digest" data-sha256>{sha}</code>'),
    ]
    body = (
        f"{switch}<h1>{t['title']}</h1><p class=ok>{t['ok']}</p>"
        "<dl>" + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows) + "</dl>"
        f"<p>{t['how']}</p>"
        f'<p><a class="button" href="{esc(urls["canonical_url"])}" download="{esc(file_name)}">{t["download"]}</a></p>'
        f'<code class="cmd">sha256sum {esc(file_name)}</code>'
        f"<h2>{t['canonical']}</h2><pre>{esc(found['canonical'].decode('utf-8'))}</pre>"
    )
    return _page(lang, t["title"], body)


routes = [*ops.routes, Route("/verificar/{sha256}", verify_page, methods=["GET"])]
