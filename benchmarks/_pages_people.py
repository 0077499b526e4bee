"""Who the page benchmark signs in as, and which rows fill each role's page addresses.

The national set keeps no demo-accounts.json (the cached file outlives the load that chose
them), so one person per role is read back from the database: every demo person has the
demo password. Each role's path parameters are rows that role may read: the leader's own
department and its latest released report, the director's kindergarten, the mentor's
network, the observer's draft. The first such row by id is in the oldest pool, with the
longest history, so the pages carry the most data.
"""

from dataclasses import dataclass, field

from sqlalchemy import Connection, select

from analysis.schema import (
    department,
    department_member,
    follow_up_case,
    follow_up_goal,
    guidance_meeting,
    kindergarten,
    network,
    observation,
    semester_plan,
    user,
    user_role,
    visit,
)

ROLES = ("project_lead", "mentor", "director", "pedagogical_leader", "staff", "observer")


@dataclass
class RolePerson:
    """One role's account and the ids its pages are filled with (None: no such row)."""

    role: str
    email: str
    ids: dict[str, object] = field(default_factory=dict)


def people(connection: Connection, semester: str) -> list[RolePerson]:
    """One person per role in the database, with the ids that role's pages need."""
    chosen = []
    leader = _leader(connection)
    for role in ROLES:
        person_id = leader if role == "pedagogical_leader" else _person(connection, role)
        if person_id is None:
            continue
        email = connection.scalar(select(user.c.email).where(user.c.id == person_id))
        department_id = _department_of(connection, role, person_id) or _department_led(
            connection, leader
        )
        chosen.append(RolePerson(role, email, _ids(connection, role, person_id, department_id,
                                                    semester)))  # fmt: skip
    return chosen


def _person(connection: Connection, role: str) -> int | None:
    """The first person holding `role` with something to see (observer: one with a draft)."""
    r = user_role.c
    query = select(r.user_id).where(r.role == role).order_by(r.user_id).limit(1)
    if role == "mentor":
        query = query.where(r.user_id.in_(select(network.c.mentor_id)))
    if role == "staff":
        query = query.where(r.user_id.in_(select(department_member.c.user_id)))
    if role == "observer":
        drafts = select(observation.c.observer_id).where(observation.c.status == "draft")
        found = connection.scalar(query.where(r.user_id.in_(drafts)))
        if found is not None:
            return found
    return connection.scalar(query)


def _leader(connection: Connection) -> int | None:
    """The first pedagogical leader (not also an observer) of a department with a report."""
    r, m = user_role.c, department_member.c
    released = select(observation.c.department_id).where(observation.c.status == "released")
    observers = select(r.user_id).where(r.role == "observer")
    return connection.scalar(
        select(m.user_id)
        .join(user_role, r.user_id == m.user_id)
        .where(r.role == "pedagogical_leader", m.department_id.in_(released),
               m.user_id.not_in(observers))
        .order_by(m.user_id)
        .limit(1)
    )  # fmt: skip


def _department_led(connection: Connection, person_id: int | None) -> int | None:
    m = department_member.c
    return connection.scalar(
        select(m.department_id).where(m.user_id == person_id).order_by(m.department_id).limit(1)
    )


def _department_of(connection: Connection, role: str, person_id: int) -> int | None:
    """A department the role may read: its own, its kindergarten's, its network's."""
    d, k = department.c, kindergarten.c
    if role in ("pedagogical_leader", "staff"):
        return _department_led(connection, person_id)
    if role == "director":
        home = select(user.c.home_kindergarten_id).where(user.c.id == person_id)
        query = select(d.id).where(d.kindergarten_id.in_(home.scalar_subquery()))
    elif role == "mentor":
        networks = select(network.c.id).where(network.c.mentor_id == person_id)
        kindergartens = select(k.id).where(k.network_id.in_(networks))
        query = select(d.id).where(d.kindergarten_id.in_(kindergartens))
    else:
        return None  # the project lead and the observer read the leader's department
    return connection.scalar(query.order_by(d.id).limit(1))


def _ids(connection: Connection, role: str, person_id: int, department_id, semester: str):
    """The values of the url_map's path parameters for this role."""
    d, k, o = department.c, kindergarten.c, observation.c
    place = connection.execute(
        select(k.id, k.network_id, k.pool_id)
        .join(department, d.kindergarten_id == k.id)
        .where(d.id == department_id)
    ).first()
    case = connection.scalar(
        select(follow_up_case.c.id).where(follow_up_case.c.department_id == department_id)
    )
    return {
        "department_id": department_id,
        "kindergarten_id": place and place.id,
        "network_id": place and place.network_id,
        "pool_id": place and place.pool_id,
        "observation_id": _observation(connection, role, person_id, department_id),
        "user_id": person_id,
        "case_id": case,
        "goal_id": case and connection.scalar(
            select(follow_up_goal.c.id).where(follow_up_goal.c.case_id == case)),
        "meeting_id": place and connection.scalar(
            select(guidance_meeting.c.id).where(guidance_meeting.c.kindergarten_id == place.id)),
        "visit_id": _visit(connection, role, person_id, department_id, semester),
        "semester": semester,
        "instrument_id": connection.scalar(
            select(o.instrument_id).where(o.department_id == department_id).limit(1)),
    }  # fmt: skip


def _observation(connection: Connection, role: str, person_id: int, department_id):
    """The observer's draft; for the others the department's latest released report."""
    o = observation.c
    if role == "observer":
        return connection.scalar(
            select(o.id)
            .where(o.observer_id == person_id)
            .order_by((o.status == "draft").desc(), o.observed_on.desc())
            .limit(1)
        )
    return connection.scalar(
        select(o.id)
        .where(o.department_id == department_id, o.status == "released", o.kind == "regular")
        .order_by(o.semester.desc())
        .limit(1)
    )


def _visit(connection: Connection, role: str, person_id: int, department_id, semester: str):
    v = visit.c
    plans = select(semester_plan.c.id).where(semester_plan.c.semester == semester)
    query = select(v.id).where(v.plan_id.in_(plans)).order_by(v.id).limit(1)
    if role == "observer":
        return connection.scalar(query.where(v.observer_id == person_id))
    return connection.scalar(query.where(v.department_id == department_id))
