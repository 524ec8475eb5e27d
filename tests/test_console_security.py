"""What a security reviewer checks on the console: headers, cookies, CSRF, redirects, error pages, the command.

In-process (the ASGI app through httpx) over a light installation; the browser tests cover the same
rules from Chromium.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request

import console_support as cs
import pytest
from fastapi.testclient import TestClient

PAGES = ("/", "/datasets", "/datasets/depositors", "/issues", "/linkages", "/linkages/LNK-2569-005", "/policies")


@pytest.fixture(scope="module")
def inst(tmp_path_factory, sample_dir):
    with pytest.MonkeyPatch.context() as mp:
        installation = cs.light(tmp_path_factory.mktemp("security"), sample_dir, mp)
        installation.issue = cs.raise_issue(installation, "porntip", "ทดสอบความปลอดภัย", dataset="depositors")
        yield installation


def make_client(proxy_headers: bool = False, base_url: str = "http://testserver") -> TestClient:
    from khlang.console import ConsoleSettings, create_app

    app = create_app(ConsoleSettings.from_env(proxy_headers=proxy_headers))
    return TestClient(app, raise_server_exceptions=False, base_url=base_url, follow_redirects=False)


@pytest.fixture(scope="module")
def client(inst):
    with make_client() as c:
        yield c


def sign_in(client: TestClient, username: str, headers: dict | None = None):
    form = client.get("/sign-in", headers=headers or {})
    token = re.search(r'name="signin_token" value="([^"]+)"', form.text).group(1)
    return client.post("/sign-in", headers=headers or {}, data={
        "signin_token": token, "username": username, "password": cs.password_of(username), "next": "/"})


def test_healthz_answers_without_sign_in(client):
    r = client.get("/healthz")
    assert r.status_code == 200 and r.text == "ok"


def test_every_page_has_the_security_headers_and_no_inline_script_or_style(client):
    assert sign_in(client, "porntip").status_code == 303
    for path in (*PAGES, "/sign-in", "/no/such/page", "/static/console.css"):
        r = client.get(path)
        assert r.status_code in (200, 404), (path, r.status_code)
        csp = r.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
        assert r.headers["x-frame-options"] == "DENY"
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] == "same-origin"
        assert "server" not in r.headers
        if r.headers["content-type"].startswith("text/html"):
            assert not re.search(r"<script(?![^>]*\bsrc=)", r.text), path
            assert " style=" not in r.text and "<style" not in r.text, path


def test_pages_need_a_session_and_sign_in_never_redirects_off_site(inst):
    with make_client() as c:
        r = c.get("/datasets/depositors")
        assert r.status_code == 303 and r.headers["location"] == "/sign-in?next=/datasets/depositors"
        form = c.get("/sign-in", params={"next": "//evil.example/x"})
        token = re.search(r'name="signin_token" value="([^"]+)"', form.text).group(1)
        assert 'value="/"' in form.text
        r = c.post("/sign-in", data={"signin_token": token, "username": "porntip",
                                     "password": cs.password_of("porntip"), "next": "https://evil.example/"})
        assert r.status_code == 303 and r.headers["location"] == "/"


def test_a_wrong_password_gets_one_generic_sentence(inst):
    with make_client() as c:
        form = c.get("/sign-in")
        token = re.search(r'name="signin_token" value="([^"]+)"', form.text).group(1)
        r = c.post("/sign-in", data={"signin_token": token, "username": "porntip", "password": "wrong-password-1"})
        assert r.status_code == 401 and "khlang_session" not in r.headers.get("set-cookie", "")
        assert "Wrong username or password" in r.text
        r2 = c.post("/sign-in", data={"signin_token": "forged", "username": "porntip",
                                      "password": cs.password_of("porntip")})
        assert r2.status_code == 403 and "khlang_session" not in r2.headers.get("set-cookie", "")


def test_the_session_cookie_is_httponly_samesite_and_secure_over_https(inst):
    with make_client() as c:
        cookie = sign_in(c, "porntip").headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie
    with make_client() as c:  # without --proxy-headers a forwarded scheme is not believed
        cookie = sign_in(c, "porntip", {"X-Forwarded-Proto": "https"}).headers["set-cookie"]
        assert "Secure" not in cookie
    with make_client(proxy_headers=True) as c:  # TestClient's peer is "testclient": not a trusted proxy
        cookie = sign_in(c, "porntip", {"X-Forwarded-Proto": "https"}).headers["set-cookie"]
        assert "Secure" not in cookie
    os.environ["KHLANG_TRUSTED_PROXIES"] = "*"
    try:
        with make_client(proxy_headers=True) as c:
            # The browser speaks HTTPS to the proxy; the proxy speaks HTTP to the console with X-Forwarded-Proto.
            forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
            form = c.get("/sign-in", headers=forwarded)
            assert "Secure" in form.headers["set-cookie"]
            nonce = re.search(r"khlang_signin=([^;]+)", form.headers["set-cookie"]).group(1)
            token = re.search(r'name="signin_token" value="([^"]+)"', form.text).group(1)
            r = c.post("/sign-in", headers={**forwarded, "Cookie": f"khlang_signin={nonce}"}, data={
                "signin_token": token, "username": "porntip", "password": cs.password_of("porntip")})
            cookie = r.headers["set-cookie"]
            assert "khlang_session=" in cookie and "Secure" in cookie and "HttpOnly" in cookie
    finally:
        del os.environ["KHLANG_TRUSTED_PROXIES"]
    with make_client(base_url="https://testserver") as c:
        assert "Secure" in sign_in(c, "porntip").headers["set-cookie"]


def test_sign_out_ends_the_session_on_the_server(inst):
    with make_client() as c:
        sign_in(c, "porntip")
        session = c.cookies.get("khlang_session")
        page = c.get("/")
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        assert c.post("/sign-out", data={"csrf_token": csrf}).status_code == 303
    with make_client() as c:
        c.cookies.set("khlang_session", session)
        assert c.get("/").status_code == 303  # the old cookie no longer opens anything


def test_a_form_post_without_the_csrf_token_is_403_and_writes_nothing(client, inst):
    sign_in(client, "porntip")
    before = client.get(f"/issues/{inst.issue}").text.count('class="timeline"')
    r = client.post(f"/issues/{inst.issue}/ack", data={"note": "x"})
    assert r.status_code == 403 and "reload the page" in r.text
    page = client.get(f"/issues/{inst.issue}")
    assert "btn-ack" in page.text and page.text.count('class="timeline"') == before


def test_a_bug_shows_a_sentence_and_no_stack_trace(inst, caplog):
    with make_client() as c:
        app = c.app

        def boom() -> None:
            raise RuntimeError("secret detail of the server")

        app.add_api_route("/boom", boom)
        app.add_api_route("/api/boom", boom)
        r = c.get("/boom")
        assert r.status_code == 500 and "ระบบขัดข้อง" in r.text and "Something went wrong" in r.text
        assert "secret detail" not in r.text and "Traceback" not in r.text
        r = c.get("/api/boom")
        assert r.status_code == 500 and "secret detail" not in r.text and r.json()["detail_th"]
    assert "secret detail of the server" in caplog.text  # the details go to the server log


def test_unknown_pages_are_a_bilingual_404(client):
    r = client.get("/no/such/page")
    assert r.status_code == 404 and "ไม่พบรายการที่ต้องการ" in r.text and "Not found" in r.text


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_khlang_console_serves_on_loopback_and_warns_loudly_off_it(inst):
    from khlang.commands.console import is_loopback

    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("10.1.2.3")
    env = {**os.environ, **inst.env}
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "khlang.cli", "console", "--port", str(port)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    assert r.read() == b"ok"
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise
                time.sleep(0.3)
    finally:
        proc.terminate()
        _out, err = proc.communicate(timeout=20)
    assert "WARNING" not in err
    # An address of TEST-NET-1 (never assigned to this machine): the warning comes first, then the bind fails.
    done = subprocess.run([sys.executable, "-m", "khlang.cli", "console", "--host", "192.0.2.1", "--port",
                           str(port)], env=env, capture_output=True, text=True, timeout=120)
    assert "WARNING: the console listens on 192.0.2.1" in done.stderr
    assert "reverse proxy" in done.stderr


def test_the_airflow_plugin_links_to_the_console():
    from importlib.metadata import entry_points

    (ep,) = [e for e in entry_points(group="airflow.plugins") if e.name == "khlang_console"]
    plugin = ep.load()
    assert plugin.name == "khlang_console"
    (view,) = plugin.external_views
    assert view["href"].startswith("http") and view["destination"] == "nav" and "Governance console" in view["name"]


def tiny_png() -> bytes:
    """A real 1×1 PNG."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


def test_evidence_is_attached_by_content_and_downloaded_only_by_who_may_see_it(inst):
    with make_client() as owner:
        sign_in(owner, "porntip")
        page = owner.get(f"/issues/{inst.issue}")
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        html = b"<html><script>alert(1)</script></html>"
        refused = owner.post(f"/issues/{inst.issue}/evidence", data={"csrf_token": csrf},
                             files={"file": ("report.pdf", html, "application/pdf")})
        assert refused.status_code == 422
        r = owner.post(f"/issues/{inst.issue}/evidence", data={"csrf_token": csrf},
                       files={"file": ("หลักฐาน.png", tiny_png(), "image/png")})
        assert r.status_code == 303, r.text
        page = owner.get(f"/issues/{inst.issue}")
        (evidence_id,) = re.findall(r'href="/evidence/([0-9a-f]{32})"', page.text)
        got = owner.get(f"/evidence/{evidence_id}")
        assert got.status_code == 200 and got.content == tiny_png()
        assert got.headers["content-type"] == "application/octet-stream"
        assert got.headers["content-disposition"].startswith("attachment;")
        assert got.headers["x-content-type-options"] == "nosniff"
        assert owner.get("/evidence/" + "0" * 32).status_code == 404
        assert owner.get("/evidence/1").status_code == 404
    with make_client() as outsider:
        sign_in(outsider, "sombat")
        r = outsider.get(f"/evidence/{evidence_id}")
        assert r.status_code == 403 and tiny_png() not in r.content
    with make_client() as auditor:
        sign_in(auditor, "ratchanee")
        assert auditor.get(f"/evidence/{evidence_id}").status_code == 200
