"""Guidance meetings: recording one, linking the narratives it discussed, who may record which
meeting, and this month's meetings done and due on the mentor's and the director's homes."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from analysis.school_year import month_of, school_year_of
from app.models import AuditEvent, GuidanceMeeting, PracticeNarrative
from tests.support.auth import csrf_token
from tests.support.guidance_world import add_narrative, make_guidance_world, sign_in_as

TODAY = date.today()
MONTH = month_of(TODAY)


@pytest.fixture
def world(db_session):
    return make_guidance_world(db_session, year=1)


@pytest.fixture
def english(client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def new_url(world, kind: str, department=None) -> str:
    url = f"/guidance/meetings/{world.kindergarten.id}/new?kind={kind}"
    return url + (f"&department_id={department.id}" if department else "")


def record(client, url: str, **fields):
    data = {"held_on": TODAY.isoformat(), "dimension": "PC", "notes": "Vi snakket om ros."}
    data.update(fields)
    return client.post(url, data={**data, "csrf_token": csrf_token(client, url)})


def narratives(db_session, world) -> dict[str, PracticeNarrative]:
    """A handed-in narrative of each kind, a draft, one of last month and one of K2."""
    p, d = world.people, world.departments
    made = {
        "leader": add_narrative(db_session, p["leader"], d["A"], "leaders_meeting", MONTH),
        "leader_b": add_narrative(db_session, p["leader_b"], d["B"], "leaders_meeting", MONTH),
        "staff": add_narrative(db_session, p["staff"], d["A"], "department_meeting", MONTH),
        "draft": add_narrative(
            db_session, p["leader"], d["A"], "leaders_meeting", "2019-09", handed_in_at=None
        ),
        "elsewhere": add_narrative(db_session, p["director2"], d["C"], "leaders_meeting", MONTH),
    }
    db_session.commit()
    return made


def test_a_director_records_a_leaders_meeting_that_discussed_the_leaders_narratives(
    client, db_session, world
):
    made = narratives(db_session, world)
    director = world.people["director"]
    sign_in_as(client, director.email)
    url = new_url(world, "leaders_meeting")
    form = client.get(url).get_data(as_text=True)
    offered = {int(c.split('"')[0]) for c in form.split('name="narratives" value="')[1:]}
    assert offered == {made["leader"].id, made["leader_b"].id}  # not staff, drafts or K2's
    response = record(
        client,
        url,
        led_by=str(director.id),
        narratives=[str(made["leader"].id)],
    )
    assert response.status_code == 302
    assert response.location.endswith(
        f"/guidance/meetings/{world.kindergarten.id}/{school_year_of(MONTH)}"
    )
    db_session.expire_all()
    meeting = db_session.scalar(select(GuidanceMeeting))
    assert (meeting.kind, meeting.month, meeting.led_by_id, meeting.recorded_by_id) == (
        "leaders_meeting",
        MONTH,
        director.id,
        director.id,
    )
    linked = db_session.get(PracticeNarrative, made["leader"].id)
    assert linked.meeting_id == meeting.id and linked.discussed_by_id == director.id
    assert linked.discussed_at is not None
    unlinked = db_session.get(PracticeNarrative, made["leader_b"].id)
    assert unlinked.meeting_id is None and unlinked.discussed_at is None
    audited = {
        (e.entity, e.field)
        for e in db_session.scalars(select(AuditEvent).where(AuditEvent.entity_id.is_not(None)))
    }
    assert {("guidance_meeting", "kind"), ("practice_narrative", "meeting_id")} <= audited
    assert ("practice_narrative", "discussed_at") in audited
    # The list shows it.
    listed = client.get(response.location).get_data(as_text=True)
    assert f'data-meeting="{meeting.id}"' in listed


def test_a_narrative_discussed_before_keeps_its_first_discussion(client, db_session, world):
    made = narratives(db_session, world)
    earlier = datetime(2020, 1, 1, tzinfo=UTC)
    made["leader"].discussed_at, made["leader"].discussed_by_id = (
        earlier,
        world.people["mentor"].id,
    )
    db_session.commit()
    sign_in_as(client, world.people["director"].email)
    record(
        client,
        new_url(world, "leaders_meeting"),
        led_by=str(world.people["director"].id),
        narratives=[str(made["leader"].id)],
    )
    db_session.expire_all()
    narrative = db_session.get(PracticeNarrative, made["leader"].id)
    assert narrative.meeting_id is not None
    assert narrative.discussed_by_id == world.people["mentor"].id
    assert narrative.discussed_at.replace(tzinfo=UTC) == earlier


def test_a_pedagogical_leader_records_their_departments_meeting_with_the_staff_narratives(
    client, db_session, world
):
    made = narratives(db_session, world)
    leader, a = world.people["leader"], world.departments["A"]
    sign_in_as(client, leader.email)
    url = new_url(world, "department_meeting", a)
    page = client.get(url).get_data(as_text=True)
    offered = {int(c.split('"')[0]) for c in page.split('name="narratives" value="')[1:]}
    assert offered == {made["staff"].id}
    assert f'<option selected value="{leader.id}">' in page  # led by themselves, by default
    response = record(client, url, led_by=str(leader.id), narratives=[str(made["staff"].id)])
    assert response.status_code == 302
    db_session.expire_all()
    meeting = db_session.scalar(select(GuidanceMeeting))
    assert (meeting.kind, meeting.department_id) == ("department_meeting", a.id)
    assert db_session.get(PracticeNarrative, made["staff"].id).meeting_id == meeting.id
    # They can open and change it; a linked narrative stays linked when saved again.
    edit = f"/guidance/meeting/{meeting.id}"
    assert client.get(edit).status_code == 200
    record(client, edit, led_by=str(leader.id), notes="Endret.", narratives=[])
    db_session.expire_all()
    assert db_session.get(GuidanceMeeting, meeting.id).notes == "Endret."
    assert db_session.get(PracticeNarrative, made["staff"].id).meeting_id is None


@pytest.mark.parametrize(
    ("person", "kind", "department", "expected"),
    [
        ("leader", "department_meeting", "A", 200),
        ("leader", "department_meeting", "B", 403),
        ("leader", "leaders_meeting", None, 403),
        ("leader", "director_meeting", None, 403),
        ("leader_b", "department_meeting", "B", 200),
        ("director", "leaders_meeting", None, 200),
        ("director", "department_meeting", "B", 200),
        ("mentor", "director_meeting", None, 200),
        ("mentor", "network_meeting", None, 200),
        ("mentor2", "leaders_meeting", None, 403),
        ("director2", "leaders_meeting", None, 403),
        ("staff", "department_meeting", "A", 403),
        ("observer", "leaders_meeting", None, 403),
        ("project_lead", "leaders_meeting", None, 200),
    ],
)
def test_who_may_record_which_meeting(
    client, db_session, world, person, kind, department, expected
):
    sign_in_as(client, world.people[person].email)
    url = new_url(world, kind, world.departments[department] if department else None)
    assert client.get(url).status_code == expected
    leader_id = world.people["director"].id
    response = record(client, url, led_by=str(leader_id))
    if expected == 403:
        assert response.status_code == 403
        assert db_session.scalar(select(GuidanceMeeting.id)) is None


def test_an_unknown_kind_or_a_department_of_another_kindergarten_is_404(client, world):
    sign_in_as(client, world.people["project_lead"].email)
    assert client.get(new_url(world, "tea_party")).status_code == 404
    other = world.departments["C"]
    assert client.get(new_url(world, "department_meeting", other)).status_code == 404
    assert client.get("/guidance/meeting/999999").status_code == 404


def test_bad_input_is_refused_with_a_message_and_nothing_is_saved(english, db_session, world):
    made = narratives(db_session, world)
    sign_in_as(english, world.people["director"].email)
    url = new_url(world, "leaders_meeting")
    director = str(world.people["director"].id)
    cases = [
        ({"held_on": "31.02.2027", "led_by": director}, "Write the date as dd.mm.yyyy"),
        ({"led_by": str(world.people["staff"].id)}, "Choose who led the meeting from the list."),
        ({"led_by": director, "dimension": "XX"}, "Choose a dimension from the list."),
        ({"led_by": director, "notes": "x" * 2001}, "Write at most 2000 characters."),
        ({"led_by": director, "narratives": [str(made["staff"].id)]}, "Choose the narratives"),
        ({"led_by": director, "narratives": ["abc"]}, "Choose the narratives"),
    ]
    for fields, message in cases:
        response = record(english, url, **fields)
        assert response.status_code == 400, fields
        assert message in response.get_data(as_text=True), fields
    db_session.expire_all()
    assert db_session.scalar(select(GuidanceMeeting.id)) is None
    assert (
        db_session.scalar(select(AuditEvent.id).where(AuditEvent.entity == "guidance_meeting"))
        is None
    )
    assert all(n.meeting_id is None for n in db_session.scalars(select(PracticeNarrative)))


def meeting_states(html: str, kindergarten_id: int) -> dict[str, str]:
    """kind(-department) -> done / due / not-due in a kindergarten's row of the meetings card."""
    card = html.split('id="month-meetings-heading"')[1]  # the home's other tables have rows too
    row = card.split(f'<tr data-kindergarten="{kindergarten_id}"')[1].split("</tr>")[0]
    states = {}
    for chunk in row.split('data-meeting-kind="')[1:]:
        kind = chunk.split('"')[0]
        if 'data-department="' in chunk.split(">")[0]:
            kind += "-" + chunk.split('data-department="')[1].split('"')[0]
        states[kind] = chunk.split('data-meeting-status="')[1].split('"')[0]
    return states


def add_meeting(db_session, world, kind, led_by, department=None):
    db_session.add(
        GuidanceMeeting(
            kindergarten_id=world.kindergarten.id,
            department_id=department.id if department else None,
            kind=kind,
            held_on=TODAY,
            led_by_id=led_by.id,
            month=MONTH,
            dimension_code="PC",
            recorded_by_id=led_by.id,
        )
    )
    db_session.commit()


def test_in_year_one_the_mentors_home_shows_the_months_meetings_done_and_due(
    client, db_session, world
):
    sign_in_as(client, world.people["mentor"].email)
    page = client.get("/home/mentor").get_data(as_text=True)
    assert meeting_states(page, world.kindergarten.id) == {
        "leaders_meeting": "due",
        "director_meeting": "due",
    }
    assert f'<tr data-kindergarten="{world.other.id}"' not in page  # another mentor's
    add_meeting(db_session, world, "leaders_meeting", world.people["mentor"])
    page = client.get("/home/mentor").get_data(as_text=True)
    assert meeting_states(page, world.kindergarten.id) == {
        "leaders_meeting": "done",
        "director_meeting": "due",
    }
    # The director's home shows no due meetings in year 1: the mentor carries them.
    sign_in_as(client, world.people["director"].email)
    assert "data-month-meetings" not in client.get("/home/director").get_data(as_text=True)


def test_from_year_two_the_director_carries_the_months_meetings(client, db_session):
    world = make_guidance_world(db_session, year=2)
    sign_in_as(client, world.people["mentor"].email)
    page = client.get("/home/mentor").get_data(as_text=True)
    # From year 2 the mentor guides the directors in the network each month.
    assert meeting_states(page, world.kindergarten.id) == {"network_meeting": "due"}
    add_meeting(db_session, world, "network_meeting", world.people["mentor"])
    page = client.get("/home/mentor").get_data(as_text=True)
    assert meeting_states(page, world.kindergarten.id) == {"network_meeting": "done"}
    a, b = world.departments["A"], world.departments["B"]
    add_meeting(db_session, world, "department_meeting", world.people["leader"], a)
    sign_in_as(client, world.people["director"].email)
    page = client.get("/home/director").get_data(as_text=True)
    assert meeting_states(page, world.kindergarten.id) == {
        "leaders_meeting": "due",
        f"department_meeting-{a.id}": "done",
        f"department_meeting-{b.id}": "due",
    }


def test_everyone_in_the_kindergarten_sees_this_months_dimension_on_their_home(
    client, db_session, world
):
    from app.models import DimensionPlanMonth

    if MONTH.endswith("-07"):
        pytest.skip("July has no dimension")
    db_session.add(
        DimensionPlanMonth(kindergarten_id=world.kindergarten.id, month=MONTH, dimension_code="QF")
    )
    db_session.commit()
    for person, home in [
        ("leader", "/home/leader"),
        ("staff", "/home/staff"),
        ("director", "/home/director"),
    ]:
        sign_in_as(client, world.people[person].email)
        page = client.get(home).get_data(as_text=True)
        assert f'data-month-focus="QF" data-kindergarten="{world.kindergarten.id}"' in page, person
    # The observer works in K2, which follows no plan and no default.
    sign_in_as(client, world.people["observer"].email)
    assert "data-month-focus" not in client.get("/home/observer").get_data(as_text=True)
    sign_in_as(client, world.people["mentor"].email)
    row = client.get("/home/mentor").get_data(as_text=True)
    assert "Quality of Feedback" in row or "Kvalitet" in row
