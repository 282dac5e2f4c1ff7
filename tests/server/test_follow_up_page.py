"""The follow-up page, ``/planes/<id>/seguimiento`` (server/pages.py,
docs/follow-up.md): a reporter's or the verifier's link (``?clave=``)
becomes the cookie ``cocrea_f_<id>``, apart from the editor's, and leaves
the address bar; the page hands its token to the script (sent as Bearer).
The editor's cookie opens it too; a bad, missing or other plan's link gets
the error page and no cookie. The link's cookie also fetches the plan's
evidence files before the plan is published."""

from __future__ import annotations

import json
import re
from typing import Any

from tests.server.test_follow_up_api import PDF, import_plan, multipart
from tests.server.test_voting_api import auth
from tests.support.refusals import sqlite_file


def bootstrap(html: str) -> dict[str, Any]:
    found = re.search(r'<script id="bootstrap" type="application/json">(.*?)</script>', html, re.S)
    assert found, html[:500]
    return dict(json.loads(found.group(1)))


def test_a_link_opens_the_follow_up_page_with_a_cookie_of_its_own(api):
    db = sqlite_file(api.server.env["COCREA_DATABASE_URL"])
    plan, other = import_plan(api, db), import_plan(api, db)
    editor = plan.tokens["editor"]
    made = plan.ok("POST", "/commitments/k-infoem/reporters", "editor", json={"role": "responsable", "name": "Laura"})
    token = made["token"]
    page = f"/planes/{plan.id}/seguimiento"
    assert made["reporter_url"].endswith(f"{page}?clave={token}")

    # The key becomes cocrea_f_<id> (never the editor's cookie) and leaves the address.
    with api.browser_like({f"cocrea_p_{plan.id}": editor}) as browser:
        r = browser.get(f"{page}?clave={token}", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == page
        assert r.cookies.get(f"cocrea_f_{plan.id}") == token
        assert "httponly" in r.headers["set-cookie"].lower()
        assert browser.cookies[f"cocrea_p_{plan.id}"] == editor
        r = browser.get(page)
        assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
        data = bootstrap(r.text)
        assert data["view"] == "follow_up" and data["plan_id"] == plan.id and data["link_token"] == token
        assert data["plan"]["title"]
        # The link's holder reads the follow-up as the responsable, with that token.
        assert plan.ok("GET", "/follow-up", "editor")["role"] == "editor"
        r = api.http.get(f"/api/plans/{plan.id}/follow-up", headers=auth(data["link_token"]))
        assert r.status_code == 200 and r.json()["role"] == "responsable"

    # The editor's cookie alone opens it, with no link token to hand over.
    with api.browser_like({f"cocrea_p_{plan.id}": editor}) as browser:
        r = browser.get(page)
        assert r.status_code == 200 and bootstrap(r.text)["link_token"] == ""

    # A forged key, no key, another plan's link: the error page, no cookie.
    other_token = other.ok(
        "POST", "/commitments/k-infoem/reporters", "editor", json={"role": "responsable", "name": "Otra"}
    )["token"]
    for query, status in (("?clave=forged", 401), ("", 401), (f"?clave={other_token}", 403)):
        r = api.http.get(page + query, follow_redirects=False)
        assert r.status_code == status, (query, r.text[:300])
        assert "set-cookie" not in r.headers
    r = api.http.get(f"/planes/no-such-plan/seguimiento?clave={token}", follow_redirects=False)
    assert r.status_code == 404 and "set-cookie" not in r.headers


def test_the_links_cookie_downloads_the_evidence_of_an_unpublished_plan(api):
    plan = import_plan(api, sqlite_file(api.server.env["COCREA_DATABASE_URL"]))
    token = plan.ok("POST", "/commitments/k-infoem/reporters", "editor", json={"role": "responsable", "name": "Laura"})[
        "token"
    ]
    r = api.http.post(
        f"/api/plans/{plan.id}{plan.update_path()}",
        headers=auth(token),
        **multipart(files=[("acta.pdf", PDF, "application/pdf")]),
    )
    assert r.status_code == 201, r.text
    url = r.json()["evidence"][0]["url"]
    assert api.http.get(url).status_code == 404  # not published: nobody else
    with api.browser_like({f"cocrea_f_{plan.id}": token}) as browser:
        r = browser.get(url)
        assert r.status_code == 200 and r.content == PDF
        assert r.headers["x-content-type-options"] == "nosniff"
