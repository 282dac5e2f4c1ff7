from __future__ import annotations

from tests.support.yclient import YClient


async def test_tokens_never_reach_the_log(api, live_server):
    w = api.create_workshop()
    api.http.get(f"/w/{w['id']}?key={w['facilitator_token']}", follow_redirects=False)
    async with YClient(api.ws(w), w["facilitator_token"]) as client:
        await client.wait_synced()
    log = live_server.log()
    assert f"/ws/{w['id']}/tree?token=[redacted]" in log
    assert f"/w/{w['id']}?key=[redacted]" in log
    assert w["facilitator_token"] not in log
