"""Small, explicit builders for test data (the demo loader is for realistic volumes)."""

import uuid
from datetime import date, timedelta

from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from app.models import (
    Certification,
    Cycle,
    Department,
    Kindergarten,
    Network,
    Observation,
    Pool,
    User,
    UserRole,
)

PASSWORD = "correct horse battery"
# A cheap, real hash computed once: scrypt per test user would make the suite crawl.
PASSWORD_HASH = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")


def make_org(session: Session) -> dict:
    """One pool, one network, two kindergartens with a department each."""
    pool = Pool(number=1, first_semester="2020H")
    network = Network(name="Nettverk Vest", pool=pool)
    home = Kindergarten(name="Haslum barnehage", pool=pool, network=network)
    other = Kindergarten(name="Stabekk barnehage", pool=pool, network=network)
    home_dept = Department(
        kindergarten=home, name="Blåklokka", age_group="toddler", children_count=12, staff_count=4
    )
    other_dept = Department(
        kindergarten=other, name="Maurtua", age_group="preschool", children_count=18, staff_count=3
    )
    session.add_all([pool, network, home, other, home_dept, other_dept])
    session.flush()
    return {
        "pool": pool,
        "network": network,
        "home": home,
        "other": other,
        "home_dept": home_dept,
        "other_dept": other_dept,
    }


def make_user(session: Session, email: str, *roles: str, **fields) -> User:
    """A user with a known password and the given roles."""
    user = User(
        name=fields.pop("name", email.split("@")[0].title()),
        email=email.lower(),
        password_hash=PASSWORD_HASH,
        **fields,
    )
    user.role_rows = [UserRole(role=role) for role in roles]
    session.add(user)
    session.flush()
    return user


def certify(session: Session, user: User, family: str, on: date) -> Certification:
    cert = Certification(
        user=user, family=family, certified_on=on, expires_on=on + timedelta(days=365)
    )
    session.add(cert)
    session.flush()
    return cert


def make_observation(session: Session, department: Department, observer: User, **fields):
    """A draft regular observation with three empty cycles."""
    values = {
        "id": uuid.uuid4(),
        "semester": "2025V",
        "observed_on": date(2025, 3, 4),
        "instrument_id": "class-toddler",
        "instrument_version": "2012",
        "instrument_hash": "0" * 64,
        "kind": "regular",
        "status": "draft",
    }
    values.update(fields)
    observation = Observation(department=department, observer=observer, **values)
    observation.cycles = [Cycle(number=n) for n in (1, 2, 3)]
    session.add(observation)
    session.flush()
    return observation
