"""Schemathesis against a real server: for cases generated from /openapi.json
(valid and invalid), no input gives a 5xx and every answer is the described
one (status, content type, headers, body schema). Path parameters are those of
a real workshop, participant, alternative, open round, commitment and plan, so that operations reach their parsing
instead of stopping at 404; the token is the facilitator's (the plan editor's
on /api/plans/{plan_id}). The run's figures are printed (pytest -s)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Api
from tests.support.live_server import ROOT, LiveServer

# Thousands of cases against a real server: minutes, not the suite default of 120 s.
pytestmark = [pytest.mark.slow, pytest.mark.timeout(1800)]

MAX_EXAMPLES = 25
CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
    # Schema-valid data is not refused (400/422): positive_data_acceptance, but for the operations
    # whose refusals JSON Schema cannot state (tests/support/schemathesis_hooks.py).
    "schema_valid_data_is_accepted",
)


def real_ids(api: Api) -> dict[str, str]:
    workshop = api.create_workshop()
    participant = api.join(workshop)
    plan = api.http.post(
        "/api/plans",
        json={"workshop_id": workshop["id"], "entity": "Toluca", "type": "local", "start": "2026-03-01"},
        headers={"Authorization": f"Bearer {workshop['facilitator_token']}"},
    )
    assert plan.status_code == 201, plan.text
    # An alternative, a decided consent round (its commitment) and an open round.
    base, fac = f"/api/workshops/{workshop['id']}", {"Authorization": f"Bearer {workshop['facilitator_token']}"}
    assert api.set_phase(workshop, "alternativas").status_code == 200
    alternative = api.http.post(f"{base}/alternatives", json={"title": "Una alternativa"}, headers=fac).json()["id"]
    decided = api.http.post(f"{base}/rounds", json={"method": "consent", "options": [alternative]}, headers=fac)
    decided_id = decided.json()["id"]
    ballot = {"consent": {alternative: "agree"}}
    voter = {"Authorization": f"Bearer {participant['token']}"}
    assert api.http.put(f"{base}/rounds/{decided_id}/ballot", json=ballot, headers=voter).status_code == 200
    assert api.http.post(f"{base}/rounds/{decided_id}/close", headers=fac).status_code == 200
    decision = {"round_id": decided_id, "kind": "consensus", "alternative_id": alternative}
    recorded = api.http.post(f"{base}/decisions", json=decision, headers=fac)
    assert recorded.status_code == 201, recorded.text
    other = api.http.post(f"{base}/alternatives", json={"title": "Otra alternativa"}, headers=fac).json()["id"]
    options = {"method": "approval", "options": [alternative, other]}
    open_round = api.http.post(f"{base}/rounds", json=options, headers=fac)
    assert open_round.status_code == 201, open_round.text
    return {
        "alternative_id": alternative,
        "round_id": open_round.json()["id"],
        "commitment_id": recorded.json()["commitment_id"],
        "workshop_id": workshop["id"],
        "workshop_token": workshop["facilitator_token"],
        "participant_id": participant["participant_id"],
        "plan_id": plan.json()["plan"]["id"],
        "plan_token": plan.json()["editor_url"].split("clave=", 1)[1],
    }


def config(ids: dict[str, str]) -> str:
    return f"""
headers = {{ Authorization = "Bearer {ids["workshop_token"]}" }}

[parameters]
"path.workshop_id" = "{ids["workshop_id"]}"
"path.participant_id" = "{ids["participant_id"]}"
"path.plan_id" = "{ids["plan_id"]}"
"path.alternative_id" = "{ids["alternative_id"]}"
"path.round_id" = "{ids["round_id"]}"
"path.commitment_id" = "{ids["commitment_id"]}"

[[operations]]
include-path-regex = "^/api/plans/"
headers = {{ Authorization = "Bearer {ids["plan_token"]}" }}
"""


def test_every_answer_is_the_described_one(make_server, make_api, tmp_path: Path, artifacts_dir: Path):
    # No rate limits (0): the run is a flood by design, and its cases should reach the parsing.
    server: LiveServer = make_server(join_guesses_per_minute=0, workshops_per_hour=0)
    ids = real_ids(make_api(server))
    (tmp_path / "schemathesis.toml").write_text(config(ids))
    report = tmp_path / "report.json"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "schemathesis.cli",
            "--config-file",
            str(tmp_path / "schemathesis.toml"),
            "run",
            f"{server.url}/openapi.json",
            "--checks",
            ",".join(CHECKS),
            "--max-examples",
            str(MAX_EXAMPLES),
            "--seed",
            "1",
            "--generation-database",
            "none",
            "--workers",
            "1",
            # A big tree import on a loaded machine takes more than the default 10 s.
            "--request-timeout",
            "60",
            "--no-color",
            "--report",
            "ndjson",
            "--report-ndjson-path",
            str(report),
        ],
        capture_output=True,
        text=True,
        timeout=1200,
        # Its caches go to tmp_path; the hooks are imported from the repository.
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT), "SCHEMATHESIS_HOOKS": "tests.support.schemathesis_hooks"},
    )
    (artifacts_dir / "schemathesis.txt").write_text(run.stdout + run.stderr)
    summary = run.stdout[-6000:]
    print(summary)
    assert run.returncode == 0, summary + run.stderr[-2000:]
    assert report.stat().st_size > 0 and json.loads(report.read_text().splitlines()[0])
