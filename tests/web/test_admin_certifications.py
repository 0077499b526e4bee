"""Certifications: the project lead registers and renews them, audited; the lists and the home."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.models import ROLES, AuditEvent, Certification
from tests.support.auth import csrf_token, login
from tests.support.factories import certify, make_org, make_user


@pytest.fixture
def people(db_session):
    org = make_org(db_session)
    lead = make_user(db_session, "lead@example.no", "project_lead")
    observer = make_user(db_session, "obs@example.no", "observer", home_kindergarten=org["home"])
    db_session.commit()
    return {"lead": lead, "observer": observer, "org": org}


def post_certification(client, **fields):
    data = {"csrf_token": csrf_token(client, "/admin/certifications/new"), **fields}
    return client.post("/admin/certifications/new", data=data)


def test_the_project_lead_registers_a_certification_with_a_default_year(client, db_session, people):
    login(client, "lead@example.no")
    response = post_certification(
        client, email="OBS@example.no", family="toddler", certified_on="2026-03-01"
    )
    assert response.status_code == 302
    cert = db_session.scalar(select(Certification))
    assert (cert.certified_on, cert.expires_on) == (date(2026, 3, 1), date(2027, 3, 1))
    audit = db_session.scalars(select(AuditEvent).where(AuditEvent.entity == "certification")).all()
    assert {e.field: e.new_value for e in audit} == {
        "user_id": str(people["observer"].id),
        "family": "toddler",
        "certified_on": "2026-03-01",
        "expires_on": "2027-03-01",
    }
    assert {e.user_id for e in audit} == {people["lead"].id}


@pytest.mark.parametrize(
    ("fields", "field_id", "message"),
    [
        ({"email": "nobody@example.no"}, "email", "Ingen har denne e-postadressen"),
        ({"family": ""}, "family", "Velg aldersnivået"),
        ({"certified_on": "31.02.2026"}, "certified_on", "Skriv datoen som"),
        ({"expires_on": "2026-02-01"}, "expires_on", "etter sertifiseringsdatoen"),
    ],
)
def test_bad_input_is_refused_next_to_the_field_and_changes_nothing(
    client, db_session, people, fields, field_id, message
):
    login(client, "lead@example.no")
    good = {"email": "obs@example.no", "family": "toddler", "certified_on": "2026-03-01"}
    response = post_certification(client, **{**good, **fields})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert f'id="{field_id}-error"' in page and message in page
    assert db_session.scalar(select(Certification)) is None
    assert db_session.scalar(select(AuditEvent)) is None


def test_a_duplicate_is_refused(client, db_session, people):
    certify(db_session, people["observer"], "toddler", date(2026, 3, 1))
    db_session.commit()
    login(client, "lead@example.no")
    response = post_certification(
        client, email="obs@example.no", family="toddler", certified_on="2026-03-01"
    )
    assert response.status_code == 400
    assert len(db_session.scalars(select(Certification)).all()) == 1


def test_the_lists_show_expiring_lapsed_and_uncertified_observers(client, db_session, people):
    today = date.today()
    soon = make_user(db_session, "soon@example.no", "observer", name="Snart Utløpt")
    certify(db_session, soon, "preschool", today - timedelta(days=340))
    lapsed = make_user(db_session, "old@example.no", "observer", name="Gammel Sertifisert")
    certify(db_session, lapsed, "toddler", today - timedelta(days=400))
    db_session.commit()
    login(client, "lead@example.no")
    page = client.get("/admin/certifications/").get_data(as_text=True)
    expiring = page.split('data-family="preschool"')[1].split('data-list="lapsed"')[0]
    assert "Snart Utløpt" in expiring
    lapsed_toddler = page.split('data-family="toddler"')[1].split('data-family="preschool"')[0]
    assert "Gammel Sertifisert" in lapsed_toddler.split('data-list="lapsed"')[1]
    without = page.split('data-list="without-valid"')[1]
    assert "Gammel Sertifisert" in without and "Obs" in without
    assert "Snart Utløpt" not in without


def test_the_observer_home_shows_an_expiring_certification(client, db_session, people):
    certify(db_session, people["observer"], "toddler", date.today() - timedelta(days=340))
    db_session.commit()
    login(client, "obs@example.no")
    page = client.get("/home/observer").get_data(as_text=True)
    assert 'data-standing="expiring"' in page


@pytest.mark.parametrize("role", ROLES)
def test_only_the_project_lead_opens_the_certification_pages(client, db_session, people, role):
    make_user(db_session, f"{role}-x@example.no", role)
    db_session.commit()
    login(client, f"{role}-x@example.no")
    expected = 200 if role == "project_lead" else 403
    person = f"/admin/certifications/person/{people['observer'].id}"
    for path in ("/admin/certifications/", "/admin/certifications/new", person):
        assert client.get(path).status_code == expected, path
