"""The account page: change the password, see and end log-ins, manage API tokens."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_login import current_user, login_required, logout_user
from flask_wtf import FlaskForm
from wtforms import IntegerField, PasswordField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ..domain.errors import DomainError
from ..services import accounts
from .context import db, keep_records
from .auth import current_actor, login_rules, too_many_attempts

bp = Blueprint("account", __name__, url_prefix="/account")


@bp.before_request
@login_required
def require_login():
    """Only the logged-in user's own account. (CSRFProtect guards every POST here.)"""


class PasswordForm(FlaskForm):
    current_password = PasswordField("Current password", validators=[DataRequired(), Length(max=200)])
    new_password = PasswordField("New password", validators=[DataRequired(), Length(max=200)])
    new_password_again = PasswordField("New password again", validators=[DataRequired(), Length(max=200)])


class TokenForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=100)])
    days = IntegerField("Valid for (days)", validators=[Optional(), NumberRange(1, accounts.MAX_TOKEN_DAYS)])


def _page(status: int = 200, *, password_form: PasswordForm | None = None, token_form: TokenForm | None = None,
          new_token: str | None = None, refusal: accounts.TooManyAttempts | None = None):
    actor = current_actor()
    token_form = token_form or TokenForm(formdata=None)
    if token_form.days.data is None:
        token_form.days.data = current_app.config["SETTINGS"].token_days
    context = dict(actor=actor, password_form=password_form or PasswordForm(formdata=None), token_form=token_form,
                   new_token=new_token,
                   sessions=accounts.sessions_of(db(), actor, current_user.key),
                   tokens=accounts.tokens_of(db(), actor), min_password=accounts.MIN_PASSWORD)
    if refusal is not None:
        return too_many_attempts(refusal, "account/index.html", **context)
    return render_template("account/index.html", **context), status


@bp.route("")
def index():
    return _page()


@bp.route("/password", methods=["POST"])
def change_password():
    form = PasswordForm()
    if not form.validate_on_submit():
        return _page(400, password_form=form)
    try:
        ended = accounts.change_password(db(), current_actor(), form.current_password.data, form.new_password.data,
                                         form.new_password_again.data, rules=login_rules())
    except accounts.TooManyAttempts as refusal:
        return _page(password_form=form, refusal=refusal)
    except DomainError as error:
        if error.where == "current_password":
            keep_records()  # a wrong current password counts as a failed log-in
        form._fields.get(error.where, form.new_password).errors = [error.message]
        return _page(error.status, password_form=form)
    logout_user()
    flash(f"Your password is changed and your {ended} log-in{'s' if ended != 1 else ''} ended. "
          "Log in with the new password.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/logout-everywhere", methods=["POST"])
def logout_everywhere():
    ended = accounts.log_out_everywhere(db(), current_actor())
    logout_user()
    flash(f"You are logged out everywhere ({ended} log-in{'s' if ended != 1 else ''} ended).", "info")
    return redirect(url_for("auth.login"))


@bp.route("/tokens", methods=["POST"])
def create_token():
    form = TokenForm()
    if not form.validate_on_submit():
        return _page(400, token_form=form)
    actor = current_actor()
    try:
        secret = accounts.issue_token(db(), actor.email, name=form.name.data,
                                      days=form.days.data or current_app.config["SETTINGS"].token_days, by=actor)
    except DomainError as error:
        form._fields.get(error.where, form.name).errors = [error.message]
        return _page(error.status, token_form=form)
    # Shown in this response only: only the token's hash is kept, and a flash message
    # would put the secret in the session cookie.
    return _page(201, new_token=secret)


@bp.route("/tokens/<int:token_id>/revoke", methods=["POST"])
def revoke_token(token_id: int):
    actor = current_actor()
    accounts.revoke_token(db(), actor, token_id, by=actor)
    flash(f"API token {token_id} is revoked; programs using it are refused from now on.", "info")
    return redirect(url_for("account.index"))
