"""Reminders (issue 18 §3): every kind mailed once to the right person in their language
through a local SMTP sink, nothing twice, a kind turned off is not sent, the home page's to-do
list, and the preferences page /account/reminders."""

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from analysis.schema import reminder_preference, reminder_sent
from app.models import AuditEvent, Certification, Feedback, GuidanceMeeting, User
from app.reminders.due import due_items
from app.reminders.items import describe
from app.reminders.sending import send_due
from tests.support.analysis_data import scored_observation
from tests.support.auth import csrf_token, login
from tests.support.case_world import ES_LOW, make_followup_world
from tests.support.factories import make_observation, make_user
from tests.support.mail_app import mail_test_app
from tests.support.narrative_world import add_narrative
from tests.support.visits import add_plan, add_visit

# The routes of this file, for the role × route matrix (tests/web/test_permissions.py).
REMINDER_GETS = {"/account/reminders"}  # any signed-in user (GET and POST); anonymous → login

TODAY = date.today()
PAGE = "/account/reminders"
DRIFT = {"PC": [7, 7, 7], "NC": [7, 7, 7], "TS": [7, 7, 7], "RSP": [7, 7, 7]}


@pytest.fixture
def app(database_url, tmp_path, sink):
    with mail_test_app(database_url, tmp_path, sink) as app:
        yield app


def _cert(session, user, family, expires_on):
    session.add(Certification(user=user, family=family, expires_on=expires_on,
                              certified_on=expires_on - timedelta(days=365)))  # fmt: skip


def _meeting(session, kind, kindergarten, led_by, department=None):
    """This month's meeting, recorded for five days from now: the narrative is due in -2."""
    session.add(GuidanceMeeting(kind=kind, kindergarten=kindergarten, department=department,
                                held_on=TODAY + timedelta(days=5), month=TODAY.strftime("%Y-%m"),
                                dimension_code="PC", led_by_id=led_by.id,
                                recorded_by_id=led_by.id))  # fmt: skip


def _observer_side(session, w, people):
    """Certifications and visits: the observer (nn) gets every observer kind."""
    obs, obs2 = w.observer, people["obs2"]
    _cert(session, obs, "toddler", TODAY + timedelta(days=50))
    _cert(session, obs, "preschool", TODAY + timedelta(days=10))
    _cert(session, people["obs3"], "toddler", TODAY + timedelta(days=40))
    _cert(session, people["lapsed"], "preschool", TODAY - timedelta(days=30))
    plan = add_plan(session, "2026V" if TODAY.month < 7 else "2026H")
    regular = add_visit(session, plan, w.blaaklokka, obs2, TODAY + timedelta(days=10))
    add_visit(session, plan, w.blaaklokka, obs, TODAY + timedelta(days=10),
              kind="double_coding", regular_visit=regular)  # fmt: skip
    add_visit(session, plan, w.maurtua, obs, TODAY + timedelta(days=2))
    add_visit(session, plan, w.solsikke, obs, TODAY - timedelta(days=3))


def _guidance_side(session, w, people):
    """A released report for Blåklokka, narratives handed in and due, a flag, a drift."""
    home = w.org["home"]
    at = datetime.now(UTC) - timedelta(days=1)
    report = make_observation(session, w.blaaklokka, w.observer, status="released",
                              submitted_at=at, released_at=at)  # fmt: skip
    growth = [{"dimension": "QF", "text": "Ja."}]
    session.add(Feedback(observation_id=report.id, strengths="Varme.", meeting_held_at=at,
                         released_at=at, growth_areas=growth))  # fmt: skip
    _meeting(session, "leaders_meeting", home, w.home_director)
    _meeting(session, "department_meeting", home, people["LA"], w.blaaklokka)
    flagged = scored_observation(session, w.maurtua, w.observer, ES_LOW, semester="2026V",
                                 status="released")  # fmt: skip
    scored_observation(session, w.maurtua, people["obs2"], DRIFT, semester="2026V",
                       status="submitted", kind="double_coding", primary=flagged)  # fmt: skip
    session.commit()
    add_narrative(session, people["LB"], w.blaaklokka, "leaders_meeting")
    add_narrative(session, people["SA2"], w.blaaklokka, "department_meeting")


@pytest.fixture
def world(db_session):
    w = make_followup_world(db_session)
    w.observer.locale = "nn"
    w.lead.locale = "en"
    people = {
        "obs2": make_user(db_session, "obs2@example.no", "observer", name="Dag Drift"),
        "obs3": make_user(db_session, "obs3@example.no", "observer", name="Berit Bokmål"),
        "lapsed": make_user(db_session, "old@example.no", "observer", name="Otto Utløpt"),
    }
    for key, role in (("LA", "pedagogical_leader"), ("LB", "pedagogical_leader"),
                      ("SA", "staff"), ("SA2", "staff")):  # fmt: skip
        people[key] = make_user(db_session, f"{key.lower()}@example.no", role, name=f"Person {key}")
        people[key].departments.append(w.blaaklokka)
    _observer_side(db_session, w, people)
    _guidance_side(db_session, w, people)
    w.extra = people
    return w


def expected(w) -> dict[str, set[str]]:
    p = w.extra
    due = set() if TODAY.month == 7 else {"narrative_due"}  # July has no meetings
    return {
        w.observer.email: {"certification_expiring_60", "certification_expiring_14",
                           "visit_soon", "visit_overdue", "double_coding_assigned"},
        p["obs3"].email: {"certification_expiring_60"},
        p["LA"].email: {"report_released", "narratives_handed_in"} | due,
        p["LB"].email: {"report_released", "narratives_handed_in"},
        p["SA"].email: {"report_released"} | due,
        p["SA2"].email: {"report_released"},
        w.home_director.email: {"narratives_handed_in"},
        w.director.email: {"department_flagged"},
        w.mentor.email: {"department_flagged"},
        # Dag Drift has one double-coded visit: "too few to judge", so no drift reminder (§5).
        w.lead.email: {"certification_lapsed"},
    }  # fmt: skip


def sent_kinds(session) -> dict[str, set[str]]:
    rows = session.execute(
        select(User.email, reminder_sent.c.kind).join(User, User.id == reminder_sent.c.user_id)
    )
    kinds = defaultdict(set)
    for email, kind in rows:
        kinds[email].add(kind)
    return dict(kinds)


def run_send(app) -> str:
    result = app.test_cli_runner().invoke(args=["reminders", "send"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def body(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def test_every_kind_is_sent_once_to_the_right_person(app, db_session, sink, world):
    output = run_send(app)
    assert sent_kinds(db_session) == expected(world)
    assert sorted(m["To"] for m in sink.messages) == sorted(expected(world))
    assert "Sent" in output and "certification_lapsed" in output
    sink.clear()
    assert "Sent 0 reminder(s)" in run_send(app)
    assert sink.messages == []


def test_each_mail_is_in_the_persons_language(app, db_session, sink, world):
    run_send(app)
    mails = {m["To"]: body(m) for m in sink.messages}
    assert "Småborn (1–3 år)" in mails[world.observer.email]  # nn
    assert "Småbarn (1–3 år)" in mails[world.extra["obs3"].email]  # nb, the default
    assert "Hello Per Prosjekt," in mails[world.lead.email]  # en
    assert "lapsed on" in mails[world.lead.email]
    # Every item's line, as the recipient's language renders it, is in their mail.
    with app.test_request_context():
        for item in due_items(db_session, TODAY):
            user = db_session.get(User, item.user_id)
            if user.email in mails:
                with force_locale(user.locale or "nb"):
                    assert describe(item) in mails[user.email], item


def test_a_failed_send_is_tried_again(app, db_session, sink, world, monkeypatch):
    monkeypatch.setattr("app.reminders.sending.mail.send", lambda *args: False)
    with app.test_request_context():
        assert send_due(db_session, TODAY) == {}
    assert sent_kinds(db_session) == {}
    monkeypatch.undo()
    run_send(app)
    assert sent_kinds(db_session) == expected(world)


def test_a_turned_off_kind_is_not_sent(app, client, db_session, sink, world):
    login(client, world.observer.email)
    kept = ["certification_expiring_60", "certification_expiring_14", "visit_overdue",
            "double_coding_assigned"]  # fmt: skip
    answer = client.post(PAGE, data={"kind": kept, "csrf_token": csrf_token(client, PAGE)})
    assert answer.status_code == 302
    run_send(app)
    assert sent_kinds(db_session)[world.observer.email] == set(kept)
    events = db_session.scalars(
        select(AuditEvent).where(AuditEvent.entity == "reminder_preference")
    ).all()
    assert [(e.field, e.old_value, e.new_value) for e in events] == [
        ("visit_soon", "True", "False")
    ]
    # Turned on again: the next run sends it (it was never sent).
    sink.clear()
    client.post(PAGE, data={"kind": [*kept, "visit_soon"], "csrf_token": csrf_token(client, PAGE)})
    run_send(app)
    assert [m["To"] for m in sink.messages] == [world.observer.email]


def test_the_preferences_page_lists_the_persons_kinds(client, world):
    login(client, world.lead.email)
    page = client.get(PAGE).get_data(as_text=True)
    assert 'value="agreement_drift" checked' in page
    assert "visit_soon" not in page
    assert "/account/reminders" in client.get("/", follow_redirects=True).get_data(
        as_text=True
    )  # the header link


@pytest.mark.parametrize("kinds", [["visit_soon"], ["no_such_kind"]])
def test_a_kind_not_of_ones_roles_is_refused_and_nothing_changes(client, db_session, world, kinds):
    login(client, world.lead.email)
    answer = client.post(PAGE, data={"kind": kinds, "csrf_token": csrf_token(client, PAGE)})
    assert answer.status_code == 400
    assert "Nothing was changed" in answer.get_data(as_text=True)
    assert db_session.execute(select(reminder_preference)).all() == []


def test_the_preferences_page_needs_a_sign_in_and_csrf(client, db_session, world):
    assert client.get(PAGE).status_code == 302
    login(client, world.lead.email)
    assert client.post(PAGE, data={"kind": []}).status_code == 400
    assert db_session.execute(select(reminder_preference)).all() == []


@pytest.mark.parametrize(
    "who, kind",
    [
        ("observer", "visit_overdue"),
        ("LA", "report_released"),
        ("home_director", "narratives_handed_in"),
        ("director", "department_flagged"),
        ("lead", "certification_lapsed"),
    ],
)
def test_the_home_page_lists_what_is_due(client, world, who, kind):
    person = world.extra.get(who) or getattr(world, who)
    login(client, person.email)
    page = client.get("/", follow_redirects=True).get_data(as_text=True)
    assert "data-todo" in page
    assert f'data-reminder-kind="{kind}"' in page


def test_nothing_due_shows_no_to_do_list(client, db_session):
    make_user(db_session, "quiet@example.no", "observer")
    db_session.commit()
    login(client, "quiet@example.no")
    assert "data-todo" not in client.get("/", follow_redirects=True).get_data(as_text=True)
