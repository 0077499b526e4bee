"""Observations, their cycles and the raw scores."""

import uuid
from datetime import date, datetime

from sqlalchemy.orm import Mapped, relationship

from analysis import schema
from analysis.schema import KINDS, STATUSES

from .base import Base
from .org import Department
from .people import User

__all__ = ["KINDS", "STATUSES", "Cycle", "Observation", "Score"]


class Observation(Base):
    __table__ = schema.observation

    id: Mapped[uuid.UUID]
    department_id: Mapped[int]
    observer_id: Mapped[int]
    semester: Mapped[str]
    observed_on: Mapped[date]
    instrument_id: Mapped[str]
    instrument_version: Mapped[str]
    instrument_hash: Mapped[str]
    kind: Mapped[str]
    primary_observation_id: Mapped[uuid.UUID | None]
    status: Mapped[str]
    version: Mapped[int]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    submitted_at: Mapped[datetime | None]
    released_at: Mapped[datetime | None]

    department: Mapped[Department] = relationship()
    observer: Mapped[User] = relationship()
    cycles: Mapped[list["Cycle"]] = relationship(
        back_populates="observation", order_by="Cycle.number", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": schema.observation.c.version}


class Cycle(Base):
    __table__ = schema.cycle

    id: Mapped[int]
    observation_id: Mapped[uuid.UUID]
    number: Mapped[int]
    started_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]
    children_present: Mapped[int | None]
    adults_present: Mapped[int | None]
    setting: Mapped[str | None]
    deviation_reason: Mapped[str | None]
    notes: Mapped[str | None]

    observation: Mapped[Observation] = relationship(back_populates="cycles")
    scores: Mapped[list["Score"]] = relationship(
        back_populates="cycle", cascade="all, delete-orphan"
    )


class Score(Base):
    __table__ = schema.score

    id: Mapped[int]
    cycle_id: Mapped[int]
    dimension_code: Mapped[str]
    value: Mapped[int]
    indicator_marks: Mapped[dict | None]
    note: Mapped[str | None]
    client_ts: Mapped[datetime | None]

    cycle: Mapped[Cycle] = relationship(back_populates="scores")
