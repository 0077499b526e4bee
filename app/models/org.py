"""The programme's organisation: pools, networks, kindergartens and departments."""

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base

AGE_GROUPS = ("toddler", "preschool")
OWNER_TYPES = ("municipal", "private")


class Pool(Base):
    __tablename__ = "pool"
    __table_args__ = (
        CheckConstraint("number BETWEEN 1 AND 9", name="number_range"),
        CheckConstraint("length(first_semester) = 5", name="semester_format"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    first_semester: Mapped[str] = mapped_column(String(5))

    networks: Mapped[list["Network"]] = relationship(back_populates="pool")
    kindergartens: Mapped[list["Kindergarten"]] = relationship(back_populates="pool")


class Network(Base):
    __tablename__ = "network"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    pool_id: Mapped[int] = mapped_column(ForeignKey("pool.id"), index=True)
    mentor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)

    pool: Mapped[Pool] = relationship(back_populates="networks")
    mentor: Mapped["User | None"] = relationship()  # noqa: F821
    kindergartens: Mapped[list["Kindergarten"]] = relationship(back_populates="network")


class Kindergarten(Base):
    __tablename__ = "kindergarten"
    __table_args__ = (CheckConstraint(f"owner_type IN {OWNER_TYPES}", name="owner_type"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    pool_id: Mapped[int] = mapped_column(ForeignKey("pool.id"), index=True)
    network_id: Mapped[int | None] = mapped_column(ForeignKey("network.id"), index=True)
    owner_type: Mapped[str] = mapped_column(String(10), default="municipal")
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    pool: Mapped[Pool] = relationship(back_populates="kindergartens")
    network: Mapped[Network | None] = relationship(back_populates="kindergartens")
    departments: Mapped[list["Department"]] = relationship(
        back_populates="kindergarten", order_by="Department.name"
    )


class Department(Base):
    __tablename__ = "department"
    __table_args__ = (
        UniqueConstraint("kindergarten_id", "name"),
        CheckConstraint(f"age_group IN {AGE_GROUPS}", name="age_group"),
        CheckConstraint("children_count >= 0 AND staff_count >= 0", name="counts"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kindergarten_id: Mapped[int] = mapped_column(ForeignKey("kindergarten.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    age_group: Mapped[str] = mapped_column(String(10))
    children_count: Mapped[int] = mapped_column(Integer, default=0)
    staff_count: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    kindergarten: Mapped[Kindergarten] = relationship(back_populates="departments")
