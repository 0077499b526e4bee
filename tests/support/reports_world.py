"""A small, explicit municipality for the report tests (builders only; the tests import it).

Pool 1: network A (6 toddler departments in 3 kindergartens, plus a pre-school one) and
network B (2 toddler departments). Pool 2: network C (3 toddler departments, one only in
draft). Every toddler department has a regular observation in 2025V with seeded scores;
the scores are also kept here in plain Python so that tests can recompute every figure.
"""

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from random import Random

from analysis.dimension_means import refresh_dimension_means
from app.models import Cycle, Department, Feedback, Kindergarten, Network, Observation, Pool, Score
from tests.support.factories import make_user

SEMESTER = "2025V"
TODDLER = ["PC", "NC", "TS", "RCP", "BG", "FLD", "QF", "LM"]
PREK = ["PC", "NC", "TS", "RSP", "BM", "PD", "ILF", "CD", "QF", "LM"]
DOMAINS = {"EBS": ["PC", "NC", "TS", "RCP", "BG"], "ESL": ["FLD", "QF", "LM"]}
RELEASED_AT = datetime(2025, 3, 20, 12, 0, tzinfo=UTC)


@dataclass
class World:
    departments: dict[str, Department] = field(default_factory=dict)
    users: dict[str, object] = field(default_factory=dict)
    observations: dict[str, Observation] = field(default_factory=dict)
    networks: dict[str, Network] = field(default_factory=dict)
    # observation id -> {(cycle, code): value}, for the regular observations that count
    scores: dict[uuid.UUID, dict[tuple[int, str], int]] = field(default_factory=dict)
    counted: dict[uuid.UUID, str] = field(default_factory=dict)  # observation id -> dept key


def _scores(rng: Random, codes: list[str]) -> dict[tuple[int, str], int]:
    result = {}
    for cycle in (1, 2, 3):
        for code in codes:
            result[(cycle, code)] = rng.choice([1, 1, 1, 2]) if code == "NC" else rng.randint(2, 7)
    return result


def add_observation(session, world: World, key: str, dept: str, observer, **fields):
    """A regular observation with three scored cycles (notes on cycle 1)."""
    rng = Random(key)
    instrument = fields.pop("instrument", ("class-toddler", "2012"))
    codes = TODDLER if instrument[0] == "class-toddler" else PREK
    status = fields.pop("status", "released")
    values = {
        "id": uuid.uuid4(),
        "semester": SEMESTER,
        "observed_on": date(2025, 3, 4),
        "instrument_id": instrument[0],
        "instrument_version": instrument[1],
        "instrument_hash": "0" * 64,
        "kind": "regular",
        "status": status,
        "submitted_at": None if status == "draft" else datetime(2025, 3, 4, 14, tzinfo=UTC),
        "released_at": RELEASED_AT if status == "released" else None,
        **fields,
    }
    observation = Observation(department=world.departments[dept], observer=observer, **values)
    scores = _scores(rng, codes)
    observation.cycles = [
        Cycle(
            number=n,
            scores=[
                Score(
                    dimension_code=code,
                    value=v,
                    note=f"Notat {code} syklus {n}." if n == 1 else None,
                )
                for (cycle, code), v in scores.items()
                if cycle == n
            ],
        )
        for n in (1, 2, 3)
    ]
    session.add(observation)
    if status == "released":
        session.add(_released_feedback(observation.id))
    world.observations[key] = observation
    if status != "draft":
        world.scores[observation.id] = scores
        world.counted[observation.id] = dept
    return observation


def _released_feedback(observation_id) -> Feedback:
    return Feedback(
        observation_id=observation_id,
        strengths="Varme og trygghet i gruppa.",
        growth_areas=[{"dimension": "QF", "text": "Korte svar.", "suggestion": "Spør videre."}],
        next_dimension="QF",
        meeting_held_at=datetime(2025, 3, 18, 10, tzinfo=UTC),
        meeting_attendees="Hele avdelingen",
        released_at=RELEASED_AT,
    )


def build_world(session) -> World:
    """Build the organisation, the people and the observations; commit."""
    world = World()
    pools = {1: Pool(number=1, first_semester="2020H"), 2: Pool(number=2, first_semester="2021V")}
    layout = {  # network -> (pool, {kindergarten: [department keys]})
        "A": (1, {"KA1": ["D1", "D2"], "KA2": ["D3", "D4"], "KA3": ["D5", "D6", "D7"]}),
        "B": (1, {"KB1": ["D8", "D9"]}),
        "C": (2, {"KC1": ["D10", "D11", "D12"]}),
    }
    kindergartens = {}
    for net, (pool_number, kgs) in layout.items():
        network = Network(name=f"Nettverk {net}", pool=pools[pool_number])
        world.networks[net] = network
        for kg_name, depts in kgs.items():
            kg = Kindergarten(name=f"Barnehage {kg_name}", pool=pools[pool_number], network=network)
            kindergartens[kg_name] = kg
            for key in depts:
                age = "preschool" if key == "D7" else "toddler"
                name = "Blåklokka" if key == "D1" else f"Avdeling {key}"
                world.departments[key] = Department(
                    kindergarten=kg, name=name, age_group=age, children_count=12, staff_count=4
                )
    session.add_all([*pools.values(), *world.departments.values()])
    session.flush()
    _people(session, world, kindergartens)
    _observations(session, world)
    session.flush()
    # Inserted as done rather than submitted through the app: fill the analysis cache as
    # submitting does.
    refresh_dimension_means(session)
    session.commit()
    return world


def _people(session, world: World, kindergartens: dict) -> None:
    u = world.users
    u["observer_a"] = make_user(session, "observer.a@example.no", "observer",
                                home_kindergarten=kindergartens["KB1"])  # fmt: skip
    u["observer_b"] = make_user(session, "observer.b@example.no", "observer",
                                home_kindergarten=kindergartens["KC1"])  # fmt: skip
    u["leader_1"] = make_user(session, "leader.1@example.no", "pedagogical_leader")
    u["leader_1"].departments.append(world.departments["D1"])
    u["leader_3"] = make_user(session, "leader.3@example.no", "pedagogical_leader")
    u["leader_3"].departments.append(world.departments["D3"])
    u["director_1"] = make_user(session, "director.1@example.no", "director",
                                home_kindergarten=kindergartens["KA1"])  # fmt: skip
    u["director_2"] = make_user(session, "director.2@example.no", "director",
                                home_kindergarten=kindergartens["KA2"])  # fmt: skip
    for net in ("A", "B", "C"):
        mentor = make_user(session, f"mentor.{net.lower()}@example.no", "mentor")
        world.networks[net].mentor = mentor
        u[f"mentor_{net.lower()}"] = mentor
    u["project_lead"] = make_user(session, "lead@example.no", "project_lead")
    u["nobody"] = make_user(session, "nobody@example.no")


def _observations(session, world: World) -> None:
    a, b = world.users["observer_a"], world.users["observer_b"]
    # R: the released report of D1; U: D2's submitted report, not released yet.
    add_observation(session, world, "R", "D1", a)
    add_observation(session, world, "U", "D2", b, status="submitted")
    for key in ("D3", "D4", "D5", "D6", "D8", "D9", "D10", "D11"):
        add_observation(session, world, key, key, b if key != "D8" else a)
    add_observation(session, world, "D12-draft", "D12", a, status="draft")
    add_observation(session, world, "D7-prek", "D7", b, instrument=("class-prek", "2008"))
    # D1's earlier semesters, for the trend (2024V sorts before 2024H).
    for semester, day in (("2024H", date(2024, 10, 1)), ("2024V", date(2024, 3, 1))):
        add_observation(session, world, f"R-{semester}", "D1", a, semester=semester,
                        observed_on=day)  # fmt: skip
    # A double-coding of R, which never counts in any group figure.
    primary = world.observations["R"].id
    dc = add_observation(session, world, "R-dc", "D1", b, status="submitted",
                         kind="double_coding", primary_observation_id=primary)  # fmt: skip
    world.scores.pop(dc.id)
    world.counted.pop(dc.id)
