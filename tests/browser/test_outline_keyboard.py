"""The outline with the keyboard only: a WAI-ARIA tree (roving tab stop,
levels, expanded state) in which seed 003's problem tree is typed, indented,
outdented, deleted and restored without touching the mouse."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_graph_editor import DESKTOP, PHONE, is_seed_tree, open_room, wait_until
from workshops.demo import DEMO_CAUSES, DEMO_EFFECTS, DEMO_PROBLEM

pytestmark = pytest.mark.browser

MAX_TABS = 60


def tab_to(page: Page, name: str, backwards: bool = False) -> None:
    """Presses Tab (or Shift+Tab) until the button called `name` has the focus."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        if page.evaluate("() => document.activeElement.textContent.trim()") == name:
            return
    raise AssertionError(f"Tab never reached {name!r}")


# What an item shows first, «kind: text»: its own kind label and its text field
# (not its children's, nested in its group).
ITEM_LABEL = """(e) => {
    const card = e && e.querySelector(':scope > .node-card');
    if (!card) return '';
    const field = card.querySelector('.node-text');
    const text = field && 'value' in field ? field.value : (field ? field.textContent : '');
    return `${card.querySelector('.node-kind').textContent.trim()}: ${text}`;
}"""


def focused_label(page: Page) -> str:
    return str(page.evaluate(f"() => ({ITEM_LABEL})(document.activeElement)"))


def focused_item(page: Page, label_start: str) -> None:
    page.wait_for_function(
        f"""s => {{
            const e = document.activeElement;
            return e.getAttribute('role') === 'treeitem' && ({ITEM_LABEL})(e).startsWith(s);
        }}""",
        arg=label_start,
        timeout=5_000,
    )


def focused_name(page: Page) -> str:
    """The focused element's accessible name as Chromium gives it to screen readers."""
    cdp = page.context.new_cdp_session(page)
    try:
        found = cdp.send("Runtime.evaluate", {"expression": "document.activeElement"})
        tree = cdp.send(
            "Accessibility.getPartialAXTree", {"objectId": found["result"]["objectId"], "fetchRelatives": False}
        )
        return str(tree["nodes"][0].get("name", {}).get("value", ""))
    finally:
        cdp.detach()


def type_in_new_item(page: Page, text: str) -> None:
    field = page.locator("textarea:focus")
    expect(field).to_have_count(1)
    expect(field).to_have_value("")
    page.keyboard.type(text)
    page.keyboard.press("Escape")
    focused_item(page, "Causa" if text in DEMO_CAUSES else "Efecto")


def edge_pairs(api, w) -> set[tuple[str, str]]:
    tree = api.tree(w)
    texts = {n["id"]: n["text"] for n in tree["nodes"]}
    return {(texts[e["source"]], texts[e["target"]]) for e in tree["edges"]}


def test_outline_is_built_with_the_keyboard_only(browser, make_server, make_api, artifacts_dir):
    server = make_server()
    api = make_api(server)
    w = api.create_workshop(title="Cultura de Gobierno Abierto", problem_statement=DEMO_PROBLEM)
    api.set_phase(w, "arbol_de_problemas")
    ana = api.join(w, "Ana", "sociedad_civil")
    ctx, page = open_room(browser, server, w, ana["token"], "outline")
    try:
        expect(page.get_by_role("button", name="Esquema")).to_have_attribute("aria-pressed", "true")
        # The short help of the keys is on screen.
        expect(page.locator(".outline-keys")).to_contain_text("Alt+→")

        # The central problem, prefilled with the workshop's statement; Escape leaves its text.
        tab_to(page, "Definir el problema central")
        page.keyboard.press("Enter")
        expect(page.locator("textarea:focus")).to_have_value(DEMO_PROBLEM)
        page.keyboard.press("Escape")
        focused_item(page, "Problema central:")
        expect(page.locator('[role="treeitem"][tabindex="0"]')).to_have_count(1)

        # Ctrl+Enter adds a cause under the problem; Shift+Enter adds the next at the same level.
        page.keyboard.press("Control+Enter")
        type_in_new_item(page, DEMO_CAUSES[0])
        for text in DEMO_CAUSES[1:]:
            page.keyboard.press("Shift+Enter")
            type_in_new_item(page, text)
        causes = page.get_by_role("tree", name="Causas")
        expect(causes.get_by_role("treeitem")).to_have_count(4)
        expect(causes.locator('[role="treeitem"][aria-level="1"]')).to_have_count(4)

        # Alt+→ hangs cause 4 from cause 3 (an indirect cause); Alt+← brings it back.
        page.keyboard.press("Alt+ArrowRight")
        focused_item(page, f"Causa indirecta: {DEMO_CAUSES[3][:40]}")
        assert page.evaluate("() => document.activeElement.getAttribute('aria-level')") == "2"
        parent = causes.locator('[role="treeitem"][aria-expanded="true"]')
        expect(parent).to_have_count(1)
        assert parent.evaluate(ITEM_LABEL) == f"Causa directa: {DEMO_CAUSES[2]}"
        wait_until(lambda: (DEMO_CAUSES[3], DEMO_CAUSES[2]) in edge_pairs(api, w), "cause 4 under cause 3")
        # ← on a child goes to its parent, → back into it.
        page.keyboard.press("ArrowLeft")
        focused_item(page, f"Causa directa: {DEMO_CAUSES[2][:40]}")
        # What a screen reader says of it: its kind and whole text first, then
        # what else it shows, and not its child's text (its name is its content).
        name = focused_name(page)
        # (The kind label is shown in capitals, and so it comes in the name.)
        assert name.lower().startswith(f"causa directa {DEMO_CAUSES[2]}".lower()), name
        assert DEMO_CAUSES[3] not in name, name
        page.keyboard.press("ArrowRight")
        focused_item(page, f"Causa indirecta: {DEMO_CAUSES[3][:40]}")
        page.keyboard.press("Alt+ArrowLeft")
        focused_item(page, f"Causa directa: {DEMO_CAUSES[3][:40]}")
        expect(page.locator(".tree-status")).to_contain_text("Subió un nivel")
        # A direct cause cannot go higher: a message, nothing changes.
        page.keyboard.press("Alt+ArrowLeft")
        expect(page.locator(".tree-status")).to_contain_text("No puede subir más")

        # Enter edits the focused item; arrows move between items.
        page.keyboard.press("ArrowUp")
        focused_item(page, f"Causa directa: {DEMO_CAUSES[2][:40]}")
        page.keyboard.press("Enter")
        expect(page.locator("textarea:focus")).to_have_value(DEMO_CAUSES[2])
        page.keyboard.press("Escape")
        page.keyboard.press("End")
        focused_item(page, f"Causa directa: {DEMO_CAUSES[3][:40]}")

        # Delete removes an idea; Ctrl+Z brings it back; Delete again.
        page.keyboard.press("Shift+Enter")
        expect(page.locator("textarea:focus")).to_have_value("")
        page.keyboard.type("Idea para borrar")
        page.keyboard.press("Escape")
        page.keyboard.press("Delete")
        expect(page.locator(".tree-status")).to_contain_text("Se eliminó «Idea para borrar»")
        expect(causes.get_by_role("treeitem")).to_have_count(4)
        page.keyboard.press("Control+z")
        expect(causes.get_by_role("treeitem")).to_have_count(5)
        page.keyboard.press("End")
        focused_item(page, "Causa directa: Idea para borrar")
        page.keyboard.press("Delete")
        expect(causes.get_by_role("treeitem")).to_have_count(4)

        # Effects: from the problem, Shift+Tab reaches «Agregar efecto directo».
        page.keyboard.press("Home")
        focused_item(page, "Problema central:")
        tab_to(page, "Agregar efecto directo", backwards=True)
        page.keyboard.press("Enter")
        type_in_new_item(page, DEMO_EFFECTS[0])
        page.keyboard.press("Shift+Enter")
        type_in_new_item(page, DEMO_EFFECTS[1])
        expect(page.get_by_role("tree", name="Efectos").get_by_role("treeitem")).to_have_count(2)
        expect(page.get_by_text("Guardado", exact=True)).to_be_visible()

        wait_until(lambda: is_seed_tree(api.tree(w)), "the seed tree on the server")
        assert [c for c in api.tree(w)["checks"] if c["severity"] == "error"] == []

        # One tab stop for the whole outline (roving tabindex).
        expect(page.locator('[role="treeitem"][tabindex="0"]')).to_have_count(1)
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=artifacts_dir / "outline-desktop.png", full_page=True)
        assert focused_label(page).startswith("Efecto directo:")

        phone_ctx, phone = open_room(browser, server, w, ana["token"], "outline", PHONE, phone=True)
        try:
            expect(phone.locator('[role="treeitem"]')).to_have_count(7)
            phone.screenshot(path=artifacts_dir / "outline-phone.png", full_page=True)
        finally:
            phone_ctx.close()
    finally:
        ctx.close()


def test_read_only_outline_moves_but_does_not_edit(browser, make_server, make_api):
    server = make_server()
    api = make_api(server)
    w = api.create_workshop(problem_statement=DEMO_PROBLEM)
    api.set_phase(w, "arbol_de_problemas")
    ana = api.join(w, "Ana", "sociedad_civil")
    ctx, page = open_room(browser, server, w, ana["token"], "outline", DESKTOP)
    try:
        tab_to(page, "Definir el problema central")
        page.keyboard.press("Enter")
        page.keyboard.press("Escape")
        page.keyboard.press("Control+Enter")
        page.keyboard.type("Una causa")
        page.keyboard.press("Escape")
        assert api.set_phase(w, "alternativas").status_code == 200
        expect(page.get_by_text("El árbol es de solo lectura", exact=False)).to_be_visible()
        expect(page.locator(".outline-keys")).not_to_contain_text("Alt+→")

        page.locator('[role="treeitem"][tabindex="0"]').focus()
        page.keyboard.press("Home")
        focused_item(page, "Problema central:")
        for key in ("Control+Enter", "Shift+Enter", "Delete"):
            page.keyboard.press(key)
        page.keyboard.press("ArrowDown")
        focused_item(page, "Causa directa: Una causa")
        page.keyboard.press("Alt+ArrowRight")
        page.keyboard.press("Delete")
        expect(page.locator('[role="treeitem"]')).to_have_count(2)
        assert all(page.locator("textarea").evaluate_all("els => els.map(e => e.readOnly)"))
        assert sorted(n["text"] for n in api.tree(w)["nodes"]) == [DEMO_PROBLEM, "Una causa"]
    finally:
        ctx.close()
