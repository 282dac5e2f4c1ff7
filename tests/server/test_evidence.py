"""What an evidence file is comes from its content (server/evidence.py):
the accepted kinds are recognised, executables and unknown content are
refused whatever their name, and a name that claims another kind is refused."""

from __future__ import annotations

import io
import zipfile

import pytest

from server.errors import ApiError
from server.evidence import MAX_FILE_BYTES, check_evidence


def zipped(entries: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


OOXML = {"[Content_Types].xml": "<Types/>"}
ACCEPTED = [
    ("a.pdf", b"%PDF-1.4\n...", "application/pdf"),
    ("a.png", b"\x89PNG\r\n\x1a\n....", "image/png"),
    ("a.JPG", b"\xff\xd8\xff\xe0....", "image/jpeg"),
    ("a.jpeg", b"\xff\xd8\xff\xdb....", "image/jpeg"),
    ("a.gif", b"GIF89a....", "image/gif"),
    ("a.webp", b"RIFF\x10\x00\x00\x00WEBPVP8 ", "image/webp"),
    (
        "a.docx",
        zipped({**OOXML, "word/document.xml": "<w/>"}),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    (
        "a.xlsx",
        zipped({**OOXML, "xl/workbook.xml": "<x/>"}),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    (
        "a.pptx",
        zipped({**OOXML, "ppt/presentation.xml": "<p/>"}),
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
    (
        "a.odt",
        zipped({"mimetype": "application/vnd.oasis.opendocument.text"}),
        "application/vnd.oasis.opendocument.text",
    ),
    (
        "a.ods",
        zipped({"mimetype": "application/vnd.oasis.opendocument.spreadsheet"}),
        "application/vnd.oasis.opendocument.spreadsheet",
    ),
    ("a.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 32, "application/msword"),
    ("a.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 32, "application/vnd.ms-excel"),
    ("a.csv", "\ufeffmunicipio,valor\nMetepec,3\n".encode(), "text/csv"),
]


@pytest.mark.parametrize(("name", "data", "media_type"), ACCEPTED)
def test_accepted_kinds_are_read_from_the_content(name, data, media_type):
    assert check_evidence(name, data).media_type == media_type


@pytest.mark.parametrize(
    ("name", "data", "status"),
    [
        ("informe.pdf", b"MZ\x90\x00" + b"\x00" * 60, 415),  # a Windows executable
        ("informe.pdf", b"\x7fELF\x02\x01\x01" + b"\x00" * 60, 415),  # a Linux one
        ("datos.csv", b"#!/bin/sh\nrm -rf /\n", 415),  # a script
        ("informe.exe", b"%PDF-1.4", 415),  # not an accepted name
        ("informe", b"%PDF-1.4", 415),
        ("datos.csv", b"\x00\x01\x02", 415),  # binary, not text
        ("datos.csv", b"caf\xe9\n", 415),  # not UTF-8
        ("paquete.docx", zipped({"a.txt": "hola"}), 415),  # a zip that is no office document
        ("foto.pdf", b"\x89PNG\r\n\x1a\n....", 422),  # an image named .pdf
        ("hoja.xlsx", zipped({**OOXML, "word/document.xml": "<w/>"}), 422),  # a Word file named .xlsx
        ("texto.docx", b"%PDF-1.4", 422),
        ("grande.pdf", b"%PDF-" + b"0" * MAX_FILE_BYTES, 413),
    ],
)
def test_what_is_not_what_it_says_is_refused(name, data, status):
    with pytest.raises(ApiError) as raised:
        check_evidence(name, data)
    assert raised.value.status == status and raised.value.extra.get("field") == "evidence"
