"""What follows an observation: feedback, mentor follow-up and practice narratives."""

import uuid
from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, UTCDateTime
from .observations import Observation


class Feedback(Base):
    __tablename__ = "feedback"
    __table_args__ = (
        CheckConstraint(
            "released_at IS NULL OR meeting_held_at IS NOT NULL", name="released_after_meeting"
        ),
        CheckConstraint(
            "acknowledged_at IS NULL OR released_at IS NOT NULL", name="acknowledged_after_release"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    observation_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("observation.id", ondelete="CASCADE"), unique=True
    )
    strengths: Mapped[str] = mapped_column(Text, default="")
    # [{"dimension": "QF", "text": "...", "suggestion": "..."}], at least one, usually two.
    growth_areas: Mapped[list] = mapped_column(JSON, default=list)
    next_dimension: Mapped[str | None] = mapped_column(String(10))
    meeting_held_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    meeting_attendees: Mapped[str | None] = mapped_column(Text)
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    acknowledged_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    leader_comment: Mapped[str | None] = mapped_column(Text)

    observation: Mapped[Observation] = relationship()


class FollowUp(Base):
    __tablename__ = "follow_up"
    __table_args__ = (CheckConstraint("status IN ('open', 'closed')", name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"), index=True)
    mentor_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    semester: Mapped[str] = mapped_column(String(5))
    reason: Mapped[str] = mapped_column(Text)
    goals: Mapped[dict] = mapped_column(JSON, default=dict)  # {dimension_code: goal text}
    check_ins: Mapped[list] = mapped_column(JSON, default=list)  # [{"on": date, "note": text}]
    status: Mapped[str] = mapped_column(String(10), default="open")


class PracticeNarrative(Base):
    __tablename__ = "practice_narrative"
    __table_args__ = (
        CheckConstraint("length(month) = 7", name="month_format"),  # "2025-03"
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"), index=True)
    month: Mapped[str] = mapped_column(String(7))
    dimension_code: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(Text)
