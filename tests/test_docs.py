"""Docs nobody tests go stale: every setting is documented."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

from server.settings import PREFIX, Settings

DOCS = Path(__file__).resolve().parent.parent / "docs"


def test_every_setting_is_in_the_settings_table():
    text = (DOCS / "settings.md").read_text(encoding="utf-8")
    missing = [f.name for f in fields(Settings) if f"`{PREFIX}{f.name.upper()}`" not in text]
    assert missing == []


def test_settings_parse_from_the_environment():
    s = Settings.from_env(
        {"COCREA_FLUSH_INTERVAL": "0.5", "COCREA_SEED_DEMO": "yes", "COCREA_MAX_CLIENTS_PER_ROOM": "7"}
    )
    assert (s.flush_interval, s.seed_demo, s.max_clients_per_room) == (0.5, True, 7)
    assert Settings.from_env({}) == Settings()


def test_every_close_code_is_documented():
    from server.sync.protocol import CloseCode

    text = (DOCS / "realtime.md").read_text(encoding="utf-8")
    assert [c for c in CloseCode if c >= 4000 and f"| {int(c)} |" not in text] == []


def test_the_plans_live_document_is_documented():
    from workshops import document_schema

    realtime = (DOCS / "realtime.md").read_text(encoding="utf-8")
    section = realtime.split("## A plan's `live` document", 1)[-1].split("\n## ", 1)[0]
    topics = [v for k, v in vars(document_schema).items() if k.startswith("PLAN_TOPIC_")]
    assert topics and [t for t in topics if f"| `{t}` |" not in section] == []
    url = "/ws/plans/<plan_id>/live"
    assert [
        name
        for name in ("realtime.md", "plans.md", "follow-up.md")
        if url not in (DOCS / name).read_text(encoding="utf-8")
    ] == []
