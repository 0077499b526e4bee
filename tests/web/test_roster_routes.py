"""The roster workbook in the admin area: upload, preview, confirm (project lead only)."""

import io
import re

import pytest
from openpyxl import load_workbook

from app.models import ROLES
from tests.support.auth import csrf_token, login
from tests.support.factories import make_org, make_user
from tests.web.test_roster_import import checksum


@pytest.fixture
def lead(db_session):
    make_org(db_session)
    user = make_user(db_session, "lead@example.no", "project_lead")
    db_session.commit()
    return user


def _workbook(client, change=None) -> bytes:
    workbook = load_workbook(io.BytesIO(client.get("/admin/roster/export.xlsx").data))
    if change:
        change(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _upload(client, data: bytes):
    form = {"csrf_token": csrf_token(client, "/admin/roster/"),
            "workbook": (io.BytesIO(data), "roster.xlsx")}  # fmt: skip
    return client.post("/admin/roster/preview", data=form, content_type="multipart/form-data")


def _hidden(html: str) -> dict:
    return dict(re.findall(r'<input[^>]*name="(\w+)"[^>]*value="([^"]*)"', html))


def test_upload_previews_every_change_and_confirm_applies_it(app, client, lead):
    login(client, lead.email)
    data = _workbook(client, lambda wb: wb["departments"].__setitem__("D2", 30))
    before = checksum(app)
    preview = _upload(client, data)
    assert preview.status_code == 200
    html = preview.get_data(as_text=True)
    assert 'data-action="update"' in html and "12 → 30" in html
    assert checksum(app) == before  # a preview changes nothing
    response = client.post("/admin/roster/confirm", data=_hidden(html))
    assert response.status_code == 302
    assert checksum(app) != before
    again = _upload(client, data)
    assert again.status_code == 302  # nothing left to change


def test_a_bad_file_lists_its_problems_and_changes_nothing(app, client, lead):
    login(client, lead.email)
    data = _workbook(client, lambda wb: wb["departments"].__setitem__("D2", -4))
    before = checksum(app)
    response = _upload(client, data)
    assert response.status_code == 422
    assert "departments, 2, children" in response.get_data(as_text=True)
    assert checksum(app) == before


def test_a_tampered_confirmation_is_refused(app, client, lead):
    login(client, lead.email)
    html = _upload(client, _workbook(client, lambda wb: wb["departments"].__setitem__("D2", 30)))
    fields = _hidden(html.get_data(as_text=True))
    fields["sha256"] = "0" * 64
    before = checksum(app)
    assert client.post("/admin/roster/confirm", data=fields).status_code == 400
    fields.pop("csrf_token")
    assert client.post("/admin/roster/confirm", data=fields).status_code == 400
    assert checksum(app) == before


@pytest.mark.parametrize("role", [r for r in ROLES if r != "project_lead"])
def test_only_the_project_lead_may_upload_or_confirm(client, db_session, lead, role):
    make_user(db_session, f"{role}@example.no", role)
    db_session.commit()
    login(client, f"{role}@example.no")
    token = csrf_token(client, "/admin/roster/")  # the refusal page carries a token too
    for path in ("/admin/roster/preview", "/admin/roster/confirm"):
        assert client.post(path, data={"csrf_token": token}).status_code == 403
