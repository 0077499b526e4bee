"""/account/reminders: the signed-in person turns reminder kinds on and off (CSRF is checked
for every POST by the app's CSRFProtect)."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import delete, insert, select

from analysis.schema import reminder_preference

from ..db import get_session
from ..models.audit import record
from . import bp
from .items import KIND_LABELS, kinds_for


def _off(session, user_id: int) -> set[str]:
    c = reminder_preference.c
    query = select(c.kind).where(c.user_id == user_id, ~c.enabled)
    return set(session.scalars(query))


def _page(kinds, off, status=200):
    return render_template(
        "reminders/preferences.html", kinds=kinds, off=off, labels=KIND_LABELS
    ), status


@bp.route("/account/reminders", methods=["GET", "POST"])
@login_required
def preferences():
    session = get_session()
    kinds = kinds_for(current_user.roles)
    off = _off(session, current_user.id)
    if request.method == "GET":
        return _page(kinds, off)
    chosen = set(request.form.getlist("kind"))
    if not chosen <= set(kinds):
        flash(_("That reminder is not one of yours. Nothing was changed."), "error")
        return _page(kinds, off, 400)
    wanted_off = set(kinds) - chosen
    _save(session, current_user.id, off, wanted_off)
    flash(_("Your reminder choices are saved."), "success")
    return redirect(url_for("reminders.preferences"))


def _save(session, user_id: int, before: set[str], after: set[str]) -> None:
    """Store the kinds turned off (a row with enabled false each), audited kind by kind."""
    c = reminder_preference.c
    session.execute(delete(reminder_preference).where(c.user_id == user_id))
    if after:
        rows = [{"user_id": user_id, "kind": kind, "enabled": False} for kind in sorted(after)]
        session.execute(insert(reminder_preference), rows)
    for kind in sorted(before ^ after):
        record(session, user_id=user_id, action="update", entity="reminder_preference",
               entity_id=user_id, field=kind, old=kind not in before,
               new=kind not in after)  # fmt: skip
    session.commit()
