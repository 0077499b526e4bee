"""A small programme for the guidance loop tests: two kindergartens in two networks.

Kindergarten K (network N, mentor M, director D) has departments A and B: pedagogical leaders
LA and LB, staff member SA of A. Kindergarten K2 (network N2, mentor M2, director D2) has
department C. An observer from K2 and the project lead. A's released report names "QF" as the
dimension to work on next. The pool's first semester makes today programme year `year`.
"""

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from analysis.school_year import month_of, programme_year
from analysis.semesters import semester_of
from app.models import (
    Department,
    Feedback,
    Kindergarten,
    Network,
    Observation,
    Pool,
    PracticeNarrative,
)
from tests.support.factories import make_observation, make_user


def first_semester_for_year(today: date, year: int) -> str:
    """A pool start that makes `today` fall in programme year `year`."""
    for back in range(0, 10 * 12):
        months = today.year * 12 + today.month - 1 - back
        candidate = semester_of(date(months // 12, months % 12 + 1, 1))
        if programme_year(candidate, month_of(today)) == year:
            return candidate
    raise AssertionError(f"no semester makes {today} programme year {year}")


@dataclass
class GuidanceWorld:
    kindergarten: Kindergarten
    other: Kindergarten
    departments: dict[str, Department]
    people: dict[str, object]
    report: Observation
    extra: dict = field(default_factory=dict)


def make_guidance_world(session, year: int = 1) -> GuidanceWorld:
    """Build the world above and commit."""
    pool = Pool(number=1, first_semester=first_semester_for_year(date.today(), year))
    networks = [Network(name=f"Nettverk {n}", pool=pool) for n in ("Nord", "Sør")]
    k = Kindergarten(name="Haslum barnehage", pool=pool, network=networks[0])
    k2 = Kindergarten(name="Stabekk barnehage", pool=pool, network=networks[1])
    departments = {
        key: Department(kindergarten=kg, name=name, age_group="toddler", children_count=12,
                        staff_count=4)
        for key, kg, name in (("A", k, "Blåklokka"), ("B", k, "Solsikken"), ("C", k2, "Maurtua"))
    }  # fmt: skip
    session.add_all([pool, *networks, k, k2, *departments.values()])
    session.flush()
    p = {
        "mentor": make_user(session, "mentor@example.no", "mentor", name="Mona Mentor"),
        "mentor2": make_user(session, "mentor2@example.no", "mentor"),
        "director": make_user(session, "director@example.no", "director", home_kindergarten=k,
                              name="Dina Director"),
        "director2": make_user(session, "director2@example.no", "director", home_kindergarten=k2),
        "leader": make_user(session, "leader@example.no", "pedagogical_leader", name="Lars Leader"),
        "leader_b": make_user(session, "leader.b@example.no", "pedagogical_leader"),
        "staff": make_user(session, "staff@example.no", "staff", home_kindergarten=k),
        "observer": make_user(session, "observer@example.no", "observer", home_kindergarten=k2),
        "project_lead": make_user(session, "lead@example.no", "project_lead"),
    }  # fmt: skip
    networks[0].mentor, networks[1].mentor = p["mentor"], p["mentor2"]
    p["leader"].departments.append(departments["A"])
    p["leader_b"].departments.append(departments["B"])
    p["staff"].departments.append(departments["A"])
    report = _released_report(session, departments["A"], p["observer"])
    session.commit()
    return GuidanceWorld(k, k2, departments, p, report)


def _released_report(session, department, observer) -> Observation:
    at = datetime(2025, 3, 20, 12, tzinfo=UTC)
    observation = make_observation(
        session, department, observer, id=uuid.uuid4(), status="released",
        submitted_at=at, released_at=at,
    )  # fmt: skip
    session.add(
        Feedback(
            observation_id=observation.id,
            strengths="Varme i gruppa.",
            growth_areas=[{"dimension": "QF", "text": "Korte svar.", "suggestion": ""}],
            next_dimension="QF",
            meeting_held_at=at,
            released_at=at,
        )
    )
    session.flush()
    return observation


def add_narrative(session, author, department, for_meeting: str, month: str, **fields):
    """A handed-in narrative (pass handed_in_at=None for a draft)."""
    values = {"dimension_code": "PC", "text": "Vi så på samspillet i samlingsstunden.",
              "handed_in_at": datetime.now(UTC), **fields}  # fmt: skip
    narrative = PracticeNarrative(author_id=author.id, department_id=department.id,
                                  for_meeting=for_meeting, month=month, **values)  # fmt: skip
    session.add(narrative)
    session.flush()
    return narrative


def sign_in_as(client, email: str) -> None:
    """Sign out whoever is signed in (the login page redirects a signed-in user), then sign in."""
    from tests.support.auth import csrf_token, login

    home = client.get("/")
    if home.status_code == 302 and not home.location.startswith("/login"):
        client.post("/logout", data={"csrf_token": csrf_token(client, home.location)})
    login(client, email)
