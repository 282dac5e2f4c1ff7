"""The cache of rendered documents (plans and trees): bounded in bytes, least recently
used dropped first, keyed by everything a document is made from."""

from __future__ import annotations

import dataclasses

from exporters.formats import ExportContext
from server.render_pool import RenderCache
from tests.workshops.test_plan import seeded_plan
from workshops.plan_serialization import plan_to_dict


def test_least_recently_used_documents_go_first_past_the_byte_limit():
    cache = RenderCache(limit=10)
    cache.put("a", b"1234")
    cache.put("b", b"1234")
    assert cache.get("a") == b"1234"  # «a» is now the most recent
    cache.put("c", b"1234")  # 12 bytes: «b», the least recent, goes
    assert cache.get("b") is None and cache.get("a") == b"1234" and cache.get("c") == b"1234"
    cache.put("huge", b"x" * 11)  # larger than the whole cache: not kept, nothing dropped for it
    assert cache.get("huge") is None and cache.get("a") == b"1234"


def test_the_key_changes_with_anything_the_document_is_made_from():
    plan, context = plan_to_dict(seeded_plan()), ExportContext(title="Plan", lang="es", layout="plan")
    key = RenderCache.key(plan, "pdf", context)
    again = ExportContext(title="Plan", lang="es", layout="plan")
    assert key == RenderCache.key(plan_to_dict(seeded_plan()), "pdf", again)
    others = [
        RenderCache.key(plan, "docx", context),
        RenderCache.key(plan, "pdf", dataclasses.replace(context, layout="ogp")),
        RenderCache.key(plan, "pdf", dataclasses.replace(context, title="Otro")),
        RenderCache.key(plan, "pdf", dataclasses.replace(context, template=b"PK")),
        RenderCache.key(plan, "pdf", dataclasses.replace(context, lang="en")),
        RenderCache.key(plan, "pdf", dataclasses.replace(context, workshop={"id": "w1"})),
        RenderCache.key(plan_to_dict(dataclasses.replace(seeded_plan(), entity="Metepec")), "pdf", context),
    ]
    assert len({key, *others}) == 8
