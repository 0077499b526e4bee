"""Retention (DESIGN §7, the privacy statement): clear what is past its time.

Kinds and their settings:
- notes: the observer's evidence notes (score.note) and cycle notes (cycle.notes) of observations
  RETENTION_NOTES_SEMESTERS or more semesters back are set to NULL;
- narratives: the text of practice narratives written for a month RETENTION_NARRATIVES_SEMESTERS
  or more semesters back is emptied (the row stays: who handed in, when, for which meeting);
- inactive_users: a person deactivated RETENTION_INACTIVE_USERS_YEARS or more years ago (the
  date of the audit event that set active to False) gets a placeholder name and e-mail, loses
  their password and sign-in identities; their records keep pointing at the same row.

Scores, observations, departments and the figure cache are never touched, so every aggregate
of past semesters stays the same. The audit log is left alone: the database refuses UPDATE and
DELETE on it (a trigger), and it is the proof of who changed which score; the privacy
statement says it is kept for the programme's lifetime, with the names and e-mails that account
changes recorded in it (an anonymised person's old name stays there; blanking it would need a
path past the trigger, which this command does not have on purpose). Every clearing is itself
audited (one event per row, without the cleared value). Running twice clears nothing twice.
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import String, and_, cast, delete, func, insert, or_, select, update
from sqlalchemy.orm import Session

from analysis import schema as s
from analysis.semesters import Semester, parse_semester, semester_of

from .models.audit import AuditEvent

ANONYMOUS_DOMAIN = "anonymised.invalid"


@dataclass
class RetentionResult:
    counts: dict[str, int] = field(default_factory=dict)
    cutoffs: dict[str, str] = field(default_factory=dict)


def _oldest_kept(today: date, semesters: int) -> str:
    """The oldest semester still kept: `semesters` back from today's (today's counts as 0)."""
    current = parse_semester(semester_of(today))
    return str(Semester.from_index(current.index - semesters + 1))


def _old_observations(oldest_kept: str):
    """Observation ids of semesters before `oldest_kept`. Semesters are "2025V" or "2024H":
    by text, H sorts before V, so the year and the half are compared apart."""
    kept = parse_semester(oldest_kept)
    year = func.substr(s.observation.c.semester, 1, 4)
    older = year < str(kept.year)
    if kept.half == "H":  # the spring of the same year is older too
        older = or_(older, and_(year == str(kept.year), s.observation.c.semester.endswith("V")))
    return select(s.observation.c.id).where(older)


def _clear_notes(session: Session, oldest_kept: str, dry_run: bool) -> int:
    old_cycles = select(s.cycle.c.id).where(
        s.cycle.c.observation_id.in_(_old_observations(oldest_kept))
    )
    score_ids = list(session.scalars(
        select(s.score.c.id).where(s.score.c.cycle_id.in_(old_cycles), s.score.c.note.is_not(None))
    ))  # fmt: skip
    cycle_ids = list(session.scalars(
        select(s.cycle.c.id).where(s.cycle.c.id.in_(old_cycles), s.cycle.c.notes.is_not(None))
    ))  # fmt: skip
    if not dry_run:
        _set_in_chunks(session, s.score, score_ids, {"note": None})
        _set_in_chunks(session, s.cycle, cycle_ids, {"notes": None})
        _audit(session, "score", score_ids, "note", oldest_kept)
        _audit(session, "cycle", cycle_ids, "notes", oldest_kept)
    return len(score_ids) + len(cycle_ids)


def _clear_narratives(session: Session, oldest_kept: str, dry_run: bool) -> int:
    first_kept_month = parse_semester(oldest_kept).start_date().strftime("%Y-%m")
    narrative = s.practice_narrative
    ids = list(session.scalars(
        select(narrative.c.id).where(narrative.c.month < first_kept_month, narrative.c.text != "")
    ))  # fmt: skip
    if not dry_run:
        _set_in_chunks(session, narrative, ids, {"text": ""})
        _audit(session, "practice_narrative", ids, "text", oldest_kept)
    return len(ids)


def _deactivated_before(session: Session, before: datetime) -> list[int]:
    """Inactive, not yet anonymised people whose last deactivation is older than `before`."""
    audit = s.audit_event
    last_deactivation = (
        select(audit.c.entity_id, func.max(audit.c.at).label("at"))
        .where(audit.c.entity == "user", audit.c.field == "active", audit.c.new_value == "False")
        .group_by(audit.c.entity_id)
        .subquery()
    )
    people = (
        select(s.user.c.id, last_deactivation.c.at)
        .join(last_deactivation, last_deactivation.c.entity_id == cast(s.user.c.id, String))
        .where(s.user.c.active.is_(False), ~s.user.c.email.endswith("@" + ANONYMOUS_DOMAIN))
    )
    return [row.id for row in session.execute(people) if _aware(row.at) < before]


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _anonymise_people(session: Session, before: datetime, dry_run: bool) -> int:
    ids = _deactivated_before(session, before)
    if dry_run:
        return len(ids)
    for user_id in ids:
        session.execute(
            update(s.user)
            .where(s.user.c.id == user_id)
            .values(name=f"Anonymised person {user_id}",
                    email=f"person-{user_id}@{ANONYMOUS_DOMAIN}", password_hash=None)
        )  # fmt: skip
        session.execute(delete(s.external_identity).where(s.external_identity.c.user_id == user_id))
        session.execute(delete(s.user_session).where(s.user_session.c.user_id == user_id))
        session.execute(delete(s.password_token).where(s.password_token.c.user_id == user_id))
    _audit(session, "user", ids, "name,email", before.date().isoformat())
    return len(ids)


def _set_in_chunks(session: Session, table, ids: list, values: dict) -> None:
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        session.execute(update(table).where(table.c.id.in_(chunk)).values(**values))


def _audit(session: Session, entity: str, ids: list, what: str, cutoff: str) -> None:
    """One audit event per cleared row, in one insert (a first run may clear many thousands)."""
    events = [
        {"user_id": None, "action": "retention", "entity": entity, "entity_id": str(row_id),
         "field": what, "reason": f"past retention (kept from {cutoff})"}
        for row_id in ids
    ]  # fmt: skip
    if events:
        session.execute(insert(AuditEvent), events)


def apply_retention(session: Session, config, today: date, dry_run: bool) -> RetentionResult:
    """Clear (or, dry, count) what is past its time; the caller commits."""
    result = RetentionResult()
    notes_from = _oldest_kept(today, config["RETENTION_NOTES_SEMESTERS"])
    narratives_from = _oldest_kept(today, config["RETENTION_NARRATIVES_SEMESTERS"])
    years = config["RETENTION_INACTIVE_USERS_YEARS"]
    people_before = datetime(today.year - years, today.month, min(today.day, 28), tzinfo=UTC)
    result.cutoffs = {
        "notes": notes_from,
        "narratives": narratives_from,
        "inactive_users": people_before.date().isoformat(),
    }
    result.counts["notes"] = _clear_notes(session, notes_from, dry_run)
    result.counts["narratives"] = _clear_narratives(session, narratives_from, dry_run)
    result.counts["inactive_users"] = _anonymise_people(session, people_before, dry_run)
    session.flush()
    return result
