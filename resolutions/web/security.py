"""Browser defences: response headers (through flask-talisman) and cookie settings.

No page needs inline script or style, so the policy allows neither: an injected
<script> or onclick= does nothing. HTTPS itself (redirects, HSTS preload) is the
proxy's business; HSTS is sent only on requests that did come over HTTPS.
"""
from __future__ import annotations

from datetime import timedelta

from flask import Flask
from flask_talisman import Talisman
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.serving import WSGIRequestHandler

from ..settings import Settings

CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
    "base-uri": "'none'",
    "object-src": "'none'",
}
SERVER_NAME = "resolutions"


def init_app(app: Flask, settings: Settings) -> None:
    secure = settings.secure_cookies
    app.config.update(
        SESSION_COOKIE_SECURE=secure,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=secure,
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_DURATION=timedelta(days=settings.remember_days),
    )
    # One Talisman per app: it keeps the app it serves on itself.
    app.extensions["talisman"] = Talisman(
        app,
        force_https=False,
        strict_transport_security=True,  # talisman sends it only when the request is HTTPS
        session_cookie_secure=secure,
        session_cookie_http_only=True,
        session_cookie_samesite="Lax",
        content_security_policy=CONTENT_SECURITY_POLICY,
        frame_options="DENY",
        referrer_policy="same-origin",
        x_xss_protection=False,  # the old XSS auditor is gone from browsers; CSP does the job
    )
    if settings.trusted_proxies:
        # Behind nginx & co. the client's address (per-address log-in limits, the audit
        # trail) and the scheme (HSTS) come from the proxy's X-Forwarded-* headers.
        n = settings.trusted_proxies
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)  # type: ignore[method-assign]
    _plain_server_banner()


def _plain_server_banner() -> None:
    """Werkzeug's development server (``flask run``, the browser tests) announces
    "Werkzeug/x.y Python/x.y" in a Server header the app cannot replace (it is written
    before the app's headers), so name no versions there. Gunicorn sends a bare
    "Server: gunicorn" itself."""
    WSGIRequestHandler.version_string = lambda self: SERVER_NAME  # type: ignore[method-assign]
