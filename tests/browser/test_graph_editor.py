"""The graph editor in headless Chromium: build seed 003's problem tree with
clicks and drags, see it from a second participant's page and over HTTP,
undo per person, read-only rooms, touch pan and pinch, and screenshots."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from tests.support.live_server import LiveServer
from workshops.demo import DEMO_CAUSES, DEMO_EFFECTS, DEMO_PROBLEM

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1280, "height": 900}
WAIT_MS = 10_000


def open_room(
    browser: Browser,
    server: LiveServer,
    workshop: dict[str, Any],
    token: str,
    view: str,
    viewport: dict[str, int] = DESKTOP,
    phone: bool = False,
) -> tuple[BrowserContext, Page]:
    """A participant's room page, signed in by the session cookie the join page would set."""
    ctx = browser.new_context(viewport=viewport, is_mobile=phone, has_touch=phone)
    ctx.add_cookies([{"name": f"cocrea_s_{workshop['id']}", "value": token, "url": server.url}])
    # The first visit's choice of view; later loads keep what the page stored.
    ctx.add_init_script(f"localStorage.getItem('cocrea.treeView') || localStorage.setItem('cocrea.treeView', '{view}')")
    page = ctx.new_page()
    page.goto(f"{server.url}/w/{workshop['id']}")
    expect(page.get_by_text("Conectado", exact=True)).to_be_visible()
    return ctx, page


def wait_until(check: Callable[[], bool], what: str, timeout: float = 10.0, page: Page | None = None) -> None:
    """Polls ``check``. A check that reads what a Playwright handler collects
    (``page.route``, ``page.on``) passes ``page``: sync Playwright runs
    handlers only inside its own calls, so the wait is ``page.wait_for_timeout``
    (a ``time.sleep`` would hold them back until the timeout)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        if page is None:
            time.sleep(0.1)
        else:
            page.wait_for_timeout(100)
    raise AssertionError(f"timed out waiting for {what}")


def graph_node(page: Page, text: str) -> Locator:
    node_id = page.wait_for_function(
        """t => {
            const field = [...document.querySelectorAll('.gnode textarea')].find(e => e.value === t);
            return field && field.closest('.gnode').dataset.nodeId;
        }""",
        arg=text,
        timeout=WAIT_MS,
    ).json_value()
    return page.locator(f'.gnode[data-node-id="{node_id}"]')


def node_id_of(node: Locator) -> str:
    value = node.get_attribute("data-node-id")
    assert value
    return value


def settle(page: Page) -> None:
    """Lets a text change reach the layout (it re-lays out on the next frame) before measuring."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def drag(page: Page, start: Locator, end: Locator) -> None:
    settle(page)
    a = start.bounding_box()
    b = end.bounding_box()
    assert a and b
    page.mouse.move(a["x"] + a["width"] / 2, a["y"] + a["height"] / 2)
    page.mouse.down()
    page.mouse.move(b["x"] + b["width"] / 2, b["y"] + b["height"] / 3, steps=8)
    page.mouse.up()


def click_edge(page: Page, source: str, target: str) -> None:
    """Clicks a link on its stroke, at the first point from the cause's end where nothing covers it."""
    settle(page)
    point = page.evaluate(
        """([s, t]) => {
            const path = document.querySelector(`path.gedge-hit[data-source="${s}"][data-target="${t}"]`);
            const m = path.getScreenCTM();
            for (let at = 0; at < path.getTotalLength(); at += 2) {
                const p = path.getPointAtLength(at);
                const x = m.a * p.x + m.c * p.y + m.e, y = m.b * p.x + m.d * p.y + m.f;
                if (document.elementFromPoint(x, y) === path) return {x, y};
            }
            return null;
        }""",
        [source, target],
    )
    assert point, "the link is covered everywhere"
    page.mouse.click(point["x"], point["y"])


def background_point(page: Page, width: int) -> tuple[float, float]:
    """A point of the graph's background with `width` px of background either side."""
    point = page.evaluate(
        """w => {
            const viewport = document.querySelector('.graph-viewport');
            const r = viewport.getBoundingClientRect();
            const free = (x, y) => document.elementFromPoint(x, y) === viewport;
            for (let y = r.top + 10; y < Math.min(r.bottom, innerHeight) - 10; y += 10) {
                for (let x = r.left + w + 5; x < r.right - w - 5; x += 10) {
                    let ok = true;
                    for (let dx = -w; dx <= w && ok; dx += 5) ok = free(x + dx, y);
                    if (ok) return [x, y];
                }
            }
            return null;
        }""",
        width,
    )
    assert point, "no free background in the graph"
    return point[0], point[1]


def type_new_text(page: Page, text: str) -> None:
    field = page.locator(".gnode textarea:focus")
    expect(field).to_have_count(1)
    field.fill(text)


def tree_shape(tree: dict[str, Any]) -> tuple[Counter[str], set[tuple[str, str]]]:
    nodes = {n["id"]: n for n in tree["nodes"]}
    kinds = Counter(n["kind"] for n in tree["nodes"])
    links = {(nodes[e["source"]]["text"], nodes[e["target"]]["text"]) for e in tree["edges"]}
    return kinds, links


SEED_LINKS = {(c, DEMO_PROBLEM) for c in DEMO_CAUSES} | {(DEMO_PROBLEM, e) for e in DEMO_EFFECTS}


def is_seed_tree(tree: dict[str, Any]) -> bool:
    kinds, links = tree_shape(tree)
    return kinds == Counter(problem=1, cause=4, effect=2) and links == SEED_LINKS and len(tree["edges"]) == 6


def test_graph_editor_builds_the_seed_tree(browser, make_server, make_api, artifacts_dir):
    server = make_server()
    api = make_api(server)
    w = api.create_workshop(title="Cultura de Gobierno Abierto", problem_statement=DEMO_PROBLEM)
    api.set_phase(w, "arbol_de_problemas")
    ana = api.join(w, "Ana", "sociedad_civil")
    luis = api.join(w, "Luis", "servicio_publico")
    ana_ctx, page = open_room(browser, server, w, ana["token"], "graph")
    luis_ctx, other = open_room(browser, server, w, luis["token"], "outline")
    try:
        expect(page.get_by_role("button", name="Grafo")).to_have_attribute("aria-pressed", "true")
        # The central problem, prefilled with the workshop's problem statement.
        page.get_by_role("button", name="Definir el problema central").click()
        problem = graph_node(page, DEMO_PROBLEM)
        problem_id = node_id_of(problem)

        # Cause 1 from the toolbar, cause 2 from the problem's own "+".
        page.get_by_role("button", name="Agregar causa directa").click()
        type_new_text(page, DEMO_CAUSES[0])
        problem.get_by_role("button", name="Agregar una causa de «Desarticulación", exact=False).click()
        type_new_text(page, DEMO_CAUSES[1])

        # Cause 3: unlinked by removing its link, then linked again by a drag
        # from its top handle onto the problem.
        page.get_by_role("button", name="Agregar causa directa").click()
        type_new_text(page, DEMO_CAUSES[2])
        cause3 = graph_node(page, DEMO_CAUSES[2])
        click_edge(page, node_id_of(cause3), problem_id)
        page.get_by_role("button", name="Quitar vínculo").click()
        expect(page.locator(f'path.gedge-hit[data-source="{node_id_of(cause3)}"]')).to_have_count(0)
        expect(page.locator(".tree-status")).to_contain_text("Se quitó el vínculo")
        drag(page, cause3.locator(".ghandle--source"), problem)
        expect(page.locator(f'path.gedge-hit[data-source="{node_id_of(cause3)}"]')).to_have_count(1)

        # Cause 4 starts as an indirect cause of cause 1; dragging its link's
        # consequence end onto the problem re-links it.
        cause1 = graph_node(page, DEMO_CAUSES[0])
        cause1.get_by_role("button", name="Agregar una causa indirecta de", exact=False).click()
        type_new_text(page, DEMO_CAUSES[3])
        cause4 = graph_node(page, DEMO_CAUSES[3])
        expect(cause4.locator(".gnode-kind")).to_have_text("Causa indirecta")
        click_edge(page, node_id_of(cause4), node_id_of(cause1))
        drag(page, page.locator('.ggrip[data-grip="target"]'), problem)
        expect(
            page.locator(f'path.gedge-hit[data-source="{node_id_of(cause4)}"][data-target="{problem_id}"]')
        ).to_have_count(1)
        expect(cause4.locator(".gnode-kind")).to_have_text("Causa directa")

        # Effects: from the toolbar and from the problem's "+" above.
        page.get_by_role("button", name="Agregar efecto directo").click()
        type_new_text(page, DEMO_EFFECTS[0])
        problem.get_by_role("button", name="Agregar un efecto de «Desarticulación", exact=False).click()
        type_new_text(page, DEMO_EFFECTS[1])

        # An effect cannot cause a cause: refused with a message, nothing written.
        effect1 = graph_node(page, DEMO_EFFECTS[0])
        drag(page, effect1.locator(".ghandle--target"), graph_node(page, DEMO_CAUSES[1]))
        expect(page.locator(".tree-status")).to_contain_text("Vínculo no válido")
        expect(page.locator("path.gedge-hit")).to_have_count(6)

        # A node added by mistake is deleted (and the status offers to undo it).
        page.get_by_role("button", name="Agregar causa directa").click()
        type_new_text(page, "Idea repetida")
        graph_node(page, "Idea repetida").get_by_role("button", name="Eliminar «Idea repetida»").click()
        expect(page.locator(".tree-status")).to_contain_text("Se eliminó «Idea repetida»")
        expect(page.locator(".tree-status").get_by_role("button", name="Deshacer")).to_be_visible()
        expect(page.locator(".gnode")).to_have_count(7)
        expect(page.get_by_text("Guardado", exact=True)).to_be_visible()

        # The server has seed 003's tree, with no error in its checks.
        wait_until(lambda: is_seed_tree(api.tree(w)), "the seed tree on the server")
        assert [c for c in api.tree(w)["checks"] if c["severity"] == "error"] == []

        # Luis sees every text live in his outline.
        for text in (DEMO_PROBLEM, *DEMO_CAUSES, *DEMO_EFFECTS):
            other.wait_for_function(
                "t => [...document.querySelectorAll('textarea')].some(e => e.value === t)", arg=text, timeout=WAIT_MS
            )
        expect(other.locator('[role="treeitem"]')).to_have_count(7)

        page.get_by_role("button", name="Ver todo").click()
        page.locator(".graph-viewport").focus()
        page.keyboard.press("Escape")
        expect(page.get_by_role("button", name="Quitar vínculo")).to_have_count(0)
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=artifacts_dir / "graph-desktop.png", full_page=True)

        # Luis switches to the graph: the same tree, and his choice is remembered.
        other.get_by_role("button", name="Grafo").click()
        expect(other.locator(".gnode")).to_have_count(7)
        expect(other.locator("path.gedge-line")).to_have_count(6)
        other.reload()
        expect(other.locator(".gnode")).to_have_count(7)
        expect(other.get_by_role("button", name="Grafo")).to_have_attribute("aria-pressed", "true")
    finally:
        ana_ctx.close()
        luis_ctx.close()


def test_phone_graph_pans_and_pinches_and_read_only_hides_editing(browser, make_server, make_api, artifacts_dir):
    server = make_server()
    api = make_api(server)
    w = api.create_workshop(problem_statement=DEMO_PROBLEM)
    api.set_phase(w, "arbol_de_problemas")
    ana = api.join(w, "Ana", "sociedad_civil")
    desk_ctx, desk = open_room(browser, server, w, ana["token"], "graph")
    phone_ctx, phone = open_room(browser, server, w, ana["token"], "graph", PHONE, phone=True)
    try:
        desk.get_by_role("button", name="Definir el problema central").click()
        graph_node(desk, DEMO_PROBLEM)
        for text in DEMO_CAUSES:
            desk.get_by_role("button", name="Agregar causa directa").click()
            type_new_text(desk, text)
        for text in DEMO_EFFECTS:
            desk.get_by_role("button", name="Agregar efecto directo").click()
            type_new_text(desk, text)
        expect(phone.locator(".gnode")).to_have_count(7)
        graph_node(phone, DEMO_EFFECTS[1])
        settle(phone)
        phone.screenshot(path=artifacts_dir / "graph-phone.png", full_page=True)

        canvas = phone.locator(".graph-canvas")
        scale = "el => new DOMMatrix(getComputedStyle(el).transform).a"
        offset = "el => new DOMMatrix(getComputedStyle(el).transform).e"
        phone.locator(".graph-viewport").scroll_into_view_if_needed()
        cx, cy = background_point(phone, 75)
        cdp = phone_ctx.new_cdp_session(phone)

        def touch(kind: str, points: list[tuple[float, float]]) -> None:
            cdp.send(
                "Input.dispatchTouchEvent",
                {"type": kind, "touchPoints": [{"x": x, "y": y, "id": i} for i, (x, y) in enumerate(points)]},
            )

        # One finger on the background pans.
        x0 = canvas.evaluate(offset)
        touch("touchStart", [(cx, cy)])
        for step in range(1, 6):
            touch("touchMove", [(cx + step * 12, cy)])
        touch("touchEnd", [])
        assert canvas.evaluate(offset) == pytest.approx(x0 + 60, abs=2)

        # Two fingers moving apart zoom in.
        k0 = canvas.evaluate(scale)
        touch("touchStart", [(cx - 20, cy), (cx + 20, cy)])
        for step in range(1, 6):
            touch("touchMove", [(cx - 20 - step * 10, cy), (cx + 20 + step * 10, cy)])
        touch("touchEnd", [])
        assert canvas.evaluate(scale) == pytest.approx(k0 * 140 / 40, rel=0.05)

        # Closing the tree makes the graph read-only: no handles, no add or delete, text locked.
        assert api.set_phase(w, "alternativas").status_code == 200
        expect(desk.get_by_text("El árbol es de solo lectura", exact=False)).to_be_visible()
        expect(desk.locator(".ghandle")).to_have_count(0)
        expect(desk.locator(".gnode-add, .gnode-delete")).to_have_count(0)
        expect(desk.get_by_role("button", name="Agregar causa directa")).to_have_count(0)
        expect(desk.get_by_role("button", name="Deshacer")).to_have_count(0)
        assert all(desk.locator(".gnode textarea").evaluate_all("els => els.map(e => e.readOnly)"))
    finally:
        desk_ctx.close()
        phone_ctx.close()


def test_my_undo_never_undoes_your_edit(browser, make_server, make_api):
    server = make_server()
    api = make_api(server)
    w = api.create_workshop(problem_statement="Problema")
    api.set_phase(w, "arbol_de_problemas")
    ana = api.join(w, "Ana", "sociedad_civil")
    luis = api.join(w, "Luis", "servicio_publico")
    ana_ctx, a = open_room(browser, server, w, ana["token"], "graph")
    luis_ctx, b = open_room(browser, server, w, luis["token"], "graph")
    try:
        a.get_by_role("button", name="Definir el problema central").click()
        ana_problem = graph_node(a, "Problema")
        luis_problem = graph_node(b, "Problema")

        # Luis adds a cause; both type in the central problem at once and the
        # texts merge character by character.
        b.get_by_role("button", name="Agregar causa directa").click()
        type_new_text(b, "Causa de Luis")
        ana_field = ana_problem.locator("textarea")
        luis_field = luis_problem.locator("textarea")
        ana_field.click()
        a.keyboard.press("End")
        luis_field.click()
        b.keyboard.press("Home")
        a.keyboard.type(" grave")
        b.keyboard.type("Un ")
        for page in (a, b):
            expect(page.locator(".gnode--problem textarea")).to_have_value("Un Problema grave")
        # Presence: each sees the other editing the problem.
        expect(ana_problem.locator(".editing-tag")).to_have_text("✎ Luis")

        # Ana's Ctrl+Z takes back her " grave", not Luis's "Un " nor his cause.
        a.keyboard.press("Control+z")
        for page in (a, b):
            expect(page.locator(".gnode--problem textarea")).to_have_value("Un Problema")
            expect(page.locator(".gnode")).to_have_count(2)
        # Redo brings it back; then the Deshacer button undoes it again.
        a.keyboard.press("Control+Shift+z")
        expect(b.locator(".gnode--problem textarea")).to_have_value("Un Problema grave")
        a.get_by_role("button", name="Deshacer", exact=True).click()
        expect(b.locator(".gnode--problem textarea")).to_have_value("Un Problema")

        # Luis's undo takes back his own typing, then his cause: never Ana's problem.
        luis_field.click()
        b.keyboard.press("Control+z")
        expect(a.locator(".gnode--problem textarea")).to_have_value("Problema")
        b.get_by_role("button", name="Deshacer", exact=True).click()
        b.get_by_role("button", name="Deshacer", exact=True).click()
        expect(a.locator(".gnode")).to_have_count(1)
        expect(b.get_by_role("button", name="Deshacer", exact=True)).to_be_disabled()
        wait_until(
            lambda: [(n["kind"], n["text"]) for n in api.tree(w)["nodes"]] == [("problem", "Problema")],
            "only Ana's problem on the server",
        )
    finally:
        ana_ctx.close()
        luis_ctx.close()
