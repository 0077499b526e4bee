"""Users, their roles and their CLASS certifications."""

from datetime import date

from flask_login import UserMixin
from sqlalchemy.orm import Mapped, relationship

from analysis import schema
from analysis.schema import FAMILIES, ROLES

from .base import Base
from .org import Department, Kindergarten

__all__ = ["FAMILIES", "ROLES", "Certification", "User", "UserRole", "department_member"]

department_member = schema.department_member


class UserRole(Base):
    __table__ = schema.user_role

    user_id: Mapped[int]
    role: Mapped[str]


class User(UserMixin, Base):
    __table__ = schema.user

    id: Mapped[int]
    name: Mapped[str]
    email: Mapped[str]
    password_hash: Mapped[str | None]
    home_kindergarten_id: Mapped[int | None]
    locale: Mapped[str | None]
    active: Mapped[bool]

    role_rows: Mapped[list[UserRole]] = relationship(cascade="all, delete-orphan", lazy="selectin")
    home_kindergarten: Mapped[Kindergarten | None] = relationship()
    departments: Mapped[list[Department]] = relationship(secondary=department_member)
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
    __table__ = schema.certification

    id: Mapped[int]
    user_id: Mapped[int]
    family: Mapped[str]
    certified_on: Mapped[date]
    expires_on: Mapped[date]

    user: Mapped[User] = relationship(back_populates="certifications")

    def valid_on(self, day: date) -> bool:
        return self.certified_on <= day < self.expires_on
