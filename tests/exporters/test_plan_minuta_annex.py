"""The plan's annex of minutes says what became of each mesa's minuta
(issue 13 §4): the latest sealed version with its digest and verification
link, or that the minutes are only a draft. Read back from every document
format with the same independent readers as the minuta's own documents."""

from __future__ import annotations

import dataclasses
import re

import pytest

from exporters.formats import ExportContext
from exporters.plan_formats import PLAN_FORMATS
from exporters.plan_view import MINUTA_DRAFT, plan_view
from tests.exporters.test_minuta_export import HEX64, READERS
from tests.workshops.test_plan import seeded_plan
from workshops.plan import Plan

SHA = "3f" * 32
URL = f"https://cocrea.example.mx/verificar/{SHA}"
DOCUMENTS = ("md", "html", "pdf", "docx", "odt")


def with_minuta(**fields: object) -> Plan:
    plan = seeded_plan()
    entries = tuple(
        dataclasses.replace(e, mesa=dataclasses.replace(e.mesa, **fields)) if e.mesa else e for e in plan.commitments
    )
    return dataclasses.replace(plan, commitments=entries)


def read(plan: Plan, fmt: str) -> str:
    return READERS[fmt](PLAN_FORMATS.get_format(fmt).render(plan, ExportContext(title=plan.title)))


@pytest.mark.parametrize("fmt", DOCUMENTS)
def test_a_sealed_minuta_is_printed_with_its_digest_and_link(fmt):
    plan = with_minuta(minuta_status="sealed", minuta_version=2, minuta_sha256=SHA, verification_url=URL)
    text = read(plan, fmt)
    squashed = re.sub(r"\s+", "", text)
    assert "Minuta aprobada y sellada (versión 2)." in text
    assert SHA in squashed and URL in squashed
    assert MINUTA_DRAFT not in text


@pytest.mark.parametrize("fmt", DOCUMENTS)
def test_a_draft_minuta_is_said_to_be_a_draft_without_a_digest(fmt):
    text = read(with_minuta(minuta_status="draft"), fmt)
    assert "Minuta en borrador (no aprobada)" in text
    assert not HEX64.search(re.sub(r"\s+", "", text)) and "/verificar/" not in text


def test_a_correction_in_progress_keeps_the_last_sealed_version():
    plan = with_minuta(minuta_status="in_review", minuta_version=1, minuta_sha256=SHA, verification_url=URL)
    text = read(plan, "md")
    assert "Minuta aprobada y sellada (versión 1). Es la última versión sellada; una corrección está en curso" in text
    assert SHA in text and URL in text


def test_an_approved_minuta_is_not_yet_sealed():
    text = read(with_minuta(minuta_status="approved"), "html")
    assert "Minuta aprobada, todavía sin sellar" in text and not HEX64.search(text)


def test_a_plan_given_no_minuta_says_nothing_of_one_and_its_json_is_unchanged():
    plain = seeded_plan()
    assert plan_view(plain)["chapters"][1]["mesa"]["minuta"] is None
    text = read(plain, "md")
    assert "Minuta aprobada" not in text and "Minuta en borrador" not in text
    sealed = with_minuta(minuta_status="sealed", minuta_version=1, minuta_sha256=SHA, verification_url=URL)
    render = PLAN_FORMATS.get_format("json").render
    # The open data keeps its schema: the minuta is printed, not stored.
    assert render(sealed, ExportContext(title="")) == render(plain, ExportContext(title=""))
