"""A room on a local network (issue 12 §5, server/lan.py): which address
join links name, which Host names the server answers, and a phone in its
own network namespace joining by the QR's URL across a veth pair."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import textwrap
import uuid
from html import unescape
from pathlib import Path

import httpx
import pytest

from server.__main__ import listening_banner
from server.lan import candidate_addresses, choose_lan_address, lan_url, usable
from server.settings import Settings
from tests.conftest import ACCEPTANCES
from tests.support.live_server import ROOT


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


# -- which address ----------------------------------------------------------


def test_loopback_unspecified_and_link_local_addresses_are_never_chosen():
    assert choose_lan_address(["127.0.0.1", "0.0.0.0", "::1", "169.254.3.4", "fe80::1", "::"]) is None
    assert not usable("127.0.1.1") and not usable("not an address") and usable("192.168.1.20")


def test_a_private_ipv4_address_wins_over_public_and_ipv6_ones():
    assert choose_lan_address(["2001:db8::5", "8.8.4.4", "127.0.0.1", "192.168.1.20", "10.0.0.3"]) == "192.168.1.20"
    assert choose_lan_address(["2001:db8::5", "8.8.4.4"]) == "8.8.4.4"
    assert choose_lan_address(["2001:db8::5", "127.0.0.1"]) == "2001:db8::5"


def test_the_detected_candidates_never_include_a_chosen_loopback():
    chosen = choose_lan_address(candidate_addresses())
    assert chosen is None or usable(chosen)


def test_links_use_the_lan_address_only_when_listening_on_every_interface():
    forced = Settings(lan_address="10.9.8.7")
    assert lan_url(forced, "0.0.0.0", 8000) == "http://10.9.8.7:8000"
    assert lan_url(forced, "::", 8000) == "http://10.9.8.7:8000"
    assert lan_url(Settings(lan_address="fd00::7"), "::", 80) == "http://[fd00::7]:80"
    assert lan_url(forced, "127.0.0.1", 8000) == ""
    # A public URL, or a deployment that names its hosts, keeps its links.
    assert lan_url(Settings(public_url="https://cocrea.example.org"), "0.0.0.0", 8000) == ""
    assert lan_url(Settings(allowed_hosts="mesa.example.org"), "0.0.0.0", 8000) == ""
    detected = lan_url(Settings(), "0.0.0.0", 8000)
    assert "127.0.0.1" not in detected and "localhost" not in detected


def test_the_startup_line_says_which_address_phones_use():
    assert "http://10.9.8.7:8000" in listening_banner("0.0.0.0", 8000, "http://10.9.8.7:8000", "")
    assert "HOST=0.0.0.0" in listening_banner("127.0.0.1", 8000, "", "")


def test_the_settings_read_the_listening_host_and_lan_address():
    s = Settings.from_env({"COCREA_HOST": "0.0.0.0", "COCREA_LAN_ADDRESS": "192.168.0.9"})
    assert (s.host, s.lan_address) == ("0.0.0.0", "192.168.0.9")
    assert Settings().host == "127.0.0.1"


# -- links and the Host rule on a real server --------------------------------

BODY = {"title": "Mesa en la red local", "problem_statement": "P", "entity": "E"}


def test_listening_on_every_interface_links_name_the_lan_address_never_the_host_header(make_server, make_api):
    server = make_server(host="0.0.0.0", lan_address="10.9.8.7")
    api = make_api(server)
    # Asked from this machine (127.0.0.1): phones get the LAN address.
    created = api.create_workshop()
    assert created["join_url"] == f"http://10.9.8.7:{server.port}/j/{created['join_code']}"
    qr = api.http.get(f"/api/workshops/{created['id']}/qr.svg", headers=auth(created["facilitator_token"]))
    assert f"http://10.9.8.7:{server.port}/j/{created['join_code']}" in unescape(qr.text)
    # The LAN address is an allowed Host; a forged one is refused, not copied.
    r = api.http.post("/api/workshops", json=BODY, headers={"Host": f"10.9.8.7:{server.port}"})
    assert r.status_code == 201 and r.json()["join_url"].startswith(f"http://10.9.8.7:{server.port}/j/")
    r = api.http.post("/api/workshops", json=BODY, headers={"Host": "evil.example"})
    assert r.status_code == 400 and r.json()["error"]["code"] == "bad_host"


def test_on_localhost_only_links_keep_the_request_host(make_server, make_api):
    api = make_api(make_server(lan_address="10.9.8.7"))
    assert api.create_workshop()["join_url"].startswith("http://127.0.0.1:")


# -- a phone on another network ----------------------------------------------

PHONE = textwrap.dedent(
    """
    import asyncio, json, sys, urllib.request
    from pycrdt import Doc, Map
    from tests.support.yclient import YClient, eventually

    join_url, body = sys.argv[1], json.loads(sys.argv[2])
    page = urllib.request.urlopen(join_url, timeout=10).read().decode()
    assert body["join_code"] in page, page[:300]
    base = join_url.split("/j/")[0]
    request = urllib.request.Request(
        f"{base}/api/workshops/{body['workshop_id']}/participants",
        data=json.dumps(body["join"]).encode(), headers={"Content-Type": "application/json"}, method="POST",
    )
    joined = json.loads(urllib.request.urlopen(request, timeout=10).read())

    async def sync():
        ws = base.replace("http://", "ws://") + f"/ws/{body['workshop_id']}/tree"
        async with YClient(ws, joined["token"]) as client:
            await eventually(lambda: client.synced, 10, "tree synced")
            nodes = client.doc.get("nodes", type=Map)
            return sorted(str(n["text"]) for n in nodes.values())

    print(json.dumps({"participant_id": joined["participant_id"], "room_url": joined["room_url"],
                      "texts": asyncio.run(sync())}))
    """
)


def _ip(*args: str) -> None:
    subprocess.run(["ip", *args], check=True, capture_output=True, timeout=20)


@pytest.fixture
def phone_network():
    """A network namespace (the phone's Wi-Fi) joined to this one by a veth
    pair: 10.77.<n>.1 here, 10.77.<n>.2 there. Removed afterwards."""
    if shutil.which("ip") is None:
        pytest.fail("this test needs iproute2's `ip` (apt-get install iproute2) to build the phone's network")
    tag = uuid.uuid4().hex[:6]
    ns, here, there = f"cocrea-{tag}", f"vc{tag}h", f"vc{tag}p"
    subnet = int(tag[:2], 16)
    host_ip, phone_ip = f"10.77.{subnet}.1", f"10.77.{subnet}.2"
    try:
        _ip("netns", "add", ns)
    except subprocess.CalledProcessError as exc:
        pytest.fail(f"`ip netns add` failed (this test runs as root with CAP_NET_ADMIN): {exc.stderr.decode()}")
    try:
        _ip("link", "add", here, "type", "veth", "peer", "name", there)
        _ip("link", "set", there, "netns", ns)
        _ip("addr", "add", f"{host_ip}/24", "dev", here)
        _ip("link", "set", here, "up")
        _ip("netns", "exec", ns, "ip", "addr", "add", f"{phone_ip}/24", "dev", there)
        _ip("netns", "exec", ns, "ip", "link", "set", there, "up")
        _ip("netns", "exec", ns, "ip", "link", "set", "lo", "up")
        yield ns, host_ip
    finally:
        subprocess.run(["ip", "link", "del", here], capture_output=True, timeout=20)
        subprocess.run(["ip", "netns", "del", ns], capture_output=True, timeout=20)
    assert ns not in subprocess.run(["ip", "netns", "list"], capture_output=True, text=True).stdout


def test_a_phone_on_the_local_network_joins_by_the_qr_url(phone_network, make_server, make_api, tmp_path: Path):
    ns, host_ip = phone_network
    server = make_server(host="0.0.0.0", lan_address=host_ip)
    api = make_api(server)
    w = api.create_workshop()
    facilitator = auth(w["facilitator_token"])
    assert api.set_phase(w, "arbol_de_problemas").status_code == 200
    tree = {"schema": "cocrea.tree/1", "nodes": [{"id": "p", "kind": "problem", "text": "Baja participación"}]}
    r = api.http.post(f"/api/workshops/{w['id']}/tree/import", json={**tree, "edges": []}, headers=facilitator)
    assert r.status_code == 200, r.text
    qr = unescape(api.http.get(f"/api/workshops/{w['id']}/qr.svg", headers=facilitator).text)
    qr_url = re.search(r"https?://[^\s<\"]+/j/[A-Z0-9]+", qr)
    assert qr_url is not None, qr[:400]
    assert qr_url.group(0) == w["join_url"] == f"http://{host_ip}:{server.port}/j/{w['join_code']}"
    # From the phone's namespace this machine's loopback is not reachable:
    # only the LAN address works, as on a real phone.
    body = {
        "workshop_id": w["id"],
        "join_code": w["join_code"],
        "join": {"join_code": w["join_code"], "name": "Teléfono", "sector": "ciudadania", **ACCEPTANCES},
    }
    script = tmp_path / "phone.py"
    script.write_text(PHONE)
    run = subprocess.run(
        ["ip", "netns", "exec", ns, sys.executable, str(script), qr_url.group(0), json.dumps(body)],
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["texts"] == ["Baja participación"]
    assert result["room_url"] == f"http://{host_ip}:{server.port}/w/{w['id']}"
    people = api.http.get(f"/api/workshops/{w['id']}/participants", headers=facilitator).json()["participants"]
    assert any(p["id"] == result["participant_id"] and p["name"] == "Teléfono" for p in people)
    probe = f"import urllib.request; urllib.request.urlopen('http://127.0.0.1:{server.port}/healthz', timeout=3)"
    unreachable = subprocess.run(
        ["ip", "netns", "exec", ns, sys.executable, "-c", probe],
        capture_output=True,
        timeout=30,
    )
    assert unreachable.returncode != 0
    assert httpx.get(f"http://{host_ip}:{server.port}/healthz", timeout=5).status_code == 200


def test_make_run_host_listens_where_asked_and_only_when_asked():
    def run_line(*args: str) -> str:
        out = subprocess.run(["make", "-n", "run", *args], cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert out.returncode == 0, out.stderr
        return next(line for line in out.stdout.splitlines() if "-m server" in line)

    assert "--host 0.0.0.0" in run_line("HOST=0.0.0.0")
    # Without HOST on the command line: COCREA_HOST (the setting), else 127.0.0.1.
    assert "--host" not in run_line()
