"""Browser defences (issue "Trust", item 8): headers on every response, cookie flags, no
version banner, and templates that need no inline script or style."""
from __future__ import annotations

import re
import threading
import urllib.request
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from resolutions.settings import Settings
from resolutions.web import create_app
from tests.conftest import PASSWORD, Browser

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
POLICY = {"default-src": "'self'", "script-src": "'self'", "style-src": "'self'", "img-src": "'self' data:",
          "frame-ancestors": "'none'", "form-action": "'self'", "base-uri": "'none'", "object-src": "'none'"}


@pytest.fixture
def app_with(app, database_url, tmp_path):
    """Another app on the test database with some settings changed (``app`` cleaned it)."""
    made = []

    def make(**settings):
        other = create_app({"data_dir": tmp_path / f"app{len(made)}", "database_url": database_url,
                            "secret_key": "test-secret", "TESTING": True, **settings})
        made.append(other)
        return other
    yield make
    for other in made:
        other.extensions["resolutions.db"].dispose()


def policy(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())


def log_in(client, remember: bool):
    data = {"email": "us@example.org", "password": PASSWORD, "csrf_token": Browser(client).csrf("/login")}
    if remember:
        data["remember"] = "y"
    response = client.post("/login", data=data)
    assert response.status_code == 302
    return {h.split("=", 1)[0]: h for h in response.headers.getlist("Set-Cookie")}


def test_pages_api_and_errors_carry_the_policy_and_headers(app, browser_for, api_for):
    browser = browser_for("us@example.org")
    anonymous = app.test_client()
    responses = {
        "login page": anonymous.get("/login"),
        "drafts page": browser.get("/"),
        "account page": browser.get("/account"),
        "missing page": browser.get("/drafts/999999"),
        "API": api_for("jp@example.org").get("/api/drafts"),
        "API refusal": anonymous.get("/api/drafts"),
        "static file": anonymous.get("/static/confirm.js"),
    }
    for name, response in responses.items():
        assert policy(response) == POLICY, name
        assert response.headers["X-Frame-Options"] == "DENY", name
        assert response.headers["X-Content-Type-Options"] == "nosniff", name
        assert response.headers["Referrer-Policy"] == "same-origin", name
        assert "Strict-Transport-Security" not in response.headers, name  # plain HTTP here
    assert responses["missing page"].status_code == 404 and responses["API refusal"].status_code == 401


def test_no_page_may_be_framed(app):
    response = app.test_client().get("/login")
    assert policy(response)["frame-ancestors"] == "'none'" and response.headers["X-Frame-Options"] == "DENY"


def test_plain_http_is_not_redirected_and_https_gets_hsts(app):
    client = app.test_client()
    assert client.get("/login").status_code == 200
    secure = client.get("/login", base_url="https://localhost")
    assert secure.status_code == 200 and secure.headers["Strict-Transport-Security"].startswith("max-age=")


def test_cookies_are_secure_httponly_and_lax_by_default(app_with):
    assert Settings.from_env({}, data_dir="/tmp/x", secret_key="k").secure_cookies is True
    cookies = log_in(app_with().test_client(), remember=True)
    for name in ("session", "remember_token"):
        flags = [flag.strip().lower() for flag in cookies[name].split(";")]
        assert {"secure", "httponly", "samesite=lax"} <= set(flags), cookies[name]


@pytest.mark.parametrize("settings, days", [({}, 14), ({"remember_days": 3}, 3)])
def test_the_remember_cookie_lasts_the_remember_setting(app_with, settings, days):
    cookies = log_in(app_with(**settings).test_client(), remember=True)
    expires = parsedate_to_datetime(re.search(r"Expires=([^;]+)", cookies["remember_token"]).group(1))
    lasts = (expires - datetime.now(timezone.utc)).total_seconds() / 86400
    assert days - 0.01 < lasts <= days


def test_secure_cookies_can_be_turned_off_for_plain_http_development(app_with):
    assert Settings.from_env({"RESOLUTIONS_SECURE_COOKIES": "0"}, data_dir="/tmp/x", secret_key="k").secure_cookies is False
    with pytest.raises(ValueError, match="RESOLUTIONS_SECURE_COOKIES"):
        Settings.from_env({"RESOLUTIONS_SECURE_COOKIES": "maybe"}, data_dir="/tmp/x", secret_key="k")
    cookies = log_in(app_with(secure_cookies=False).test_client(), remember=True)
    for name in ("session", "remember_token"):
        flags = {flag.strip().lower() for flag in cookies[name].split(";")}
        assert "secure" not in flags and {"httponly", "samesite=lax"} <= flags, cookies[name]


def test_the_server_header_names_no_versions(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{server.server_port}/login", timeout=10) as response:
            banners = response.headers.get_all("Server")
    finally:
        server.shutdown()
        server.server_close()
    assert banners and all(not re.search(r"\d|werkzeug|python", b, re.I) for b in banners), banners


def test_templates_have_no_inline_script_style_or_handlers():
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        text = path.read_text("utf-8")
        for pattern in (r"\sstyle\s*=", r"<script(?![^>]*\ssrc=)[^>]*>", r"\son[a-z]+\s*=", r"javascript:",
                        r"<style[\s>]"):
            found += [f"{path.relative_to(TEMPLATES)}: {m.group(0).strip()}" for m in re.finditer(pattern, text, re.I)]
    assert found == []
    assert len(list(TEMPLATES.rglob("*.html"))) > 10  # the scan did read the templates


def test_every_page_loads_the_confirmation_script_from_a_file(app):
    page = app.test_client().get("/login").get_data(as_text=True)
    assert re.search(r'<script src="/static/confirm\.js" defer></script>', page)
