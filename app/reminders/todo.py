"""The home page's short to-do list: the signed-in person's due items, whether or not mailed
and whatever their e-mail preferences (these turn e-mail off, not the list)."""

from datetime import date

from flask_login import current_user

from ..db import get_session
from .due import due_for
from .items import describe

TODO_LIMIT = 8  # a short list; the pages themselves hold the rest


def reminders_todo() -> list[dict]:
    """[{kind, text}] for the home page's include, today's items first by kind."""
    if not current_user.is_authenticated:
        return []
    items = due_for(get_session(), current_user, date.today())
    return [{"kind": item.kind, "text": describe(item)} for item in items[:TODO_LIMIT]]
