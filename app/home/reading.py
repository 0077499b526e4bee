"""What a department member has not read yet, and the domain headings in words.

A released report is new to a reader until they have opened it or it is acknowledged ("mark
as read"). Opening it is already in the audit log (reports/services.record_view writes a
`report.view` event per reader), so no table of its own is needed: one query over the audit
log for the reports on the page.
"""

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.instruments import Instrument

from ..models import AuditEvent
from ..permissions import Subject


def opened_by(session: Session, user: Subject, observation_ids: list[uuid.UUID]) -> set[str]:
    """The ids (as text) of the observations among `observation_ids` the user has opened."""
    if not observation_ids:
        return set()
    query = select(AuditEvent.entity_id).where(
        AuditEvent.entity == "observation",
        AuditEvent.entity_id.in_([str(i) for i in observation_ids]),
        AuditEvent.action == "report.view",
        AuditEvent.user_id == user.id,
    )
    return set(session.scalars(query.distinct()))


def domain_headings(instrument: Instrument, lang: str) -> list[tuple[str, str]]:
    """(code, plain name) of each domain, in the instrument's order, for table headings."""
    return [(domain.code, domain.labels.get(lang)) for domain in instrument.domains]
