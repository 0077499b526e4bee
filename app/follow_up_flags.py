"""Follow-up flags as people read them: the thresholds in force (FOLLOW_UP_* settings) and
each flag's reason with its numbers, in the user's language. The dashboard's flag list and a
follow-up case opened from a flag both word a flag here."""

from flask import current_app
from flask_babel import gettext as _

from analysis.followup import Flag, Thresholds
from analysis.semesters import semester_label

from .i18n import current_language
from .instruments import all_instruments


def thresholds() -> Thresholds:
    """The configured thresholds (FOLLOW_UP_* settings, app/config.py)."""
    return Thresholds.from_settings(current_app.config)


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def reason(flag: Flag, labels: dict[str, str], instrument_id: str = "") -> str:
    """Return a flag's reason with its numbers, in the user's language."""
    lang = current_language()
    instrument = all_instruments().get(instrument_id)
    values = {
        "code": labels.get(flag.code, flag.code),
        "value": _number(flag.value),
        "threshold": _number(flag.threshold),
        "semester": semester_label(flag.semester, lang),
        "before": _number(flag.previous_value),
        "before_semester": semester_label(flag.previous_semester, lang)
        if flag.previous_semester
        else "",
        "instrument": instrument.name.get(lang) if instrument else instrument_id,
        "share": f"{100 * thresholds().bottom_share:.0f}",
    }
    if flag.rule == "negative_climate":
        return _("%(code)s: the mean %(value)s in %(semester)s is %(threshold)s or more "
                 "(1 = no negativity).", **values)  # fmt: skip
    if flag.rule == "low_support":
        return _("%(code)s: the mean %(value)s in %(semester)s is below %(threshold)s.", **values)
    if flag.rule == "drop":
        values["change"] = f"{flag.value - (flag.previous_value or 0):+.2f}"
        return _("%(code)s fell from %(before)s in %(before_semester)s to %(value)s in "
                 "%(semester)s (%(change)s; flagged from a fall of %(threshold)s).",
                 **values)  # fmt: skip
    return _("%(code)s: %(value)s in %(semester)s and %(before)s in %(before_semester)s, both "
             "among the lowest %(share)s %% of departments observed with %(instrument)s (up to "
             "%(threshold)s in %(semester)s).", **values)  # fmt: skip


def rule_name(rule: str) -> str:
    """Return a rule's short name, for the counts and the table."""
    return {
        "negative_climate": _("Negative climate"),
        "low_support": _("Low emotional support"),
        "drop": _("Drop since last semester"),
        "bottom_decile": _("Among the lowest two semesters running"),
    }[rule]
