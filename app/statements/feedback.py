"""The accessibility statement's feedback channel: a signed-in person's report reaches every
active project lead by e-mail (app/mail.py, in the lead's language) and is kept in the audit
log, so it is on record even when mail is down."""

from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.orm import Session
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from .. import mail
from ..models import AuditEvent, User
from ..models.audit import record
from ..permissions import holds_role

MAX_REPORT = 4000


class AccessibilityFeedbackForm(FlaskForm):
    page = StringField(_l("Which page or function? (optional)"), validators=[Length(max=300)])
    message = TextAreaField(
        _l("What did not work for you?"),
        validators=[
            DataRequired(_l("Write what did not work.")),
            Length(max=MAX_REPORT, message=_l("Write at most %(max)d characters.")),
        ],
    )


def project_leads(session: Session) -> list[User]:
    query = select(User).where(holds_role("project_lead")).order_by(User.id)
    return list(session.scalars(query))


def report_problem(session: Session, reporter: User, page: str, message: str) -> int:
    """Audit the report and mail it to each project lead; return how many leads were mailed.
    The caller commits."""
    record(session, user_id=reporter.id, action="report", entity="accessibility_feedback",
           entity_id=reporter.id, field=page or None, new=message)  # fmt: skip
    mailed = 0
    for lead in project_leads(session):
        with force_locale(lead.locale or "nb"):
            subject = _("Accessibility feedback in TETT PÅ")
            body = _(
                "%(name)s (%(email)s) reports an accessibility problem.\n\n"
                "Page or function: %(page)s\n\n%(message)s\n\nAll reports: %(link)s\n",
                name=reporter.name,
                email=reporter.email,
                page=page or "-",
                message=message,
                link=url_for("statements.accessibility_reports", _external=True),
            )
        mailed += bool(mail.send(lead.email, subject, body))
    current_app.logger.info("Accessibility feedback from user %s to %s leads", reporter.id, mailed)
    return mailed


def received_reports(session: Session, limit: int = 200) -> list:
    """The newest reports with their senders (None when the sender is gone)."""
    query = (
        select(AuditEvent, User)
        .outerjoin(User, User.id == AuditEvent.user_id)
        .where(AuditEvent.entity == "accessibility_feedback")
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(limit)
    )
    return list(session.execute(query))
