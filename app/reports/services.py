"""Feedback on an observation: its figures, the pre-filled draft, saving, release and reading."""

import uuid
from dataclasses import dataclass, field, fields
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from analysis.feedback_draft import Evidence, Phrases, draft_feedback, draft_text
from analysis.instruments import Instrument
from analysis.scoring import Summary
from analysis.semesters import sort_key

from ..instruments import instrument_of, observation_summary
from ..models import AuditEvent, Cycle, Department, Feedback, Kindergarten, Observation, User
from ..models.audit import record
from ..observe.lifecycle import RELEASE, change_status
from ..permissions import Subject, restrict
from .texts import SUGGESTIONS


def load_observation(session: Session, observation_id: uuid.UUID) -> Observation | None:
    """Return the observation with its department, kindergarten and network loaded."""
    return session.scalar(
        select(Observation)
        .options(
            joinedload(Observation.department)
            .joinedload(Department.kindergarten)
            .joinedload(Kindergarten.network),
            joinedload(Observation.observer),
            selectinload(Observation.cycles).selectinload(Cycle.scores),
        )
        .where(Observation.id == observation_id)
    )


@dataclass(frozen=True)
class Scored:
    """An observation's instrument, its summary and the observer's notes."""

    instrument: Instrument
    summary: Summary
    evidence: dict[str, list[Evidence]]
    cycle_notes: dict[int, str] = field(default_factory=dict)


def scored(observation: Observation) -> Scored:
    """The observation's summary (scoring rules in analysis/), its evidence and cycle notes."""
    evidence: dict[str, list[Evidence]] = {}
    for cycle in observation.cycles:
        for score in sorted(cycle.scores, key=lambda s: s.dimension_code):
            if score.note:
                item = Evidence(cycle.number, score.value, score.note)
                evidence.setdefault(score.dimension_code, []).append(item)
    cycle_notes = {cycle.number: cycle.notes for cycle in observation.cycles if cycle.notes}
    return Scored(
        instrument_of(observation), observation_summary(observation), evidence, cycle_notes
    )


def feedback_of(session: Session, observation: Observation) -> Feedback | None:
    """Return the observation's feedback, if any has been saved."""
    return session.scalar(select(Feedback).where(Feedback.observation_id == observation.id))


@dataclass(frozen=True)
class FeedbackInput:
    """What the observer writes; the same shape whether drafted, saved or released."""

    strengths: str
    growth_areas: list[dict[str, str]]  # [{"dimension", "text", "suggestion"}]
    next_dimension: str | None
    meeting_held_at: datetime | None
    meeting_attendees: str | None


def drafted_input(data: Scored, lang: str) -> FeedbackInput:
    """Pre-fill the feedback from the scores and notes, in the reader's language."""
    reverse = data.instrument.reverse_codes
    draft = draft_feedback(data.summary, data.evidence, reverse, cycle_notes=data.cycle_notes)
    names = {d.code: d.labels.get(lang) for d in data.instrument.dimensions}
    text = draft_text(draft, names, _phrases(), reverse)
    growth = [
        {"dimension": code, "text": what_we_saw, "suggestion": str(SUGGESTIONS.get(code, ""))}
        for code, what_we_saw in text.growth_areas
    ]
    return FeedbackInput(text.strengths, growth, draft.next_dimension, None, None)


def _phrases() -> Phrases:
    """The draft's sentences in the current language (placeholders are filled in analysis/)."""
    # gettext with no keyword arguments leaves the %(…)s placeholders for draft_text to fill.
    return Phrases(
        name=_("%(name)s (%(code)s)"),
        strength=_("%(dimension)s was a strength: %(score)s on average (cycles: %(cycles)s)."),
        growth=_(
            "%(dimension)s had one of the lowest scores: %(score)s on average (cycles: %(cycles)s)."
        ),
        negativity=_(
            "%(dimension)s: some negativity was seen: %(score)s on average "
            "(cycles: %(cycles)s; low is good)."
        ),
        note=_("In cycle %(cycle)d you noted: “%(note)s”"),
        cycle_note=_("Your note on cycle %(cycle)d as a whole: “%(note)s”"),
    )


def last_saved_at(session: Session, observation: Observation) -> datetime | None:
    """When the feedback text last changed (its audit trail), for the tablet's local copy."""
    return session.scalar(
        select(func.max(AuditEvent.at)).where(
            AuditEvent.entity == "observation",
            AuditEvent.entity_id == str(observation.id),
            AuditEvent.action == "feedback.save",
        )
    )


def saved_input(feedback: Feedback) -> FeedbackInput:
    """Return what was saved, in the form's shape."""
    return FeedbackInput(
        feedback.strengths or "",
        list(feedback.growth_areas or []),
        feedback.next_dimension,
        feedback.meeting_held_at,
        feedback.meeting_attendees,
    )


def save_feedback(
    session: Session, observation: Observation, data: FeedbackInput, user: User
) -> Feedback:
    """Store the feedback, auditing every field that changed."""
    feedback = feedback_of(session, observation)
    if feedback is None:
        feedback = Feedback(observation_id=observation.id, strengths="", growth_areas=[])
        session.add(feedback)
    for item in fields(FeedbackInput):
        old, new = getattr(feedback, item.name), getattr(data, item.name)
        if old != new:
            record(
                session,
                user_id=user.id,
                action="feedback.save",
                entity="observation",
                entity_id=observation.id,
                field=item.name,
                old=old,
                new=new,
            )
            setattr(feedback, item.name, new)
    return feedback


def release(
    session: Session, observation: Observation, feedback: Feedback, user: User, now: datetime
) -> None:
    """Release the report to the department; the database checks the meeting is recorded."""
    feedback.released_at = now
    change_status(session, user.id, observation, RELEASE, now=now)


def acknowledge(
    session: Session, feedback: Feedback, user: User, comment: str | None, now: datetime
) -> bool:
    """Mark a released report as read by the leader; False if it already was."""
    if feedback.acknowledged_at is not None:
        return False
    feedback.acknowledged_at = now
    feedback.acknowledged_by_id = user.id
    feedback.leader_comment = comment or None
    record(
        session,
        user_id=user.id,
        action="report.acknowledge",
        entity="observation",
        entity_id=feedback.observation_id,
        field="leader_comment",
        new=feedback.leader_comment,
    )
    return True


def record_view(session: Session, observation: Observation, user: User, form: str) -> None:
    """Audit who read which report, when, and as a page or a PDF."""
    record(
        session,
        user_id=user.id,
        action="report.view",
        entity="observation",
        entity_id=observation.id,
        field=form,
    )


def department_reports(
    session: Session, department: Department, user: Subject
) -> list[tuple[Observation, Feedback | None]]:
    """The department's reports that the user may read, newest semester first."""
    query = (
        select(Observation, Feedback)
        .outerjoin(Feedback, Feedback.observation_id == Observation.id)
        .where(Observation.department_id == department.id)
    )
    rows = session.execute(restrict(query, user, "reports.view")).all()
    # Text order would put 2024V after 2024H, so sort on the semester index.
    return sorted(
        ((o, f) for o, f in rows), key=lambda row: sort_key(row[0].semester), reverse=True
    )
