"""The one registry of export formats: what can be exported, as what.

Each kind of thing exported (the tree now; the plan documents later) has its
own ``FormatRegistry``, keyed by the format's name. A format renders its
subject with an ``ExportContext`` (title, language, workshop data) into bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from workshops.errors import NotFoundError
from workshops.messages import _
from workshops.problem_tree import ProblemTree

from . import tree_json, tree_png, tree_svg

T = TypeVar("T")

SUBJECT_TREE = "tree"
# How a plan document is laid out: the whole Plan de Acción, or each
# commitment in the OGP commitment template.
LAYOUTS = ("plan", "ogp")


@dataclass(frozen=True)
class ExportContext:
    """What a renderer may need besides its subject. ``layout`` and
    ``template`` (an institution's DOCX: letterhead and styles) concern the
    plan's documents; a format that has no use for them ignores them."""

    title: str
    lang: str = "es"
    workshop: Mapping[str, Any] = field(default_factory=dict)
    layout: str = "plan"
    template: bytes | None = None


@dataclass(frozen=True)
class Format(Generic[T]):
    name: str
    extension: str  # without the dot
    media_type: str
    render: Callable[[T, ExportContext], bytes]

    def filename(self, stem: str) -> str:
        return f"{stem}.{self.extension}"


class FormatRegistry(Generic[T]):
    """The formats one subject can be exported as, by name."""

    def __init__(self, subject: str, formats: Iterable[Format[T]]) -> None:
        self.subject = subject
        self._formats: dict[str, Format[T]] = {}
        for fmt in formats:
            if fmt.name in self._formats:
                raise ValueError(f"format {fmt.name!r} registered twice for {subject!r}")
            self._formats[fmt.name] = fmt

    def names(self) -> tuple[str, ...]:
        return tuple(sorted(self._formats))

    def get_format(self, name: str) -> Format[T]:
        try:
            return self._formats[name]
        except KeyError:
            raise NotFoundError(
                _(
                    "Formato desconocido: «{name}». Formatos disponibles: {list}.",
                    name=name,
                    list=", ".join(self.names()),
                ),
                format=name,
                known=self.names(),
            ) from None

    def __iter__(self) -> Iterator[Format[T]]:
        return iter(self._formats[name] for name in self.names())

    def __contains__(self, name: object) -> bool:
        return name in self._formats

    def __len__(self) -> int:
        return len(self._formats)


def _tree_svg(tree: ProblemTree, context: ExportContext) -> bytes:
    return tree_svg.render_tree_svg(tree, title=context.title, lang=context.lang)


def _tree_png(tree: ProblemTree, context: ExportContext) -> bytes:
    return tree_png.render_tree_png(tree, title=context.title, lang=context.lang)


def _tree_json(tree: ProblemTree, context: ExportContext) -> bytes:
    return tree_json.export_tree_json(tree, workshop=context.workshop)


TREE_FORMATS: FormatRegistry[ProblemTree] = FormatRegistry(
    SUBJECT_TREE,
    [
        Format("svg", "svg", tree_svg.MEDIA_TYPE, _tree_svg),
        Format("png", "png", tree_png.MEDIA_TYPE, _tree_png),
        Format("json", "json", tree_json.MEDIA_TYPE, _tree_json),
    ],
)

REGISTRIES: Mapping[str, FormatRegistry[Any]] = {SUBJECT_TREE: TREE_FORMATS}


def get_format(name: str, subject: str = SUBJECT_TREE) -> Format[Any]:
    """The format ``name`` of ``subject``; ``NotFoundError`` lists the known ones."""
    try:
        registry = REGISTRIES[subject]
    except KeyError:
        raise NotFoundError(
            _("No se exporta «{subject}». Se exporta: {list}.", subject=subject, list=", ".join(sorted(REGISTRIES))),
            subject=subject,
        ) from None
    return registry.get_format(name)
