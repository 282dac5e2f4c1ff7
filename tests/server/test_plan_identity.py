"""A plan's private editor link (``/planes/<id>?clave=``) never silently
replaces the editor identity a browser holds for that plan (issue 11, item
10, as for workshops in test_api_hardening.py): it asks, a same-origin POST
switches, and the previous identity can be restored."""

from __future__ import annotations

import httpx

from server.auth import Sessions
from tests.server.test_plans_api import create_plan

SECRET = "plan-identity-test-secret"


def test_an_editor_link_asks_before_replacing_the_browsers_editor_identity(make_server, make_api):
    api = make_api(make_server(secret_key=SECRET))
    w = api.create_workshop()
    plan, mine = create_plan(api, w, title="Plan de Toluca")
    # Another editor of the same plan (the signed token any editor link carries).
    theirs = Sessions(SECRET).issue_plan_editor(plan["id"], "editor-0123456789ab")
    page, cookie, previous = f"/planes/{plan['id']}", f"cocrea_p_{plan['id']}", f"cocrea_pprev_{plan['id']}"
    origin = {"Origin": api.server.url}
    with httpx.Client(base_url=api.server.url, timeout=10) as browser:
        assert browser.get(f"{page}?clave={mine}", follow_redirects=True).status_code == 200
        mine_id = Sessions(SECRET).read_plan_editor(mine).editor_id
        r = browser.get(f"{page}?clave={theirs}", follow_redirects=False)
        assert r.status_code == 200 and "set-cookie" not in r.headers
        assert mine_id in r.text and "editor-0123456789ab" in r.text
        assert r.headers["cache-control"] == "no-store"
        assert browser.cookies[cookie] == mine
        # Only an explicit, same-origin POST switches (a cross-site form cannot).
        for headers in ({}, {"Origin": "https://evil.example"}, {"Sec-Fetch-Site": "cross-site"}):
            r = browser.post(f"{page}/identity", data={"key": theirs}, headers=headers)
            assert r.status_code == 403 and "set-cookie" not in r.headers
        r = browser.post(f"{page}/identity", data={"key": "forged"}, headers=origin)
        assert r.status_code == 401 and browser.cookies[cookie] == mine
        r = browser.post(f"{page}/identity", data={"key": theirs}, headers=origin, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == page
        assert browser.cookies[cookie] == theirs and browser.cookies[previous] == mine
        # The editor page offers to be the previous editor again; that swaps the two.
        text = browser.get(page).text
        assert 'value="restore"' in text and mine_id in text
        r = browser.post(f"{page}/identity", data={"action": "restore"}, headers=origin, follow_redirects=False)
        assert r.status_code == 303
        assert browser.cookies[cookie] == mine and browser.cookies[previous] == theirs
    # English too.
    with api.browser_like({cookie: mine}) as browser:
        r = browser.get(f"{page}?clave={theirs}&lang=en", follow_redirects=False)
        assert r.status_code == 200 and "Switch" in r.text


def test_an_editor_link_in_a_browser_without_one_or_with_the_same_just_signs_in(api):
    w = api.create_workshop()
    plan, token = create_plan(api, w)
    r = api.http.get(f"/planes/{plan['id']}?clave={token}", follow_redirects=False)
    assert r.status_code == 303 and r.cookies.get(f"cocrea_p_{plan['id']}") == token
    with api.browser_like({f"cocrea_p_{plan['id']}": token}) as browser:
        assert browser.get(f"/planes/{plan['id']}?clave={token}", follow_redirects=False).status_code == 303
