"""A director keeps their own kindergarten's departments; the project lead decides proposals."""

import pytest
from sqlalchemy import select

from app.models import ROLES, AuditEvent, Department, DepartmentProposal
from tests.support.auth import csrf_token, login
from tests.support.factories import make_org, make_user


@pytest.fixture
def org(db_session):
    org = make_org(db_session)
    make_user(db_session, "dir@example.no", "director", home_kindergarten=org["home"])
    make_user(db_session, "lead@example.no", "project_lead")
    db_session.commit()
    return org


def post(client, path, **data):
    return client.post(path, data={"csrf_token": csrf_token(client, path), **data})


def test_the_director_edits_counts_audited(client, db_session, org):
    login(client, "dir@example.no")
    dept = org["home_dept"]
    path = f"/admin/departments/{dept.id}/counts"
    assert post(client, path, children_count="14", staff_count="4").status_code == 302
    db_session.expire_all()
    assert db_session.get(Department, dept.id).children_count == 14
    audit = db_session.scalars(select(AuditEvent).where(AuditEvent.entity == "department")).all()
    assert [(e.field, e.old_value, e.new_value) for e in audit] == [("children_count", "12", "14")]


def test_a_bad_count_is_refused_next_to_the_field(client, db_session, org):
    login(client, "dir@example.no")
    path = f"/admin/departments/{org['home_dept'].id}/counts"
    response = post(client, path, children_count="-3", staff_count="x")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'id="children_count-error"' in page and 'id="staff_count-error"' in page
    assert db_session.scalar(select(AuditEvent)) is None


def test_a_director_gets_404_for_another_kindergarten(client, db_session, org):
    login(client, "dir@example.no")
    other = org["other_dept"]
    assert client.get(f"/admin/departments/{other.id}/counts").status_code == 404
    assert (
        client.get(f"/admin/kindergartens/{other.kindergarten_id}/departments").status_code == 404
    )
    assert client.get(f"/admin/departments/{other.id}/deactivation").status_code == 404
    home = client.get("/admin/kindergarten/")
    assert home.location.endswith(f"/admin/kindergartens/{org['home'].id}/departments")


def test_the_project_lead_sees_every_kindergarten(client, db_session, org):
    login(client, "lead@example.no")
    other = org["other_dept"]
    assert client.get(f"/admin/departments/{other.id}/counts").status_code == 200
    assert (
        client.get(f"/admin/kindergartens/{other.kindergarten_id}/departments").status_code == 200
    )


def test_a_proposed_department_is_created_when_confirmed(app, client, db_session, org):
    login(client, "dir@example.no")
    path = f"/admin/kindergartens/{org['home'].id}/proposals/new"
    fields = {"name": "Solsikken", "age_group": "preschool", "children_count": "18"}
    response = post(client, path, staff_count="3", reason="Ny avdeling fra august", **fields)
    assert response.status_code == 302
    again = post(client, path, staff_count="3", reason="To ganger", **fields)
    assert again.status_code == 400 and 'id="name-error"' in again.get_data(as_text=True)
    proposal = db_session.scalar(select(DepartmentProposal))
    client = app.test_client()  # a second browser: the project lead's
    login(client, "lead@example.no")
    decided = post(client, "/admin/proposals/", decision="confirm")
    assert decided.status_code == 405  # decisions go to the proposal's own URL
    path = f"/admin/proposals/{proposal.id}/decision"
    token = csrf_token(client, "/admin/proposals/")
    assert client.post(path, data={"csrf_token": token, "decision": "confirm"}).status_code == 302
    db_session.expire_all()
    made = db_session.scalar(select(Department).where(Department.name == "Solsikken"))
    assert (made.kindergarten_id, made.children_count, made.active) == (org["home"].id, 18, True)
    assert db_session.get(DepartmentProposal, proposal.id).status == "confirmed"
    twice = client.post(path, data={"csrf_token": token, "decision": "confirm"})
    assert twice.status_code == 302
    assert (
        len(db_session.scalars(select(Department).where(Department.name == "Solsikken")).all()) == 1
    )


def test_a_declined_deactivation_leaves_the_department_active(app, client, db_session, org):
    login(client, "dir@example.no")
    dept = org["home_dept"]
    path = f"/admin/departments/{dept.id}/deactivation"
    assert post(client, path, reason="").status_code == 400
    assert post(client, path, reason="Slås sammen").status_code == 302
    proposal = db_session.scalar(select(DepartmentProposal))
    client = app.test_client()  # a second browser: the project lead's
    login(client, "lead@example.no")
    token = csrf_token(client, "/admin/proposals/")
    data = {"csrf_token": token, "decision": "decline", "decision_note": "Vent til høsten"}
    assert client.post(f"/admin/proposals/{proposal.id}/decision", data=data).status_code == 302
    db_session.expire_all()
    assert db_session.get(Department, dept.id).active is True
    assert db_session.get(DepartmentProposal, proposal.id).status == "declined"


@pytest.mark.parametrize("role", ROLES)
def test_who_opens_the_kindergarten_pages(client, db_session, org, role):
    make_user(db_session, f"{role}-x@example.no", role, home_kindergarten=org["home"])
    db_session.commit()
    login(client, f"{role}-x@example.no")
    keeps = role in ("director", "project_lead")
    dept, home = org["home_dept"], org["home"]
    for path in (
        f"/admin/kindergartens/{home.id}/departments",
        f"/admin/departments/{dept.id}/counts",
        f"/admin/kindergartens/{home.id}/proposals/new",
        f"/admin/departments/{dept.id}/deactivation",
    ):
        assert client.get(path).status_code == (200 if keeps else 403), path
    own = client.get("/admin/kindergarten/").status_code
    assert own == (302 if role == "director" else 403)


def test_a_director_without_a_home_kindergarten_is_told_to_ask_the_project_lead(client, db_session):
    make_user(db_session, "homeless@example.no", "director")
    db_session.commit()
    login(client, "homeless@example.no")
    refused = client.get("/admin/kindergarten/")
    assert refused.status_code == 403
    assert "prosjektleder" in refused.get_data(as_text=True)
    assert "/admin/kindergarten/" not in client.get("/admin/").get_data(as_text=True)
