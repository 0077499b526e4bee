"""What follows an observation: feedback, mentor follow-up and practice narratives."""

import uuid
from datetime import datetime

from sqlalchemy.orm import Mapped, relationship

from analysis import schema

from .base import Base
from .observations import Observation


class Feedback(Base):
    __table__ = schema.feedback

    id: Mapped[int]
    observation_id: Mapped[uuid.UUID]
    strengths: Mapped[str]
    growth_areas: Mapped[list]
    next_dimension: Mapped[str | None]
    meeting_held_at: Mapped[datetime | None]
    meeting_attendees: Mapped[str | None]
    released_at: Mapped[datetime | None]
    acknowledged_at: Mapped[datetime | None]
    acknowledged_by_id: Mapped[int | None]
    leader_comment: Mapped[str | None]

    observation: Mapped[Observation] = relationship()


class FollowUp(Base):
    __table__ = schema.follow_up

    id: Mapped[int]
    department_id: Mapped[int]
    mentor_id: Mapped[int]
    semester: Mapped[str]
    reason: Mapped[str]
    goals: Mapped[dict]
    check_ins: Mapped[list]
    status: Mapped[str]


class PracticeNarrative(Base):
    __table__ = schema.practice_narrative

    id: Mapped[int]
    author_id: Mapped[int]
    department_id: Mapped[int]
    month: Mapped[str]
    dimension_code: Mapped[str]
    text: Mapped[str]
