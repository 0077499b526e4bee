"""Each role's home shows what that role owns, from the demo municipality's real data."""

import pytest
from sqlalchemy import func, select

from app.models import Department, Kindergarten, Network, Observation, User
from tests.support.auth import login

SEED_TABLE = {
    1: (19, 82, 1181, 346),
    2: (19, 96, 1359, 398),
    3: (21, 101, 1346, 407),
    4: (27, 96, 1562, 416),
}


@pytest.fixture
def session(demo_app):
    session = demo_app.extensions["db_sessionmaker"]()
    yield session
    session.close()


def signed_in(demo_app, role: str, index: int = 0):
    account = [a for a in demo_app.demo_accounts if a["role"] == role][index]
    client = demo_app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "nb"
    login(client, account["email"], account["password"])
    return client, account


def user_of(session, account) -> User:
    return session.scalar(select(User).where(User.email == account["email"]))


def test_project_lead_sees_every_pool_with_the_seed_table_figures(demo_app):
    client, _ = signed_in(demo_app, "project_lead")
    page = client.get("/home/project-lead").get_data(as_text=True)
    for pool, figures in SEED_TABLE.items():
        row = page.split(f'<th scope="row">{pool}</th>')[1].split("</tr>")[0]
        for figure in figures:
            assert f'<td class="num">{figure}</td>' in row


def test_observer_sees_this_semesters_visits_and_certifications(demo_app, session):
    client, account = signed_in(demo_app, "observer")
    user = user_of(session, account)
    page = client.get("/home/observer").get_data(as_text=True)
    from app.home.services import current_semester

    visits = session.scalars(
        select(Observation).where(
            Observation.observer_id == user.id, Observation.semester == current_semester()
        )
    ).all()
    assert visits, "the showcase observer has a visit this semester"
    for visit in visits:
        assert f'data-observation="{visit.id}"' in page
        assert session.get(Department, visit.department_id).name in page
    assert "Gyldig" in page


def test_leader_sees_released_reports_of_their_department_with_domain_means(demo_app, session):
    client, account = signed_in(demo_app, "pedagogical_leader")
    page = client.get("/home/leader").get_data(as_text=True)
    user = user_of(session, account)
    department = user.departments[0]
    released = session.scalar(
        select(func.count())
        .select_from(Observation)
        .where(
            Observation.department_id == department.id,
            Observation.status == "released",
            Observation.kind == "regular",
        )
    )
    assert department.name in page
    assert page.count("<tr>") - 1 == released  # one row per released report, plus the header


def test_director_sees_every_department_of_their_kindergarten(demo_app, session):
    client, account = signed_in(demo_app, "director")
    kindergarten = user_of(session, account).home_kindergarten
    page = client.get("/home/director").get_data(as_text=True)
    assert f"<h1>{kindergarten.name}</h1>" in page
    for department in kindergarten.departments:
        assert f"<td>{department.name}</td>" in page


def test_mentor_sees_each_network_they_mentor_and_its_kindergartens(demo_app, session):
    client, account = signed_in(demo_app, "mentor")
    user = user_of(session, account)
    page = client.get("/home/mentor").get_data(as_text=True)
    networks = session.scalars(select(Network).where(Network.mentor_id == user.id)).all()
    assert networks
    for network in networks:
        assert network.name in page
        names = session.scalars(
            select(Kindergarten.name).where(Kindergarten.network_id == network.id)
        ).all()
        assert all(f"<td>{name}</td>" in page for name in names)


def test_leader_reports_are_newest_first_across_the_turn_of_the_year(demo_app, session):
    client, account = signed_in(demo_app, "pedagogical_leader")
    page = client.get("/home/leader").get_data(as_text=True)
    department = user_of(session, account).departments[0]
    semesters = session.scalars(
        select(Observation.semester)
        .where(
            Observation.department_id == department.id,
            Observation.status == "released",
            Observation.kind == "regular",
        )
        .order_by(Observation.observed_on.desc())
    ).all()
    from analysis.semesters import semester_label, sort_key

    assert semesters == sorted(semesters, key=sort_key, reverse=True)
    positions = [page.index(semester_label(s, "nb")) for s in semesters]
    assert positions == sorted(positions)
