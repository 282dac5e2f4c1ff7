"""The OpenAPI description names every HTTP route of the API, with its
methods, and nothing the app does not serve."""

from __future__ import annotations

from starlette.routing import Route

from server.app import create_app
from server.openapi import OPENAPI
from server.settings import Settings


def api_routes() -> set[tuple[str, str]]:
    app = create_app(Settings.from_env({}))
    return {
        (route.path, method.lower())
        for route in app.routes
        if isinstance(route, Route) and route.path.startswith("/api/")
        for method in (route.methods or set()) - {"HEAD"}
    }


def test_every_api_route_is_described_and_every_description_is_served():
    described = {
        (path, method)
        for path, operations in OPENAPI["paths"].items()
        if path.startswith("/api/")
        for method in operations
        if method in {"get", "post", "put", "delete", "patch"}
    }
    served = api_routes()
    assert len(served) > 50 and ("/api/workshops/{workshop_id}/minutes", "get") in served
    assert served - described == set(), "routes missing from /openapi.json"
    assert described - served == set(), "described but not served"
