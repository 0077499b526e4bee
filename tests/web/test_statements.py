"""The accessibility and privacy statements (public, three languages), the accessibility
feedback that reaches the project leads (through a local SMTP sink), and a person's download
of their own data (only ever their own)."""

import json
from datetime import UTC, datetime

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import select

from app.models import AuditEvent
from tests.support.auth import csrf_token, login
from tests.support.factories import make_observation, make_org, make_user
from tests.support.mail_app import mail_test_app

# The routes of this file, for the role × route matrix (tests/web/test_permissions.py).
STATEMENT_PUBLIC = {"/tilgjengelighet", "/personvern"}  # anyone, signed in or not
STATEMENT_GETS = {
    "/account/data",  # any signed-in person; their own data only
    "/tilgjengelighet/tilbakemeldinger",  # the project lead (admin.audit)
}


@pytest.fixture
def app(database_url, tmp_path, sink):
    with mail_test_app(
        database_url,
        tmp_path,
        sink,
        PRIVACY_CONTROLLER="Testby kommune",
        PRIVACY_CONTACT_EMAIL="personvern@testby.no",
        RETENTION_NOTES_SEMESTERS=7,
    ) as app:
        yield app


@pytest.fixture
def people(db_session):
    org = make_org(db_session)
    users = {
        "kari": make_user(db_session, "kari@example.no", "observer", name="Kari Observatør"),
        "lead": make_user(db_session, "lead@example.no", "project_lead", locale="nn"),
        "leader": make_user(
            db_session, "leder@example.no", "pedagogical_leader", name="Lise Leder"
        ),
        "org": org,
    }
    users["leader"].departments.append(org["home_dept"])
    db_session.commit()
    return users


def _translated(app, lang: str, text: str) -> str:
    with app.test_request_context(), force_locale(lang):
        return gettext(text)


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/tilgjengelighet", "Accessibility statement for TETT PÅ"),
        ("/personvern", "Privacy statement for TETT PÅ"),
    ],
)
def test_statements_are_public_in_three_languages(app, client, lang, path, heading):
    page = client.get(path, headers={"Accept-Language": lang})
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert f'<html lang="{lang}">' in html
    assert _translated(app, lang, heading) in html.replace("&#39;", "'")


def test_privacy_statement_states_the_settings(client):
    html = client.get("/personvern", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Testby kommune" in html
    assert "personvern@testby.no" in html
    assert "7 semesters" in html  # RETENTION_NOTES_SEMESTERS, in English by Accept-Language


def test_accessibility_statement_has_the_uustatus_parts(client):
    html = client.get("/tilgjengelighet", headers={"Accept-Language": "en"}).get_data(as_text=True)
    for part in ("1.4 Distinguishable", "4.1 Compatible", "Known deviations", "axe-core",
                 "Report a problem", "uutilsynet.no", "tettpaa@baerum.kommune.no"):  # fmt: skip
        assert part in html


def test_every_page_links_to_both_statements(client, people):
    for path in ("/login", "/tilgjengelighet"):
        html = client.get(path).get_data(as_text=True)
        assert 'href="/tilgjengelighet"' in html and 'href="/personvern"' in html
        assert 'href="/account/data"' not in html
    login(client, people["kari"].email)
    html = client.get("/home/observer").get_data(as_text=True)
    assert 'href="/personvern"' in html and 'href="/account/data"' in html


def _report(client, message: str, page: str = "The observation form"):
    token = csrf_token(client, "/tilgjengelighet")
    return client.post(
        "/tilgjengelighet", data={"csrf_token": token, "page": page, "message": message}
    )


def test_feedback_reaches_the_project_lead(client, db_session, people, sink):
    login(client, people["kari"].email)
    response = _report(client, "The score buttons are too small on my phone.")
    assert response.status_code == 302
    assert [m["To"] for m in sink.messages] == ["lead@example.no"]
    body = sink.messages[0].get_body(preferencelist=("plain",)).get_content()
    assert "The score buttons are too small" in body and "kari@example.no" in body
    event = db_session.scalar(
        select(AuditEvent).where(AuditEvent.entity == "accessibility_feedback")
    )
    assert event.user_id == people["kari"].id and "too small" in event.new_value
    assert "/tilgjengelighet/tilbakemeldinger" in body
    # The project lead reads it in the app too; nobody else may.
    assert client.get("/tilgjengelighet/tilbakemeldinger").status_code == 403
    client.post("/logout", data={"csrf_token": csrf_token(client, "/tilgjengelighet")})
    login(client, people["lead"].email)
    listing = client.get("/tilgjengelighet/tilbakemeldinger").get_data(as_text=True)
    assert "The score buttons are too small on my phone." in listing
    assert "Kari Observatør" in listing and "The observation form" in listing


def test_feedback_without_text_or_sign_in_sends_nothing(client, db_session, people, sink):
    assert _report(client, "Anonymous report").status_code == 400  # signed out: the address
    login(client, people["kari"].email)
    response = _report(client, "   ")
    assert response.status_code == 400
    assert "Nothing was sent" in response.get_data(as_text=True) or response.status_code == 400
    assert _report(client, "x" * 4001).status_code == 400
    assert sink.messages == []
    assert (
        db_session.scalar(select(AuditEvent).where(AuditEvent.entity == "accessibility_feedback"))
        is None
    )


@pytest.mark.parametrize("path", sorted(STATEMENT_GETS))
def test_signed_in_pages_send_visitors_to_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302 and response.location.startswith("/login")


@pytest.mark.parametrize("role", ["observer", "pedagogical_leader", "director", "mentor", "staff"])
def test_only_the_project_lead_reads_the_accessibility_reports(client, db_session, role):
    make_user(db_session, f"{role}@example.no", role)
    db_session.commit()
    login(client, f"{role}@example.no")
    assert client.get("/tilgjengelighet/tilbakemeldinger").status_code == 403
    assert client.get("/account/data").status_code == 200


def test_a_person_downloads_their_own_data_and_nobody_elses(client, db_session, people):
    kari, leader, org = people["kari"], people["leader"], people["org"]
    own = make_observation(db_session, org["home_dept"], kari)
    own.cycles[0].notes = "Kari's own note"
    make_observation(db_session, org["other_dept"], kari, semester="2025H")
    db_session.commit()
    login(client, leader.email)
    response = client.get("/account/data")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.get_data(as_text=True))
    assert data["user"][0]["email"] == "leder@example.no"
    assert "password_hash" not in data["user"][0]
    assert data["department_memberships"] == [
        {"user_id": leader.id, "department_id": org["home_dept"].id}
    ]
    assert data["observations_made"] == []
    # A draft of the leader's department is not theirs to read yet.
    assert data["observations_of_departments_led"] == []
    text = response.get_data(as_text=True)
    assert "kari@example.no" not in text and "Kari's own note" not in text

    client.post("/logout", data={"csrf_token": csrf_token(client, "/tilgjengelighet")})
    login(client, kari.email)
    mine = json.loads(client.get("/account/data").get_data(as_text=True))
    assert mine["user"][0]["email"] == "kari@example.no"
    assert len(mine["observations_made"]) == 2
    assert "Kari's own note" in json.dumps(mine)
    assert "leder@example.no" not in json.dumps(mine)
    assert all(event["user_id"] == kari.id for event in mine["audit_events"])


def test_a_leader_gets_the_released_observations_of_their_department(client, db_session, people):
    org, now = people["org"], datetime(2025, 3, 5, tzinfo=UTC)
    released = make_observation(db_session, org["home_dept"], people["kari"], status="released",
                                submitted_at=now, released_at=now)  # fmt: skip
    make_observation(db_session, org["other_dept"], people["kari"], status="released",
                     submitted_at=now, released_at=now)  # fmt: skip
    db_session.commit()
    login(client, people["leader"].email)
    data = json.loads(client.get("/account/data").get_data(as_text=True))
    assert [o["id"] for o in data["observations_of_departments_led"]] == [str(released.id)]
    assert len(data["observations_of_departments_led"][0]["cycles"]) == 3
