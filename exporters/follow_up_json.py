"""A published plan's follow-up as open data: JSON, versioned
(``cocrea.public-plan/1``), described by ``docs/public-plan-schema.json``
(JSON Schema 2020-12).

Built from ``follow_up_view.follow_up_view``: the plan, each commitment with
its verified and reported progress (0–100), its activities (stable ``id``,
``status``, ``late``, dates, weight, evidence metadata, the reports) and
indicators (baseline, goal, direction, measurements), the reviews and the
public history. Codes, not labels, for statuses and levels; dates
``AAAA-MM-DD``, times RFC 3339 in UTC. No tokens and no personal data of
participants: a report says which role made it, never who.
"""

from __future__ import annotations

import json
from typing import Any

SCHEMA = "cocrea.public-plan/1"
MEDIA_TYPE = "application/json"


def public_plan_document(view: dict[str, Any]) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "id": view["id"],
        "title": view["title"],
        "entity": view["entity"],
        "guarantor": view["guarantor"],
        "start": view["start_iso"],
        "end": view["end_iso"],
        "published_at": view["published_at_iso"],
        "public_url": view["public_url"],
        "as_of": view["today_iso"],
        "progress_verified": view["progress"]["verified"],
        "late_activities": view["progress"]["late"],
        "commitments": [_commitment(c) for c in view["commitments"]],
        "reviews": [
            {
                "kind": r["kind"],
                "recorded_at": r["recorded_at_iso"],
                "commitments": [
                    {
                        k: row[k]
                        for k in ("commitment_id", "completion", "opened_government", "quality", "relevance", "notes")
                    }
                    for row in r["commitments"]
                ],
            }
            for r in view["reviews"]
        ],
        "history": [{"at": h["at_iso"], "text": h["text"]} for h in view["history"]],
    }


def _commitment(c: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": c["id"],
        "number": c["number"],
        "title": c["title"],
        "objective": c["objective"],
        "start": c["start_iso"],
        "end": c["end_iso"],
        "progress_verified": c["progress"]["verified"],
        "progress_reported": c["progress"]["reported"],
        "late_activities": c["progress"]["late"],
        "activities": [
            {
                "id": a["id"],
                "number": a["number"],
                "description": a["description"],
                "start": a["start_iso"],
                "end": a["end_iso"],
                "weight": a["weight"],
                "status": a["status"],
                "late": a["late"],
                "evidence": [
                    {
                        "kind": e["kind"],
                        "name": e["name"],
                        "media_type": e["media_type"] or None,
                        "size": e["size"],
                        "sha256": e["sha256"],
                        "url": e["target"],
                        "at": e["at_iso"],
                    }
                    for e in a["evidence"]
                ],
                "updates": [
                    {
                        "kind": u["kind"],
                        "at": u["at_iso"],
                        "status": u["status"],
                        "role": u["role"],
                        "note": u["note"],
                        "links": [link["text"] for link in u["links"]],
                    }
                    for u in a["updates"]
                ],
            }
            for a in c["activities"]
        ],
        "indicators": [
            {
                "id": ind["id"],
                "name": ind["name"],
                "unit": ind["unit"],
                "baseline": ind["baseline"],
                "baseline_year": ind["baseline_year"],
                "goal": ind["goal"],
                "direction": ind["direction"],
                "measurements": [
                    {"period": m["period"], "value": m["value"], "note": m["note"], "at": m["at_iso"]}
                    for m in ind["measurements"]
                ],
            }
            for ind in c["indicators"]
        ],
    }


def export_public_json(view: dict[str, Any]) -> bytes:
    """Compact UTF-8 JSON (json's C encoder: indenting falls back to Python,
    several times slower), keys in a fixed order, ending in a newline."""
    return (
        json.dumps(public_plan_document(view), ensure_ascii=False, allow_nan=False, separators=(",", ":")) + "\n"
    ).encode()
