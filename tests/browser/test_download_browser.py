"""Export downloads in the page (static/src/download.js, download-links.jsx):
a tree past the PNG limit (200 elements) is refused with the server's 422;
the room says so next to the links, in its language, stays where it was, and
offers the formats that do take the tree, which download; while a render runs
the link says so and takes no second click; axe passes in both states. Screenshots at 1280 and 360 px."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, Route, expect

from server.render_pool import LIMITS, SUBJECT_TREE
from tests.browser.test_accessibility import AXE
from tests.browser.test_graph_editor import DESKTOP, PHONE, wait_until

pytestmark = pytest.mark.browser

PNG_LIMIT = LIMITS[SUBJECT_TREE]["png"].items
PROBLEM = "Falta de participación ciudadana en los ejercicios de gobierno abierto"


# axe on the downloads alone (the outline's own findings are not this test's).
RUN_AXE = """async () => {
  const result = await axe.run(".tree-downloads", { resultTypes: ["violations"] });
  return result.violations.map((v) => ({ rule: v.id, where: v.nodes.map((n) => n.target.join(" ")) }));
}"""


def assert_accessible(page: Page, what: str) -> None:
    page.add_script_tag(content=AXE)
    found = page.evaluate(RUN_AXE)
    assert found == [], f"{what}: {found}"


def seed_big_tree(api: Any, w: dict[str, Any], nodes: int) -> None:
    """A problem with ``nodes - 1`` causes, through the import route."""
    tree_nodes = [{"id": "p", "kind": "problem", "text": PROBLEM}]
    tree_nodes += [{"id": f"c{i}", "kind": "cause", "text": f"Causa número {i}"} for i in range(1, nodes)]
    edges = [{"id": f"l{i}", "source": f"c{i}", "target": "p"} for i in range(1, nodes)]
    body = json.dumps({"schema": "cocrea.tree/1", "nodes": tree_nodes, "edges": edges})
    r = api.http.post(
        f"/api/workshops/{w['id']}/tree/import",
        content=body,
        headers={"Authorization": f"Bearer {w['facilitator_token']}", "Content-Type": "application/json"},
    )
    assert r.status_code == 200, r.text


@pytest.mark.parametrize(
    ("viewport", "phone", "lang"), [(DESKTOP, False, "es"), (PHONE, True, "en")], ids=["1280-es", "360-en"]
)
def test_a_refused_png_is_said_in_the_page_and_svg_downloads(
    browser, make_server, make_api, artifacts_dir: Path, tmp_path: Path, viewport, phone, lang
):
    server = make_server()
    api = make_api(server)
    w = api.create_workshop(problem_statement=PROBLEM)
    api.set_phase(w, "arbol_de_problemas")
    seed_big_tree(api, w, PNG_LIMIT + 1)
    ana = api.join(w, "Ana", "sociedad_civil")
    # The pages send a strict CSP; axe is injected as a script the page did not ask for.
    ctx = browser.new_context(viewport=viewport, is_mobile=phone, has_touch=phone, bypass_csp=True)
    ctx.add_cookies([{"name": f"cocrea_s_{w['id']}", "value": ana["token"], "url": server.url}])
    ctx.add_init_script("localStorage.setItem('cocrea.treeView', 'outline')")
    page = ctx.new_page()
    try:
        page.goto(f"{server.url}/w/{w['id']}?lang={lang}")
        expect(page.get_by_text({"es": "Conectado", "en": "Connected"}[lang], exact=True)).to_be_visible()
        address = page.url
        downloads = page.locator(".tree-downloads")
        png = downloads.get_by_role("link", name="PNG")
        png.scroll_into_view_if_needed()
        png.click()
        problem = downloads.locator(".download-problem")
        said = {
            "es": f"El árbol es demasiado grande para PNG: tiene {PNG_LIMIT + 1} elementos",
            "en": f"The tree is too big for PNG: it has {PNG_LIMIT + 1} elements",
        }[lang]
        expect(problem).to_contain_text(said)
        expect(downloads.get_by_role("status")).to_contain_text(said)
        # The page did not go anywhere: same address, the room still there, no new tab.
        assert page.url == address
        assert len(ctx.pages) == 1
        expect(page.locator(".tree-export")).to_be_visible()
        alternatives = problem.get_by_role("button")
        expect(alternatives).to_have_text(["SVG", "JSON"])
        assert_accessible(page, f"the room with a refused download ({lang})")
        problem.scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts_dir / f"download-refused-{viewport['width']}.png"), full_page=False)

        # The SVG renders: held at the network until the busy state is seen.
        held: list[Route] = []
        page.route("**/tree/export/svg*", lambda route: held.append(route))
        alternatives.get_by_text("SVG").click()
        wait_until(lambda: bool(held), "the SVG request", page=page)
        svg_link = downloads.locator('a[data-format="svg"]')
        expect(svg_link).to_have_attribute("aria-busy", "true")
        expect(downloads.locator('a[data-format="json"]')).to_have_attribute("aria-disabled", "true")
        expect(downloads.get_by_role("status")).to_contain_text({"es": "Generando SVG", "en": "Making SVG"}[lang])
        if lang == "es":
            page.screenshot(path=str(artifacts_dir / "download-busy-1280.png"), full_page=False)
            assert_accessible(page, "the room while a download renders")
        svg_link.click(force=True)  # a second click while it renders asks nothing more
        with page.expect_download() as info:
            held[0].continue_()
        assert len(held) == 1
        download = info.value
        assert download.suggested_filename.endswith(".svg")
        download.save_as(tmp_path / "tree.svg")
        assert "Causa número 200" in (tmp_path / "tree.svg").read_text(encoding="utf-8")
        expect(problem).to_have_count(0)
        expect(svg_link).not_to_have_attribute("aria-busy", "true")
        assert page.url == address
    finally:
        ctx.close()
