"""Starting, reading, submitting and reopening observations.

Services check permissions and rules and write to the session; they raise to refuse and never
commit or roll back: the view or CLI command that called them owns the transaction.
"""

import uuid
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import exists, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, contains_eager, joinedload, selectinload
from werkzeug.exceptions import Forbidden, NotFound

from analysis.instruments import Instrument
from analysis.scoring import Missing
from analysis.semesters import semester_of

from ..instruments import all_instruments, for_age_group, instrument_of
from ..models import Certification, Cycle, Department, Kindergarten, Observation, User
from ..models.audit import record
from ..permissions import check_edit, check_view, may
from .autosave import lock_for_edit, save_cycle, save_score
from .lifecycle import OBSERVATION, REOPEN, SUBMIT, change_status, start_visit
from .payloads import parse_new_observation, require_reason
from .planned import check_planned_visit, planned_visit
from .rules import (
    CycleProblem,
    Facts,
    NewObservation,
    RuleViolation,
    check_new_observation,
    check_no_regular_yet,
    submission_problems,
)
from .serialize import serialize_instrument, serialize_observation

CYCLE = Cycle.__table__


def _insert_unless_taken(dialect):
    # ON CONFLICT DO NOTHING (any unique key: the id, or the semester's regular observation)
    # turns a race with another request into "no row inserted", not an error to roll back.
    return dialect.insert(OBSERVATION).on_conflict_do_nothing().returning(OBSERVATION.c.id)


INSERT_NEW = {
    "postgresql": _insert_unless_taken(postgresql),
    "sqlite": _insert_unless_taken(sqlite),
}

__all__ = [
    "RuleViolation",
    "create_observation",
    "eligible_departments",
    "get_observation_for",
    "reopen",
    "save_cycle",
    "save_score",
    "serialize_instrument",
    "serialize_observation",
    "submit",
]


def eligible_departments(session: Session, user: User, on: date) -> list[Department]:
    """Departments the user may start a regular observation of on `on`, by kindergarten, name."""
    families = [c.family for c in _certifications(session, user) if c.valid_on(on)]
    observed = exists().where(
        Observation.department_id == Department.id,
        Observation.semester == semester_of(on),
        Observation.kind == "regular",
    )
    query = (
        select(Department)
        .join(Department.kindergarten)
        .options(contains_eager(Department.kindergarten))
        .where(
            Department.active,
            Kindergarten.active,
            Department.age_group.in_(families),
            ~observed,
        )
        .order_by(Kindergarten.name, Department.name)
    )
    if user.home_kindergarten_id is not None:
        query = query.where(Department.kindergarten_id != user.home_kindergarten_id)
    return list(session.scalars(query))


def _certifications(session: Session, user: User) -> list[Certification]:
    return list(session.scalars(select(Certification).where(Certification.user_id == user.id)))


def create_observation(session: Session, user: User, payload: dict) -> tuple[Observation, bool]:
    """Start an observation, or return the one already made with this id (created=False)."""
    new = parse_new_observation(payload)
    existing = session.get(Observation, new.id)
    if existing is not None:
        return _same_request(user, existing, new), False
    if not may(user, "observation.create"):
        raise RuleViolation(
            "not_an_observer", _("Only observers and the project lead can start observations.")
        )
    facts = _facts(session, user, new)
    overrides = check_new_observation(user, new, facts)
    visit = planned_visit(session, new.visit_id)
    if new.visit_id is not None:
        check_planned_visit(user, new, visit)
    if not _insert_new(session, user, new, facts.instrument):
        # Another request made the same observation, or this semester's regular one, meanwhile.
        return _after_race(session, user, new), False
    if visit is not None:
        start_visit(session, user.id, visit, new.id)
    audit = {"user_id": user.id, "entity": "observation", "entity_id": new.id}
    record(session, action="create", new=new.kind, **audit)
    for rule in overrides:
        record(session, action="override", field=rule, reason=new.override_reason, **audit)
    return get_observation_for(session, user, new.id), True


def _facts(session: Session, user: User, new: NewObservation) -> Facts:
    department = session.scalar(
        select(Department)
        .options(joinedload(Department.kindergarten))
        .where(Department.id == new.department_id)
    )
    primary_id = new.primary_observation_id
    return Facts(
        department=department,
        instrument=all_instruments().get(new.instrument_id),
        expected_instrument_id=_instrument_id_for(department),
        certifications=_certifications(session, user),
        existing_regular_status=_regular_status(session, new.department_id, new.semester),
        primary=session.get(Observation, primary_id) if primary_id else None,
        may_override=may(user, "observation.override_own_kindergarten"),
    )


def _instrument_id_for(department: Department | None) -> str | None:
    try:
        return None if department is None else for_age_group(department.age_group).id
    except KeyError:
        return None


def _regular_status(session: Session, department_id: int, semester: str) -> str | None:
    return session.scalar(
        select(Observation.status).where(
            Observation.department_id == department_id,
            Observation.semester == semester,
            Observation.kind == "regular",
        )
    )


def _insert_new(session: Session, user: User, new: NewObservation, instrument: Instrument) -> bool:
    """Insert the draft and its empty cycles; False if its id or the semester's regular
    observation was taken meanwhile (ON CONFLICT DO NOTHING: no error, so nothing to undo)."""
    row = {
        "id": new.id,
        "department_id": new.department_id,
        "observer_id": user.id,
        "semester": new.semester,
        "observed_on": new.observed_on,
        "instrument_id": instrument.id,
        "instrument_version": instrument.version,
        "instrument_hash": instrument.file_hash,
        "kind": new.kind,
        "primary_observation_id": new.primary_observation_id,
        "status": "draft",
    }
    if session.execute(INSERT_NEW[session.get_bind().dialect.name], row).first() is None:
        return False
    cycles = range(1, instrument.cycles.count + 1)
    session.execute(insert(CYCLE), [{"observation_id": new.id, "number": n} for n in cycles])
    return True


def _same_request(user: User, existing: Observation, new: NewObservation) -> Observation:
    """Return the existing observation if this is a retry of the request that made it."""
    if existing.observer_id != user.id:
        raise RuleViolation(
            "id_conflict", _("This observation id is already taken. Start the observation again.")
        )
    fields = ("department_id", "instrument_id", "observed_on", "kind", "primary_observation_id")
    differing = [f for f in fields if getattr(existing, f) != getattr(new, f)]
    if differing:
        raise RuleViolation(
            "id_conflict",
            _("An observation with this id already exists with other details."),
            {"fields": differing},
        )
    return existing


def _after_race(session: Session, user: User, new: NewObservation) -> Observation:
    existing = session.get(Observation, new.id)
    if existing is not None:
        return _same_request(user, existing, new)
    check_no_regular_yet(_regular_status(session, new.department_id, new.semester))
    raise RuntimeError("an observation insert conflicted on no known unique key")


def get_observation_for(
    session: Session, user: User, observation_id: uuid.UUID | str, *, edit: bool = False
) -> Observation:
    """Load an observation with everything in it; NotFound unless the user may see it.

    With edit=True also Forbidden (visible, not theirs) or RuleViolation "observation_locked"."""
    try:
        key = observation_id if isinstance(observation_id, uuid.UUID) else uuid.UUID(observation_id)
    except ValueError:
        raise NotFound() from None
    observation = session.scalar(
        select(Observation)
        .options(
            joinedload(Observation.department).joinedload(Department.kindergarten),
            joinedload(Observation.observer),
            selectinload(Observation.cycles).selectinload(Cycle.scores),
        )
        .where(Observation.id == key)
        .execution_options(populate_existing=True)
    )
    (check_edit if edit else check_view)(user, observation)
    return observation


def submit(session: Session, user: User, observation: Observation) -> list[Missing | CycleProblem]:
    """Submit a complete observation; return what is missing instead when it is not complete."""
    lock_for_edit(session, user, observation.id)
    # Read again under the lock: a write may have landed since the observation was loaded.
    observation = get_observation_for(session, user, observation.id)
    problems = submission_problems(instrument_of(observation), observation.cycles)
    if problems:
        return problems
    change_status(session, user.id, observation, SUBMIT)
    return []


def reopen(session: Session, user: User, observation: Observation, reason: object) -> None:
    """Put a submitted observation back to draft so it can be corrected (project lead only)."""
    check_view(user, observation)
    if not may(user, "observation.reopen", observation):
        raise Forbidden()
    change_status(session, user.id, observation, REOPEN, reason=require_reason(reason))
