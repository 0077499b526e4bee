"""A reminder item, the kinds' stable codes and who receives each, and how an item reads.

An item names its recipient, its kind and its subject's key (a visit, a certification, a
month…): sending records (user, kind, key) in reminder_sent, so each is sent once.
"""

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from analysis.schema import REMINDER_KINDS

from ..ui import AGE_GROUP_LABELS

# The kinds each role receives (issue 18 §3), in the order the preferences page lists them.
KINDS_OF_ROLE = {
    "observer": (
        "certification_expiring_60",
        "certification_expiring_14",
        "visit_soon",
        "visit_overdue",
        "double_coding_assigned",
    ),
    "pedagogical_leader": ("report_released", "narrative_due", "narratives_handed_in"),
    "staff": ("report_released", "narrative_due"),
    "mentor": ("narratives_handed_in", "department_flagged"),
    "director": ("narratives_handed_in", "department_flagged"),
    "project_lead": ("agreement_drift", "certification_lapsed"),
}
KIND_LABELS = {
    "certification_expiring_60": _l("My certification expires within 60 days"),
    "certification_expiring_14": _l("My certification expires within 14 days"),
    "visit_soon": _l("A visit of mine is in two days"),
    "visit_overdue": _l("A visit of mine is overdue"),
    "double_coding_assigned": _l("I am given a double-coding visit"),
    "report_released": _l("A report is released for my department"),
    "narrative_due": _l("This month's practice narrative is due"),
    "narratives_handed_in": _l("Practice narratives are handed in for me to read"),
    "department_flagged": _l("A department is newly flagged for follow-up"),
    "agreement_drift": _l("An observer's agreement has drifted"),
    "certification_lapsed": _l("A certification has lapsed without renewal"),
}
assert set(KIND_LABELS) == set(REMINDER_KINDS)


@dataclass(frozen=True)
class Item:
    user_id: int
    kind: str
    key: str  # the subject, unique within (user, kind)
    what: str = ""  # a department, an observer, an author…
    on: date | None = None  # the day it is about: an expiry, a visit, a deadline


def kinds_for(roles) -> list[str]:
    """The kinds a person with these roles receives, without repeats, in a stable order."""
    kinds = [kind for role in KINDS_OF_ROLE if role in roles for kind in KINDS_OF_ROLE[role]]
    return list(dict.fromkeys(kinds))


def _day(on: date | None) -> str:
    return on.strftime("%d.%m.%Y") if on else ""


def describe(item: Item) -> str:
    """One line about the item, in the language in force (the recipient's, when mailing)."""
    what, on = item.what, _day(item.on)
    if item.kind.startswith("certification_expiring"):
        what = str(AGE_GROUP_LABELS.get(what, what))  # the family, named in the reader's language
    texts = {
        "certification_expiring_60": lambda: _(
            "Your %(what)s certification expires on %(on)s. Ask the project lead about "
            "renewal.", what=what, on=on),
        "certification_expiring_14": lambda: _(
            "Your %(what)s certification expires on %(on)s, in two weeks or less. Ask the "
            "project lead to register your renewal.", what=what, on=on),
        "visit_soon": lambda: _("You visit %(what)s on %(on)s.", what=what, on=on),
        "visit_overdue": lambda: _(
            "Your visit to %(what)s planned for %(on)s is overdue: start it or tell the "
            "project lead.", what=what, on=on),
        "double_coding_assigned": lambda: _(
            "You are to double-code at %(what)s on %(on)s.", what=what, on=on),
        "report_released": lambda: _(
            "A report for %(what)s is released. Read it on your home page.", what=what),
        "narrative_due": lambda: _(
            "This month's practice narrative is due on %(on)s, a week before the meeting.",
            on=on),
        "narratives_handed_in": lambda: _(
            "%(what)s has handed in a practice narrative for you to read before the meeting.",
            what=what),
        "department_flagged": lambda: _(
            "%(what)s is flagged for follow-up.", what=what),
        "agreement_drift": lambda: _(
            "%(what)s's agreement with the other observers has drifted below the bar: plan a "
            "recalibration.", what=what),
        "certification_lapsed": lambda: _(
            "%(what)s's certification lapsed on %(on)s and is not renewed.", what=what, on=on),
    }  # fmt: skip
    return texts[item.kind]()
