"""A director's proposal to add or deactivate a department, decided by the project lead."""

from datetime import datetime

from sqlalchemy.orm import Mapped, relationship

from analysis import schema

from .base import Base
from .org import Department, Kindergarten


class DepartmentProposal(Base):
    __table__ = schema.department_proposal

    id: Mapped[int]
    kindergarten_id: Mapped[int]
    kind: Mapped[str]  # "new" | "deactivate"
    department_id: Mapped[int | None]
    name: Mapped[str | None]
    age_group: Mapped[str | None]
    children_count: Mapped[int | None]
    staff_count: Mapped[int | None]
    reason: Mapped[str]
    proposed_by_id: Mapped[int]
    proposed_at: Mapped[datetime]
    status: Mapped[str]  # "pending" | "confirmed" | "declined"
    decided_by_id: Mapped[int | None]
    decided_at: Mapped[datetime | None]
    decision_note: Mapped[str | None]

    kindergarten: Mapped[Kindergarten] = relationship()
    department: Mapped[Department | None] = relationship()
    proposed_by: Mapped["User"] = relationship(  # noqa: F821
        foreign_keys=[schema.department_proposal.c.proposed_by_id]
    )
