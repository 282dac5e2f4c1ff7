"""Nothing anyone does to someone else's idea goes unannounced or for good, in
headless Chromium with real contexts: Ana (laptop, graph) deletes Beto's cause
only after a confirmation, Beto (phone, outline) gets a notice and the room
shows the trail «Eliminado por Ana…», anyone restores it and it comes back
with its link; the central problem prefilled from the public problem is
replaced by what one types, not appended to."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.test_accessibility import AXE
from tests.browser.test_graph_editor import DESKTOP, PHONE, wait_until
from tests.browser.test_voting import WAIT_MS, fits_the_phone, screenshot

pytestmark = pytest.mark.browser

CAUSE = "Falta de consensos sobre lo público"


def assert_accessible(page, selectors: list[str]) -> None:
    """axe-core over the parts this test is about (the dialog, the trail, the notices)."""
    page.add_script_tag(content=AXE)
    found = page.evaluate(
        """async (selectors) => {
            const result = await axe.run({ include: selectors.map((s) => [s]) }, { resultTypes: ["violations"] });
            return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
        }""",
        selectors,
    )
    assert found == [], found


def open_page(browser, server, w, token, viewport, *, phone=False):
    """The room, in a context where axe-core may run (it is injected inline)."""
    ctx = browser.new_context(viewport=viewport, is_mobile=phone, has_touch=phone, bypass_csp=True)
    ctx.add_cookies([{"name": f"cocrea_s_{w['id']}", "value": token, "url": server.url}])
    page = ctx.new_page()
    page.goto(f"{server.url}/w/{w['id']}")
    expect(page.get_by_text("Conectado", exact=True)).to_be_visible(timeout=WAIT_MS)
    return ctx, page


def causes(tree: dict[str, Any]) -> list[dict[str, Any]]:
    return [n for n in tree["nodes"] if n["kind"] == "cause"]


def test_deleting_someone_elses_idea_is_confirmed_announced_and_restorable(
    browser, make_server, make_api, artifacts_dir
):
    server = make_server()
    api = make_api(server)
    w = api.create_workshop(problem_statement="Baja participación en las mesas")
    api.set_phase(w, "arbol_de_problemas")
    ana = api.join(w, "Ana", "sociedad_civil")
    beto = api.join(w, "Beto", "servicio_publico")
    ana_ctx, ana_page = open_page(browser, server, w, ana["token"], DESKTOP)
    beto_ctx, beto_page = open_page(browser, server, w, beto["token"], PHONE, phone=True)
    try:
        # The prefilled public problem is selected: typing replaces it.
        ana_page.get_by_role("button", name="Definir el problema central").first.click()
        ana_page.keyboard.type("Mesas sin participación")
        wait_until(
            lambda: [n["text"] for n in api.tree(w)["nodes"]] == ["Mesas sin participación"], "the problem replaced"
        )

        beto_page.get_by_role("button", name="Agregar causa directa").click()
        beto_page.locator("textarea:focus").type(CAUSE)
        wait_until(lambda: [n["text"] for n in causes(api.tree(w))] == [CAUSE], "Beto's cause stored")
        before = api.tree(w)
        assert len(before["edges"]) == 1

        # Ana's delete asks first; «Cancelar» keeps the idea.
        delete = ana_page.get_by_role("button", name=f"Eliminar «{CAUSE}»")
        delete.click()
        dialog = ana_page.get_by_role("alertdialog", name="¿Eliminar la idea de Beto?")
        expect(dialog).to_be_visible()
        expect(dialog).to_contain_text("cualquier persona de la mesa puede restaurarla")
        expect(dialog.get_by_role("button", name="Cancelar")).to_be_focused()
        ana_page.screenshot(path=str(artifacts_dir / "trail-confirm-desktop.png"))
        assert_accessible(ana_page, [".confirm-dialog"])
        dialog.get_by_role("button", name="Cancelar").click()
        expect(dialog).to_be_hidden()
        assert len(causes(api.tree(w))) == 1

        delete.click()
        dialog.get_by_role("button", name="Eliminar", exact=True).click()
        wait_until(lambda: causes(api.tree(w)) == [] and api.tree(w)["edges"] == [], "the cause deleted")

        # Beto is told, and the trail is there for everyone.
        expect(beto_page.locator(".author-notices")).to_contain_text(f"Ana eliminó tu idea «{CAUSE}».")
        expect(beto_page.locator(".tree-trail")).to_contain_text("Eliminado por Ana a las")
        expect(ana_page.locator(".tree-trail")).to_contain_text(CAUSE)
        expect(ana_page.locator(".author-notices")).to_have_count(0)
        fits_the_phone(beto_page)
        assert_accessible(beto_page, [".tree-trail", ".author-notices"])
        screenshot(beto_page, artifacts_dir / "trail-notice-phone.png")
        screenshot(ana_page, artifacts_dir / "trail-desktop.png")

        # Anyone restores it (here Beto, who did not delete it): it comes back
        # with its id, its author and its link, for everyone.
        beto_page.locator(".tree-trail").get_by_role("button", name=f"Restaurar «{CAUSE}»").click()
        wait_until(lambda: len(causes(api.tree(w))) == 1, "the cause restored")
        after = api.tree(w)
        assert causes(after)[0]["id"] == causes(before)[0]["id"]
        assert causes(after)[0]["created_by"] == beto["participant_id"]
        assert [(e["source"], e["target"]) for e in after["edges"]] == [
            (e["source"], e["target"]) for e in before["edges"]
        ]
        expect(ana_page.locator(".tree-trail")).to_have_count(0)
        expect(beto_page.locator(".author-notices")).to_have_count(0)
        ana_page.wait_for_function(
            "t => [...document.querySelectorAll('.gnode textarea')].some(e => e.value === t)", arg=CAUSE
        )
    finally:
        ana_ctx.close()
        beto_ctx.close()
