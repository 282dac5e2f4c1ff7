"""Revoking a participant through one process of a Redis deployment closes
their sockets on every process (issue 11, item 14c): two real servers on one
PostgreSQL database and one Redis, set up as in test_scale_out.py."""

from __future__ import annotations

from server.sync.protocol import CloseCode
from tests.server.test_scale_out import WAIT, connected, pair, pair_prefix, shared_database
from tests.server.test_voting_api import auth

__all__ = ["pair", "pair_prefix", "shared_database"]  # the fixtures this module uses


async def test_revoking_through_one_process_closes_the_persons_sockets_on_the_other(pair):
    api_a, api_b = pair
    w = api_a.create_workshop()
    ana, bea = api_b.join(w, "Ana", "servicio_publico"), api_b.join(w, "Bea", "servicio_publico")
    async with connected(api_b.ws(w), ana["token"]) as revoked, connected(api_b.ws(w), bea["token"]) as kept:
        url = f"/api/workshops/{w['id']}/participants/{ana['participant_id']}/revoke"
        assert api_a.http.post(url, headers=auth(w["facilitator_token"])).status_code == 200
        assert await revoked.wait_closed(WAIT) == CloseCode.UNAUTHORIZED
        assert "revocó" in (revoked.close_reason or "")
        assert kept.close_code is None  # Bea's socket on the same process stays
