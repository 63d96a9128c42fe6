"""Accounts, log-in sessions and API tokens (issue "Trust", item 7), at the service layer."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from resolutions.domain.errors import DomainError
from resolutions.services import accounts, demo
from resolutions.services.errors import Conflict, NotFound
from resolutions.settings import Settings
from resolutions.store.tables import ApiToken, AuditEvent, User, UserSession, utcnow
from tests.conftest import PASSWORD

RULES = accounts.LoginRules()  # the defaults: 10 per account, 30 per address, 15 minutes
HERE = "192.0.2.1"


def events(session, name: str) -> list[AuditEvent]:
    return list(session.scalars(select(AuditEvent).where(AuditEvent.event == name).order_by(AuditEvent.id)))


def old_failures(session, count: int, *, who: str = "x@example.org", address: str = "198.51.100.9",
                 minutes_ago: float = 1) -> None:
    """Failed log-ins as the audit trail holds them, dated in the past (no sleeping)."""
    for _ in range(count):
        session.add(AuditEvent(event="login.failed", actor=who, address=address,
                               at=utcnow() - timedelta(minutes=minutes_ago)))
    session.flush()


def log_in(session, email="us@example.org", password=PASSWORD, **kw):
    return accounts.log_in(session, email, password, address=kw.pop("address", HERE), rules=kw.pop("rules", RULES),
                           **kw)


# --- e-mails and passwords --------------------------------------------------------------

def test_emails_are_validated_and_normalised(session):
    assert accounts.normalise_email("  Ana.Maria@EXAMPLE.org ") == "ana.maria@example.org"
    for bad in ("ana", "ana@", "ana@localhost", "two@@example.org", ""):
        with pytest.raises(DomainError) as refused:
            accounts.create_user(session, bad, "a long enough pass", delegation="Japan")
        assert refused.value.where == "email" and "not a valid e-mail address" in refused.value.message
    created = accounts.create_user(session, " Ana@Example.ORG", "a long enough pass", delegation="Japan")
    assert created.email == "ana@example.org"
    with pytest.raises(Conflict):
        accounts.create_user(session, "ANA@example.org", "a long enough pass", delegation="Japan")


@pytest.mark.parametrize("password, message", [
    ("short pw", "at least 12 characters"),
    ("elevenchars", "at least 12 characters"),
    ("qwerty123456", "most common leaked passwords"),
    ("QWERTY123456", "most common leaked passwords"),  # case does not rescue it
    ("leavemealone", "most common leaked passwords"),
])
def test_short_and_common_passwords_are_refused_naming_the_field(session, password, message):
    with pytest.raises(DomainError) as refused:
        accounts.create_user(session, "new@example.org", password, delegation="Japan")
    assert refused.value.where == "password" and message in refused.value.message
    assert session.scalar(select(User).where(User.email == "new@example.org")) is None


def test_the_demo_and_test_passwords_are_accepted():
    accounts.check_new_password(demo.PASSWORD)
    accounts.check_new_password(PASSWORD)


def test_creating_a_user_is_recorded_once(session):
    accounts.create_user(session, "new@example.org", "a long enough pass", delegation="Japan")
    [event] = events(session, "user.created")
    assert event.detail == {"user": "new@example.org", "delegation": "Japan"} and event.actor == "command line"


# --- log-ins ----------------------------------------------------------------------------

def test_a_log_in_is_a_session_row_holding_only_the_keys_hash(session):
    done = log_in(session, user_agent="Test/1")
    assert done.actor.email == "us@example.org" and len(done.key) >= 40
    row = session.scalar(select(UserSession))
    assert row.key_hash != done.key and done.key not in row.key_hash and len(row.key_hash) == 64
    assert (row.address, row.user_agent, row.remember) == (HERE, "Test/1", False)
    lifetime = accounts._utc(row.expires_at) - accounts._utc(row.created_at)
    assert lifetime == timedelta(hours=12)
    assert accounts.actor_for_session(session, done.key).email == "us@example.org"
    assert accounts.actor_for_session(session, done.key[:-1] + "x") is None
    [event] = events(session, "login")
    assert (event.actor, event.address, event.detail) == ("us@example.org", HERE, {"remember": False})


def test_a_remembered_log_in_lasts_the_remember_lifetime(session):
    log_in(session, remember=True)
    row = session.scalar(select(UserSession))
    assert accounts._utc(row.expires_at) - accounts._utc(row.created_at) == timedelta(days=14) and row.remember


def test_a_wrong_password_or_unknown_email_is_one_failure_record_with_the_typed_email(session):
    assert log_in(session, " US@Example.org ", "wrong password!") is None
    assert log_in(session, "Nobody@Example.org", "wrong password!") is None
    failed = events(session, "login.failed")
    assert [(e.actor, e.user_id, e.address, e.detail["reason"]) for e in failed] == [
        ("us@example.org", None, HERE, "wrong password"), ("nobody@example.org", None, HERE, "unknown e-mail")]
    assert session.scalar(select(func.count()).select_from(UserSession)) == 0


def test_the_eleventh_attempt_is_refused_even_with_the_right_password(session):
    for _ in range(10):
        assert log_in(session, password="wrong password!") is None
    with pytest.raises(accounts.TooManyAttempts) as refused:
        log_in(session)  # the right password
    assert refused.value.status == 429 and 14 * 60 < refused.value.retry_after <= 15 * 60
    assert "Too many failed log-ins" in refused.value.message
    assert len(events(session, "login.failed")) == 10  # a refusal is not another failure
    assert len(events(session, "login.refused")) == 1
    # Another account from another address is not affected.
    assert log_in(session, "jp@example.org", address="203.0.113.5") is not None


def test_retry_after_counts_down_to_the_oldest_failure_leaving_the_window(session):
    old_failures(session, 1, who="us@example.org", minutes_ago=14)
    old_failures(session, 9, who="us@example.org", minutes_ago=1)
    with pytest.raises(accounts.TooManyAttempts) as refused:
        log_in(session)
    assert 55 <= refused.value.retry_after <= 60


def test_failures_older_than_the_window_no_longer_count(session):
    old_failures(session, 50, who="us@example.org", address=HERE, minutes_ago=16)
    assert log_in(session) is not None


def test_an_address_is_limited_across_accounts(session):
    old_failures(session, 30, who="someone@example.org", address=HERE)
    with pytest.raises(accounts.TooManyAttempts):
        log_in(session, "jp@example.org")
    assert log_in(session, "jp@example.org", address="203.0.113.5") is not None


def test_the_limits_come_from_the_settings():
    env = {"RESOLUTIONS_LOGIN_FAILURES_PER_ACCOUNT": "3", "RESOLUTIONS_LOGIN_FAILURES_PER_ADDRESS": "7",
           "RESOLUTIONS_LOGIN_WINDOW_MINUTES": "5", "RESOLUTIONS_SESSION_HOURS": "2",
           "RESOLUTIONS_REMEMBER_DAYS": "3"}
    rules = accounts.LoginRules.of(Settings.from_env(env, data_dir="/tmp/x", secret_key="k"))
    assert rules == accounts.LoginRules(3, 7, timedelta(minutes=5), timedelta(hours=2), timedelta(days=3))
    assert accounts.LoginRules.of(Settings.from_env({}, data_dir="/tmp/x", secret_key="k")) == RULES
    with pytest.raises(ValueError, match="RESOLUTIONS_SESSION_HOURS"):
        Settings.from_env({"RESOLUTIONS_SESSION_HOURS": "twelve"}, data_dir="/tmp/x", secret_key="k")


def test_an_expired_session_is_refused_and_removed(session):
    done = log_in(session)
    row = session.scalar(select(UserSession))
    row.expires_at = utcnow() - timedelta(seconds=1)
    session.flush()
    assert accounts.actor_for_session(session, done.key) is None
    assert session.scalar(select(func.count()).select_from(UserSession)) == 0


def test_last_seen_is_written_at_most_every_few_minutes(session):
    done = log_in(session)
    row = session.scalar(select(UserSession))
    two_minutes_ago, ten_minutes_ago = utcnow() - timedelta(minutes=2), utcnow() - timedelta(minutes=10)
    row.last_seen_at = two_minutes_ago
    session.flush()
    accounts.actor_for_session(session, done.key)
    assert accounts._utc(row.last_seen_at) == two_minutes_ago
    row.last_seen_at = ten_minutes_ago
    session.flush()
    accounts.actor_for_session(session, done.key)
    assert accounts._utc(row.last_seen_at) > utcnow() - timedelta(seconds=5)


def test_log_out_ends_only_that_session(session):
    first, second = log_in(session), log_in(session)
    accounts.log_out(session, first.actor, first.key)
    assert accounts.actor_for_session(session, first.key) is None
    assert accounts.actor_for_session(session, second.key) is not None
    assert len(events(session, "logout")) == 1


def test_log_out_everywhere_ends_every_session_of_the_user_only(session):
    mine = [log_in(session) for _ in range(3)]
    theirs = log_in(session, "jp@example.org")
    assert accounts.log_out_everywhere(session, mine[0].actor) == 3
    assert all(accounts.actor_for_session(session, d.key) is None for d in mine)
    assert accounts.actor_for_session(session, theirs.key) is not None
    [event] = events(session, "logout.everywhere")
    assert event.detail == {"sessions_ended": 3}


def test_changing_the_password_ends_every_session(session):
    done, other = log_in(session), log_in(session)
    actor = done.actor
    assert accounts.change_password(session, actor, PASSWORD, "a brand new passphrase", "a brand new passphrase",
                                    rules=RULES) == 2
    assert accounts.actor_for_session(session, done.key) is None and accounts.actor_for_session(session, other.key) is None
    assert log_in(session) is None
    assert log_in(session, password="a brand new passphrase") is not None
    [event] = events(session, "password.changed")
    assert event.actor == "us@example.org" and event.detail == {"sessions_ended": 2}
    assert session.get(User, actor.user_id).password_changed_at is not None


@pytest.mark.parametrize("current, new, again, where", [
    ("wrong password!", "a brand new passphrase", "a brand new passphrase", "current_password"),
    (PASSWORD, "a brand new passphrase", "a brand new passphrasE", "new_password_again"),
    (PASSWORD, "qwerty123456", "qwerty123456", "new_password"),
    (PASSWORD, "too short", "too short", "new_password"),
])
def test_a_refused_password_change_changes_nothing(session, current, new, again, where):
    done = log_in(session)
    with pytest.raises(DomainError) as refused:
        accounts.change_password(session, done.actor.at(HERE), current, new, again, rules=RULES)
    assert refused.value.where == where
    assert accounts.actor_for_session(session, done.key) is not None and not events(session, "password.changed")
    # Guessing the current password through this form counts like a failed log-in.
    assert len(events(session, "login.failed")) == (where == "current_password")


def test_the_password_change_form_is_limited_like_the_log_in(session):
    done = log_in(session)
    old_failures(session, 10, who="us@example.org")
    with pytest.raises(accounts.TooManyAttempts):
        accounts.change_password(session, done.actor.at(HERE), PASSWORD, "a brand new passphrase",
                                 "a brand new passphrase", rules=RULES)


# --- disabling --------------------------------------------------------------------------

def test_disabling_ends_sessions_revokes_tokens_and_stops_log_ins(session):
    done = log_in(session)
    token = accounts.issue_token(session, "us@example.org", name="script")
    assert accounts.disable_user(session, "US@example.org") == (1, 1)
    assert accounts.actor_for_session(session, done.key) is None
    with pytest.raises(accounts.Unauthenticated, match="revoked"):
        accounts.actor_for_token(session, token)
    assert log_in(session) is None  # the right password: refused as if it were wrong
    assert events(session, "login.failed")[-1].detail == {"reason": "account disabled"}
    [event] = events(session, "user.disabled")
    assert event.detail == {"user": "us@example.org", "sessions_ended": 1, "tokens_revoked": 1}
    with pytest.raises(Conflict):
        accounts.disable_user(session, "us@example.org")
    with pytest.raises(Conflict):
        accounts.issue_token(session, "us@example.org")
    accounts.enable_user(session, "us@example.org")
    assert log_in(session) is not None and len(events(session, "user.enabled")) == 1
    with pytest.raises(NotFound):
        accounts.disable_user(session, "nobody@example.org")


def test_a_disabled_session_row_left_behind_is_still_refused(session):
    done = log_in(session)
    session.get(User, done.actor.user_id).disabled_at = utcnow()
    session.flush()
    assert accounts.actor_for_session(session, done.key) is None


# --- API tokens -------------------------------------------------------------------------

def test_tokens_have_a_name_an_expiry_and_are_listed_for_their_owner(session, actors):
    accounts.issue_token(session, "us@example.org", name="Word add-in", days=30, by=actors["us"])
    accounts.issue_token(session, "us@example.org")
    accounts.issue_token(session, "jp@example.org", name="not yours")
    listed = accounts.tokens_of(session, actors["us"])
    assert [t.name for t in listed] == ["", "Word add-in"]
    days = {t.name: (t.expires_at - t.created_at).days for t in listed}
    assert days == {"Word add-in": 30, "": 90}
    assert all(t.state == "active" and t.last_used_at is None for t in listed)
    created = events(session, "token.created")
    assert [(e.actor, e.detail["user"], e.detail["name"]) for e in created] == [
        ("us@example.org", "us@example.org", "Word add-in"), ("command line", "us@example.org", ""),
        ("command line", "jp@example.org", "not yours")]
    assert session.scalar(select(ApiToken.token_hash).limit(1)) not in (None, "")
    for days in (0, 400):
        with pytest.raises(DomainError, match="from 1 to"):
            accounts.issue_token(session, "us@example.org", days=days)


def test_the_last_use_is_written_at_most_once_a_minute(session, actors):
    token = accounts.issue_token(session, "us@example.org")
    assert accounts.actor_for_token(session, token).email == "us@example.org"
    row = session.scalar(select(ApiToken))
    first = accounts._utc(row.last_used_at)
    assert first is not None
    accounts.actor_for_token(session, token)
    assert accounts._utc(row.last_used_at) == first
    row.last_used_at = utcnow() - timedelta(minutes=2)
    session.flush()
    accounts.actor_for_token(session, token)
    assert accounts._utc(row.last_used_at) > first - timedelta(seconds=1)
    assert accounts.tokens_of(session, actors["us"])[0].last_used_at is not None


def test_expired_and_revoked_tokens_are_refused_saying_why(session, actors):
    expired, revoked = accounts.issue_token(session, "us@example.org"), accounts.issue_token(session, "us@example.org")
    rows = {r.id: r for r in session.scalars(select(ApiToken))}
    old, newer = sorted(rows)
    rows[old].expires_at = utcnow() - timedelta(minutes=1)
    accounts.revoke_token(session, actors["us"], newer, by=actors["us"])
    with pytest.raises(accounts.Unauthenticated, match="expired on") as refused:
        accounts.actor_for_token(session, expired)
    assert refused.value.status == 401
    with pytest.raises(accounts.Unauthenticated, match="revoked on"):
        accounts.actor_for_token(session, revoked)
    assert accounts.actor_for_token(session, "never-issued") is None
    assert [t.state for t in accounts.tokens_of(session, actors["us"])] == ["revoked", "expired"]
    [event] = events(session, "token.revoked")
    assert event.detail["token_id"] == newer and event.actor == "us@example.org"


def test_only_the_owner_revokes_a_token_and_only_once(session, actors):
    accounts.issue_token(session, "us@example.org")
    token_id = session.scalar(select(ApiToken.id))
    with pytest.raises(NotFound):
        accounts.revoke_token(session, actors["jp"], token_id, by=actors["jp"])
    accounts.revoke_token(session, actors["us"], token_id, by=None)
    with pytest.raises(Conflict):
        accounts.revoke_token(session, actors["us"], token_id, by=None)
    assert len(events(session, "token.revoked")) == 1


def test_a_token_from_before_expiry_dates_lasts_the_default_from_its_creation(session, actors):
    token = accounts.issue_token(session, "us@example.org")
    row = session.scalar(select(ApiToken))
    row.expires_at, row.created_at = None, utcnow() - timedelta(days=91)
    session.flush()
    with pytest.raises(accounts.Unauthenticated, match="expired"):
        accounts.actor_for_token(session, token)

