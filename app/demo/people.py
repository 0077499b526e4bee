"""The demo's people: directors, leaders, observers, staff, mentors and project leads."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from random import Random

from analysis.certification import default_expiry
from analysis.semesters import parse_semester

from .names import EmailBook, person_name
from .organisation import Organisation, assign_mentors

FAMILIES = ("toddler", "preschool")
OBSERVERS_PER_KINDERGARTEN = (2, 3, 3, 3, 4)  # drawn uniformly: about 3 on average
DIRECTOR_OBSERVES = 0.85
SECOND_FAMILY = 0.4  # share of leader-observers certified for the other age group too
LAPSED_SHARE = 0.025  # observers whose latest certification has run out
# Staff accounts for a few departments only (DESIGN.md §8): every department of the first
# kindergartens of each pool, two staff members each.
STAFF_KINDERGARTENS_PER_POOL = 2
STAFF_PER_DEPARTMENT = 2


@dataclass
class Person:
    id: int
    name: str
    email: str
    roles: list[str]
    home_kindergarten_id: int | None = None
    department_ids: list[int] = field(default_factory=list)
    # family -> [(certified_on, expires_on)], oldest first
    certifications: dict[str, list[tuple[date, date]]] = field(default_factory=dict)

    def certified(self, family: str, day: date) -> bool:
        """Return True if a certification for family is valid on day."""
        return any(start <= day < end for start, end in self.certifications.get(family, ()))

    def lapsed(self, today: date) -> bool:
        """Return True if the person has certifications but none valid today."""
        return bool(self.certifications) and not any(
            self.certified(family, today) for family in self.certifications
        )


@dataclass
class People:
    persons: list[Person] = field(default_factory=list)
    director_of: dict[int, Person] = field(default_factory=dict)  # kindergarten id -> director
    leader_of: dict[int, Person] = field(default_factory=dict)  # department id -> leader
    staff_of: dict[int, list[Person]] = field(default_factory=dict)  # department id -> staff
    mentors: list[Person] = field(default_factory=list)
    project_leads: list[Person] = field(default_factory=list)

    @property
    def observers(self) -> list[Person]:
        return [p for p in self.persons if "observer" in p.roles]


class _Registry:
    """Create people with running ids and unique emails."""

    def __init__(self, rng: Random, people: People) -> None:
        self.rng, self.people, self.emails = rng, people, EmailBook()

    def new(self, role: str, home: int | None = None) -> Person:
        name = person_name(self.rng)
        person = Person(
            len(self.people.persons) + 1, name, self.emails.email_for(name), [role], home
        )
        self.people.persons.append(person)
        return person


def build_people(
    rng: Random, org: Organisation, today: date, mentors: int, project_leads: int = 2
) -> People:
    """Plan everyone, give networks their mentors and certify the observers."""
    people = People()
    registry = _Registry(rng, people)
    people.project_leads = [registry.new("project_lead") for _ in range(project_leads)]
    people.mentors = [registry.new("mentor") for _ in range(mentors)]
    assign_mentors(org, [m.id for m in people.mentors])
    departments_of = _departments_by_kindergarten(org)
    for kindergarten in org.kindergartens:
        people.director_of[kindergarten.id] = registry.new("director", kindergarten.id)
        for department in departments_of[kindergarten.id]:
            leader = registry.new("pedagogical_leader", kindergarten.id)
            leader.department_ids.append(department.id)
            people.leader_of[department.id] = leader
    _appoint_observers(rng, org, people, today)
    _hire_staff(_fork(rng), registry, org, departments_of)
    return people


def _fork(rng: Random) -> Random:
    """A generator in rng's state: staff are drawn without shifting any later draw of rng."""
    fork = Random()
    fork.setstate(rng.getstate())
    return fork


def _hire_staff(
    rng: Random, registry: _Registry, org: Organisation, departments_of: dict[int, list]
) -> None:
    """Give every department of each pool's first kindergartens its staff members."""
    registry.rng = rng
    first_of_pool: dict[int, list[int]] = {}
    for kindergarten in org.kindergartens:
        first_of_pool.setdefault(kindergarten.pool, []).append(kindergarten.id)
    for kindergarten_ids in first_of_pool.values():
        for kindergarten_id in kindergarten_ids[:STAFF_KINDERGARTENS_PER_POOL]:
            for department in departments_of[kindergarten_id]:
                staff = [
                    registry.new("staff", kindergarten_id) for _ in range(STAFF_PER_DEPARTMENT)
                ]
                for person in staff:
                    person.department_ids.append(department.id)
                registry.people.staff_of[department.id] = staff


def _departments_by_kindergarten(org: Organisation) -> dict[int, list]:
    grouped: dict[int, list] = {k.id: [] for k in org.kindergartens}
    for department in org.departments:
        grouped[department.kindergarten_id].append(department)
    return grouped


def _appoint_observers(rng: Random, org: Organisation, people: People, today: date) -> None:
    """Make about 3 people per kindergarten certified observers: the director and some leaders."""
    age_group = {d.id: d.age_group for d in org.departments}
    leaders_of = {k.id: [] for k in org.kindergartens}
    for leader in people.leader_of.values():
        leaders_of[leader.home_kindergarten_id].append(leader)
    for kindergarten in org.kindergartens:
        start = parse_semester(org.first_semester(kindergarten.pool)).start_date()
        wanted = rng.choice(OBSERVERS_PER_KINDERGARTEN)
        director = people.director_of[kindergarten.id]
        chosen = [director] if rng.random() < DIRECTOR_OBSERVES else []
        leaders = leaders_of[kindergarten.id]
        chosen += rng.sample(leaders, min(len(leaders), wanted - len(chosen)))
        for person in chosen:
            own = age_group[person.department_ids[0]] if person.department_ids else None
            families = _families_for(rng, own)
            _certify(rng, person, families, start, today)


def _families_for(rng: Random, own_age_group: str | None) -> tuple[str, ...]:
    # Directors observe both age groups; leaders mostly their own department's.
    if own_age_group is None or rng.random() < SECOND_FAMILY:
        return FAMILIES
    return (own_age_group,)


def _certify(
    rng: Random, person: Person, families: tuple[str, ...], start: date, today: date
) -> None:
    person.roles.append("observer")
    lapsed = rng.random() < LAPSED_SHARE
    for family in families:
        first = start - timedelta(days=rng.randint(20, 75))
        person.certifications[family] = certification_chain(rng, first, today, lapsed)


def certification_chain(
    rng: Random, first: date, today: date, lapsed: bool = False
) -> list[tuple[date, date]]:
    """Return yearly certifications from first on, renewed shortly before each expiry."""
    chain: list[tuple[date, date]] = []
    certified_on = first
    while certified_on <= today:
        expires_on = default_expiry(certified_on)
        chain.append((certified_on, expires_on))
        certified_on = expires_on - timedelta(days=rng.randint(0, 21))
    # A lapsed observer skipped the last renewal, so the latest certification has expired.
    while lapsed and len(chain) > 1 and chain[-1][1] > today - timedelta(days=14):
        chain.pop()
    return chain


def people_rows(people: People, password_hash: str) -> dict[str, list[dict]]:
    """Return the rows to insert, keyed by table name; users without a home come first."""
    users = [
        {
            "id": p.id,
            "name": p.name,
            "email": p.email,
            "password_hash": password_hash,
            "home_kindergarten_id": p.home_kindergarten_id,
            "locale": None,
            "active": True,
        }
        for p in people.persons
    ]
    return {
        "user_without_home": [u for u in users if u["home_kindergarten_id"] is None],
        "user": [u for u in users if u["home_kindergarten_id"] is not None],
        "user_role": [{"user_id": p.id, "role": r} for p in people.persons for r in p.roles],
        "department_member": [
            {"user_id": p.id, "department_id": d} for p in people.persons for d in p.department_ids
        ],
        "certification": _certification_rows(people),
    }


def _certification_rows(people: People) -> list[dict]:
    rows = [
        {"user_id": p.id, "family": family, "certified_on": start, "expires_on": end}
        for p in people.persons
        for family, chain in p.certifications.items()
        for start, end in chain
    ]
    return [{"id": i, **row} for i, row in enumerate(rows, start=1)]
