"""One declaration per HTTP operation, the source of both its request parsing
and its OpenAPI description (docs/api.md, «How an operation is declared»).

An area of the API makes an ``Operations`` list and declares each route on it::

    ops = Operations()

    @ops.put("/api/workshops/{workshop_id}/phase", body=PhaseChange, ok=ref("Workshop"), errors=(403, 404))
    async def set_phase(request: Request, body: Body[PhaseChange]) -> Response:
        c, workshop_id, me = await member(request, write=True)
        change = await body()          # parsed with PhaseChange, or refused (400/413/422)
        ...

    routes = ops.routes                # Starlette routes
    PATHS = ops.paths()                # its part of /openapi.json

The request body is a pydantic model: the parser validates the JSON object
with it (``parse``) and the description states its JSON Schema, so the two
cannot drift. The text rules of ``workshops.workshop.clean_text`` are the
``TextRule`` annotation: it cleans the text with ``clean_text`` itself (same
refusals, same Spanish messages, same ``field``) and writes ``maxLength``,
``minLength`` and ``pattern`` into the schema. ``OneOf`` does the same for a
closed set of values. Any other refusal pydantic makes becomes the domain's
``ValidationError`` (422, code ``invalid``, the field's dotted path).

The body is read when the handler awaits ``body()``, after its
authentication, so an anonymous request still answers 401 before its body
is looked at. Rules that JSON Schema cannot state (one field against
another, against stored state) stay in the domain and are said in the
operation's ``description``.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import pydantic
from pydantic import BaseModel, ConfigDict, GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError, core_schema
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from workshops.errors import ValidationError
from workshops.messages import _
from workshops.workshop import FIELD_LABELS, clean_name, clean_text, parse_date

M = TypeVar("M", bound=BaseModel)

MAX_JSON_BYTES = 64 * 1024
COMPONENTS = "#/components/schemas/{model}"
ERROR = {"$ref": "#/components/schemas/Error"}
ERROR_TEXT = {
    400: "Bad input (not JSON, not an object)",
    401: "No or bad token",
    403: "Not allowed for this role or phase, or not a member",
    404: "Not found",
    409: "Conflict with the current state",
    413: "Body too large",
    415: "Not sent with the media type the operation reads",
    422: "Invalid content",
}


# ---------------------------------------------------------------- text rules

# Lone surrogates (\\ud800-\\udfff, which JSON allows and UTF-8 cannot store)
# are refused too, but are left out of the patterns: the Rust regex engine
# schemathesis validates with cannot compile them and drops the whole pattern.
# The description's info says it.
_CONTROL = "\\x00-\\x1f\\x7f-\\x9f"
_CONTROL_MULTILINE = "\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f"


def text_pattern(*, required: bool, multiline: bool) -> str:
    """What ``clean_text`` accepts, as a JSON Schema pattern: no control
    characters (multi-line texts keep tab and newline) and, when required,
    more than blanks."""
    control = _CONTROL_MULTILINE if multiline else _CONTROL
    if required:
        return f"^[^{control}]*[^\\s{control}][^{control}]*$"
    return f"^[^{control}]*$"


def email_pattern() -> str:
    """An optional e-mail address as the follow-up's ``clean_email`` takes
    it: empty, or one address (no blanks, no control characters)."""
    part = f"[^@\\s{_CONTROL}]+"
    return f"^$|^{part}@{part}\\.{part}$"


REFUSED = "cocrea_refused"


@contextmanager
def refusal() -> Iterator[None]:
    """The domain's refusal inside a model becomes a pydantic error, so that
    ``validate`` reports it at its whole path (``criteria.2.label``)."""
    try:
        yield
    except ValidationError as exc:
        raise PydanticCustomError(REFUSED, "{message}", {"message": exc.message}) from None


def label(field_path: str) -> str:
    return FIELD_LABELS.get(field_path, field_path)


@dataclass(frozen=True)
class TextRule:
    """A user text: ``clean_text`` (or ``clean_name`` for names) parses it;
    the schema says the same limits. ``max_len`` counts after trimming, so
    the schema's ``maxLength`` is a little stricter than the parser, never
    looser."""

    max_len: int
    required: bool = True
    multiline: bool = False
    name: bool = False

    def clean(self, value: object, info: core_schema.ValidationInfo) -> str:
        where = info.field_name or "text"
        with refusal():
            if self.name:
                return clean_name(value, field=where, max_len=self.max_len, required=self.required)
            return clean_text(
                value, field=where, max_len=self.max_len, required=self.required, multiline=self.multiline
            )

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.with_info_plain_validator_function(self.clean)

    def __get_pydantic_json_schema__(self, schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        described: dict[str, Any] = {"type": "string", "maxLength": self.max_len}
        described["pattern"] = text_pattern(required=self.required, multiline=self.multiline)
        if self.required:
            described["minLength"] = 1
        return described


@dataclass(frozen=True)
class OneOf:
    """One of a closed set of strings, refused (422) with ``message`` (or a
    message naming the allowed values) otherwise."""

    values: tuple[str, ...]
    message: str | None = None

    def check(self, value: object, info: core_schema.ValidationInfo) -> str:
        if isinstance(value, str) and value in self.values:
            return value
        where = info.field_name or "value"
        message = self.message or _(
            "El campo «{name}» admite: {values}.", name=label(where), values=", ".join(self.values)
        )
        raise PydanticCustomError(REFUSED, "{message}", {"message": message})

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.with_info_plain_validator_function(self.check)

    def __get_pydantic_json_schema__(self, schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        return {"type": "string", "enum": list(self.values)}


@dataclass(frozen=True)
class Accepted:
    """A box that must be ticked: ``true``, else 422 with ``message``."""

    message: str

    def check(self, value: object) -> bool:
        if value is not True:
            raise PydanticCustomError(REFUSED, "{message}", {"message": self.message})
        return True

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.no_info_plain_validator_function(self.check)

    def __get_pydantic_json_schema__(self, schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        return {"type": "boolean", "const": True}


@dataclass(frozen=True)
class IsoDate:
    """A date ``AAAA-MM-DD`` (``parse_date``); empty or null is no date,
    unless ``nullable`` is false."""

    nullable: bool = True

    def check(self, value: object, info: core_schema.ValidationInfo) -> str | None:
        where = info.field_name or "date"
        if not self.nullable and not value:
            raise PydanticCustomError(REFUSED, "{message}", {"message": f"Falta «{label(where)}» (AAAA-MM-DD)."})
        with refusal():
            parse_date(value, field=where)
        return value or None  # type: ignore[return-value]

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.with_info_plain_validator_function(self.check)

    def __get_pydantic_json_schema__(self, schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        return {"type": ["string", "null"] if self.nullable else "string", "format": "date"}


@dataclass(frozen=True)
class WholeNumber:
    """An integer as JSON Schema's ``integer`` reads it: ``3`` or ``3.0``
    (never ``true``), given to the domain as an ``int``."""

    def check(self, value: object, info: core_schema.ValidationInfo) -> int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        where = info.field_name or "value"
        raise PydanticCustomError(
            REFUSED, "{message}", {"message": _("«{name}» debe ser un número entero.", name=label(where))}
        )

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.with_info_before_validator_function(self.check, handler(source))


@dataclass(frozen=True)
class ParsedBy:
    """A value the domain's own parser reads, because it shares the shape
    with a live document that parser also reads (the hoja de ruta): the
    parser's refusals pass unchanged (its paths and wording are what the
    form shows), and the schema is that of ``shape``, a model that states
    the same limits (tests/server/test_contract.py holds the two together)."""

    parse: Callable[[object], object]
    shape: type[BaseModel]

    def check(self, value: object) -> object:
        self.parse(value)
        return value

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.no_info_plain_validator_function(
            self.check, json_schema_input_schema=handler.generate_schema(self.shape)
        )


def without_defaults(schema: dict[str, Any]) -> None:
    """For a model of optional fields that have no default (a change of any
    subset: what is not sent is kept): the schema names no default."""
    for prop in schema.get("properties", {}).values():
        prop.pop("default", None)


class Model(BaseModel):
    """A request body: strict (``"true"`` is not a boolean, ``1`` is no
    text); unknown fields are ignored, as the domain ignores them, unless a
    model says ``extra="forbid"`` (then its schema says
    ``additionalProperties: false``)."""

    model_config = ConfigDict(strict=True, extra="ignore")

    def fields(self) -> dict[str, Any]:
        """The fields the request sent, as JSON values, for the domain's
        functions that take a mapping."""
        return self.model_dump(mode="json", exclude_unset=True)


# ------------------------------------------------------------------- parsing


def _where(loc: Sequence[int | str]) -> str:
    return ".".join(str(part) for part in loc) or "body"


def _message(error: Any) -> str:
    kind, where, ctx = error["type"], _where(error["loc"]), error.get("ctx") or {}
    if kind == REFUSED:
        message: str = ctx["message"]
        return message
    name = label(where)
    if kind == "missing":
        return _("El campo «{name}» es obligatorio.", name=name)
    if kind == "extra_forbidden":
        return _("Campo no admitido: «{where}».", where=where)
    if kind == "string_type":
        return _("El campo «{name}» debe ser texto.", name=name)
    if kind == "bool_type":
        return _("El campo «{name}» debe ser true o false.", name=name)
    if kind == "int_type":
        return _("El campo «{name}» debe ser un número entero.", name=name)
    if kind == "float_type":
        return _("El campo «{name}» debe ser un número.", name=name)
    if kind == "list_type":
        return _("El campo «{name}» debe ser una lista.", name=name)
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return _("El campo «{name}» debe ser un objeto.", name=name)
    if kind == "literal_error":
        return _("El campo «{name}» admite: {expected}.", name=name, expected=ctx.get("expected"))
    if kind == "greater_than_equal":
        return _("El campo «{name}» debe ser al menos {low}.", name=name, low=ctx.get("ge"))
    if kind == "less_than_equal":
        return _("El campo «{name}» debe ser como máximo {high}.", name=name, high=ctx.get("le"))
    if kind == "too_long":
        return _("El campo «{name}» admite como máximo {most} elementos.", name=name, most=ctx.get("max_length"))
    if kind == "too_short":
        return _("El campo «{name}» necesita al menos {least} elementos.", name=name, least=ctx.get("min_length"))
    return _("El campo «{name}» no es válido.", name=name)


def validate(model: type[M], data: object, context: dict[str, Any] | None = None) -> M:
    """``data`` (a parsed JSON value) as ``model``, or the domain's 422. A
    model may word the refusal of a missing field (``MISSING``); ``context``
    is what its validators may compare with (stored state)."""
    try:
        return model.model_validate(data, context=context)
    except pydantic.ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = _where(first["loc"])
        missing: dict[str, str] = getattr(model, "MISSING", {})
        if first["type"] == "missing" and where in missing:
            raise ValidationError(missing[where], field=where) from None
        raise ValidationError(_message(first), field=where) from None


async def parse(
    model: type[M], request: Request, max_bytes: int = MAX_JSON_BYTES, context: dict[str, Any] | None = None
) -> M:
    """The request's JSON body as ``model``: 413 over ``max_bytes``, 400 if
    it is not a JSON object, 422 naming the first field the model refuses."""
    from .api import read_json  # the JSON reading every route shares (400, 413, lone surrogates)

    return validate(model, await read_json(request, max_bytes), context)


class Body(Generic[M]):
    """What a handler receives for its declared body: await it to parse."""

    def __init__(self, model: type[M], request: Request, max_bytes: int) -> None:
        self.model, self.request, self.max_bytes = model, request, max_bytes
        self._json: dict[str, Any] | None = None

    async def json(self) -> dict[str, Any]:
        """The JSON object as sent (400/413 refused), not yet validated: for
        a handler that must first authenticate against a field of the body
        (the workshop a plan is created for), so that 401/403 still come
        before any 422."""
        if self._json is None:
            from .api import read_json  # the JSON reading every route shares (400, 413, lone surrogates)

            self._json = await read_json(self.request, self.max_bytes)
        return self._json

    async def __call__(self, context: dict[str, Any] | None = None) -> M:
        return validate(self.model, await self.json(), context)


# -------------------------------------------------------------- declarations

Handler = Callable[..., Awaitable[Response]]


@dataclass
class Operation:
    method: str
    path: str
    endpoint: Handler
    summary: str
    description: str | None = None
    body: type[BaseModel] | None = None
    max_bytes: int = MAX_JSON_BYTES
    # A JSON file the handler hands to its format's reader (a big one is read
    # in the render pool): the model is its description; the reader, which
    # also checks what JSON Schema cannot (ids that refer to each other),
    # refuses at least what the model refuses.
    file: type[BaseModel] | None = None
    # The success answer: a pydantic model, a JSON schema, a media type
    # (``str``), or a whole ``content`` map (keys are media types).
    ok: Any = None
    status: int = 200
    ok_description: str = "ok"
    errors: tuple[int, ...] = ()
    auth: bool = True
    params: dict[str, dict[str, Any]] = field(default_factory=dict)
    query: dict[str, dict[str, Any]] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def route(self) -> Route:
        handler = self.endpoint
        if self.body is None:
            return Route(self.path, handler, methods=[self.method])
        model, max_bytes = self.body, self.max_bytes

        async def endpoint(request: Request) -> Response:
            return await handler(request, Body(model, request, max_bytes))

        endpoint.__name__ = handler.__name__
        endpoint.__doc__ = handler.__doc__
        return Route(self.path, endpoint, methods=[self.method])


class Operations:
    """The operations of one area of the API, in declaration order."""

    def __init__(self) -> None:
        self.declared: list[Operation] = []

    def declare(self, method: str, path: str, **details: Any) -> Callable[[Handler], Handler]:
        def register(endpoint: Handler) -> Handler:
            summary = details.pop("summary", None) or inspect.getdoc(endpoint) or endpoint.__name__
            self.declared.append(Operation(method.upper(), path, endpoint, summary, **details))
            return endpoint

        return register

    def get(self, path: str, **details: Any) -> Callable[[Handler], Handler]:
        return self.declare("GET", path, **details)

    def post(self, path: str, **details: Any) -> Callable[[Handler], Handler]:
        return self.declare("POST", path, **details)

    def put(self, path: str, **details: Any) -> Callable[[Handler], Handler]:
        return self.declare("PUT", path, **details)

    def delete(self, path: str, **details: Any) -> Callable[[Handler], Handler]:
        return self.declare("DELETE", path, **details)

    def patch(self, path: str, **details: Any) -> Callable[[Handler], Handler]:
        return self.declare("PATCH", path, **details)

    @property
    def routes(self) -> list[Route]:
        return [op.route for op in self.declared]

    def paths(self, components: dict[str, Any]) -> dict[str, Any]:
        """This area's part of ``paths``; the models' schemas go to ``components``."""
        return describe(self.declared, components)


# --------------------------------------------------------------- description


class _Schemas(GenerateJsonSchema):
    """pydantic's JSON Schema without a ``title`` on every field."""

    def field_title_should_be_set(self, schema: Any) -> bool:
        return False


def model_schema(model: type[BaseModel], components: dict[str, Any], mode: str = "validation") -> dict[str, Any]:
    """The JSON Schema of ``model`` with its nested models moved to
    ``components`` (OpenAPI 3.1 is JSON Schema 2020-12, pydantic's dialect)."""
    schema = model.model_json_schema(ref_template=COMPONENTS, schema_generator=_Schemas, mode=mode)  # type: ignore[arg-type]
    for name, definition in schema.pop("$defs", {}).items():
        if components.setdefault(name, definition) != definition:
            raise ValueError(f"two different schemas are named {name}")
    return schema


def ref(name: str) -> dict[str, str]:
    return {"$ref": COMPONENTS.format(model=name)}


def component(model: type[BaseModel], components: dict[str, Any]) -> dict[str, str]:
    """A response model's schema, kept once in ``components``."""
    schema = model_schema(model, components, "serialization")
    if components.setdefault(model.__name__, schema) != schema:
        raise ValueError(f"two different schemas are named {model.__name__}")
    return ref(model.__name__)


def error_responses(*statuses: int) -> dict[str, Any]:
    return {
        str(s): {"description": ERROR_TEXT[s], "content": {"application/json": {"schema": ERROR}}} for s in statuses
    }


def _success(op: Operation, components: dict[str, Any]) -> dict[str, Any]:
    answer: dict[str, Any] = {"description": op.ok_description}
    ok = op.ok
    if isinstance(ok, type) and issubclass(ok, BaseModel):
        answer["content"] = {"application/json": {"schema": component(ok, components)}}
    elif isinstance(ok, str):
        answer["content"] = {ok: {}}
    elif isinstance(ok, dict) and ok and all("/" in key for key in ok):
        answer["content"] = ok
    elif ok is not None:
        answer["content"] = {"application/json": {"schema": ok}}
    return answer


def _parameters(op: Operation) -> list[dict[str, Any]]:
    names = [part[1:-1] for part in op.path.split("/") if part.startswith("{") and part.endswith("}")]
    # A value is the parameter's schema, or the whole parameter (with its description) when it says "in".
    found = [_parameter(name, "path", op.params.get(name, {"type": "string"}), required=True) for name in names]
    found += [_parameter(name, "query", value, required=False) for name, value in op.query.items()]
    return found


def _parameter(name: str, where: str, value: dict[str, Any], *, required: bool) -> dict[str, Any]:
    if "in" in value:
        return value
    return {"name": name, "in": where, "required": required, "schema": value}


def operation_description(op: Operation, components: dict[str, Any]) -> dict[str, Any]:
    described: dict[str, Any] = {"summary": op.summary}
    if op.description:
        described["description"] = op.description
    parameters = _parameters(op)
    if parameters:
        described["parameters"] = parameters
    if op.auth:
        described["security"] = [{"bearer": []}, {"cookie": []}]
    errors = set(op.errors)
    if op.auth:
        errors |= {401, 403, 404}
    read = op.body or op.file
    if read is not None:
        # Not JSON or not an object (400), too large (413), a field refused (422).
        errors |= {400, 413, 422}
        schema = model_schema(read, components)
        described["requestBody"] = {"required": True, "content": {"application/json": {"schema": schema}}}
    described["responses"] = {str(op.status): _success(op, components), **error_responses(*sorted(errors))}
    for key, value in op.extra.items():
        if key == "responses":
            described["responses"].update(value)
        else:
            described[key] = value
    return described


def describe(operations: Iterable[Operation], components: dict[str, Any]) -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for op in operations:
        paths.setdefault(op.path, {})[op.method.lower()] = operation_description(op, components)
    return paths


def merge_paths(into: dict[str, Any], paths: dict[str, Any]) -> None:
    """Add declared operations to hand-written ones (routes not converted yet
    keep their dictionaries); one operation described twice is a mistake."""
    for path, operations in paths.items():
        existing = into.setdefault(path, {})
        twice = existing.keys() & operations.keys()
        if twice:
            raise ValueError(f"{path}: {sorted(twice)} described twice")
        existing.update(operations)
