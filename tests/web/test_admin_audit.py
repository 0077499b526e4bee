"""The project lead reads an observation's audit trail and reopens it with a reason."""

import pytest
from sqlalchemy import select

from app.models import ROLES, AuditEvent, Observation
from tests.support.auth import csrf_token, login
from tests.support.factories import make_user
from tests.support.observe import api_as, complete, score_url, ts


def scored_and_submitted(app, db_session, world, observation):
    complete(db_session, observation)  # every score 4, straight in the database
    api = api_as(app.test_client(), world.observer.email)
    for n, value in enumerate((3, 5, 6)):
        body = {"value": value, "client_ts": ts(n)}
        assert api.put(score_url(observation), json=body).status_code == 200
    assert api.post(f"/api/v1/observations/{observation.id}/submit").status_code == 200


def test_the_trail_shows_each_score_change_and_the_status(
    app, client, db_session, world, observation
):
    scored_and_submitted(app, db_session, world, observation)
    login(client, world.lead.email)
    page = client.get(f"/admin/observations/{observation.id}/audit").get_data(as_text=True)
    history = page.split('data-table="score-history"')[1]
    assert history.count('data-dimension="PC"') == 3  # 4 → 3, 3 → 5, 5 → 6
    assert "data-old>5</td>" in history and "data-new>6</td>" in history
    statuses = page.split('data-table="status-history"')[1].split("</table>")[0]
    assert 'data-action="submit"' in statuses and "Utkast → Levert" in statuses
    summary = client.get(f"/observe/{observation.id}/summary").get_data(as_text=True)
    assert f"/admin/observations/{observation.id}/audit" in summary  # reached from the summary


def test_the_trail_filters_by_dimension_and_pages(app, client, db_session, world, observation):
    scored_and_submitted(app, db_session, world, observation)
    login(client, world.lead.email)
    url = f"/admin/observations/{observation.id}/audit?dimension=NC&cycle=1&page=7"
    page = client.get(url).get_data(as_text=True)
    assert 'data-total="0"' in page


def test_reopen_needs_a_reason_and_is_audited(app, client, db_session, world, observation):
    scored_and_submitted(app, db_session, world, observation)
    login(client, world.lead.email)
    path = f"/admin/observations/{observation.id}/audit"
    refused = client.post(
        f"/admin/observations/{observation.id}/reopen",
        data={"csrf_token": csrf_token(client, path), "reason": "   "},
    )
    assert refused.status_code == 400
    assert 'id="reason-error"' in refused.get_data(as_text=True)
    db_session.expire_all()
    assert db_session.get(Observation, observation.id).status == "submitted"
    done = client.post(
        f"/admin/observations/{observation.id}/reopen",
        data={"csrf_token": csrf_token(client, path), "reason": "Feil syklus skåret"},
    )
    assert done.status_code == 302
    db_session.expire_all()
    assert db_session.get(Observation, observation.id).status == "draft"
    event = db_session.scalar(select(AuditEvent).where(AuditEvent.action == "reopen"))
    assert (event.reason, event.old_value, event.new_value) == (
        "Feil syklus skåret",
        "submitted",
        "draft",
    )
    assert "Feil syklus skåret" in client.get(path).get_data(as_text=True)


def test_reopen_without_the_csrf_token_changes_nothing(app, client, db_session, world, observation):
    scored_and_submitted(app, db_session, world, observation)
    login(client, world.lead.email)
    response = client.post(f"/admin/observations/{observation.id}/reopen", data={"reason": "x"})
    assert response.status_code == 400
    db_session.expire_all()
    assert db_session.get(Observation, observation.id).status == "submitted"


@pytest.mark.parametrize("role", ROLES)
def test_only_the_project_lead_reads_the_trail_or_reopens(
    client, db_session, world, observation, role
):
    make_user(db_session, f"{role}-x@example.no", role)
    db_session.commit()
    login(client, f"{role}-x@example.no")
    expected = 200 if role == "project_lead" else 403
    assert client.get(f"/admin/observations/{observation.id}/audit").status_code == expected
    token = csrf_token(client, "/admin/certifications/")
    response = client.post(
        f"/admin/observations/{observation.id}/reopen", data={"csrf_token": token, "reason": "x"}
    )
    assert response.status_code in ((403,) if role != "project_lead" else (302,))
