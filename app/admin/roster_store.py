"""The stored roster read as workbook rows: what `roster export` writes and an import compares.

A few Core queries, one per sheet, so the national roster loads without an ORM object per row.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from analysis import schema

from .roster_rows import (
    CertificationRow,
    DepartmentRow,
    KindergartenRow,
    NetworkRow,
    PersonRow,
    PoolRow,
    department_path,
)
from .roster_workbook import Roster

P, N, K, D, U = schema.pool, schema.network, schema.kindergarten, schema.department, schema.user
MEMBER = schema.department_member


@dataclass
class StoredRoster(Roster):
    """The database's roster, and the id of each row's record."""

    ids: dict[str, dict] = field(default_factory=lambda: defaultdict(dict))


def load_roster(session: Session) -> StoredRoster:
    """Read the whole roster from the database."""
    stored = StoredRoster()
    for sheet, loader in _LOADERS.items():
        for key, record_id, typed in loader(session):
            stored.rows[sheet][key] = typed
            stored.ids[sheet][key] = record_id
    return stored


def _pools(session):
    for row in session.execute(select(P.c.id, P.c.number, P.c.first_semester)):
        yield row.number, row.id, PoolRow(row.number, row.first_semester)


def _networks(session):
    query = (
        select(N.c.id, N.c.name, P.c.number, U.c.email)
        .join(P, N.c.pool_id == P.c.id)
        .outerjoin(U, N.c.mentor_id == U.c.id)
    )
    for row in session.execute(query):
        yield row.name, row.id, NetworkRow(row.name, row.number, row.email)


def _kindergartens(session):
    query = (
        select(K.c.id, K.c.name, P.c.number, N.c.name.label("network"), K.c.owner_type, K.c.active)
        .join(P, K.c.pool_id == P.c.id)
        .outerjoin(N, K.c.network_id == N.c.id)
    )
    for row in session.execute(query):
        typed = KindergartenRow(row.name, row.number, row.network, row.owner_type, row.active)
        yield row.name, row.id, typed


def _departments(session):
    query = select(
        D.c.id, K.c.name.label("kindergarten"), D.c.name, D.c.age_group,
        D.c.children_count, D.c.staff_count, D.c.active,
    ).join(K, D.c.kindergarten_id == K.c.id)  # fmt: skip
    for row in session.execute(query):
        typed = DepartmentRow(row.kindergarten, row.name, row.age_group, row.children_count,
                              row.staff_count, row.active)  # fmt: skip
        yield (row.kindergarten, row.name), row.id, typed


def _people(session):
    roles, paths = defaultdict(set), defaultdict(set)
    R = schema.user_role
    for user_id, role in session.execute(select(R.c.user_id, R.c.role)):
        roles[user_id].add(role)
    members = (
        select(MEMBER.c.user_id, K.c.name.label("kindergarten"), D.c.name)
        .join(D, MEMBER.c.department_id == D.c.id)
        .join(K, D.c.kindergarten_id == K.c.id)
    )
    for row in session.execute(members):
        paths[row.user_id].add(department_path(row.kindergarten, row.name))
    home = aliased(K)
    query = select(U.c.id, U.c.email, U.c.name, home.c.name.label("home"), U.c.active).outerjoin(
        home, U.c.home_kindergarten_id == home.c.id
    )
    for row in session.execute(query):
        typed = PersonRow(row.email, row.name, frozenset(roles[row.id]), row.home,
                          frozenset(paths[row.id]), row.active)  # fmt: skip
        yield row.email, row.id, typed


def _certifications(session):
    C = schema.certification
    query = select(C.c.id, U.c.email, C.c.family, C.c.certified_on, C.c.expires_on).join(
        U, C.c.user_id == U.c.id
    )
    for row in session.execute(query):
        typed = CertificationRow(row.email, row.family, row.certified_on, row.expires_on)
        yield (row.email, row.family, row.certified_on), row.id, typed


_LOADERS = {
    "pools": _pools,
    "networks": _networks,
    "kindergartens": _kindergartens,
    "departments": _departments,
    "people": _people,
    "certifications": _certifications,
}
