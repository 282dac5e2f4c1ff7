"""Sessions in a real browser: a private link for someone else asks before
it replaces who this browser is (and «volver a ser …» undoes it); the
facilitator revokes a participant from the presence list; a plan's editor
link asks the same way."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from server.auth import Sessions
from tests.server.test_plans_api import create_plan

pytestmark = pytest.mark.browser


def test_switching_identity_asks_and_revoking_closes_the_room(browser, make_server, make_api, artifacts_dir):
    server = make_server()
    api = make_api(server)
    w = api.create_workshop(facilitator_name="Fátima")
    eva = api.join(w, name="Eva")
    room = f"{server.url}/w/{w['id']}"
    fac_ctx, eva_ctx = browser.new_context(viewport={"width": 1280, "height": 900}), browser.new_context()
    try:
        fac, eva_page = fac_ctx.new_page(), eva_ctx.new_page()
        fac.goto(w["facilitator_url"])
        expect(fac.get_by_text("Participas como Fátima (facilitación).")).to_be_visible()

        # Eva's link opened in the facilitator's browser: asked, not switched.
        fac.goto(f"{room}?key={eva['token']}")
        expect(fac.get_by_role("heading", name="¿Cambiar de identidad en esta mesa?")).to_be_visible()
        fac.screenshot(path=artifacts_dir / "identity-switch.png")
        fac.get_by_role("button", name="Entrar como Eva").click()  # a form post from our page
        expect(fac.get_by_text("Participas como Eva (participante).")).to_be_visible()
        fac.get_by_role("button", name="Volver a ser Fátima").click()
        expect(fac.get_by_text("Participas como Fátima (facilitación).")).to_be_visible()

        # Eva, in her own browser, is revoked from the facilitator's presence list.
        eva_page.goto(f"{room}?key={eva['token']}")
        expect(eva_page.get_by_text("Conectado", exact=True)).to_be_visible()
        fac.once("dialog", lambda dialog: dialog.accept())
        fac.get_by_role("button", name="Revocar acceso de Eva").click()
        expect(eva_page.get_by_text("Tu sesión no es válida; vuelve a unirte.")).to_be_visible()
        expect(fac.get_by_role("button", name="Revocar acceso de Eva")).to_have_count(0)
    finally:
        fac_ctx.close()
        eva_ctx.close()


def test_a_plans_editor_link_asks_before_switching_editor(browser, make_server, make_api, artifacts_dir):
    secret = "plan-identity-browser-secret"
    server = make_server(secret_key=secret)
    api = make_api(server)
    w = api.create_workshop()
    plan, mine = create_plan(api, w, title="Plan de Toluca")
    theirs = Sessions(secret).issue_plan_editor(plan["id"], "editor-0123456789ab")
    mine_id = Sessions(secret).read_plan_editor(mine).editor_id
    page_url = f"{server.url}/planes/{plan['id']}"
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = ctx.new_page()
        page.goto(f"{page_url}?clave={mine}")
        page.goto(f"{page_url}?clave={theirs}")
        expect(page.get_by_role("heading", name="¿Cambiar de enlace de edición en este plan?")).to_be_visible()
        page.screenshot(path=artifacts_dir / "plan-identity-switch.png")
        page.set_viewport_size({"width": 360, "height": 740})
        page.screenshot(path=artifacts_dir / "plan-identity-switch-phone.png")
        page.get_by_role("button", name="Editar con editor-0123456789ab").click()
        restore = page.get_by_role("button", name=f"Volver a editar con {mine_id}")
        expect(restore).to_be_visible()
        page.screenshot(path=artifacts_dir / "plan-previous-editor-phone.png")
        page.set_viewport_size({"width": 1280, "height": 900})
        page.screenshot(path=artifacts_dir / "plan-previous-editor.png")
        restore.click()
        expect(page.get_by_text("Antes editabas este plan con el enlace editor-0123456789ab")).to_be_visible()
    finally:
        ctx.close()
