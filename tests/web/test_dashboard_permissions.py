"""The dashboard's entry, its Excel download and the analysis CLI, per role."""

import io

import pytest
from openpyxl import load_workbook

from app.models import ROLES
from tests.support import analysis_small
from tests.support.auth import login
from tests.support.factories import make_user

ENTRY = {"project_lead": "/dashboard/overview", "mentor": "/dashboard/overview",
         "director": "/dashboard/kindergarten"}  # fmt: skip


@pytest.fixture
def people(db_session):
    world = analysis_small.build(db_session)
    people = {role: make_user(db_session, f"{role}@example.no", role) for role in ROLES}
    people["director"].home_kindergarten = world["kindergartens"][2]
    world["networks"][0].mentor = people["mentor"]
    db_session.commit()
    return people


@pytest.mark.parametrize("path", ["/dashboard/", "/dashboard/export.xlsx"])
def test_anonymous_visitors_are_sent_to_login(client, path):
    response = client.get(path)
    assert response.status_code == 302 and response.location.startswith("/login")


@pytest.mark.parametrize("role", ROLES)
def test_the_dashboard_entry_leads_each_role_to_its_page(client, people, role):
    login(client, people[role].email)
    response = client.get("/dashboard/")
    if role in ENTRY:
        assert response.status_code == 302 and response.location == ENTRY[role]
        assert client.get(response.location).status_code == 200
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_only_the_project_lead_downloads_the_export(client, people, role):
    login(client, people[role].email)
    assert client.get("/dashboard/export.xlsx").status_code == (
        200 if role == "project_lead" else 403
    )


@pytest.mark.parametrize("role", ROLES)
def test_the_navigation_links_to_the_dashboard_for_its_readers(client, people, role):
    login(client, people[role].email)
    home = client.get("/", follow_redirects=True).get_data(as_text=True)
    assert ('href="/dashboard/"' in home) == (role in ENTRY)


def test_the_cli_writes_the_export(app, people, tmp_path):
    out = tmp_path / "export.xlsx"
    result = app.test_cli_runner().invoke(
        args=["analysis", "export", "--out", str(out), "--semester", "2025V", "--pool", "1"]
    )
    assert result.exit_code == 0, result.output
    book = load_workbook(io.BytesIO(out.read_bytes()), read_only=True)
    rows = list(book["scores"].iter_rows(min_row=2, values_only=True))
    assert rows and {(r[1], r[2]) for r in rows} == {("2025V", 1)}


def test_the_cli_refuses_a_malformed_semester(app, tmp_path):
    result = app.test_cli_runner().invoke(
        args=["analysis", "export", "--out", str(tmp_path / "x.xlsx"), "--semester", "2025"]
    )
    assert result.exit_code != 0 and "2025V" in result.output
