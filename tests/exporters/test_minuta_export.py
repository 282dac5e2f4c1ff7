"""The minuta's documents read back with independent readers: pypdf and
pikepdf (PDF), python-docx (DOCX), odfpy (ODT), the standard library's HTML
parser, and the Markdown text itself. Each carries the digest, the
verification link, every entry of the relatoría the domain wrote from the
event log, every amendment with its answer and attendance by sector, and
names nobody who did not agree to be named; a draft says it is a draft and
carries no digest."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from html.parser import HTMLParser
from typing import Any

import docx
import pikepdf
import pypdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from odf import teletype
from odf import text as odf_text
from odf.opendocument import load

from exporters.minuta_export import FORMATS, MEDIA_TYPES, render_minuta
from exporters.minuta_view import Acuerdo, ApprovalTally, Attendee, MesaIdentity, RelatoriaSection, minuta_view
from tests.conftest import ARTIFACTS_DIR
from tests.support.pdf_structure import structure_kinds
from tests.workshops.test_minutes import MESA_LOG, TITLES
from workshops.errors import NotFoundError
from workshops.minuta import (
    Minuta,
    approval_closed,
    canonical_bytes,
    decide_amendment,
    digest,
    open_approval,
    propose_amendment,
    seal,
    start_correction,
)
from workshops.minutes import minutes_from
from workshops.plan_annex import SectorAttendance
from workshops.roles import Role

NOW = dt.datetime(2026, 12, 7, 18, 30, tzinfo=dt.UTC)  # 12:30 h in central Mexico
FAC = Role.FACILITATOR
PUBLIC_URL = "https://cocrea.example.mx"
MESA = MesaIdentity("Mesa de Movilidad", "Ayuntamiento de Toluca", dt.date(2026, 11, 21), "Sala de Cabildo")
RELATORIA = minutes_from(MESA_LOG, TITLES)
ATTENDANCE = (
    SectorAttendance("servicio_publico", 2, ("Dirección de Movilidad",)),
    SectorAttendance("sociedad_civil", 3, ("Colectivo Bici Toluca", "Observatorio Ciudadano")),
    SectorAttendance("facilitacion", 1),
)
ATTENDEES = (
    Attendee("Ana López Ruiz", "sociedad_civil", "Colectivo Bici Toluca", named=True),
    Attendee("Berenice Calderón Oculta", "sociedad_civil", "Observatorio Ciudadano", named=False),
    Attendee("Ing. Carlos Méndez", "servicio_publico", "Dirección de Movilidad", named=True),
    Attendee("Daniel Sinpermiso", "servicio_publico"),
)
HIDDEN = ("Berenice Calderón Oculta", "Daniel Sinpermiso")
ACUERDOS = (
    Acuerdo("Dirección de Movilidad", "Publicar la hoja de ruta en el portal", dt.date(2026, 12, 15)),
    Acuerdo("Colectivo Bici Toluca", "Enviar el diagnóstico de ciclovías", "Antes de la siguiente mesa"),
)
ACCEPTED = {
    "passage": "Acuerdo 1",
    "text": "Decir «15 de diciembre» y no «mediados de mes».",
    "reason": "Así quedó en la mesa.",
}
REJECTED = {
    "passage": "Relatoría, 10:09 h",
    "text": "Agregar que la votación fue unánime.",
    "reason": "Nadie votó en contra.",
}
ACCEPTED_ANSWER = "Se corrige: la fecha se acordó en la mesa."
REJECTED_ANSWER = "Votaron 4 de 5 personas: no fue unánime."
TALLY = ApprovalTally(
    agree=3, can_live_with=1, object=0, eligible=5, quorum_met=True, reservations=("Falta el calendario de sesiones.",)
)
RECORD = {
    "mesa": {"title": MESA.title, "entity": MESA.entity, "date": "2026-11-21"},
    "relatoria": [{"at": e.at.isoformat(), "text": e.text} for e in RELATORIA],
}


def amended() -> Minuta:
    m = Minuta()
    for n, (data, author) in enumerate(((ACCEPTED, "ana"), (REJECTED, "carlos")), 1):
        m = propose_amendment(
            m,
            data,
            role=Role.PARTICIPANT,
            attended=True,
            author_id=author,
            sector="sociedad_civil" if author == "ana" else "servicio_publico",
            amendment_id=f"e{n}",
            now=NOW,
        )
    m = decide_amendment(m, "e1", "accepted", ACCEPTED_ANSWER, role=FAC)
    return decide_amendment(m, "e2", "rejected", REJECTED_ANSWER, role=FAC)


def sealed(record: dict = RECORD, now: dt.datetime = NOW) -> Minuta:
    m = open_approval(amended(), role=FAC, round_id="r1")
    m = approval_closed(m, round_id="r1", quorum_met=True, objections=0)
    return seal(m, record, role=FAC, now=now)


def expected_digest(record: dict = RECORD, version: int = 1, now: dt.datetime = NOW) -> str:
    """What anyone recomputes from the canonical text (docs/minutes.md)."""
    return digest(canonical_bytes({**record, "version": version, "sealed_at": now.isoformat()}))


def view_of(minuta: Minuta, lang: str = "es") -> dict:
    return minuta_view(
        minuta,
        mesa=MESA,
        relatoria=RELATORIA,
        attendance=ATTENDANCE,
        attendees=ATTENDEES,
        acuerdos=ACUERDOS,
        approval=TALLY,
        public_url=PUBLIC_URL,
        lang=lang,
    )


# ------------------------------------------------------------ the readers


def normal(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00ad\n", "").replace("\u00ad", "-")).strip()


def pdf_text(data: bytes) -> str:
    return normal("\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages))


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            seen = set()
            for cell in row.cells:  # a merged cell is listed once per column it spans
                if id(cell._tc) not in seen:
                    seen.add(id(cell._tc))
                    parts.append(cell.text)
    return normal("\n".join(parts))


def odt_text(data: bytes) -> str:
    """Every paragraph and heading, in document order (tables included)."""
    blocks = {odf_text.P().qname, odf_text.H(outlinelevel=1).qname}
    parts: list[str] = []

    def walk(node: Any) -> None:
        for child in node.childNodes:
            if getattr(child, "qname", None) in blocks:
                parts.append(teletype.extractText(child))
            elif child.nodeType == child.ELEMENT_NODE:
                walk(child)

    walk(load(io.BytesIO(data)).text)
    return normal("\n".join(parts))


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.links: list[str] = []
        self.lang = ""
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script"):
            self._skip += 1
        if tag == "a":
            self.links.append(dict(attrs).get("href") or "")
        if tag == "html":
            self.lang = dict(attrs).get("lang") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_reader(data: bytes) -> _Text:
    parser = _Text()
    parser.feed(data.decode("utf-8"))
    return parser


def html_text(data: bytes) -> str:
    return normal(" ".join(html_reader(data).parts))


def md_text(data: bytes) -> str:
    return normal(re.sub(r"\\(.)", r"\1", data.decode("utf-8")))


READERS = {"pdf": pdf_text, "docx": docx_text, "odt": odt_text, "html": html_text, "md": md_text}
HEX64 = re.compile(r"(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])")


@pytest.fixture(scope="module")
def sealed_docs() -> dict[str, tuple[bytes, str, str]]:
    view = view_of(sealed())
    return {fmt: render_minuta(view, fmt) for fmt in FORMATS}


@pytest.fixture(scope="module")
def draft_docs() -> dict[str, tuple[bytes, str, str]]:
    view = view_of(amended())
    return {fmt: render_minuta(view, fmt) for fmt in FORMATS}


# ---------------------------------------------------------------- content


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_sealed_minuta_carries_its_digest_link_and_every_decision(sealed_docs, fmt):
    data, media_type, filename = sealed_docs[fmt]
    assert media_type == MEDIA_TYPES[fmt] and filename == f"minuta-mesa-de-movilidad-v1.{fmt}"
    text = READERS[fmt](data)
    squashed = re.sub(r"\s+", "", text)  # a long address wraps in a PDF's narrow column
    sha = expected_digest()
    assert set(HEX64.findall(squashed)) == {sha}
    assert f"{PUBLIC_URL}/verificar/{sha}" in squashed
    assert f"{PUBLIC_URL}/api/minutes/{sha}/canonical" in squashed
    assert f"sha256sum minuta-{sha}.json" in text
    assert "Sellada" in text and "Versión 1, sellada el 7 de diciembre de 2026, 12:30 h" in text
    assert "Borrador" not in text
    # The relatoría: every entry the domain wrote from the event log, among
    # them the decision, the vote and the dispositions.
    assert len(RELATORIA) == 12
    for entry in RELATORIA:
        assert entry.text in text, entry.text
    assert "La mesa decidió por mayoría adoptar la alternativa «Red de enlaces (como se votó)»" in text
    assert "quedó como «No adoptada». Razón: Ya existe un portal." in text
    # Every amendment and its answer.
    for data_, decision, answer in ((ACCEPTED, "Aceptada", ACCEPTED_ANSWER), (REJECTED, "Rechazada", REJECTED_ANSWER)):
        for value in (*data_.values(), decision, answer):
            assert value in text, value
    assert "Enmiendas recibidas y cómo se respondieron" in text
    # The acuerdos, the tally and attendance by sector.
    for value in ("Publicar la hoja de ruta en el portal", "15 de diciembre de 2026", "Antes de la siguiente mesa"):
        assert value in text
    assert "Puede vivir con ella (con reservas)" in text and "Falta el calendario de sesiones." in text
    for value in ("Servicio público", "Sociedad civil", "Facilitación", "Observatorio Ciudadano", "Sala de Cabildo"):
        assert value in text
    # Names only of those who agreed to be named.
    assert "Ana López Ruiz" in text and "Ing. Carlos Méndez" in text
    for name in HIDDEN:
        assert name not in text and name.split()[-1] not in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_draft_says_so_and_has_no_digest(draft_docs, fmt):
    data, _, filename = draft_docs[fmt]
    text = READERS[fmt](data)
    assert filename == f"minuta-mesa-de-movilidad-v1-borrador.{fmt}"
    assert "Borrador — no aprobado" in text
    assert text.index("Borrador — no aprobado") < text.index("Asistencia")  # before anything else
    assert not HEX64.search(re.sub(r"\s+", "", text))
    assert "/verificar/" not in text and "sha256sum" not in text and "Sellada" not in text
    assert "Sin sello" in text
    for data_ in (ACCEPTED, REJECTED):
        assert data_["text"] in text


def test_an_approved_minuta_is_not_called_sealed_nor_a_draft():
    m = approval_closed(open_approval(amended(), role=FAC, round_id="r1"), round_id="r1", quorum_met=True, objections=0)
    data, _, filename = render_minuta(view_of(m), "md")
    text = md_text(data)
    assert filename == "minuta-mesa-de-movilidad-v1-sin-sellar.md"
    assert "Aprobada — todavía sin sellar" in text
    assert "Borrador" not in text and not HEX64.search(text)


def test_a_correction_draft_does_not_borrow_the_previous_seal():
    m = start_correction(sealed(), role=FAC)
    view = view_of(m)
    assert view["status"]["draft"] and view["verification"] is None
    text = md_text(render_minuta(view, "md")[0])
    assert "Borrador — no aprobado" in text and not HEX64.search(text)
    assert "- **Versión:** 2" in render_minuta(view, "md")[0].decode()


def test_the_pdf_is_tagged_with_title_language_and_structure(sealed_docs):
    data = sealed_docs["pdf"][0]
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    (ARTIFACTS_DIR / "minuta-sealed.pdf").write_bytes(data)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        root = pdf.Root
        assert "/StructTreeRoot" in root and len(root.StructTreeRoot.K) > 0
        assert str(root.Lang) == "es-MX"
        assert bool(root.MarkInfo.Marked)
        assert str(pdf.docinfo.Title) == "Minuta de la mesa «Mesa de Movilidad»"
        assert pdf.open_metadata()["dc:title"] == str(pdf.docinfo.Title)
        kinds = structure_kinds(pdf)
        assert kinds.count("/H1") == 1
        assert {"/H2", "/Table", "/TH", "/TD", "/Caption", "/L", "/LI"} <= set(kinds)
        # The verification link is a link, to the page of this digest.
        uris = {str(a.A.URI) for page in pdf.pages for a in page.get("/Annots", []) if "/A" in a}
        assert f"{PUBLIC_URL}/verificar/{expected_digest()}" in uris


def test_the_html_declares_its_language_and_links_the_verification(sealed_docs):
    reader = html_reader(sealed_docs["html"][0])
    assert reader.lang == "es-MX"
    assert f"{PUBLIC_URL}/verificar/{expected_digest()}" in reader.links


def test_the_docx_and_odt_link_the_verification_page(sealed_docs):
    url = f"{PUBLIC_URL}/verificar/{expected_digest()}"
    document = docx.Document(io.BytesIO(sealed_docs["docx"][0]))
    targets = {r.target_ref for r in document.part.rels.values() if r.is_external}
    assert url in targets and f"{PUBLIC_URL}/api/minutes/{expected_digest()}/canonical" in targets
    assert any(h.address == url and h.text == url for p in document.paragraphs for h in p.hyperlinks)
    odt = load(io.BytesIO(sealed_docs["odt"][0]))
    links = {a.getAttribute("href"): teletype.extractText(a) for a in odt.text.getElementsByType(odf_text.A)}
    assert links.get(url) == url


def test_the_docx_and_odt_carry_title_and_language(sealed_docs):
    document = docx.Document(io.BytesIO(sealed_docs["docx"][0]))
    assert document.core_properties.title == "Minuta de la mesa «Mesa de Movilidad»"
    assert expected_digest() in document.core_properties.subject
    with zipfile.ZipFile(io.BytesIO(sealed_docs["odt"][0])) as package:
        meta = package.read("meta.xml").decode()
        styles = package.read("styles.xml").decode()
    assert "<dc:title>Minuta de la mesa «Mesa de Movilidad»</dc:title>" in meta
    assert 'fo:language="es"' in styles and 'fo:country="MX"' in styles


def test_english_labels_when_the_view_says_so():
    view = view_of(amended(), lang="en")
    for fmt in ("md", "html", "pdf"):
        text = READERS[fmt](render_minuta(view, fmt)[0])
        assert "Draft — not approved" in text and "Amendments received and how they were answered" in text
        assert "Accepted" in text and "Rejected" in text
    with pikepdf.open(io.BytesIO(render_minuta(view, "pdf")[0])) as pdf:
        assert str(pdf.Root.Lang) == "en"


def test_typed_markup_is_printed_as_text():
    hostile = {
        "passage": "<b>Pasaje</b>",
        "text": "#set page(fill: red) </td><script>alert(1)</script> **negritas** | celda",
        "reason": "[enlace](http://x) & ~tachado~",
    }
    m = propose_amendment(
        Minuta(),
        hostile,
        role=Role.PARTICIPANT,
        attended=True,
        author_id="a",
        sector="academia",
        amendment_id="x",
        now=NOW,
    )
    view = view_of(m)
    for fmt in FORMATS:
        text = READERS[fmt](render_minuta(view, fmt)[0])
        for value in hostile.values():
            assert normal(value) in text, (fmt, value)
    assert "<script>" not in render_minuta(view, "html")[0].decode()


def test_relatoria_sections_and_an_unknown_format():
    sections = [RelatoriaSection("Árbol de problemas", RELATORIA[:3]), RelatoriaSection("Votación", RELATORIA[3:])]
    view = minuta_view(amended(), mesa=MESA, relatoria=sections)
    text = html_text(render_minuta(view, "html")[0])
    assert "Árbol de problemas" in text and "Votación" in text and RELATORIA[-1].text in text
    with pytest.raises(NotFoundError):
        render_minuta(view, "rtf")


# ------------------------------------------------------------- properties

RECORD_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=60)


@settings(max_examples=25)
@given(
    title=RECORD_TEXT,
    lines=st.lists(RECORD_TEXT, max_size=4),
    minutes=st.integers(0, 60 * 24 * 365),
)
def test_the_printed_digest_is_the_digest_of_the_canonical_record(title, lines, minutes):
    record = {"mesa": {"title": title}, "relatoria": [{"text": t} for t in lines]}
    now = NOW + dt.timedelta(minutes=minutes)
    view = view_of(sealed(record, now))
    expected = expected_digest(record, now=now)
    for fmt in ("md", "html"):
        squashed = re.sub(r"\s+", "", READERS[fmt](render_minuta(view, fmt)[0]))
        assert set(HEX64.findall(squashed)) == {expected}


def test_the_pdf_digest_is_the_digest_of_the_canonical_record(sealed_docs):
    printed = set(HEX64.findall(re.sub(r"\s+", "", pdf_text(sealed_docs["pdf"][0]))))
    assert printed == {digest(canonical_bytes({**RECORD, "version": 1, "sealed_at": NOW.isoformat()}))}
