"""Each role's home shows what that role owns, from the demo municipality's real data."""

from datetime import UTC, datetime

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
    assert page.count("<tr data-observation=") == released  # one row per released report


def test_director_sees_every_department_of_their_kindergarten(demo_app, session):
    client, account = signed_in(demo_app, "director")
    kindergarten = user_of(session, account).home_kindergarten
    page = client.get("/home/director").get_data(as_text=True)
    assert f"<h1>{kindergarten.name}</h1>" in page
    for department in kindergarten.departments:
        assert f">{department.name}</a>" in page


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
        assert all(f'<th scope="row">{name}</th>' in page for name in names)


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
    table = page.split('class="reports-table"')[1]
    positions = [table.index(semester_label(s, "nb")) for s in semesters]
    assert positions == sorted(positions)


# --- The homes you act from, on a small world (tests/support/homes_world.py) ---------------


@pytest.fixture
def homes(app, db_session):
    from tests.support.homes_world import build_homes_world

    return build_homes_world(db_session)


def english(client, email: str):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    login(client, email)
    return client


def rows_by(page: str, attribute: str) -> dict[str, str]:
    """{value of `attribute`: the row's HTML} of each <tr> carrying it."""
    rows = {}
    for chunk in page.split("<tr ")[1:]:
        marker = f'{attribute}="'
        if chunk.startswith(marker) or f" {marker}" in chunk.split(">")[0]:
            value = chunk.split(marker, 1)[1].split('"', 1)[0]
            rows[value] = chunk.split("</tr>")[0]
    return rows


def test_a_released_report_is_new_to_each_reader_until_they_open_it(client, homes):
    report = homes.observations["Levert"]
    leader = english(client, "leader@example.no")
    page = leader.get("/home/leader").get_data(as_text=True)
    assert rows_by(page, "data-observation")[str(report.id)].count('data-unread="true"') == 1
    assert "data-unread-note" in page and f"/reports/{report.id}" in page
    assert leader.get(f"/reports/{report.id}").status_code == 200
    page = leader.get("/home/leader").get_data(as_text=True)
    row = rows_by(page, "data-observation")[str(report.id)]
    assert 'data-unread="false"' in row and "Not marked as read" in row
    assert "data-unread-note" not in page
    # Opening is per reader: the staff member has not opened it yet.
    staff = english(client.application.test_client(), "staff@example.no")
    page = staff.get("/home/staff").get_data(as_text=True)
    assert 'data-unread="true"' in rows_by(page, "data-observation")[str(report.id)]


def test_a_report_marked_as_read_is_not_new(client, homes, db_session):
    from sqlalchemy import update

    from app.models import Feedback

    report = homes.observations["Levert"]
    db_session.execute(
        update(Feedback)
        .where(Feedback.observation_id == report.id)
        .values(acknowledged_at=datetime.now(UTC), acknowledged_by_id=homes.users["leader"].id)
    )
    db_session.commit()
    staff = english(client, "staff@example.no")
    page = staff.get("/home/staff").get_data(as_text=True)
    assert 'data-unread="false"' in rows_by(page, "data-observation")[str(report.id)]


def test_the_report_table_names_each_domain_before_its_code(client, homes):
    page = english(client, "leader@example.no").get("/home/leader").get_data(as_text=True)
    assert "Emotional and Behavioral Support (EBS)</th>" in page
    assert "Engaged Support for Learning (ESL)</th>" in page


def test_the_director_sees_each_departments_standing_report_and_flags(client, homes):
    page = english(client, "director@example.no").get("/home/director").get_data(as_text=True)
    rows = rows_by(page, "data-department")
    d, o = homes.departments, homes.observations
    expected = {
        "Ikke startet": "not_started", "Planlagt": "planned", "Pågår": "in_progress",
        "Observert": "observed", "Levert": "released", "Lest": "acknowledged", "Lav": "released",
    }  # fmt: skip
    assert {name: rows[str(d[name].id)].split('data-status="')[1].split('"')[0]
            for name in expected} == expected  # fmt: skip
    assert str(d["Bakke 1"].id) not in rows  # another kindergarten
    for name in ("Levert", "Lest", "Lav"):
        assert f'href="/reports/{o[name].id}"' in rows[str(d[name].id)]
    assert f'href="/reports/department/{d["Ikke startet"].id}"' in rows[str(d["Ikke startet"].id)]
    assert 'data-flags="negative_climate low_support"' in rows[str(d["Lav"].id)]
    assert 'data-flags=""' in rows[str(d["Levert"].id)]
    assert 'data-flagged="1"' in page and 'href="/dashboard/follow-up"' in page


def test_the_mentor_acts_per_kindergarten_of_their_own_networks(client, homes):
    page = english(client, "mentor@example.no").get("/home/mentor").get_data(as_text=True)
    rows = rows_by(page.split("data-month-meetings")[0], "data-kindergarten")
    kg, network = homes.kindergartens, homes.networks["Nett Øst"]
    assert str(kg["Vestly"].id) not in rows and "Vest 1" not in page
    solsiden, bakken = rows[str(kg["Solsiden"].id)], rows[str(kg["Bakken"].id)]
    assert 'data-not-started="2"' in solsiden and 'data-flagged="1"' in solsiden
    assert 'data-not-started="1"' in bakken and 'data-flagged="0"' in bakken
    for department in ("Ikke startet", "Levert", "Lav"):
        assert f'href="/reports/department/{homes.departments[department].id}"' in solsiden
    assert f"/guidance/plan/{kg['Solsiden'].id}/" in solsiden
    assert f"/guidance/meetings/{kg['Solsiden'].id}/" in solsiden
    assert f'href="/dashboard/follow-up?network={network.id}"' in page


def test_the_mentor_home_asks_the_same_queries_whatever_the_number_of_departments(
    app, client, homes, db_session
):
    from sqlalchemy import event

    mentor = english(client, "mentor@example.no")
    statements: list[str] = []

    def count(*args):
        statements.append(args[2])

    engine = app.extensions["db_engine"]
    event.listen(engine, "before_cursor_execute", count)
    try:
        mentor.get("/home/mentor")
        before = len(statements)
        kindergarten = homes.kindergartens["Bakken"]
        db_session.add_all(
            Department(kindergarten_id=kindergarten.id, name=f"Ny {n}", age_group="toddler",
                       children_count=10, staff_count=3)
            for n in range(5)
        )  # fmt: skip
        db_session.commit()
        statements.clear()
        mentor.get("/home/mentor")
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(statements) == before
