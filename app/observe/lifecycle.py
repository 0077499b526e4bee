"""The observation row's writes, in one place: its status and its version.

The status moves draft → submitted → released, and back to draft when the project lead reopens
an observation. `change_status` is the only code that changes it: one UPDATE that also bumps the
version, the audit event of the change, and the analysis cache, all in the caller's
transaction. A new status change (e.g. cancelling a visit) is one more `Transition` here.

A planned visit (app/plan) follows its observation, here too: `start_visit` marks it started
when its observation is made, and `change_status` marks it done on submission (started again
when the project lead reopens the observation).

Every change to a draft takes the draft's lock first (`lock_draft`) and bumps its version
(`bump_version`) only if it changed something: a retry or an older edit leaves the version as
it is, so a tablet can tell its edit made no difference.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import NoReturn

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import Row, bindparam, select, update
from sqlalchemy.orm import Session, attributes

from analysis.dimension_means import refresh_dimension_means
from analysis.structure import structure_for

from ..models import Observation, Visit, utcnow
from ..models.audit import record
from .rules import RuleViolation, ensure_draft

OBSERVATION = Observation.__table__
VISIT = Visit.__table__
# The visit's status before and after, for each observation status that moves the visit.
VISIT_FOLLOWS = {"submitted": ("started", "done"), "draft": ("done", "started")}
EDITED = (
    OBSERVATION.c.version,
    OBSERVATION.c.observer_id,
    OBSERVATION.c.status,
    OBSERVATION.c.instrument_id,
    OBSERVATION.c.instrument_version,
)
# SET updated_at = updated_at changes nothing, but as a write it takes the draft's row lock
# (PostgreSQL) or the database's write lock (SQLite): until the caller's transaction ends, no
# other write comes between what this request reads and what it writes.
LOCK_DRAFT = (
    update(OBSERVATION)
    .where(OBSERVATION.c.id == bindparam("oid"), OBSERVATION.c.status == "draft")
    .values(updated_at=OBSERVATION.c.updated_at)
    .returning(*EDITED)
)
BUMP_VERSION = (
    update(OBSERVATION)
    .where(OBSERVATION.c.id == bindparam("oid"))
    .values(version=OBSERVATION.c.version + 1, updated_at=bindparam("now"))
    .returning(OBSERVATION.c.version)
)


def lock_draft(session: Session, observation_id: uuid.UUID) -> Row | None:
    """Lock a draft for a change; return its version, observer, status and instrument, or None
    when there is no such draft."""
    return session.execute(LOCK_DRAFT, {"oid": observation_id}).first()


def bump_version(session: Session, observation_id: uuid.UUID) -> int:
    """Count one change to the (locked) draft; return its new version."""
    return session.execute(BUMP_VERSION, {"oid": observation_id, "now": utcnow()}).scalar_one()


@dataclass(frozen=True)
class Transition:
    """One change of status: the audit action that records it, from which statuses, to which."""

    action: str
    sources: tuple[str, ...]
    target: str

    @property
    def changes_done(self) -> bool:
        """Whether the observation becomes done (submitted or released) or stops being done."""
        return "draft" in self.sources or self.target == "draft"


SUBMIT = Transition("submit", ("draft",), "submitted")
RELEASE = Transition("feedback.release", ("submitted",), "released")
REOPEN = Transition("reopen", ("submitted", "released"), "draft")


def change_status(
    session: Session,
    user_id: int,
    observation: Observation,
    transition: Transition,
    *,
    reason: str | None = None,
    now: datetime | None = None,
) -> None:
    """Move the observation's status, bump its version and audit it, or refuse when it is not
    in a status the transition starts from."""
    now = now or utcnow()
    old_status = observation.status
    changed = session.execute(_status_update(transition, now), {"oid": observation.id}).first()
    if changed is None:
        _refuse(session, transition, observation.id)
    for name, value in changed._mapping.items():
        # Mirror the UPDATE onto the loaded object without marking it dirty.
        attributes.set_committed_value(observation, name, value)
    if transition.changes_done:
        # The analysis cache holds done observations; keep it exact in this transaction.
        structure = structure_for(current_app.extensions["instrument_versions"])
        refresh_dimension_means(session, [observation.id], structure)
    _visit_follows(session, user_id, observation.id, transition)
    record(
        session,
        user_id=user_id,
        action=transition.action,
        entity="observation",
        entity_id=observation.id,
        field="status",
        old=old_status,
        new=transition.target,
        reason=reason,
    )


def start_visit(session: Session, user_id: int, visit: Visit, observation_id: uuid.UUID) -> None:
    """Mark a planned visit started by this new observation, or refuse it if another request
    started it meanwhile."""
    changed = session.execute(
        update(VISIT)
        .where(VISIT.c.id == visit.id, VISIT.c.status == "planned")
        .values(status="started", observation_id=observation_id)
        .returning(VISIT.c.id)
    ).first()
    if changed is None:
        raise RuleViolation(
            "visit_not_planned",
            _("This visit has already been started, or it was cancelled. Open My visits."),
        )
    attributes.set_committed_value(visit, "status", "started")
    attributes.set_committed_value(visit, "observation_id", observation_id)
    _record_visit(session, user_id, visit.id, "start", "planned", "started")


def _visit_follows(
    session: Session, user_id: int, observation_id: uuid.UUID, transition: Transition
) -> None:
    if transition.target not in VISIT_FOLLOWS:
        return
    old, new = VISIT_FOLLOWS[transition.target]
    visit_id = session.execute(
        update(VISIT)
        .where(VISIT.c.observation_id == observation_id, VISIT.c.status == old)
        .values(status=new)
        .returning(VISIT.c.id)
    ).scalar()
    if visit_id is not None:
        _record_visit(session, user_id, visit_id, transition.action, old, new)


def _record_visit(session: Session, user_id: int, visit_id: int, action: str, old, new) -> None:
    record(
        session,
        user_id=user_id,
        action=action,
        entity="visit",
        entity_id=visit_id,
        field="status",
        old=old,
        new=new,
    )


def _status_update(transition: Transition, now: datetime):
    """The UPDATE of one transition, stamped as the CHECK constraints tie stamps to statuses."""
    stamps = {
        "draft": {"submitted_at": None, "released_at": None},
        "submitted": {"submitted_at": now},
        "released": {"released_at": now},
    }[transition.target]
    return (
        update(OBSERVATION)
        .where(OBSERVATION.c.id == bindparam("oid"), OBSERVATION.c.status.in_(transition.sources))
        .values(
            status=transition.target,
            version=OBSERVATION.c.version + 1,
            updated_at=now,
            **stamps,
        )
        .returning(
            OBSERVATION.c.status,
            OBSERVATION.c.version,
            OBSERVATION.c.updated_at,
            OBSERVATION.c.submitted_at,
            OBSERVATION.c.released_at,
        )
    )


def _refuse(session: Session, transition: Transition, observation_id: uuid.UUID) -> NoReturn:
    """Say why the observation cannot make this transition from the status it has now."""
    if transition.target == "draft":
        raise RuleViolation(
            "not_submitted",
            _("This observation is already a draft, so there is nothing to reopen."),
        )
    status = session.scalar(select(OBSERVATION.c.status).where(OBSERVATION.c.id == observation_id))
    if status == "draft":  # only a release gets here: a draft can always be submitted
        raise RuleViolation(
            "not_submitted",
            _(
                "This observation is not submitted, so its report cannot be released. "
                "Submit the observation first."
            ),
        )
    ensure_draft(status or "submitted")  # submitted or released: refused as locked
