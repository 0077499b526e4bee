"""The programme's organisation: pools, networks, kindergartens and departments."""

from sqlalchemy.orm import Mapped, relationship

from analysis import schema
from analysis.schema import AGE_GROUPS, OWNER_TYPES

from .base import Base

__all__ = ["AGE_GROUPS", "OWNER_TYPES", "Department", "Kindergarten", "Network", "Pool"]


class Pool(Base):
    __table__ = schema.pool

    id: Mapped[int]
    number: Mapped[int]
    first_semester: Mapped[str]

    networks: Mapped[list["Network"]] = relationship(back_populates="pool")
    kindergartens: Mapped[list["Kindergarten"]] = relationship(back_populates="pool")


class Network(Base):
    __table__ = schema.network

    id: Mapped[int]
    name: Mapped[str]
    pool_id: Mapped[int]
    mentor_id: Mapped[int | None]

    pool: Mapped[Pool] = relationship(back_populates="networks")
    mentor: Mapped["User | None"] = relationship()  # noqa: F821
    kindergartens: Mapped[list["Kindergarten"]] = relationship(back_populates="network")


class Kindergarten(Base):
    __table__ = schema.kindergarten

    id: Mapped[int]
    name: Mapped[str]
    pool_id: Mapped[int]
    network_id: Mapped[int | None]
    owner_type: Mapped[str]
    active: Mapped[bool]

    pool: Mapped[Pool] = relationship(back_populates="kindergartens")
    network: Mapped[Network | None] = relationship(back_populates="kindergartens")
    departments: Mapped[list["Department"]] = relationship(
        back_populates="kindergarten", order_by="Department.name"
    )


class Department(Base):
    __table__ = schema.department

    id: Mapped[int]
    kindergarten_id: Mapped[int]
    name: Mapped[str]
    age_group: Mapped[str]
    children_count: Mapped[int]
    staff_count: Mapped[int]
    active: Mapped[bool]

    kindergarten: Mapped[Kindergarten] = relationship(back_populates="departments")
