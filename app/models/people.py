"""Users, their roles and their CLASS certifications."""

from datetime import date

from flask_login import UserMixin
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    String,
    Table,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base
from .org import Department, Kindergarten

ROLES = ("observer", "pedagogical_leader", "director", "mentor", "project_lead")
FAMILIES = ("toddler", "preschool")

department_leader = Table(
    "department_leader",
    Base.metadata,
    Column("user_id", ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
    Column("department_id", ForeignKey("department.id", ondelete="CASCADE"), primary_key=True),
)


class UserRole(Base):
    __tablename__ = "user_role"
    __table_args__ = (CheckConstraint(f"role IN {ROLES}", name="role"),)

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(20), primary_key=True)


class User(UserMixin, Base):
    __tablename__ = "user"
    __table_args__ = (CheckConstraint("email = lower(email)", name="email_lowercase"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    # use_alter breaks the user → kindergarten → network → user (mentor) creation cycle.
    home_kindergarten_id: Mapped[int | None] = mapped_column(
        ForeignKey("kindergarten.id", use_alter=True), index=True
    )
    locale: Mapped[str | None] = mapped_column(String(5))
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    role_rows: Mapped[list[UserRole]] = relationship(cascade="all, delete-orphan", lazy="selectin")
    home_kindergarten: Mapped[Kindergarten | None] = relationship()
    departments: Mapped[list[Department]] = relationship(secondary=department_leader)
    certifications: Mapped[list["Certification"]] = relationship(
        back_populates="user", order_by="Certification.certified_on"
    )

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(row.role for row in self.role_rows)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active


class Certification(Base):
    __tablename__ = "certification"
    __table_args__ = (
        CheckConstraint(f"family IN {FAMILIES}", name="family"),
        CheckConstraint("expires_on > certified_on", name="expiry_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    family: Mapped[str] = mapped_column(String(10))
    certified_on: Mapped[date] = mapped_column(Date)
    expires_on: Mapped[date] = mapped_column(Date)

    user: Mapped[User] = relationship(back_populates="certifications")

    def valid_on(self, day: date) -> bool:
        return self.certified_on <= day < self.expires_on
