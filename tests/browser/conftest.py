"""Browser fixtures: the real app on a local port, driven by Debian's Chromium.

The app is the ``app`` fixture of tests/conftest.py (so every test starts from the
same clean database) served by werkzeug in a background thread. Chromium is the
system one (/usr/bin/chromium); Playwright never downloads a browser here. When it
is missing the tests fail rather than skip, so CI cannot go green without them.
"""
from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from tests.conftest import PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
TIMEOUT_MS = 10_000  # a local page that takes longer than this is a failure, not a slow pass


@pytest.fixture
def live_server(app):
    """The base URL of the test app, served for real on 127.0.0.1 (a free port)."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="live-server",
                              daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def chromium():
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: the browser tests need Debian's chromium package "
                    "(apt-get install chromium). They are not skipped, so a missing browser cannot pass as green.",
                    pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        except Exception as error:  # noqa: BLE001 - the message is what CI needs to see
            pytest.fail(f"Chromium at {CHROMIUM} did not start: {error}", pytrace=False)
        yield browser
        browser.close()


@pytest.fixture
def new_context(chromium, live_server):
    """Opens a fresh browser context (its own cookies: one delegate) on the live app."""
    contexts = []

    def make(**options):
        context = chromium.new_context(base_url=live_server, accept_downloads=True, **options)
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    return new_context().new_page()


def login(page, email: str, password: str = PASSWORD) -> None:
    """Log in through the form, as a delegate does, and land on the list of drafts."""
    page.goto("/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/")
    expect(page.locator("header .who")).to_contain_text(email)


def create_draft(page, title: str) -> int:
    """A GA draft for the eightieth session through the New draft form; returns its id (the editor is open)."""
    page.get_by_role("link", name="New draft").first.click()
    page.get_by_label("Body").select_option("GA")
    page.get_by_label(re.compile(r"^Session")).fill("80")
    page.get_by_label("Agenda item", exact=True).fill("125")
    page.get_by_label("Agenda item title").fill("Global health and foreign policy")
    page.get_by_label("Title", exact=True).fill(title)
    page.get_by_role("button", name="Create draft").click()
    page.wait_for_url(re.compile(r"/drafts/\d+/edit$"))
    return int(re.search(r"/drafts/(\d+)/edit", page.url).group(1))
