"""Semester plans, their visits, and an observer's calendar link (DESIGN §3, §4.9)."""

import uuid
from datetime import date, datetime

from sqlalchemy.orm import Mapped, relationship

from analysis import schema
from analysis.schema import PLAN_STATUSES, VISIT_KINDS, VISIT_STATUSES

from .base import Base
from .observations import Observation
from .org import Department
from .people import User

__all__ = [
    "PLAN_STATUSES",
    "VISIT_KINDS",
    "VISIT_STATUSES",
    "CalendarFeed",
    "SemesterPlan",
    "Visit",
]


class SemesterPlan(Base):
    __table__ = schema.semester_plan

    id: Mapped[int]
    semester: Mapped[str]
    status: Mapped[str]  # "draft" | "published"
    first_day: Mapped[date]
    last_day: Mapped[date]
    double_coding_share: Mapped[float]
    created_at: Mapped[datetime]
    published_at: Mapped[datetime | None]

    visits: Mapped[list["Visit"]] = relationship(back_populates="plan", passive_deletes=True)


class Visit(Base):
    __table__ = schema.visit

    id: Mapped[int]
    plan_id: Mapped[int]
    department_id: Mapped[int]
    observer_id: Mapped[int]
    kind: Mapped[str]  # "regular" | "double_coding"
    planned_on: Mapped[date]
    regular_visit_id: Mapped[int | None]
    observation_id: Mapped[uuid.UUID | None]
    status: Mapped[str]  # "planned" | "started" | "done" | "cancelled"
    cancel_reason: Mapped[str | None]
    override_reason: Mapped[str | None]

    plan: Mapped[SemesterPlan] = relationship(back_populates="visits")
    department: Mapped[Department] = relationship()
    observer: Mapped[User] = relationship()
    observation: Mapped[Observation | None] = relationship()
    regular_visit: Mapped["Visit | None"] = relationship(remote_side=[schema.visit.c.id])


class CalendarFeed(Base):
    """An observer's private calendar link; only the token's SHA-256 is stored."""

    __table__ = schema.calendar_feed

    user_id: Mapped[int]
    token_hash: Mapped[str]
    created_at: Mapped[datetime]
