"""What the minuta's documents are made from (``MinutaService.document``,
the exporters' input), through the application's real services on a real
SQLite file: the workshop, the relatoría, attendance by sector with names
only by consent, the amendments with their answers, the approval, the seal,
the exact sealed record and the verification link."""

from __future__ import annotations

from pathlib import Path

import anyio

from server.app import Cocrea
from server.auth import Sessions
from server.settings import Settings
from server.storage import open_store
from workshops.minuta import canonical_bytes, digest

ACCEPT = {"accept_privacy_notice": True, "accept_code_of_conduct": True}


async def test_the_document_carries_everything_and_the_sealed_record_recomputes_its_digest(tmp_path: Path):
    settings = Settings.from_env({"COCREA_DATABASE_URL": f"sqlite:///{tmp_path}/cocrea.db"})
    store = open_store(settings.database_url)
    await store.open()
    cocrea = Cocrea(settings, store, Sessions("s" * 43))
    try:
        async with anyio.create_task_group() as tg:
            await tg.start(cocrea.rooms.run)
            s = cocrea.services
            created = await s.create_workshop(
                {"title": "Mesa de movilidad", "entity": "Metepec", "problem_statement": "X"}
            )
            wid, fac = created.workshop.id, created.facilitator
            code = {"join_code": created.workshop.join_code, **ACCEPT}
            ana, _ = await s.join(wid, {"name": "Ana", "sector": "sociedad_civil", "organization": "Colectivo", **code})
            beto, _ = await s.join(wid, {"name": "Beto", "sector": "academia", **code})
            m = cocrea.minuta
            await m.confirm_attendance(wid, ana, {"show_name": True})
            await m.confirm_attendance(wid, beto, {})
            before = await m.document(wid)
            assert before["status"] == "draft" and before["seal"] is None and before["verification_url"] is None
            assert before["sealed_record"] is None
            amendment = await m.propose(wid, beto, {"passage": "Se abrió", "text": "Se abrió tarde", "reason": "Hora"})
            await m.decide(wid, fac, amendment["id"], {"decision": "rejected", "reason": "El registro dice otra cosa"})
            opened = await m.open_approval(wid, fac)
            for voter in (ana, beto):
                await cocrea.voting.cast(wid, voter, opened["round_id"], {"consent": {opened["option_id"]: "agree"}})
            await cocrea.voting.close(wid, fac, opened["round_id"])
            sealed = await m.seal(wid, fac)

            doc = await m.document(wid, base_url="https://cocrea.example/")
            assert doc["workshop"]["title"] == "Mesa de movilidad" and doc["workshop"]["entity"] == "Metepec"
            assert doc["status"] == "sealed" and doc["version"] == 1 and doc["sealed_is_current"]
            assert doc["seal"] == sealed
            assert doc["verification_url"] == f"https://cocrea.example/verificar/{sealed['sha256']}"
            assert doc["canonical_url"] == f"https://cocrea.example/api/minutes/{sealed['sha256']}/canonical"
            assert doc["attendance"] == [
                {"sector": "sociedad_civil", "people": 1, "organizations": ["Colectivo"], "names": ["Ana"]},
                {"sector": "academia", "people": 1, "organizations": [], "names": []},
            ]
            assert [(a["decision"], a["response"]) for a in doc["amendments"]] == [
                ("rejected", "El registro dice otra cosa")
            ]
            assert doc["approval"]["approved"] and doc["approval"]["agree"] == 2
            record = doc["sealed_record"]
            assert record["version"] == 1 and record["sealed_at"] == sealed["sealed_at"]
            assert "selló" not in " ".join(e["text"] for e in record["minutes"])  # sealed as approved
            assert doc["minutes"] == record["minutes"]  # one source: the text put to consent
            # Anyone recomputes the digest from the sealed record.
            assert digest(canonical_bytes(record)) == sealed["sha256"]
            # A correction reopens the draft: the log goes on (the seal is in it).
            await m.correct(wid, fac)
            texts = " ".join(e["text"] for e in (await m.document(wid))["minutes"])
            assert "selló la versión 1 de la minuta" in texts
            await cocrea.rooms.shutdown()
            tg.cancel_scope.cancel()
    finally:
        await store.close()
