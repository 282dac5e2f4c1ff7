"""The minuta names the mesa's place and its corrected details, while a
version put to approval or sealed keeps the details it was approved with
(docs/minutes.md, «The approval freezes it»; docs/api.md, «The mesa's details»)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.conftest import Api
from tests.exporters.test_minuta_export import READERS
from tests.server.test_minuta_export_api import decided_mesa, download, ok
from tests.support.live_server import LiveServer


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    tmp = tmp_path_factory.mktemp("minuta-place")
    live = LiveServer(f"sqlite:///{tmp}/cocrea.db", tmp / "server.log", room_grace_seconds=0, workshops_per_hour=0)
    live.start()
    yield live
    live.kill()


@pytest.fixture(scope="module")
def api(server: LiveServer) -> Iterator[Api]:
    a = Api(server)
    with a.http:
        yield a


def correct(api: Api, m: dict[str, Any], **changes: str) -> dict[str, Any]:
    now = ok(api, "GET", m["base"], m["fac"])
    body = {"changes": changes, "base": {k: now[k] or "" for k in changes}}
    return ok(api, "PATCH", m["base"], m["fac"], body)


def markdown(api: Api, m: dict[str, Any]) -> str:
    return READERS["md"](download(api, m, "md").content)


def test_the_draft_minuta_names_the_place_and_the_corrected_title(api):
    m = decided_mesa(api)
    assert "**Lugar:** Pendiente" in markdown(api, m)
    correct(api, m, title="Mesa de datos abiertos de Metepec", place="Casa de Cultura de Metepec")
    text = markdown(api, m)
    assert "**Lugar:** Casa de Cultura de Metepec" in text
    assert "**Mesa:** Mesa de datos abiertos de Metepec" in text
    assert "corrigió los datos de la mesa" in text  # the relatoría tells the correction
    for fmt in ("pdf", "docx", "odt", "html"):
        assert "Casa de Cultura de Metepec" in READERS[fmt](download(api, m, fmt).content), fmt


def test_a_minuta_in_review_and_sealed_keeps_the_details_it_was_approved_with(api, server):
    m = decided_mesa(api)
    correct(api, m, title="Mesa aprobada", place="Sala A")
    base, fac, people = m["base"], m["fac"], m["people"]
    opened = ok(api, "POST", f"{base}/minutes/approval", fac, status=201)
    # Corrected while the attendees vote: not what they are approving.
    correct(api, m, title="Mesa corregida durante la revisión", place="Sala B")
    rounds, option = f"{base}/rounds/{opened['round_id']}", opened["option_id"]
    for person in people[:4]:
        ok(api, "PUT", f"{rounds}/ballot", person["token"], {"consent": {option: "agree"}})
    ok(api, "POST", f"{rounds}/close", fac)
    sealed = ok(api, "POST", f"{base}/minutes/seal", fac)
    sha = sealed["sha256"]
    with httpx.Client(base_url=server.url, timeout=10) as citizen:
        verified = citizen.get(f"/api/minutes/{sha}").json()
        canonical = citizen.get(f"/api/minutes/{sha}/canonical").content
    record = json.loads(canonical)
    assert (record["workshop"]["title"], record["workshop"]["place"]) == ("Mesa aprobada", "Sala A")
    assert verified["workshop"]["title"] == "Mesa aprobada"
    before = markdown(api, m)
    assert "**Lugar:** Sala A" in before and "**Mesa:** Mesa aprobada" in before
    # Corrected after the seal: the sealed record and its documents do not move.
    correct(api, m, title="Mesa corregida después del sello", place="Sala C")
    assert markdown(api, m) == before
    with httpx.Client(base_url=server.url, timeout=10) as citizen:
        again = citizen.get(f"/api/minutes/{sha}")
        assert again.json()["workshop"]["title"] == "Mesa aprobada"
        assert hashlib.sha256(citizen.get(f"/api/minutes/{sha}/canonical").content).hexdigest() == sha
    # The room's own view of the workshop has the latest details.
    assert ok(api, "GET", base, fac)["place"] == "Sala C"
