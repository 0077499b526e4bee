"""Send the due reminders: one mail per person per run listing their new items, in their
language; each item recorded in reminder_sent so a second run sends nothing twice."""

from collections import defaultdict
from datetime import date

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from analysis.schema import reminder_preference, reminder_sent

from .. import mail
from ..models import User
from ..models.audit import record
from .due import due_items
from .items import Item, describe, kinds_for


def turned_off(session: Session) -> set[tuple[int, str]]:
    rows = session.execute(
        select(reminder_preference.c.user_id, reminder_preference.c.kind).where(
            ~reminder_preference.c.enabled
        )
    )
    return {tuple(row) for row in rows}


def already_sent(session: Session) -> set[tuple[int, str, str]]:
    c = reminder_sent.c
    return {tuple(row) for row in session.execute(select(c.user_id, c.kind, c.subject_key))}


def new_items(session: Session, today: date) -> dict[int, list[Item]]:
    """Per person: the due items of their roles' kinds, not turned off, not sent before."""
    off, sent = turned_off(session), already_sent(session)
    per_person: dict[int, list[Item]] = defaultdict(list)
    for item in due_items(session, today):
        if (item.user_id, item.kind) in off or (item.user_id, item.kind, item.key) in sent:
            continue
        per_person[item.user_id].append(item)
    return per_person


def _mail(user: User, items: list[Item]) -> bool:
    with force_locale(user.locale or "nb"):
        lines = [describe(item) for item in items]
        body = render_template("reminders/mail_text.html", user=user, lines=lines)
        subject = _("TETT PÅ: what is due for you")
    return mail.send(user.email, subject, body)


def send_due(session: Session, today: date) -> dict[str, int]:
    """Mail every person their new items; record what was sent. Returns counts per kind."""
    counts: dict[str, int] = defaultdict(int)
    for user_id, items in new_items(session, today).items():
        user = session.get(User, user_id)
        kinds = set(kinds_for({row.role for row in user.role_rows}))
        items = [item for item in items if item.kind in kinds]
        if not items or not user.active or not _mail(user, items):
            continue  # a failed send is tried again next run
        rows = [{"user_id": user_id, "kind": i.kind, "subject_key": i.key} for i in items]
        session.execute(insert(reminder_sent), rows)
        record(session, user_id=None, action="reminders_sent", entity="user",
               entity_id=user_id, field="reminders", new=len(items))  # fmt: skip
        session.commit()
        for item in items:
            counts[item.kind] += 1
    return dict(counts)
