"""Log-in and log-out. Every other page requires a logged-in user."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import UserMixin, current_user, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField
from wtforms.validators import DataRequired, Length

from ..services import accounts
from ..services.actors import Actor
from . import db, login_manager

bp = Blueprint("auth", __name__)


class LoginUser(UserMixin):
    """Flask-Login's view of an Actor."""

    def __init__(self, actor: Actor):
        self.actor = actor

    def get_id(self) -> str:
        return str(self.actor.user_id)


@login_manager.user_loader
def load_user(user_id: str):
    found = accounts.actor(db(), int(user_id)) if user_id.isdigit() else None
    return LoginUser(found) if found else None


def current_actor() -> Actor:
    return current_user.actor


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
        actor = accounts.authenticate(db(), form.email.data, form.password.data)
        if actor:
            login_user(LoginUser(actor), remember=form.remember.data)
            return redirect(_safe_next(request.args.get("next")))
        flash("That e-mail and password do not match an account.", "error")
        status = 401
    elif request.method == "POST":
        status = 400
    return render_template("auth/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
def logout():
    logout_user()
    flash("You are logged out.", "info")
    return redirect(url_for("auth.login"))
