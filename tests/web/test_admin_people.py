"""People kept in the app: the project lead's and the director's person pages."""

import pytest
from sqlalchemy import func, select

from app.models import AuditEvent, User
from tests.support.auth import csrf_token, login
from tests.support.factories import make_org, make_user


@pytest.fixture
def world(db_session):
    org = make_org(db_session)
    lead = make_user(db_session, "lead@example.no", "project_lead")
    director = make_user(db_session, "dir@example.no", "director", home_kindergarten=org["home"])
    leader = make_user(
        db_session, "leader@example.no", "pedagogical_leader", "observer",
        home_kindergarten=org["home"],
    )  # fmt: skip
    leader.departments.append(org["home_dept"])
    stranger = make_user(
        db_session, "far@example.no", "pedagogical_leader", home_kindergarten=org["other"]
    )
    db_session.commit()
    return {**org, "lead": lead, "director": director, "leader": leader, "stranger": stranger}


def post(client, path, **fields):
    data = {"csrf_token": csrf_token(client, path), "active": "y", **fields}
    return client.post(path, data=data)


def audit_count(db_session) -> int:
    return db_session.scalar(select(func.count()).select_from(AuditEvent))


def test_the_project_lead_adds_a_person_with_roles_and_a_department(client, db_session, world):
    login(client, world["lead"].email)
    response = post(
        client, "/admin/people/new", name="Kari Nordmann", email="Kari@Example.no",
        roles=["staff", "observer"], home_kindergarten_id=world["home"].id,
        department_ids=[world["home_dept"].id],
    )  # fmt: skip
    assert response.status_code == 302
    kari = db_session.scalar(select(User).where(User.email == "kari@example.no"))
    assert kari.roles == {"staff", "observer"}
    assert [d.id for d in kari.departments] == [world["home_dept"].id]
    fields = dict(
        db_session.execute(
            select(AuditEvent.field, AuditEvent.new_value).where(
                AuditEvent.entity_id == str(kari.id)
            )
        ).all()
    )
    assert fields["roles"] == "observer, staff"
    assert fields["departments"] == "Haslum barnehage/Blåklokka"


@pytest.mark.parametrize(
    ("fields", "field_error"),
    [
        ({"roles": []}, "Velg minst én rolle"),
        ({"email": "LEADER@example.no"}, "e-postadressen"),
        ({"email": "not-an-email"}, "e-postadresse"),
        ({"department_ids": "OTHER"}, "Maurtua"),
    ],
)
def test_bad_input_changes_nothing_and_says_why(client, db_session, world, fields, field_error):
    login(client, world["lead"].email)
    values = {"name": "Ny Person", "email": "ny@example.no", "roles": ["staff"],
              "home_kindergarten_id": world["home"].id, **fields}  # fmt: skip
    if values.get("department_ids") == "OTHER":
        values["department_ids"] = [world["other_dept"].id]
    before = audit_count(db_session)
    response = post(client, "/admin/people/new", **values)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'class="field-error"' in page and field_error in page
    assert audit_count(db_session) == before
    assert db_session.scalar(select(User).where(User.email == "ny@example.no")) is None


def test_an_edit_audits_the_roles_old_and_new(client, db_session, world):
    login(client, world["lead"].email)
    leader = world["leader"]
    response = post(
        client, f"/admin/people/{leader.id}", name=leader.name, email=leader.email,
        roles=["observer", "pedagogical_leader", "director"], home_kindergarten_id=world["home"].id,
        department_ids=[world["home_dept"].id],
    )  # fmt: skip
    assert response.status_code == 302
    event = db_session.scalar(
        select(AuditEvent).where(
            AuditEvent.entity_id == str(leader.id), AuditEvent.field == "roles"
        )
    )
    assert (event.old_value, event.new_value) == (
        "observer, pedagogical_leader",
        "observer, pedagogical_leader, director",
    )


def test_deactivation_ends_the_persons_sessions_at_once(app, client, db_session, world):
    leader = world["leader"]
    other = app.test_client()
    login(other, leader.email)
    assert other.get("/home/leader").status_code == 200
    login(client, world["lead"].email)
    response = post(
        client, f"/admin/people/{leader.id}", name=leader.name, email=leader.email,
        roles=["observer", "pedagogical_leader"], home_kindergarten_id=world["home"].id,
        active="",
    )  # fmt: skip
    assert response.status_code == 302
    assert other.get("/home/leader").status_code == 302  # sent to sign in
    assert other.get("/api/v1/instruments/class-prek").status_code == 401


def test_the_director_adds_staff_to_their_own_department(client, db_session, world):
    login(client, world["director"].email)
    page = client.get("/admin/people/new").get_data(as_text=True)
    assert 'value="staff"' in page and 'value="observer"' not in page
    response = post(
        client, "/admin/people/new", name="Ola Ansatt", email="ola@example.no", roles=["staff"],
        department_ids=[world["home_dept"].id],
    )  # fmt: skip
    assert response.status_code == 302
    ola = db_session.scalar(select(User).where(User.email == "ola@example.no"))
    assert ola.roles == {"staff"} and ola.home_kindergarten_id == world["home"].id


def test_the_director_cannot_grant_other_roles_or_reach_other_kindergartens(
    client, db_session, world
):
    login(client, world["director"].email)
    response = post(client, "/admin/people/new", name="X", email="x@example.no", roles=["observer"])
    assert response.status_code == 400
    assert client.get(f"/admin/people/{world['stranger'].id}").status_code == 404
    assert client.get(f"/admin/people/{world['lead'].id}").status_code == 404
    listing = client.get("/admin/people/").get_data(as_text=True)
    assert world["leader"].email in listing and world["stranger"].email not in listing


def test_the_director_keeps_the_roles_they_do_not_see(client, db_session, world):
    login(client, world["director"].email)
    leader = world["leader"]
    page = client.get(f"/admin/people/{leader.id}").get_data(as_text=True)
    assert 'value="observer"' not in page
    response = post(
        client, f"/admin/people/{leader.id}", name=leader.name, email=leader.email,
        roles=["staff"], department_ids=[world["home_dept"].id],
    )  # fmt: skip
    assert response.status_code == 302
    db_session.refresh(leader)
    assert leader.roles == {"observer", "staff"}


@pytest.mark.parametrize("role", ["observer", "mentor", "pedagogical_leader", "staff"])
def test_other_roles_cannot_open_the_people_pages(client, db_session, world, role):
    make_user(db_session, f"{role}-x@example.no", role)
    db_session.commit()
    login(client, f"{role}-x@example.no")
    for path in ("/admin/people/", "/admin/people/new", f"/admin/people/{world['leader'].id}"):
        assert client.get(path).status_code == 403
