"""Log-in, sessions, the account page, API tokens and the `users` commands (issue "Trust", item 7)."""
from __future__ import annotations

import hashlib
import re
import statistics
import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from resolutions.services import accounts
from resolutions.store.tables import ApiToken, AuditEvent, UserSession, utcnow
from tests.conftest import PASSWORD, Browser, commit

NEW_PASSWORD = "a brand new passphrase"


def log_in(client, email="us@example.org", password=PASSWORD, remember=False):
    browser = Browser(client)
    data = {"email": email, "password": password, "csrf_token": browser.csrf("/login")}
    if remember:
        data["remember"] = "y"
    return client.post("/login", data=data)


def logged_in(app, email="us@example.org", remember=False) -> Browser:
    browser = Browser(app.test_client())
    assert log_in(browser.client, email, remember=remember).status_code == 302
    browser.logged_in = True
    return browser


def is_logged_in(client) -> bool:
    response = client.get("/")
    return response.status_code == 200 and "Log out" in response.get_data(as_text=True)


def set_cookie_header(response, name: str) -> str:
    return next(h for h in response.headers.getlist("Set-Cookie") if h.startswith(f"{name}="))


def events(session, name: str) -> list[AuditEvent]:
    session.expire_all()
    return list(session.scalars(select(AuditEvent).where(AuditEvent.event == name).order_by(AuditEvent.id)))


@pytest.fixture
def ana(session) -> str:
    """A user of this test alone, for changes the shared users must not keep (the app
    fixture removes users it does not know, but would not undo a new password)."""
    accounts.create_user(session, "ana@example.org", PASSWORD, delegation="Japan")
    commit(session)
    return "ana@example.org"


# --- sessions end on the server ---------------------------------------------------------

def test_the_session_cookie_carries_only_a_random_key_stored_as_its_hash(app, session, actors):
    browser = logged_in(app)
    cookie = browser.client.get_cookie("session").value
    key = app.session_interface.get_signing_serializer(app).loads(cookie)["_user_id"]
    assert key != str(actors["us"].user_id) and len(key) >= 40
    stored = session.scalar(select(UserSession.key_hash))
    assert stored == hashlib.sha256(key.encode()).hexdigest()


def test_a_session_cookie_replayed_after_log_out_is_refused(app, session):
    browser = logged_in(app)
    stolen = browser.client.get_cookie("session").value
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    assert is_logged_in(thief)  # the copy works while the log-in stands
    assert browser.post("/logout", {}).status_code == 302
    assert not is_logged_in(browser.client)
    assert not is_logged_in(thief)
    assert thief.get("/").location.startswith("/login")
    assert len(events(session, "logout")) == 1


def test_a_remember_cookie_replayed_after_log_out_is_refused(app, session, actors):
    browser = logged_in(app, remember=True)
    remembered = browser.client.get_cookie("remember_token").value
    key = remembered.split("|")[0]  # Flask-Login signs "<get_id()>|<digest>"
    assert key != str(actors["us"].user_id)
    assert hashlib.sha256(key.encode()).hexdigest() == session.scalar(select(UserSession.key_hash))
    restored = app.test_client()
    restored.set_cookie("remember_token", remembered)
    assert is_logged_in(restored)  # a new browser session, logged in by the cookie alone
    browser.post("/logout", {})
    replay = app.test_client()
    replay.set_cookie("remember_token", remembered)
    assert not is_logged_in(replay)


def test_a_new_log_in_in_the_same_browser_ends_the_old_one(app, session):
    browser = logged_in(app)
    old = browser.client.get_cookie("session").value
    assert log_in(browser.client, "jp@example.org").status_code == 302
    replay = app.test_client()
    replay.set_cookie("session", old)
    assert not is_logged_in(replay)
    assert session.scalar(select(func.count()).select_from(UserSession)) == 1


def test_log_out_everywhere_ends_every_browser(app, session):
    laptop, phone = logged_in(app, remember=True), logged_in(app)
    other = logged_in(app, "jp@example.org")
    remembered = laptop.client.get_cookie("remember_token").value
    page = phone.get("/account").get_data(as_text=True)
    assert re.search(r'<form[^>]*action="/account/logout-everywhere"[^>]*data-confirm="[^"]+"', page)
    response = phone.post("/account/logout-everywhere", {})
    assert response.status_code == 302 and response.location.startswith("/login")
    assert not is_logged_in(phone.client) and not is_logged_in(laptop.client)
    replay = app.test_client()
    replay.set_cookie("remember_token", remembered)
    assert not is_logged_in(replay)
    assert is_logged_in(other.client)
    [event] = events(session, "logout.everywhere")
    assert event.detail == {"sessions_ended": 2}


def test_a_password_change_ends_every_session_and_needs_the_new_password(app, session, ana):
    browser, elsewhere = logged_in(app, ana), logged_in(app, ana)
    response = browser.post("/account/password", {"current_password": PASSWORD, "new_password": NEW_PASSWORD,
                                                  "new_password_again": NEW_PASSWORD})
    assert response.status_code == 302 and response.location.startswith("/login")
    assert "log in with the new password" in browser.get("/login").get_data(as_text=True).lower()
    assert not is_logged_in(browser.client) and not is_logged_in(elsewhere.client)
    assert log_in(app.test_client(), ana).status_code == 401
    assert log_in(app.test_client(), ana, password=NEW_PASSWORD).status_code == 302
    assert len(events(session, "password.changed")) == 1


@pytest.mark.parametrize("current, new, again, message", [
    ("wrong password!", NEW_PASSWORD, NEW_PASSWORD, "the current password is wrong"),
    (PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "x", "the two new passwords differ"),
    (PASSWORD, "qwerty123456", "qwerty123456", "most common leaked passwords"),
    (PASSWORD, "short one", "short one", "at least 12 characters"),
])
def test_a_refused_password_change_says_why_and_keeps_the_session(app, session, ana, current, new, again, message):
    browser = logged_in(app, ana)
    response = browser.post("/account/password", {"current_password": current, "new_password": new,
                                                  "new_password_again": again})
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert is_logged_in(browser.client)
    # A wrong current password is kept on record as a failed log-in, though the answer is 400.
    assert len(events(session, "login.failed")) == (current != PASSWORD)


# --- failed log-ins ---------------------------------------------------------------------

def test_the_eleventh_failure_gets_429_and_even_the_right_password_waits(app, session):
    client = app.test_client()
    for _ in range(10):
        assert log_in(client, password="wrong password!").status_code == 401
    refused = log_in(client, password="wrong password!")
    assert refused.status_code == 429
    retry_after = int(refused.headers["Retry-After"])
    assert 14 * 60 < retry_after <= 15 * 60
    assert "Too many failed log-ins. Try again in 15 minutes." in refused.get_data(as_text=True)
    right = log_in(client)
    assert right.status_code == 429 and not is_logged_in(client)
    assert len(events(session, "login.failed")) == 10 and len(events(session, "login.refused")) == 2
    # Fifteen minutes later (the failures dated back rather than waited for) it works.
    session.execute(update(AuditEvent).where(AuditEvent.event == "login.failed")
                    .values(at=utcnow() - timedelta(minutes=16)))
    commit(session)
    assert log_in(client).status_code == 302


def test_one_address_is_limited_across_accounts(app, session):
    for n in range(30):
        session.add(AuditEvent(event="login.failed", actor=f"guess{n}@example.org", address="127.0.0.1"))
    commit(session)
    response = log_in(app.test_client(), "jp@example.org")
    assert response.status_code == 429 and int(response.headers["Retry-After"]) > 0


def test_unknown_and_known_emails_take_the_same_time(app):
    def median(email: str) -> float:
        times = []
        for _ in range(5):
            client = app.test_client()
            data = {"email": email, "password": "wrong password!", "csrf_token": Browser(client).csrf("/login")}
            start = time.perf_counter()
            assert client.post("/login", data=data).status_code == 401
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    median("nobody@example.org")  # warm-up: the dummy hash is made once per process
    known, unknown = median("us@example.org"), median("nobody@example.org")
    assert unknown >= 0.5 * known and known >= 0.5 * unknown, (known, unknown)


def test_a_disabled_user_is_refused_like_a_wrong_password(app, session, ana):
    accounts.disable_user(session, ana)
    commit(session)
    disabled = log_in(app.test_client(), ana)
    wrong = log_in(app.test_client(), "jp@example.org", "wrong password!")
    assert disabled.status_code == wrong.status_code == 401
    message = accounts.WRONG_LOGIN
    assert message in disabled.get_data(as_text=True) and message in wrong.get_data(as_text=True)


def test_a_non_remembered_log_in_ends_after_its_lifetime(app, session):
    browser = logged_in(app)
    session.execute(update(UserSession).values(expires_at=utcnow() - timedelta(seconds=1)))
    commit(session)
    assert not is_logged_in(browser.client)


# --- the account page and API tokens ----------------------------------------------------

def test_the_account_page_needs_a_log_in(app):
    response = app.test_client().get("/account")
    assert response.status_code == 302 and "/login" in response.location


def test_a_token_made_on_the_account_page_is_shown_once_and_listed(app, session):
    browser = logged_in(app)
    response = browser.post("/account/tokens", {"name": "Word add-in", "days": "30"})
    assert response.status_code == 201
    page = response.get_data(as_text=True)
    assert "shown only this once" in page
    secret = re.search(r'readonly value="([^"]+)" class="token-value" id="new-token"', page).group(1)
    api = app.test_client().get("/api/drafts", headers={"Authorization": f"Bearer {secret}"})
    assert api.status_code == 200
    listing = browser.get("/account").get_data(as_text=True)
    assert secret not in listing and "Word add-in" in listing
    assert re.search(r"Created</dt><dd>\d\d \w{3} \d{4}", listing) and "Last used</dt><dd>" in listing
    assert "never" not in listing.split("Word add-in")[1].split("</li>")[0]  # it was just used
    token_id = session.scalar(select(ApiToken.id))
    assert re.search(rf'action="/account/tokens/{token_id}/revoke"\s+data-confirm="Revoke the token', listing)


def test_revoking_on_the_account_page_refuses_the_token_at_once(app, session, actors):
    secret = accounts.issue_token(session, "us@example.org", name="script")
    commit(session)
    token_id = session.scalar(select(ApiToken.id))
    assert logged_in(app, "jp@example.org").post(f"/account/tokens/{token_id}/revoke", {}).status_code == 404
    browser = logged_in(app)
    assert browser.post(f"/account/tokens/{token_id}/revoke", {}).status_code == 302
    refused = app.test_client().get("/api/drafts", headers={"Authorization": f"Bearer {secret}"})
    assert refused.status_code == 401 and "revoked" in refused.json["error"]
    assert "revoked" in browser.get("/account").get_data(as_text=True)


def test_an_expired_token_is_refused_saying_so(app, session):
    secret = accounts.issue_token(session, "us@example.org")
    session.execute(update(ApiToken).values(expires_at=utcnow() - timedelta(minutes=1)))
    commit(session)
    refused = app.test_client().get("/api/drafts", headers={"Authorization": f"Bearer {secret}"})
    assert refused.status_code == 401 and "expired" in refused.json["error"]


# --- the command line -------------------------------------------------------------------

def run(app, *args):
    result = app.test_cli_runner().invoke(args=list(args))
    return result.exit_code, result.output


def test_users_token_tokens_and_revoke_token(app, session):
    code, secret = run(app, "users", "token", "us@example.org", "--name", "nightly export", "--days", "7")
    assert code == 0 and len(secret.strip()) >= 40
    run(app, "users", "token", "us@example.org")
    code, out = run(app, "users", "tokens", "US@example.org")
    lines = out.strip().splitlines()
    assert code == 0 and lines[0].split() == ["ID", "STATE", "CREATED", "EXPIRES", "LAST", "USED", "NAME"]
    assert len(lines) == 3 and lines[2].rstrip().endswith("nightly export") and "active" in lines[2]
    token_id = lines[2].split()[0]
    code, out = run(app, "users", "revoke-token", "us@example.org", token_id)
    assert code == 0 and f"Revoked API token {token_id}" in out
    assert "revoked" in run(app, "users", "tokens", "us@example.org")[1]
    code, out = run(app, "users", "revoke-token", "jp@example.org", token_id)
    assert code != 0 and "no API token" in out
    assert run(app, "users", "token", "us@example.org", "--days", "0")[0] != 0


def test_users_disable_and_enable(app, session, ana):
    browser = logged_in(app, ana)
    secret = accounts.issue_token(session, ana)
    commit(session)
    code, out = run(app, "users", "disable", ana)
    assert code == 0 and "1 session(s) ended, 1 API token(s) revoked" in out
    assert not is_logged_in(browser.client)
    assert app.test_client().get("/api/drafts", headers={"Authorization": f"Bearer {secret}"}).status_code == 401
    assert log_in(app.test_client(), ana).status_code == 401
    assert run(app, "users", "disable", ana)[0] != 0
    code, out = run(app, "users", "enable", ana)
    assert code == 0 and log_in(app.test_client(), ana).status_code == 302
    [event] = events(session, "user.disabled")
    assert event.actor == "command line" and event.address == "cli"
