"""Fixtures for the observation API tests: a small programme and signed-in JSON clients."""

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from app.models import AuditEvent, Cycle, Observation, Score
from tests.support.auth import csrf_token, login
from tests.support.factories import certify, make_observation, make_org, make_user

DAY = date(2025, 3, 4)  # in semester 2025V
PREK = ("PC", "NC", "TS", "RSP", "BM", "PD", "ILF", "CD", "QF", "LM")
START = datetime(2025, 3, 4, 9, 0, tzinfo=UTC)


class Api:
    """A test client that talks JSON and sends the CSRF header, as the tablet does."""

    def __init__(self, client, token: str | None) -> None:
        self.client = client
        self.headers = {"X-CSRFToken": token} if token else {}

    def get(self, path: str, headers: dict | None = None, **kwargs):
        return self.client.get(path, headers={**self.headers, **(headers or {})}, **kwargs)

    def post(self, path: str, json: object = None, headers: dict | None = None, **kwargs):
        headers = {**self.headers, **(headers or {})}
        return self.client.post(path, json=json, headers=headers, **kwargs)

    def put(self, path: str, json: object = None, headers: dict | None = None, **kwargs):
        headers = {**self.headers, **(headers or {})}
        return self.client.put(path, json=json, headers=headers, **kwargs)


def api_as(client, email: str) -> Api:
    """Sign in and return a JSON client carrying this session's CSRF token."""
    token = csrf_token(client)  # the raw token lives in the session and survives the login
    login(client, email)
    return Api(client, token)


@dataclass
class World:
    """One department to observe (Maurtua, pre-school, Stabekk) and the people around it."""

    org: dict
    observer: object  # home Haslum, certified for both age groups
    colleague: object  # another observer from Haslum, certified for pre-school
    lead: object  # project lead whose home is Stabekk
    others: dict  # director, mentor, pedagogical_leader: none may see observations

    @property
    def department(self):
        return self.org["other_dept"]


def make_world(db_session) -> World:
    """Build the World; each test module wraps this in a `world` fixture."""
    org = make_org(db_session)
    observer = make_user(db_session, "obs@example.no", "observer", home_kindergarten=org["home"])
    colleague = make_user(db_session, "obs2@example.no", "observer", home_kindergarten=org["home"])
    lead = make_user(db_session, "lead@example.no", "project_lead", home_kindergarten=org["other"])
    for person, family in [
        (observer, "preschool"),
        (observer, "toddler"),
        (colleague, "preschool"),
        (lead, "preschool"),
    ]:
        certify(db_session, person, family, DAY - timedelta(days=30))
    others = {
        role: make_user(db_session, f"{role}@example.no", role, home_kindergarten=org["other"])
        for role in ("director", "mentor", "pedagogical_leader")
    }
    others["pedagogical_leader"].departments.append(org["other_dept"])
    db_session.commit()
    return World(org, observer, colleague, lead, others)


def new_body(world: World, **fields) -> dict:
    """A valid request to start a regular observation of Maurtua on DAY."""
    body = {
        "id": str(uuid.uuid4()),
        "department_id": world.department.id,
        "instrument_id": "class-prek",
        "observed_on": DAY.isoformat(),
        "kind": "regular",
    }
    body.update(fields)
    return body


def prek_observation(db_session, world: World, **fields) -> Observation:
    """A draft regular pre-school observation of Maurtua by the world's observer."""
    values = {"instrument_id": "class-prek", "instrument_version": "2008", "observer": None}
    values.update(fields)
    observer = values.pop("observer") or world.observer
    observation = make_observation(db_session, world.department, observer, **values)
    db_session.commit()
    return observation


def complete(db_session, observation: Observation, minutes: int = 18, value: int = 4) -> None:
    """Give every cycle times and every dimension a score, straight in the database."""
    for cycle in observation.cycles:
        cycle.started_at = START + timedelta(hours=cycle.number)
        cycle.ended_at = cycle.started_at + timedelta(minutes=minutes)
        cycle.scores = [Score(dimension_code=code, value=value) for code in PREK]
    db_session.commit()


def score_url(observation, cycle: int = 1, dimension: str = "PC") -> str:
    return f"/api/v1/observations/{observation.id}/cycles/{cycle}/scores/{dimension}"


def ts(seconds: int = 0) -> str:
    """A client timestamp `seconds` after 10:00 on DAY."""
    return (datetime(2025, 3, 4, 10, 0, tzinfo=UTC) + timedelta(seconds=seconds)).isoformat()


def stored_scores(db_session, observation) -> dict:
    """Return {(cycle, dimension): (value, marks, note)} as stored now."""
    db_session.expire_all()
    rows = db_session.execute(
        select(Cycle.number, Score.dimension_code, Score.value, Score.indicator_marks, Score.note)
        .join(Score, Score.cycle_id == Cycle.id)
        .where(Cycle.observation_id == observation.id)
    ).all()
    return {(n, code): (value, marks, note) for n, code, value, marks, note in rows}


def audit_count(db_session, **where) -> int:
    db_session.expire_all()
    query = select(func.count(AuditEvent.id))
    for name, value in where.items():
        query = query.where(getattr(AuditEvent, name) == value)
    return db_session.scalar(query)


def snapshot(db_session, observation) -> tuple:
    """Everything a refused request must leave untouched: the row, its cycles, scores, audit."""
    db_session.expire_all()
    row = db_session.get(Observation, observation.id)
    cycles = [
        (
            c.number,
            c.started_at,
            c.ended_at,
            c.children_present,
            c.adults_present,
            c.setting,
            c.deviation_reason,
            c.notes,
        )
        for c in row.cycles
    ]
    return (
        row.status,
        row.version,
        cycles,
        stored_scores(db_session, observation),
        audit_count(db_session),
    )
