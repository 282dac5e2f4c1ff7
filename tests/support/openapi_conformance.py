"""Every answer an /api route gives the test suite is checked against the
OpenAPI description (``/openapi.json``): the status must be described for that
operation, and a JSON body must match the schema described for that status.

``Conformance.check`` does the checking; ``install`` wraps httpx's ``send`` so
every client of the suite (the ``Api`` helper, ``browser_like`` clients, plain
``httpx.get``) reports to one collector, and the ``openapi_conformance``
fixture of ``tests/conftest.py`` fails the test that received a response the
description does not allow."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012 as _SPEC

_URI = "urn:cocrea:openapi"


def _escape(segment: str) -> str:
    return segment.replace("~", "~0").replace("/", "~1")


def _template_regex(path: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^}]+\})", path)
    return re.compile("^" + "".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts) + "$")


@dataclass
class Conformance:
    openapi: dict[str, Any]
    prefix: str = "/api/"
    _routes: list[tuple[re.Pattern[str], str]] = field(init=False)
    _registry: Registry = field(init=False)  # type: ignore[type-arg]

    def __post_init__(self) -> None:
        # Literal segments first: `/rounds/{id}` must not swallow `/rounds/x/close`
        # (the regexes are anchored, so only ties between templates matter).
        paths = [p for p in self.openapi["paths"] if p.startswith(self.prefix)]
        paths.sort(key=lambda p: (p.count("{"), -len(p)))
        self._routes = [(_template_regex(p), p) for p in paths]
        resource = Resource.from_contents(self.openapi, default_specification=_SPEC)
        self._registry = Registry().with_resource(_URI, resource)

    def operation(self, method: str, path: str) -> tuple[str, dict[str, Any]] | None:
        for regex, template in self._routes:
            if regex.match(path):
                operation = self.openapi["paths"][template].get(method.lower())
                if operation is not None:
                    return template, operation
        return None

    def check(self, method: str, path: str, status: int, headers: httpx.Headers, body: bytes | None) -> str | None:
        """Why this answer breaks the description, or None when it conforms."""
        if not path.startswith(self.prefix):
            return None
        found = self.operation(method, path)
        if found is None:
            # Not a described operation: the router's 404, or a 405 (whose
            # `Allow` header is checked by its own test).
            return None
        template, operation = found
        where = f"{method.upper()} {path} ({template}) answered {status}"
        responses = operation.get("responses", {})
        key = next((k for k in (str(status), f"{status // 100}XX", "default") if k in responses), None)
        if key is None:
            return f"{where}: status not described (described: {sorted(responses)})"
        content = responses[key].get("content")
        media = headers.get("content-type", "").split(";")[0].strip()
        if not content:
            if body:
                return f"{where}: a {media or 'untyped'} body, but the description declares no content"
            return None
        described = next((k for k in (media, media.split("/")[0] + "/*", "*/*") if k in content), None)
        if described is None:
            return f"{where}: content type {media!r} not described (described: {sorted(content)})"
        schema = content[described].get("schema")
        if media != "application/json" or body is None:
            return None
        if schema is None:
            return f"{where}: a JSON body, but no schema is described"
        try:
            instance = json.loads(body)
        except ValueError:
            return f"{where}: the body is not JSON"
        # Validate through a $ref into the whole document, so that the schema's
        # own "#/components/..." references resolve against it.
        parts = ("paths", template, method.lower(), "responses", key, "content", described)
        pointer = "/".join(_escape(p) for p in parts)
        validator = Draft202012Validator({"$ref": f"{_URI}#/{pointer}/schema"}, registry=self._registry)
        errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
        if errors:
            first = errors[0]
            at = "/".join(str(p) for p in first.absolute_path) or "(root)"
            return f"{where}: body breaks the schema at {at}: {first.message[:300]}"
        return None


@dataclass
class Collector:
    """What the running test received that the description does not allow."""

    conformance: Conformance
    active: bool = False
    problems: list[str] = field(default_factory=list)

    def observe(self, response: httpx.Response) -> None:
        if not self.active:
            return
        request = response.request
        try:
            body = response.content
        except httpx.ResponseNotRead:
            body = None
        problem = self.conformance.check(request.method, request.url.path, response.status_code, response.headers, body)
        if problem:
            self.problems.append(problem)


@contextmanager
def install(collector: Collector) -> Iterator[None]:
    """Route every httpx response (sync and async clients) through the collector."""
    sync_send: Callable[..., httpx.Response] = httpx.Client.send
    async_send: Callable[..., Any] = httpx.AsyncClient.send

    def send(self: httpx.Client, request: httpx.Request, **kwargs: Any) -> httpx.Response:
        response = sync_send(self, request, **kwargs)
        collector.observe(response)
        return response

    async def asend(self: httpx.AsyncClient, request: httpx.Request, **kwargs: Any) -> httpx.Response:
        response = await async_send(self, request, **kwargs)
        collector.observe(response)
        return response

    httpx.Client.send = send  # type: ignore[method-assign]
    httpx.AsyncClient.send = asend  # type: ignore[method-assign]
    try:
        yield
    finally:
        httpx.Client.send = sync_send  # type: ignore[method-assign]
        httpx.AsyncClient.send = async_send  # type: ignore[method-assign]
