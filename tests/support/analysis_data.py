"""Data for the analysis tests.

- `demo_world`: the Bærum demo loaded once per test module, on SQLite and on PostgreSQL;
  tests only read it. Import the fixture into a test module to use it.
- `scored_observation`: a small hand-built observation with known cycle scores, for exact
  expectations on the per-test `db_session`.
"""

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from analysis.dimension_means import refresh_dimension_means
from app import migrate
from app.db import make_engine
from app.demo import DEMO_PASSWORD, load_demo
from app.models import Cycle, Department, Observation, Score, User

from .auth import login
from .databases import create_postgres_database, drop_postgres_database

SEED = 2020
TODAY = date(2026, 11, 23)
INSTRUMENT_VERSIONS = {"class-toddler": "2012", "class-prek": "2008"}


@dataclass
class DemoWorld:
    url: str
    engine: Engine
    accounts: list[dict]
    folder: Path

    def session(self) -> Session:
        return Session(self.engine)

    def account(self, role: str) -> dict:
        return next(a for a in self.accounts if a["role"] == role)

    def app(self, **config):
        from tests.conftest import make_test_app

        return make_test_app(self.url, self.folder, **config)


def _backends():
    from tests.conftest import BACKENDS

    return BACKENDS


@pytest.fixture(scope="module", params=_backends())
def demo_world(request, tmp_path_factory):
    """The Bærum demo (seed 2020, today 2026-11-23), once per module and backend."""
    folder = tmp_path_factory.mktemp("demo-world")
    server = None
    if request.param == "postgres":
        server = request.getfixturevalue("postgres_server_url")
        url = create_postgres_database(server)
    else:
        url = f"sqlite:///{folder / 'demo.sqlite'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    with Session(engine) as session:
        accounts = load_demo(session, seed=SEED, today=TODAY)
    yield DemoWorld(url, engine, accounts, folder)
    engine.dispose()
    if server is not None:
        drop_postgres_database(server, url)


def login_demo(client, email: str) -> None:
    """Sign in a demo account through the real login form."""
    response = login(client, email, DEMO_PASSWORD)
    assert response.status_code == 302, "demo login failed"


def scored_observation(
    session: Session,
    department: Department,
    observer: User,
    scores: dict[str, list[int]],
    *,
    semester: str = "2025V",
    status: str = "submitted",
    kind: str = "regular",
    instrument_id: str | None = None,
    primary: Observation | None = None,
) -> Observation:
    """An observation whose cycle n holds scores[code][n-1] for every code given."""
    instrument_id = instrument_id or (
        "class-toddler" if department.age_group == "toddler" else "class-prek"
    )
    now = datetime(2025, 3, 4, 12, tzinfo=UTC)
    observation = Observation(
        id=uuid.uuid4(), department=department, observer=observer, semester=semester,
        observed_on=date(int(semester[:4]), 3 if semester.endswith("V") else 10, 4),
        instrument_id=instrument_id, instrument_version=INSTRUMENT_VERSIONS[instrument_id],
        instrument_hash="0" * 64, kind=kind, status=status,
        submitted_at=None if status == "draft" else now,
        released_at=now if status == "released" else None,
        primary_observation_id=primary.id if primary else None,
    )  # fmt: skip
    cycles = max(len(values) for values in scores.values())
    observation.cycles = [Cycle(number=n) for n in range(1, cycles + 1)]
    for code, values in scores.items():
        for cycle, value in zip(observation.cycles, values, strict=False):
            cycle.scores.append(Score(dimension_code=code, value=value))
    session.add(observation)
    session.flush()
    # Inserted as done, not submitted through the app: fill the analysis cache as submit does.
    refresh_dimension_means(session, [observation.id])
    return observation
