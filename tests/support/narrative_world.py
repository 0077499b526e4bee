"""A small programme for the practice narrative tests.

Kindergarten K (network N: mentor M; director D) has departments A and B: pedagogical leaders LA
(of A) and LB (of B), staff SA and SA2 (of A) and SB (of B). Kindergarten K2 (network N2: mentor
M2; director D2) has department C with leader LC and staff SC. An observer from K2 and the project
lead. The pool's first semester makes this month programme year `year` (1: the mentor reads the
leaders' narratives; 2: the director). The programme default gives this month "PC" (none in July).
"""

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime

from analysis.school_year import month_of, programme_year
from analysis.semesters import semester_of
from app.models import (
    Department,
    DimensionPlanDefault,
    Feedback,
    Kindergarten,
    Network,
    Pool,
    PracticeNarrative,
)
from tests.support.factories import make_observation, make_user

THIS_MONTH = month_of(date.today())


def first_semester_for_year(today: date, year: int) -> str:
    """A pool start that makes `today` fall in programme year `year`."""
    for back in range(0, 10 * 12):
        months = today.year * 12 + today.month - 1 - back
        candidate = semester_of(date(months // 12, months % 12 + 1, 1))
        if programme_year(candidate, month_of(today)) == year:
            return candidate
    raise AssertionError(f"no semester makes {today} programme year {year}")


@dataclass
class NarrativeWorld:
    kindergarten: Kindergarten
    other: Kindergarten
    departments: dict[str, Department]
    people: dict[str, object]


def _department(kindergarten, name: str) -> Department:
    return Department(
        kindergarten=kindergarten, name=name, age_group="toddler", children_count=12, staff_count=4
    )


def make_narrative_world(session, year: int = 1) -> NarrativeWorld:
    """Build the world above and commit."""
    pool = Pool(number=1, first_semester=first_semester_for_year(date.today(), year))
    networks = [Network(name=f"Nettverk {n}", pool=pool) for n in ("Nord", "Sør")]
    k = Kindergarten(name="Haslum barnehage", pool=pool, network=networks[0])
    k2 = Kindergarten(name="Stabekk barnehage", pool=pool, network=networks[1])
    departments = {"A": _department(k, "Blåklokka"), "B": _department(k, "Solsikken"),
                   "C": _department(k2, "Maurtua")}  # fmt: skip
    session.add_all([pool, *networks, k, k2, *departments.values()])
    if date.today().month != 7:
        session.add(DimensionPlanDefault(month_number=date.today().month, dimension_code="PC"))
    session.flush()
    people = {
        "M": make_user(session, "mentor@example.no", "mentor", name="Mona Mentor"),
        "M2": make_user(session, "mentor2@example.no", "mentor", name="Mats Mentor"),
        "D": make_user(session, "director@example.no", "director", home_kindergarten=k,
                       name="Dina Director"),
        "D2": make_user(session, "director2@example.no", "director", home_kindergarten=k2),
        "observer": make_user(session, "observer@example.no", "observer", home_kindergarten=k2),
        "lead": make_user(session, "lead@example.no", "project_lead", name="Per Prosjekt"),
    }  # fmt: skip
    members = {"LA": ("pedagogical_leader", "A"), "LB": ("pedagogical_leader", "B"),
               "LC": ("pedagogical_leader", "C"), "SA": ("staff", "A"), "SA2": ("staff", "A"),
               "SB": ("staff", "B"), "SC": ("staff", "C")}  # fmt: skip
    for key, (role, department) in members.items():
        kindergarten = departments[department].kindergarten
        user = make_user(session, f"{key.lower()}@example.no", role, name=f"Person {key}",
                         home_kindergarten=kindergarten if role == "staff" else None)  # fmt: skip
        user.departments.append(departments[department])
        people[key] = user
    networks[0].mentor, networks[1].mentor = people["M"], people["M2"]
    session.commit()
    return NarrativeWorld(k, k2, departments, people)


def add_narrative(session, author, department, for_meeting: str, **fields) -> PracticeNarrative:
    """A handed-in narrative of this month (pass handed_in_at=None for a draft); commits."""
    values = {"month": THIS_MONTH, "dimension_code": "PC", "handed_in_at": datetime.now(UTC),
              "text": "Vi så på samspillet i samlingsstunden.", **fields}  # fmt: skip
    narrative = PracticeNarrative(
        author_id=author.id, department_id=department.id, for_meeting=for_meeting, **values
    )
    session.add(narrative)
    session.commit()
    return narrative


def released_report(session, department, observer, released: bool = True, **fields):
    """A regular report of the department: released, or only submitted."""
    at = datetime(2025, 3, 20, 12, tzinfo=UTC)
    fields |= {"status": "released", "released_at": at} if released else {"status": "submitted"}
    observation = make_observation(
        session, department, observer, id=uuid.uuid4(), submitted_at=at, **fields
    )
    if released:
        session.add(Feedback(observation_id=observation.id, strengths="Varme i gruppa.",
                             growth_areas=[{"dimension": "QF", "text": "Korte svar."}],
                             meeting_held_at=at, released_at=at))  # fmt: skip
    session.commit()
    return observation
