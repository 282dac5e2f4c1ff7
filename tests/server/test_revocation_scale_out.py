"""Revoking a participant through one process of a Redis deployment closes
their sockets on every process (issue 11, item 14c): two real servers on one
PostgreSQL database and one Redis, set up as in test_scale_out.py."""

from __future__ import annotations

from server.sync.protocol import CloseCode
from tests.server.test_scale_out import (
    WAIT,
    connected,
    deployment,
    in_log,
    pair,
    pair_prefix,
    redis_prefix,
    redis_proxy,
    shared_database,
)
from tests.server.test_voting_api import auth

# The fixtures this module uses.
__all__ = ["deployment", "pair", "pair_prefix", "redis_prefix", "redis_proxy", "shared_database"]


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


async def test_a_revocation_whose_message_is_lost_still_closes_the_sockets(deployment, make_api, redis_proxy):
    """B cannot hear Redis when A revokes: B's periodic re-read of workshop
    state (every 5 s) closes the person's socket there anyway."""
    server_a, server_b = deployment({}, {"redis_url": redis_proxy.url})
    api_a, api_b = make_api(server_a), make_api(server_b)
    w = api_a.create_workshop()
    ana = api_b.join(w, "Ana", "servicio_publico")
    async with connected(api_b.ws(w), ana["token"]) as revoked:
        redis_proxy.cut()
        await in_log(server_b, "is unreachable")
        url = f"/api/workshops/{w['id']}/participants/{ana['participant_id']}/revoke"
        assert api_a.http.post(url, headers=auth(w["facilitator_token"])).status_code == 200
        assert await revoked.wait_closed(WAIT) == CloseCode.UNAUTHORIZED
