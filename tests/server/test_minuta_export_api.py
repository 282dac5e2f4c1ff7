"""The minuta's documents over HTTP (docs/minutes.md, «Exports»): a real
mesa (a round, a decision, a reasoned response, attendance, one amendment
accepted and one rejected, the approval, the seal), each format downloaded
from a real server and read by an independent reader (pypdf, python-docx,
odfpy, the standard library's HTML parser, the Markdown text). A sealed
minuta carries the digest that ``/api/minutes/{sha256}`` answers, the
verification link and every decision of the event log; a draft says so and
carries no digest. The plan exported after the seal prints the digest."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote

import httpx
import pytest

from server.i18n import LANG_COOKIE
from tests.conftest import Api
from tests.exporters.test_minuta_export import HEX64, READERS
from tests.server.test_export_api import text_of
from tests.server.test_plans_api import attach, create_plan, decided_commitment, error_of
from tests.server.test_voting_api import auth
from tests.support.live_server import LiveServer

FORMATS = ("pdf", "docx", "odt", "html", "md")
ACCEPTED = {
    "passage": "Se abrió la votación",
    "text": "Se abrió la votación a las 11:00 h",
    "reason": "Faltaba la hora",
}
REJECTED = {"passage": "Asistencia", "text": "Asistieron veinte personas", "reason": "Creo que eran más"}
ACCEPTED_ANSWER = "Se añade la hora de apertura"
REJECTED_ANSWER = "El registro de asistencia dice otra cosa"
DISPOSITION_REASON = "Ya existe un portal estatal de datos"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    tmp = tmp_path_factory.mktemp("minuta-export")
    live = LiveServer(f"sqlite:///{tmp}/cocrea.db", tmp / "server.log", room_grace_seconds=0, workshops_per_hour=0)
    live.start()
    yield live
    live.kill()


@pytest.fixture(scope="module")
def api(server: LiveServer) -> Iterator[Api]:
    a = Api(server)
    with a.http:
        yield a


def ok(api: Api, method: str, url: str, token: str, body: Any = None, status: int = 200) -> dict[str, Any]:
    r = api.http.request(method, url, json=body, headers=auth(token))
    assert r.status_code == status, r.text
    return dict(r.json())


def decided_mesa(api: Api) -> dict[str, Any]:
    """A mesa with a closed round, a decision, a reasoned response to the
    alternative not chosen and the attendance confirmed: people[0] agrees to
    be named, people[1..2] and the named participant people[3] do not; the
    observer people[5] confirms too."""
    w, people, commitment_id = decided_commitment(api)
    base = f"/api/workshops/{w['id']}"
    fac = w["facilitator_token"]
    alternatives = ok(api, "GET", f"{base}/alternatives", fac)["alternatives"]
    other = next(a for a in alternatives if a["title"] == "Portal de datos")
    ok(api, "PUT", f"{base}/alternatives/{other['id']}/disposition", fac,
       {"disposition": "not_adopted", "reason": DISPOSITION_REASON})  # fmt: skip
    for i, person in enumerate(people):
        if i != 4:  # people[4] joined and never confirmed
            ok(api, "POST", f"{base}/attendance/me", person["token"], {"show_name": i == 0}, status=201)
    return {"w": w, "people": people, "commitment_id": commitment_id, "base": base, "fac": fac}


def seal(api: Api, m: dict[str, Any]) -> dict[str, Any]:
    """One amendment accepted and one rejected, the approval (one with a
    reservation), the seal."""
    base, fac, people = m["base"], m["fac"], m["people"]
    yes = ok(api, "POST", f"{base}/minutes/amendments", people[1]["token"], ACCEPTED, status=201)
    no = ok(api, "POST", f"{base}/minutes/amendments", people[2]["token"], REJECTED, status=201)
    ok(api, "PUT", f"{base}/minutes/amendments/{yes['id']}", fac, {"decision": "accepted", "reason": ACCEPTED_ANSWER})
    ok(api, "PUT", f"{base}/minutes/amendments/{no['id']}", fac, {"decision": "rejected", "reason": REJECTED_ANSWER})
    opened = ok(api, "POST", f"{base}/minutes/approval", fac, status=201)
    rounds, option = f"{base}/rounds/{opened['round_id']}", opened["option_id"]
    for i, person in enumerate(people[:4]):
        answer = {"consent": {option: "agree"}}
        if i == 3:
            answer = {"consent": {option: "can_live_with"}, "comments": {option: "Faltan los tiempos de cada fase"}}
        ok(api, "PUT", f"{rounds}/ballot", person["token"], answer)
    ok(api, "POST", f"{rounds}/close", fac)
    return ok(api, "POST", f"{base}/minutes/seal", fac)


@pytest.fixture(scope="module")
def sealed_mesa(api: Api) -> dict[str, Any]:
    m = decided_mesa(api)
    m["seal"] = seal(api, m)
    return m


def download(api: Api, m: dict[str, Any], fmt: str, token: str | None = None, query: str = "") -> httpx.Response:
    headers = auth(token or m["fac"])
    return api.http.get(f"{m['base']}/minutes/export/{fmt}{query}", headers=headers)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_sealed_minuta_downloads_with_the_verified_digest_link_and_every_decision(
    api, server, sealed_mesa, fmt, artifacts_dir
):
    m = sealed_mesa
    sha = m["seal"]["sha256"]
    with httpx.Client(base_url=server.url, timeout=10) as citizen:  # what /verificar answers, no session
        verified = citizen.get(f"/api/minutes/{sha}").json()
    record = json.loads(verified["canonical"])
    r = download(api, m, fmt, m["people"][1]["token"])  # a participant may read it
    assert r.status_code == 200, r.text
    disposition = unquote(r.headers["content-disposition"])
    assert disposition.startswith("attachment;") and "minuta-" in disposition and f"-v1.{fmt}" in disposition
    assert "borrador" not in disposition
    assert r.headers["cache-control"] == "no-store"
    (artifacts_dir / f"minuta-sealed-http.{fmt}").write_bytes(r.content)  # to look at
    text = READERS[fmt](r.content)
    squashed = re.sub(r"\s+", "", text)  # a long address wraps in a PDF's narrow column
    assert set(HEX64.findall(squashed)) == {sha} == {verified["sha256"]}
    assert verified["verification_url"] in squashed and verified["canonical_url"] in squashed
    assert f"sha256sum minuta-{m['w']['id']}-v1.json" in text  # the line /verificar gives
    assert "Sellada" in text and "Borrador" not in text
    # Every entry of the relatoría as sealed: the round, the decision, the disposition…
    for entry in record["minutes"]:
        assert entry["text"] in text, entry["text"]
    assert "La mesa decidió por mayoría adoptar la alternativa «Red de enlaces" in text
    assert DISPOSITION_REASON in text
    assert not any("selló" in e["text"] for e in record["minutes"])  # printed as sealed, not as it goes on
    assert "selló" not in text
    for value in (*ACCEPTED.values(), *REJECTED.values(), ACCEPTED_ANSWER, REJECTED_ANSWER, "Aceptada", "Rechazada"):
        assert value in text, value
    assert "Faltan los tiempos de cada fase" in text  # the reservation
    # Names only of those who agreed to be named.
    assert "Persona 0" in text
    for hidden in ("Persona 1", "Persona 2", "Ximena Ruelas", "Heriberto", "Bartolomé"):
        assert hidden not in text, hidden


def test_the_printed_digest_recomputes_from_the_canonical_download(api, server, sealed_mesa):
    m = sealed_mesa
    md = download(api, m, "md").content.decode("utf-8")
    printed = set(HEX64.findall(md))
    with httpx.Client(base_url=server.url, timeout=10) as citizen:
        canonical = citizen.get(f"/api/minutes/{next(iter(printed))}/canonical")
    assert canonical.status_code == 200
    assert {hashlib.sha256(canonical.content).hexdigest()} == printed
    name = re.search(r'filename="([^"]+)"', canonical.headers["content-disposition"])
    assert name and f"sha256sum {name.group(1)}" in md


def test_english_documents_with_lang_or_the_cookie(api, sealed_mesa):
    m = sealed_mesa
    english = READERS["md"](download(api, m, "md", query="?lang=en").content)
    assert "Sealed" in english and "Verification" in english and m["seal"]["sha256"] in english
    r = api.http.get(f"{m['base']}/minutes/export/html", headers={**auth(m["fac"]), "Cookie": f"{LANG_COOKIE}=en"})
    assert r.status_code == 200 and 'lang="en"' in r.text and "Verification" in r.text


def test_a_draft_says_so_and_carries_no_digest(api):
    m = decided_mesa(api)
    ok(api, "POST", f"{m['base']}/minutes/amendments", m["people"][1]["token"], ACCEPTED, status=201)
    for fmt in FORMATS:
        r = download(api, m, fmt, m["people"][5]["token"])  # an observer may read it
        assert r.status_code == 200, r.text
        assert f"-v1-borrador.{fmt}" in r.headers["content-disposition"]
        text = READERS[fmt](r.content)
        assert "Borrador — no aprobado" in text and "Sin sello" in text
        assert not HEX64.search(re.sub(r"\s+", "", text)) and "/verificar/" not in text
        assert ACCEPTED["text"] in text and "Pendiente de respuesta" in text
        assert "La mesa decidió por mayoría" in text


def test_who_may_download_and_unknown_formats(api, sealed_mesa):
    m = sealed_mesa
    stranger = api.create_workshop()["facilitator_token"]
    assert download(api, m, "md", stranger).status_code in (403, 404)
    assert api.http.get(f"{m['base']}/minutes/export/md").status_code == 401
    r = download(api, m, "xlsx")
    assert r.status_code == 404
    error = error_of(r)
    assert error["code"] == "unknown_format" and error["formats"] == sorted(FORMATS) and "xlsx" in error["message"]


def test_the_plan_exported_after_the_seal_prints_the_digest_and_link(api, server):
    m = decided_mesa(api)
    w = m["w"]
    plan, token = create_plan(api, w, title="Plan con minuta")
    attached = attach(api, plan, token, w, m["commitment_id"])
    assert attached.status_code == 201, attached.text
    before = text_of("md", api.http.get(f"/api/plans/{plan['id']}/export/md", headers=auth(token)).content)
    assert "Minuta en borrador (no aprobada)" in before and not HEX64.search(before)
    sha = seal(api, m)["sha256"]
    for fmt in ("md", "pdf"):
        r = api.http.get(f"/api/plans/{plan['id']}/export/{fmt}", headers=auth(token))
        assert r.status_code == 200, r.text
        squashed = re.sub(r"\s+", "", text_of(fmt, r.content))
        assert sha in squashed and f"/verificar/{sha}" in squashed
        assert "Minutaenborrador" not in squashed
    # The mesa's commitments as a plan made on the fly say the same.
    on_the_fly = api.http.get(f"{m['base']}/export/md", headers=auth(m["people"][0]["token"]))
    assert on_the_fly.status_code == 200 and sha in on_the_fly.text
    # The plan's open data is unchanged: no minuta in its JSON.
    assert sha not in api.http.get(f"/api/plans/{plan['id']}/export/json", headers=auth(token)).text
    # A correction: the plan keeps the last sealed version and says a correction is under way;
    # the minuta's own document is version 2, a draft with no digest.
    ok(api, "POST", f"{m['base']}/minutes/corrections", m["fac"], status=201)
    after = text_of("md", api.http.get(f"/api/plans/{plan['id']}/export/md", headers=auth(token)).content)
    assert sha in after and "una corrección está en curso" in after
    draft = download(api, m, "md")
    assert "-v2-borrador.md" in draft.headers["content-disposition"]
    text = READERS["md"](draft.content)
    assert "Borrador — no aprobado" in text and "Sin sello" in text and "/verificar/" not in text
    assert f"selló la versión 1 de la minuta (SHA-256 {sha})" in text  # the log says so; no seal of its own
