"""What observers and directors see of a published plan: My visits, a start from a visit that
follows the observation (started, then done), the director's list, and the calendar feed."""

import hashlib
import re
import uuid
from datetime import timedelta

import icalendar
import pytest
from sqlalchemy import select

from app.models import AuditEvent, CalendarFeed, Observation, Visit
from tests.support.auth import login
from tests.support.observe import api_as, complete
from tests.support.visits import TODAY, add_visit, make_plan_world


@pytest.fixture
def planned(db_session):
    return make_plan_world(db_session)


def start_body(planned, **fields) -> dict:
    body = {
        "id": str(uuid.uuid4()),
        "department_id": planned.world.department.id,
        "instrument_id": "class-prek",
        "observed_on": TODAY.isoformat(),
        "kind": "regular",
        "visit_id": planned.visit.id,
    }
    return {**body, **fields}


def visit_row(db_session, visit) -> Visit:
    db_session.expire_all()
    return db_session.get(Visit, visit.id)


def test_my_visits_lists_the_observers_published_visits_with_a_start(client, planned):
    login(client, planned.world.observer.email)
    page = client.get("/home/observer").get_data(as_text=True)
    assert f'data-visit="{planned.visit.id}"' in page
    assert f'href="/plan/visits/{planned.visit.id}/start"' in page
    assert f'data-visit="{planned.draft_visit.id}"' not in page  # a draft plan is not shown
    assert f'data-visit="{planned.double.id}"' not in page  # the colleague's visit


def test_start_opens_the_start_form_with_department_kind_and_visit_filled_in(client, planned):
    login(client, planned.world.observer.email)
    response = client.get(f"/plan/visits/{planned.visit.id}/start")
    assert response.status_code == 302 and response.location.startswith("/observe/new?")
    page = client.get(response.location).get_data(as_text=True)
    department = planned.world.department.id
    assert re.search(rf'id="dept-{department}" value="{department}" checked', page)
    assert re.search(r'id="kind-regular" value="regular" checked', page)
    assert f'name="visit_id" value="{planned.visit.id}"' in page
    assert 'data-instrument-id="class-prek"' in page


def test_another_observers_visit_is_not_found(client, planned):
    login(client, planned.stranger.email)
    assert client.get(f"/plan/visits/{planned.visit.id}/start").status_code == 404


def test_starting_from_a_visit_starts_it_submitting_makes_it_done_and_reopening_not(
    app, client, db_session, planned
):
    api = api_as(client, planned.world.observer.email)
    response = api.post("/api/v1/observations", json=start_body(planned))
    assert response.status_code == 201, response.get_json()
    observation_id = uuid.UUID(response.get_json()["id"])
    visit = visit_row(db_session, planned.visit)
    assert (visit.status, visit.observation_id) == ("started", observation_id)
    complete(db_session, db_session.get(Observation, observation_id))
    assert api.post(f"/api/v1/observations/{observation_id}/submit").status_code == 200
    assert visit_row(db_session, planned.visit).status == "done"
    changes = db_session.scalars(
        select(AuditEvent.new_value).where(AuditEvent.entity == "visit").order_by(AuditEvent.id)
    ).all()
    assert changes == ["started", "done"]
    lead = api_as(app.test_client(), planned.world.lead.email)
    reopened = lead.post(f"/api/v1/observations/{observation_id}/reopen", json={"reason": "PC"})
    assert reopened.status_code == 200
    assert visit_row(db_session, planned.visit).status == "started"


def test_a_retry_of_the_same_start_returns_the_observation_and_keeps_the_visit(
    client, db_session, planned
):
    api = api_as(client, planned.world.observer.email)
    body = start_body(planned)
    assert api.post("/api/v1/observations", json=body).status_code == 201
    assert api.post("/api/v1/observations", json=body).status_code == 200
    again = api.post("/api/v1/observations", json=start_body(planned, kind="practice"))
    assert again.status_code == 409 and again.get_json()["error"] == "visit_not_planned"
    assert visit_row(db_session, planned.visit).observation_id == uuid.UUID(body["id"])


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"observed_on": "next semester"}, "visit_mismatch"),
        ({"kind": "practice"}, "visit_mismatch"),
        ({"visit_id": "double"}, "unknown_visit"),  # the colleague's visit
        ({"visit_id": "draft_visit"}, "unknown_visit"),  # a draft plan's visit
    ],
)
def test_an_observation_that_does_not_carry_out_the_visit_is_refused_and_nothing_changes(
    client, db_session, planned, change, error
):
    values = {
        "observed_on": planned.draft_visit.planned_on.isoformat(),
        "kind": "practice",
        "visit_id": getattr(planned, str(change.get("visit_id")), None),
    }
    fields = {key: values[key] for key in change}
    if "visit_id" in fields:
        fields["visit_id"] = fields["visit_id"].id
    api = api_as(client, planned.world.observer.email)
    response = api.post("/api/v1/observations", json=start_body(planned, **fields))
    assert response.status_code in (403, 409, 422) and response.get_json()["error"] == error
    assert db_session.scalar(select(Observation.id)) is None
    assert visit_row(db_session, planned.visit).status == "planned"


def test_the_double_coder_starts_once_the_regular_observation_exists(
    app, client, db_session, planned
):
    colleague = api_as(app.test_client(), planned.world.colleague.email)
    before = colleague.get(f"/plan/visits/{planned.double.id}/start")
    page = colleague.get(before.location).get_data(as_text=True)
    assert 'data-planned-ready="0"' in page  # the regular observation has not started yet
    observer = api_as(client, planned.world.observer.email)
    regular = observer.post("/api/v1/observations", json=start_body(planned)).get_json()["id"]
    page = colleague.get(before.location).get_data(as_text=True)
    assert (
        'data-planned-ready="1"' in page
        and 'id="kind-double_coding" value="double_coding" checked' in page
    )
    body = start_body(
        planned, kind="double_coding", visit_id=planned.double.id, primary_observation_id=regular
    )
    assert colleague.post("/api/v1/observations", json=body).status_code == 201
    assert visit_row(db_session, planned.double).status == "started"


def test_the_director_sees_the_visits_to_their_kindergarten_with_observers(client, planned):
    login(client, planned.world.others["director"].email)
    page = client.get("/home/director").get_data(as_text=True)
    assert f'data-visit="{planned.visit.id}"' in page
    assert f'data-visit="{planned.double.id}"' in page
    assert planned.world.colleague.name in page
    assert f'data-visit="{planned.draft_visit.id}"' not in page


def calendar_link(client) -> str:
    page = client.post("/plan/calendar/link", data={"csrf_token": token_of(client)})
    assert page.status_code == 200
    return re.search(r'value="https?://[^/"]+(/plan/calendar/[^"/]+\.ics)"', page.get_data(True))[1]


def token_of(client) -> str:
    html = client.get("/plan/calendar").get_data(as_text=True)
    return re.search(r'<meta name="csrf-token" content="([^"]+)"', html)[1]


def test_the_calendar_feed_holds_the_observers_visits_as_all_day_events(
    client, db_session, planned
):
    other = planned.world.org["other_dept"]
    gone = add_visit(
        db_session,
        planned.plan,
        other,
        planned.world.observer,
        TODAY - timedelta(days=1),
        status="cancelled",
        cancel_reason="The department is closed that day.",
    )
    db_session.commit()
    login(client, planned.world.observer.email)
    link = calendar_link(client)
    client.post("/logout", data={"csrf_token": token_of(client)})
    assert client.get("/plan/calendar").status_code == 302  # signed out indeed
    response = client.get(link)  # no sign-in: the link is the key
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    events = icalendar.Calendar.from_ical(response.data).walk("VEVENT")
    by_uid = {str(e["uid"]): e for e in events}
    assert set(by_uid) == {f"visit-{planned.visit.id}@tett-paa", f"visit-{gone.id}@tett-paa"}
    event = by_uid[f"visit-{planned.visit.id}@tett-paa"]
    assert event.decoded("dtstart") == TODAY and event["status"] == "CONFIRMED"
    assert planned.world.department.name in str(event["summary"])
    assert by_uid[f"visit-{gone.id}@tett-paa"]["status"] == "CANCELLED"


def test_a_new_link_or_turning_it_off_makes_the_old_link_404(client, db_session, planned):
    login(client, planned.world.observer.email)
    first = calendar_link(client)
    second = calendar_link(client)
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200
    token = second.rsplit("/", 1)[1].removesuffix(".ics")
    stored = db_session.scalar(select(CalendarFeed.token_hash))  # only the hash is kept
    assert stored == hashlib.sha256(token.encode()).hexdigest()
    client.post("/plan/calendar/revoke", data={"csrf_token": token_of(client)})
    assert client.get(second).status_code == 404
    assert client.get("/plan/calendar/not-a-token.ics").status_code == 404


def test_calendar_posts_need_the_csrf_token(client, planned):
    login(client, planned.world.observer.email)
    assert client.post("/plan/calendar/link", data={}).status_code == 400
