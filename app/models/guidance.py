"""The guidance loop (DESIGN §3): the monthly dimension plan, practice narratives, guidance
meetings and follow-up cases."""

from datetime import date, datetime

from sqlalchemy.orm import Mapped, relationship

from analysis import schema
from analysis.schema import CASE_STATUSES, FLAG_RULES, MEETING_KINDS, NARRATIVE_MEETINGS

from .base import Base
from .org import Department, Kindergarten
from .people import User

__all__ = [
    "CASE_STATUSES",
    "FLAG_RULES",
    "MEETING_KINDS",
    "NARRATIVE_MEETINGS",
    "DimensionPlanDefault",
    "DimensionPlanMonth",
    "FollowUpCase",
    "FollowUpCheckIn",
    "FollowUpGoal",
    "GuidanceMeeting",
    "PracticeNarrative",
]


class DimensionPlanDefault(Base):
    __table__ = schema.dimension_plan_default

    month_number: Mapped[int]  # 1–12, not 7
    dimension_code: Mapped[str]


class DimensionPlanMonth(Base):
    __table__ = schema.dimension_plan_month

    kindergarten_id: Mapped[int]
    month: Mapped[str]  # "2026-09"
    dimension_code: Mapped[str]


class GuidanceMeeting(Base):
    __table__ = schema.guidance_meeting

    id: Mapped[int]
    kindergarten_id: Mapped[int]
    department_id: Mapped[int | None]
    kind: Mapped[str]
    held_on: Mapped[date]
    led_by_id: Mapped[int]
    month: Mapped[str]
    dimension_code: Mapped[str]
    notes: Mapped[str]
    recorded_by_id: Mapped[int]
    recorded_at: Mapped[datetime]

    kindergarten: Mapped[Kindergarten] = relationship()
    department: Mapped[Department | None] = relationship()
    led_by: Mapped[User] = relationship(foreign_keys=[schema.guidance_meeting.c.led_by_id])
    narratives: Mapped[list["PracticeNarrative"]] = relationship(back_populates="meeting")


class PracticeNarrative(Base):
    __table__ = schema.practice_narrative

    id: Mapped[int]
    author_id: Mapped[int]
    department_id: Mapped[int]
    for_meeting: Mapped[str]  # "leaders_meeting" | "department_meeting"
    month: Mapped[str]
    dimension_code: Mapped[str]
    text: Mapped[str]
    updated_at: Mapped[datetime]
    handed_in_at: Mapped[datetime | None]
    meeting_id: Mapped[int | None]
    discussed_at: Mapped[datetime | None]
    discussed_by_id: Mapped[int | None]

    author: Mapped[User] = relationship(foreign_keys=[schema.practice_narrative.c.author_id])
    department: Mapped[Department] = relationship()
    meeting: Mapped[GuidanceMeeting | None] = relationship(back_populates="narratives")


class FollowUpCase(Base):
    __table__ = schema.follow_up_case

    id: Mapped[int]
    department_id: Mapped[int]
    opened_by_id: Mapped[int]
    opened_at: Mapped[datetime]
    semester: Mapped[str]
    flag_rule: Mapped[str | None]
    reason: Mapped[str]
    agreed_with_director_on: Mapped[date | None]
    status: Mapped[str]  # "open" | "closed"
    closed_at: Mapped[datetime | None]
    outcome: Mapped[str | None]

    department: Mapped[Department] = relationship()
    opened_by: Mapped[User] = relationship()
    goals: Mapped[list["FollowUpGoal"]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="FollowUpGoal.id"
    )
    check_ins: Mapped[list["FollowUpCheckIn"]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="FollowUpCheckIn.held_on"
    )


class FollowUpGoal(Base):
    __table__ = schema.follow_up_goal

    id: Mapped[int]
    case_id: Mapped[int]
    dimension_code: Mapped[str]
    target: Mapped[float]
    actions: Mapped[str]

    case: Mapped[FollowUpCase] = relationship(back_populates="goals")


class FollowUpCheckIn(Base):
    __table__ = schema.follow_up_check_in

    id: Mapped[int]
    case_id: Mapped[int]
    held_on: Mapped[date]
    note: Mapped[str]
    by_id: Mapped[int]
    recorded_at: Mapped[datetime]

    case: Mapped[FollowUpCase] = relationship(back_populates="check_ins")
    by: Mapped[User] = relationship()
