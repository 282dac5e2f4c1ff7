"""The office formats' media types, in a module without their libraries:
the format registries name them at import, and python-docx and odfdo are
imported only when such a document is made (not at the server's start)."""

from __future__ import annotations

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
