"""What follows an observation: its feedback (the guidance loop is in guidance.py)."""

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
