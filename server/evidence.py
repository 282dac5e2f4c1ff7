"""Evidence files of a plan's follow-up: what a file is, read from its
content (its first bytes and, for the zip-based office formats, the names
inside), never from its name. The name only says what the sender claims:
a file whose content is not of the kind its extension names is refused,
and so is any file whose content is none of the accepted kinds
(executables first of all, whatever they are called).

Accepted: PDF, images (PNG, JPEG, GIF, WebP), office documents (Word,
Excel and PowerPoint since 2007, their pre-2007 binary files, and
OpenDocument text, spreadsheet and presentation) and CSV (UTF-8 text).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from workshops.messages import _

from .errors import ApiError

MIB = 1024 * 1024
MAX_FILE_BYTES = 20 * MIB
MAX_FILES = 3


@dataclass(frozen=True)
class Kind:
    media_type: str
    extensions: tuple[str, ...]
    label: str


PDF = Kind("application/pdf", ("pdf",), "PDF")
PNG = Kind("image/png", ("png",), _("imagen PNG"))
JPEG = Kind("image/jpeg", ("jpg", "jpeg"), _("imagen JPEG"))
GIF = Kind("image/gif", ("gif",), _("imagen GIF"))
WEBP = Kind("image/webp", ("webp",), _("imagen WebP"))
DOCX = Kind(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ("docx",), _("documento de Word")
)
XLSX = Kind("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ("xlsx",), _("hoja de Excel"))
PPTX = Kind(
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ("pptx",),
    _("presentación de PowerPoint"),
)
ODT = Kind("application/vnd.oasis.opendocument.text", ("odt",), _("documento OpenDocument"))
ODS = Kind("application/vnd.oasis.opendocument.spreadsheet", ("ods",), _("hoja OpenDocument"))
ODP = Kind("application/vnd.oasis.opendocument.presentation", ("odp",), _("presentación OpenDocument"))
# The pre-2007 binary office files share one container (OLE2): the name says which.
OLE = {
    "doc": Kind("application/msword", ("doc",), _("documento de Word")),
    "xls": Kind("application/vnd.ms-excel", ("xls",), _("hoja de Excel")),
    "ppt": Kind("application/vnd.ms-powerpoint", ("ppt",), _("presentación de PowerPoint")),
}
CSV = Kind("text/csv", ("csv",), "CSV")
ACCEPTED = (PDF, PNG, JPEG, GIF, WEBP, DOCX, XLSX, PPTX, ODT, ODS, ODP, *OLE.values(), CSV)
ACCEPTED_EXTENSIONS = tuple(e for k in ACCEPTED for e in k.extensions)

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_EXECUTABLE_MAGIC = (b"MZ", b"\x7fELF", b"\xfe\xed\xfa", b"\xce\xfa\xed\xfe", b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe")
_OOXML = {"word/": DOCX, "xl/": XLSX, "ppt/": PPTX}
_ODF = {ODT.media_type: ODT, ODS.media_type: ODS, ODP.media_type: ODP}


def extension(filename: str) -> str:
    return filename.rpartition(".")[2].lower() if "." in filename else ""


def _zip_kind(data: bytes) -> Kind | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                return _ODF.get(archive.read("mimetype").decode("ascii", "replace").strip())
            if "[Content_Types].xml" in names:
                for prefix, kind in _OOXML.items():
                    if any(n.startswith(prefix) for n in names):
                        return kind
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, NotImplementedError):
        return None
    return None


def _is_csv(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return all(ch.isprintable() or ch in "\r\n\t" for ch in text)


def sniff(data: bytes, claimed_extension: str) -> Kind | None:
    """The accepted kind the content is, or ``None``. The OLE2 container and
    CSV (plain text) carry no mark of their own: for them the claimed
    extension chooses among what the content can be."""
    head = data[:16]
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if head.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    if head.startswith(_OLE_MAGIC):
        return OLE.get(claimed_extension, OLE["doc"])
    if head.startswith(_EXECUTABLE_MAGIC) or head.startswith(b"#!"):
        return None
    if claimed_extension == "csv" and _is_csv(data):
        return CSV
    return None


def check_evidence(filename: str, data: bytes) -> Kind:
    """The file's kind, or the refusal (nothing stored): too big (413), not
    an accepted kind (415), or not what its name says (422)."""
    if len(data) > MAX_FILE_BYTES:
        raise ApiError(
            413,
            "too_large",
            _("«{filename}» pesa más de {mb} MB.", filename=filename, mb=MAX_FILE_BYTES // MIB),
            field="evidence",
        )
    claimed = extension(filename)
    if claimed not in ACCEPTED_EXTENSIONS:
        raise ApiError(
            415,
            "unsupported_media_type",
            _(
                "«{filename}»: se aceptan PDF, imágenes, documentos de oficina y CSV ({extensions}).",
                filename=filename,
                extensions=", ".join("." + e for e in ACCEPTED_EXTENSIONS),
            ),
            field="evidence",
        )
    kind = sniff(data, claimed)
    if kind is None:
        raise ApiError(
            415,
            "unsupported_media_type",
            _("El contenido de «{filename}» no es PDF, imagen, documento de oficina ni CSV.", filename=filename),
            field="evidence",
        )
    if claimed not in kind.extensions:
        raise ApiError(
            422,
            "type_mismatch",
            _(
                "«{filename}» dice ser .{claimed}, pero su contenido es {kind}.",
                filename=filename,
                claimed=claimed,
                kind=kind.label,
            ),
            field="evidence",
        )
    return kind
