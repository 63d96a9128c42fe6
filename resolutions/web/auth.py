"""Log-in and log-out. Every other page requires a logged-in user.

Flask-Login's user id is the log-in's random session key (never the user's id), so the
session cookie and the remember-me cookie carry only that key, and a key whose row is
gone (log-out, log out everywhere, a password change, a disabled account) is refused.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import UserMixin, current_user, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField
from wtforms.validators import DataRequired, Length

from ..services import accounts
from ..services.actors import Actor
from .context import db, keep_records, login_manager

bp = Blueprint("auth", __name__)


class LoginUser(UserMixin):
    """Flask-Login's view of an Actor and the key of its log-in."""

    def __init__(self, actor: Actor, key: str):
        self.actor = actor
        self.key = key

    def get_id(self) -> str:
        return self.key


@login_manager.user_loader
def load_user(key: str):
    found = accounts.actor_for_session(db(), key)
    return LoginUser(found.at(request.remote_addr), key) if found else None


def current_actor() -> Actor:
    return current_user.actor


def login_rules() -> accounts.LoginRules:
    return accounts.LoginRules.of(current_app.config["SETTINGS"])


def too_many_attempts(refusal: accounts.TooManyAttempts, template: str, **context):
    """429 with Retry-After, keeping the record of the refusal."""
    keep_records()
    return (render_template(template, refusal=refusal, **context), 429,
            {"Retry-After": str(refusal.retry_after)})


class LoginForm(FlaskForm):
    email = EmailField("E-mail", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)])
    remember = BooleanField("Keep me logged in")


def _safe_next(target: str | None) -> str:
    # Only same-site paths: an open redirect would let a phishing link borrow our log-in page.
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("drafts.index")


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        rules = login_rules()
        try:
            done = accounts.log_in(db(), form.email.data, form.password.data, address=request.remote_addr or "",
                                   rules=rules, remember=form.remember.data,
                                   user_agent=request.headers.get("User-Agent", ""))
        except accounts.TooManyAttempts as refusal:
            return too_many_attempts(refusal, "auth/login.html", form=form)
        if done:
            if current_user.is_authenticated:  # a log-in over another: end the old one on the server too
                accounts.log_out(db(), current_actor(), current_user.key)
            login_user(LoginUser(done.actor, done.key), remember=form.remember.data,
                       duration=rules.remember_lifetime)
            return redirect(_safe_next(request.args.get("next")))
        keep_records()  # the failure's record is what limits the next attempts
        flash(accounts.WRONG_LOGIN, "error")
        status = 401
    elif request.method == "POST":
        status = 400
    return render_template("auth/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
def logout():
    if current_user.is_authenticated:
        accounts.log_out(db(), current_actor(), current_user.key)
    logout_user()
    flash("You are logged out.", "info")
    return redirect(url_for("auth.login"))
