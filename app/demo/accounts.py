"""The demo accounts list: a few showcase people per role, chosen for interesting data."""

import json
from datetime import date
from pathlib import Path

from analysis.schema import ROLES

from .observations import Showcase
from .organisation import Organisation
from .people import People, Person

ROLE_ORDER = ROLES


def showcase_accounts(
    org: Organisation, people: People, showcase: Showcase, today: date, password: str
) -> list[dict]:
    """Return one entry per role for each showcase person, the intended role first."""
    leader = _leader_with_reports(org, people, showcase)
    kindergarten = _kindergarten_of(org, leader.department_ids[0])
    director = people.director_of[kindergarten]
    mentor = _mentor_of(org, kindergarten, people)
    chosen: list[tuple[Person, str]] = [(lead, "project_lead") for lead in people.project_leads]
    chosen += [(mentor, "mentor"), (director, "director"), (leader, "pedagogical_leader")]
    chosen += [(person, "staff") for person in _staff_near(people, leader)]
    busy = _observer_with_draft(org, people, showcase, today, exclude=director)
    for observer in (
        busy or _certified_observer(people, today, exclude=director),
        _lapsed_observer(people, today),
    ):
        if observer is not None:
            chosen.append((observer, "observer"))
    return _entries(org, chosen, password)


def _leader_with_reports(org: Organisation, people: People, showcase: Showcase) -> Person:
    """Prefer a longest-running department whose report this semester is out too."""
    first_pool = {k.id for k in org.kindergartens if k.pool == org.pools[0].number}
    in_first_pool = [d.id for d in org.departments if d.kindergarten_id in first_pool]
    candidates = [d for d in showcase.released_now if d in set(in_first_pool)] + in_first_pool
    for department_id in candidates:
        leader = people.leader_of[department_id]
        if "observer" not in leader.roles:
            return leader
    return people.leader_of[candidates[0]]


def _staff_near(people: People, leader: Person) -> list[Person]:
    """The showcase leader's department's staff, else the first department that has staff."""
    department_id = leader.department_ids[0]
    staff = people.staff_of.get(department_id) or next(iter(people.staff_of.values()), [])
    return staff[:1]


def _kindergarten_of(org: Organisation, department_id: int) -> int:
    return next(d.kindergarten_id for d in org.departments if d.id == department_id)


def _mentor_of(org: Organisation, kindergarten_id: int, people: People) -> Person:
    network_id = next(k.network_id for k in org.kindergartens if k.id == kindergarten_id)
    mentor_id = next(n.mentor_id for n in org.networks if n.id == network_id)
    return next(m for m in people.mentors if m.id == mentor_id)


def _observer_with_draft(
    org: Organisation, people: People, showcase: Showcase, today: date, exclude: Person
) -> Person | None:
    """Return an observer with a draft this semester and a certification valid today."""
    age_group = {d.id: d.age_group for d in org.departments}
    by_id = {p.id: p for p in people.observers}
    for observer_id, department_id in showcase.drafts.items():
        observer = by_id[observer_id]
        if observer is not exclude and observer.certified(age_group[department_id], today):
            return observer
    return None


def _certified_observer(people: People, today: date, exclude: Person) -> Person | None:
    """Return an observer certified today, for when nobody has a draft (early in a semester)."""
    return next(
        (
            p
            for p in people.observers
            if p is not exclude and any(p.certified(f, today) for f in p.certifications)
        ),
        None,
    )


def _lapsed_observer(people: People, today: date) -> Person | None:
    """Return an observer whose latest certification has expired, to show the rule."""
    return next((p for p in people.observers if p.lapsed(today)), None)


def _entries(org: Organisation, chosen: list[tuple[Person, str]], password: str) -> list[dict]:
    kindergartens = {k.id: k.name for k in org.kindergartens}
    departments = {d.id: d.name for d in org.departments}
    intended = [(person, role) for person, role in chosen]
    extra = [
        (person, role)
        for person, main in chosen
        for role in ROLE_ORDER
        if role in person.roles and role != main and (person, role) not in intended
    ]
    entries = []
    for person, role in intended + extra:
        entry = _entry(person, role, password, kindergartens, departments)
        if entry not in entries:
            entries.append(entry)
    return entries


def _entry(
    person: Person,
    role: str,
    password: str,
    kindergartens: dict[int, str],
    departments: dict[int, str],
) -> dict:
    return {
        "role": role,
        "email": person.email,
        "password": password,
        "kindergarten": kindergartens.get(person.home_kindergarten_id),
        "department": departments[person.department_ids[0]] if person.department_ids else None,
    }


def write_accounts(path: str | Path, accounts: list[dict]) -> None:
    """Write the accounts list as JSON (UTF-8, readable)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(accounts, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
