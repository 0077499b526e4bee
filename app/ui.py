"""Labels and helpers the templates share (translated here, once)."""

from flask import Flask
from flask_babel import lazy_gettext as _l

from analysis.semesters import semester_label

from .i18n import current_language
from .permissions import home_roles, may

ROLE_LABELS = {
    "observer": _l("Observer"),
    "pedagogical_leader": _l("Pedagogical leader"),
    "director": _l("Director"),
    "mentor": _l("Mentor"),
    "staff": _l("Staff member"),
    "project_lead": _l("Project lead"),
}
STATUS_LABELS = {
    "draft": _l("Draft"),
    "submitted": _l("Submitted"),
    "released": _l("Released"),
    None: _l("Not started"),
}
KIND_LABELS = {
    "regular": _l("Regular"),
    "double_coding": _l("Double-coding"),
    "practice": _l("Practice"),
}
VISIT_STATUS_LABELS = {
    "planned": _l("Planned"),
    "started": _l("Started"),
    "done": _l("Done"),
    "cancelled": _l("Cancelled"),
}
AGE_GROUP_LABELS = {"toddler": _l("Toddler (1–3 years)"), "preschool": _l("Pre-school (3–6 years)")}
ERROR_TITLES = {
    400: _l("Something in the request was wrong"),
    403: _l("You do not have access to this page"),
    404: _l("We could not find that page"),
    405: _l("That is not allowed here"),
    413: _l("What you sent is too large"),
    500: _l("Something went wrong on our side"),
}
ERROR_HELP = {
    400: _l("Go back, reload the page and try again."),
    403: _l("If you think you should have access, ask the project lead."),
    404: _l("Check the address, or start again from the front page."),
    405: _l("Go back and use the buttons on the page."),
    413: _l("Go back and send a shorter text or a smaller file."),
    500: _l("Nothing you entered is lost. Try again in a moment."),
}


def init_app(app: Flask) -> None:
    """Expose the label helpers to every template."""
    app.jinja_env.globals.update(
        home_roles=home_roles,
        may=may,  # templates ask for permissions, never test roles
        role_label=lambda role: ROLE_LABELS.get(role, role),
        status_label=lambda status: STATUS_LABELS.get(status, status),
        kind_label=lambda kind: KIND_LABELS.get(kind, kind),
        visit_status_label=lambda status: VISIT_STATUS_LABELS.get(status, status),
        age_group_label=lambda group: AGE_GROUP_LABELS.get(group, group),
        semester_name=lambda s: semester_label(s, current_language()),
        error_title=lambda code: ERROR_TITLES.get(code, ERROR_TITLES[500]),
        error_help=lambda code: ERROR_HELP.get(code, ERROR_HELP[500]),
        fmt_mean=lambda value: "–" if value is None else f"{value:.2f}",
    )
