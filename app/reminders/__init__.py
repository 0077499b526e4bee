"""Reminders (issue 18 §3): what is due for whom, sent by e-mail once each by `flask reminders
send`, turned off kind by kind on /account/reminders, and shown as a to-do list on the home
page so that nobody depends on e-mail."""

from flask import Blueprint

bp = Blueprint("reminders", __name__)

from . import routes  # noqa: E402,F401


def init_app(app) -> None:
    """Give the home templates their to-do list (a Jinja global: no change to home/routes)."""
    from .todo import reminders_todo

    app.jinja_env.globals.update(reminders_todo=reminders_todo)
