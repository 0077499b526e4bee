"""Observations, their cycles and the raw scores."""

import uuid
from datetime import date, datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, UTCDateTime, utcnow
from .org import Department
from .people import User

KINDS = ("regular", "double_coding", "practice")
STATUSES = ("draft", "submitted", "released")


class Observation(Base):
    __tablename__ = "observation"
    __table_args__ = (
        CheckConstraint(f"kind IN {KINDS}", name="kind"),
        CheckConstraint(f"status IN {STATUSES}", name="status"),
        CheckConstraint(
            "(status = 'draft' AND submitted_at IS NULL)"
            " OR (status <> 'draft' AND submitted_at IS NOT NULL)",
            name="submitted_at_matches_status",
        ),
        CheckConstraint(
            "(status = 'released') = (released_at IS NOT NULL)", name="released_at_matches_status"
        ),
        CheckConstraint(
            "(kind = 'double_coding') = (primary_observation_id IS NOT NULL)",
            name="double_coding_has_primary",
        ),
        CheckConstraint("version >= 1", name="version_positive"),
        # One regular observation per department per semester; double-coding and practice are free.
        Index(
            "uq_observation_regular_per_semester",
            "department_id",
            "semester",
            unique=True,
            sqlite_where=text("kind = 'regular'"),
            postgresql_where=text("kind = 'regular'"),
        ),
        Index("ix_observation_semester_kind", "semester", "kind"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"), index=True)
    observer_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    semester: Mapped[str] = mapped_column(String(5))
    observed_on: Mapped[date] = mapped_column(Date)
    instrument_id: Mapped[str] = mapped_column(String(40))
    instrument_version: Mapped[str] = mapped_column(String(20))
    instrument_hash: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(15), default="regular")
    primary_observation_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("observation.id"), index=True
    )
    status: Mapped[str] = mapped_column(String(10), default="draft")
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    department: Mapped[Department] = relationship()
    observer: Mapped[User] = relationship()
    cycles: Mapped[list["Cycle"]] = relationship(
        back_populates="observation", order_by="Cycle.number", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}


class Cycle(Base):
    __tablename__ = "cycle"
    __table_args__ = (
        UniqueConstraint("observation_id", "number"),
        CheckConstraint("number >= 1", name="number_positive"),
        CheckConstraint(
            "children_present IS NULL OR children_present >= 0", name="children_nonnegative"
        ),
        CheckConstraint("adults_present IS NULL OR adults_present >= 0", name="adults_nonnegative"),
        CheckConstraint(
            "started_at IS NULL OR ended_at IS NULL OR ended_at >= started_at",
            name="ends_after_start",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    observation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("observation.id", ondelete="CASCADE")
    )
    number: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    children_present: Mapped[int | None] = mapped_column(Integer)
    adults_present: Mapped[int | None] = mapped_column(Integer)
    setting: Mapped[str | None] = mapped_column(String(40))
    deviation_reason: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)

    observation: Mapped[Observation] = relationship(back_populates="cycles")
    scores: Mapped[list["Score"]] = relationship(
        back_populates="cycle", cascade="all, delete-orphan"
    )


class Score(Base):
    __tablename__ = "score"
    __table_args__ = (
        UniqueConstraint("cycle_id", "dimension_code"),
        CheckConstraint("value BETWEEN 1 AND 7", name="value_range"),
        # Covering index for analysis/: the per-observation means read (cycle, dimension,
        # value) from the index alone, without visiting the table (about 20 % faster on SQLite).
        Index("ix_score_cycle_id_dimension_code_value", "cycle_id", "dimension_code", "value"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id", ondelete="CASCADE"))
    dimension_code: Mapped[str] = mapped_column(String(10))
    value: Mapped[int] = mapped_column(Integer)
    indicator_marks: Mapped[dict | None] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(Text)
    client_ts: Mapped[datetime | None] = mapped_column(UTCDateTime)

    cycle: Mapped[Cycle] = relationship(back_populates="scores")
