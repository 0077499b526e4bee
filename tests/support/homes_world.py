"""A small world for the homes you act from (tests/web/test_homes.py): one kindergarten whose
departments stand at every step of this semester, a second one in the same network, and a
network of another mentor.

Network "Nett Øst" (the mentor's): Solsiden (the director's) with
  Ikke startet (nothing), Planlagt (a visit planned in the published plan), Pågår (a draft),
  Observert (submitted), Levert (released, not read), Lest (released and acknowledged),
  Lav (released, every score at the bottom: flagged for low support and negative climate);
  Bakken with Bakke 1 (nothing) and Bakke 2 (released).
Network "Nett Vest" (another mentor): Vestly with Vest 1 (released).
"""

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from analysis.dimension_means import refresh_dimension_means
from analysis.semesters import semester_of
from app.models import Cycle, Department, Feedback, Kindergarten, Network, Observation, Pool, Score
from tests.support.factories import make_user
from tests.support.visits import add_plan, add_visit

TODAY = date.today()
TODDLER = ["PC", "NC", "TS", "RCP", "BG", "FLD", "QF", "LM"]


@dataclass
class HomesWorld:
    departments: dict[str, Department] = field(default_factory=dict)
    observations: dict[str, Observation] = field(default_factory=dict)
    users: dict[str, object] = field(default_factory=dict)
    kindergartens: dict[str, Kindergarten] = field(default_factory=dict)
    networks: dict[str, Network] = field(default_factory=dict)


def _observation(session, department, observer, status: str, low: bool = False) -> Observation:
    done = status != "draft"
    observation = Observation(
        id=uuid.uuid4(),
        department=department,
        observer=observer,
        semester=semester_of(TODAY),
        observed_on=TODAY,
        instrument_id="class-toddler",
        instrument_version="2012",
        instrument_hash="0" * 64,
        kind="regular",
        status=status,
        submitted_at=datetime.now(UTC) if done else None,
        released_at=datetime.now(UTC) if status == "released" else None,
    )
    value = (
        (lambda code: 7 if code == "NC" else 1) if low else (lambda code: 2 if code == "NC" else 5)
    )
    observation.cycles = [
        Cycle(number=n, scores=[Score(dimension_code=c, value=value(c)) for c in TODDLER])
        for n in (1, 2, 3)
    ]
    session.add(observation)
    return observation


def _feedback(observation, acknowledged_by=None) -> Feedback:
    return Feedback(
        observation_id=observation.id,
        strengths="Varme i gruppa.",
        growth_areas=[{"dimension": "QF", "text": "Korte svar.", "suggestion": "Spør videre."}],
        meeting_held_at=datetime.now(UTC),
        released_at=datetime.now(UTC),
        acknowledged_at=datetime.now(UTC) if acknowledged_by else None,
        acknowledged_by_id=acknowledged_by.id if acknowledged_by else None,
    )


def _organisation(session, world: HomesWorld) -> None:
    pool = Pool(number=1, first_semester="2020H")
    layout = {
        "Nett Øst": {
            "Solsiden": ["Ikke startet", "Planlagt", "Pågår", "Observert", "Levert", "Lest", "Lav"],
            "Bakken": ["Bakke 1", "Bakke 2"],
        },
        "Nett Vest": {"Vestly": ["Vest 1"]},
    }
    for network_name, kindergartens in layout.items():
        network = Network(name=network_name, pool=pool)
        world.networks[network_name] = network
        for kg_name, names in kindergartens.items():
            kg = Kindergarten(name=kg_name, pool=pool, network=network)
            world.kindergartens[kg_name] = kg
            for name in names:
                world.departments[name] = Department(
                    kindergarten=kg, name=name, age_group="toddler", children_count=12,
                    staff_count=4,
                )  # fmt: skip
    session.add_all([pool, *world.departments.values()])
    session.flush()


def build_homes_world(session) -> HomesWorld:
    """Build the world above; commit."""
    world = HomesWorld()
    _organisation(session, world)
    u, d, kg = world.users, world.departments, world.kindergartens
    u["observer"] = make_user(session, "observer@example.no", "observer",
                              home_kindergarten=kg["Vestly"])  # fmt: skip
    u["director"] = make_user(session, "director@example.no", "director",
                              home_kindergarten=kg["Solsiden"])  # fmt: skip
    u["mentor"] = make_user(session, "mentor@example.no", "mentor")
    u["other_mentor"] = make_user(session, "other.mentor@example.no", "mentor")
    world.networks["Nett Øst"].mentor = u["mentor"]
    world.networks["Nett Vest"].mentor = u["other_mentor"]
    u["leader"] = make_user(session, "leader@example.no", "pedagogical_leader")
    u["leader"].departments.append(d["Levert"])
    u["staff"] = make_user(session, "staff@example.no", "staff")
    u["staff"].departments.append(d["Levert"])
    plan = add_plan(session, semester_of(TODAY))
    add_visit(session, plan, d["Planlagt"], u["observer"], TODAY)
    o = world.observations
    o["Pågår"] = _observation(session, d["Pågår"], u["observer"], "draft")
    o["Observert"] = _observation(session, d["Observert"], u["observer"], "submitted")
    for name in ("Levert", "Lest", "Bakke 2", "Vest 1"):
        o[name] = _observation(session, d[name], u["observer"], "released")
    o["Lav"] = _observation(session, d["Lav"], u["observer"], "released", low=True)
    session.flush()
    for name in ("Levert", "Bakke 2", "Vest 1", "Lav"):
        session.add(_feedback(o[name]))
    session.add(_feedback(o["Lest"], acknowledged_by=u["director"]))
    session.flush()
    refresh_dimension_means(session)
    session.commit()
    return world
