"""The monthly dimension plan: the programme default, a kindergarten's own months, the report's
one-tap take-over, and who may change which kindergarten's plan."""

from datetime import date

import pytest
from sqlalchemy import select

from analysis.school_year import month_of, school_year_months, school_year_of
from app.guidance.plans import months_ahead
from app.models import AuditEvent, DimensionPlanDefault, DimensionPlanMonth
from tests.support.auth import csrf_token
from tests.support.guidance_world import make_guidance_world, sign_in_as

YEAR = 2026
MONTHS = school_year_months(YEAR)


@pytest.fixture
def world(db_session):
    return make_guidance_world(db_session)


@pytest.fixture
def english(client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def plan_url(world, year=YEAR, kindergarten=None):
    return f"/guidance/plan/{(kindergarten or world.kindergarten).id}/{year}"


def months_on_page(html: str) -> dict[str, tuple[str, str]]:
    """month -> (data-dimension, data-own) of the plan table's rows."""
    rows = {}
    for chunk in html.split('<tr data-month="')[1:]:
        month = chunk[:7]
        dimension = chunk.split('data-dimension="')[1].split('"')[0]
        own = chunk.split('data-own="')[1].split('"')[0]
        rows[month] = (dimension, own)
    return rows


def set_default(db_session, mapping: dict[int, str]) -> None:
    db_session.add_all(
        DimensionPlanDefault(month_number=n, dimension_code=c) for n, c in mapping.items()
    )
    db_session.commit()


def post_plan(client, world, choices: dict[str, str], year=YEAR):
    token = csrf_token(client, plan_url(world, year))
    data = {f"month-{month}": "" for month in school_year_months(year)}
    data.update({f"month-{month}": code for month, code in choices.items()})
    return client.post(plan_url(world, year), data={**data, "csrf_token": token})


def test_the_programme_default_fills_a_new_year(client, db_session, world):
    set_default(db_session, {8: "PC", 9: "NC", 1: "QF"})
    sign_in_as(client, world.people["director"].email)
    rows = months_on_page(client.get(plan_url(world)).get_data(as_text=True))
    assert list(rows) == MONTHS
    assert rows["2026-08"] == ("PC", "false")
    assert rows["2026-09"] == ("NC", "false")
    assert rows["2027-01"] == ("QF", "false")
    assert rows["2026-10"] == ("", "false")  # no default, no own choice


def test_the_kindergartens_own_months_override_the_default(client, db_session, world):
    set_default(db_session, {8: "PC", 9: "NC"})
    db_session.add(
        DimensionPlanMonth(
            kindergarten_id=world.kindergarten.id, month="2026-09", dimension_code="BG"
        )
    )
    db_session.commit()
    sign_in_as(client, world.people["mentor"].email)
    rows = months_on_page(client.get(plan_url(world)).get_data(as_text=True))
    assert rows["2026-08"] == ("PC", "false")
    assert rows["2026-09"] == ("BG", "true")
    # The other kindergarten still follows the default.
    sign_in_as(client, world.people["project_lead"].email)
    other = months_on_page(
        client.get(plan_url(world, kindergarten=world.other)).get_data(as_text=True)
    )
    assert other["2026-09"] == ("NC", "false")


def own_rows(db_session, world) -> dict[str, str]:
    db_session.expire_all()
    rows = db_session.execute(
        select(DimensionPlanMonth.month, DimensionPlanMonth.dimension_code).where(
            DimensionPlanMonth.kindergarten_id == world.kindergarten.id
        )
    )
    return dict(rows.all())


def plan_audit(db_session) -> list[tuple]:
    events = db_session.scalars(
        select(AuditEvent)
        .where(AuditEvent.entity == "dimension_plan_month")
        .order_by(AuditEvent.id)
    )
    return [(e.action, e.entity_id, e.old_value, e.new_value, e.user_id) for e in events]


def test_editing_the_plan_saves_own_months_and_audits_each_change(client, db_session, world):
    set_default(db_session, {8: "PC"})
    director = world.people["director"]
    sign_in_as(client, director.email)
    response = post_plan(client, world, {"2026-08": "NC", "2026-11": "TS"})
    assert response.status_code == 302
    assert own_rows(db_session, world) == {"2026-08": "NC", "2026-11": "TS"}
    kg = world.kindergarten.id
    assert plan_audit(db_session) == [
        ("create", f"{kg}/2026-08", None, "NC", director.id),
        ("create", f"{kg}/2026-11", None, "TS", director.id),
    ]
    # Change one, give one back to the programme default: two more audit rows.
    post_plan(client, world, {"2026-08": "BG"})
    assert own_rows(db_session, world) == {"2026-08": "BG"}
    assert plan_audit(db_session)[2:] == [
        ("update", f"{kg}/2026-08", "NC", "BG", director.id),
        ("delete", f"{kg}/2026-11", "TS", None, director.id),
    ]
    # Saving the same plan again changes nothing.
    post_plan(client, world, {"2026-08": "BG"})
    assert len(plan_audit(db_session)) == 4


def test_an_unknown_dimension_is_refused_with_a_message_and_nothing_changes(
    english, db_session, world
):
    sign_in_as(english, world.people["mentor"].email)
    response = post_plan(english, world, {"2026-08": "NC", "2026-09": "XX"})
    assert response.status_code == 400
    assert "Choose a dimension from the list." in response.get_data(as_text=True)
    assert own_rows(db_session, world) == {}
    assert plan_audit(db_session) == []


def test_a_july_or_malformed_month_is_refused(english, db_session, world):
    sign_in_as(english, world.people["mentor"].email)
    token = csrf_token(english, plan_url(world))
    # Only the eleven months of the page are read: a July field is ignored.
    response = english.post(plan_url(world), data={"month-2027-07": "PC", "csrf_token": token})
    assert response.status_code == 302
    assert own_rows(db_session, world) == {}
    assert english.get("/guidance/plan/1/1999").status_code == 404
    assert english.get(f"/guidance/plan/{world.kindergarten.id}/abc").status_code == 404
    assert english.get("/guidance/plan/999999/2026").status_code == 404


def test_the_project_lead_sets_the_programme_default_and_it_is_audited(english, db_session, world):
    lead = world.people["project_lead"]
    sign_in_as(english, lead.email)
    token = csrf_token(english, "/guidance/plan/default")
    response = english.post(
        "/guidance/plan/default", data={"month-8": "PC", "month-6": "LM", "csrf_token": token}
    )
    assert response.status_code == 302
    db_session.expire_all()
    rows = dict(
        db_session.execute(
            select(DimensionPlanDefault.month_number, DimensionPlanDefault.dimension_code)
        ).all()
    )
    assert rows == {8: "PC", 6: "LM"}
    events = db_session.scalars(
        select(AuditEvent).where(AuditEvent.entity == "dimension_plan_default")
    )
    assert sorted((e.entity_id, e.new_value, e.user_id) for e in events) == [
        ("6", "LM", lead.id),
        ("8", "PC", lead.id),
    ]
    bad = english.post("/guidance/plan/default", data={"month-8": "NOPE", "csrf_token": token})
    assert bad.status_code == 400 and "Choose a dimension from the list." in bad.get_data(
        as_text=True
    )
    # A new school year's plan shows the default.
    sign_in_as(english, world.people["director"].email)
    rows = months_on_page(english.get(plan_url(world, 2031)).get_data(as_text=True))
    assert rows["2031-08"] == ("PC", "false") and rows["2032-06"] == ("LM", "false")


def test_the_plan_pages_navigate_between_school_years(client, world):
    sign_in_as(client, world.people["director"].email)
    page = client.get(plan_url(world)).get_data(as_text=True)
    assert (
        f'href="{plan_url(world, YEAR - 1)}"' in page
        and f'href="{plan_url(world, YEAR + 1)}"' in page
    )


@pytest.mark.parametrize(
    ("person", "own", "other"),
    [
        ("director", 200, 403),
        ("mentor", 200, 403),
        ("project_lead", 200, 200),
        ("director2", 403, 200),
        ("mentor2", 403, 200),
        ("leader", 403, 403),
        ("staff", 403, 403),
        ("observer", 403, 403),
    ],
)
def test_who_may_edit_which_kindergartens_plan(client, db_session, world, person, own, other):
    sign_in_as(client, world.people[person].email)
    assert client.get(plan_url(world)).status_code == own
    assert client.get(plan_url(world, kindergarten=world.other)).status_code == other
    response = post_plan(client, world, {"2026-08": "PC"})
    assert response.status_code == (302 if own == 200 else 403)
    assert own_rows(db_session, world) == ({"2026-08": "PC"} if own == 200 else {})


def test_the_plan_list_shows_the_kindergartens_the_user_may_plan(client, world):
    expected = {
        "mentor": {world.kindergarten.id},
        "director": {world.kindergarten.id},
        "project_lead": {world.kindergarten.id, world.other.id},
    }
    for person, ids in expected.items():
        sign_in_as(client, world.people[person].email)
        page = client.get("/guidance/plan/").get_data(as_text=True)
        shown = {int(chunk.split('"')[0]) for chunk in page.split('data-kindergarten="')[1:]}
        assert shown == ids, person


def report_url(world) -> str:
    return f"/reports/{world.report.id}"


def take_over(client, world, month: str):
    token = csrf_token(client, report_url(world))
    url = f"/guidance/plan/from-report/{world.report.id}"
    return client.post(url, data={"month": month, "csrf_token": token})


def test_the_reports_next_dimension_goes_into_the_plan_with_one_tap(english, db_session, world):
    next_month = months_ahead(month_of(date.today()))[0]
    sign_in_as(english, world.people["mentor"].email)
    page = english.get(report_url(world)).get_data(as_text=True)
    assert "data-take-into-plan" in page
    assert f'<option value="{next_month}">' in page.split("data-take-into-plan")[1]
    response = take_over(english, world, next_month)
    assert response.status_code == 302 and response.location.endswith(report_url(world))
    assert own_rows(db_session, world) == {next_month: "QF"}
    message = english.get(response.location).get_data(as_text=True)
    assert "Quality of Feedback is the dimension of" in message
    assert plan_audit(db_session)[-1][0] == "create"
    # The plan shows it as the kindergarten's own choice.
    year = school_year_of(next_month)
    assert months_on_page(english.get(plan_url(world, year)).get_data(as_text=True))[
        next_month
    ] == ("QF", "true")


def test_a_month_outside_the_coming_months_is_refused(english, db_session, world):
    sign_in_as(english, world.people["director"].email)
    response = take_over(english, world, "2019-09")
    assert response.status_code == 302
    assert "Choose one of the coming months" in english.get(response.location).get_data(
        as_text=True
    )
    assert own_rows(db_session, world) == {}


@pytest.mark.parametrize("person", ["leader", "staff"])
def test_readers_who_may_not_plan_see_no_take_over_and_cannot_post_it(
    client, db_session, world, person
):
    sign_in_as(client, world.people[person].email)
    page = client.get(report_url(world))
    assert page.status_code == 200 and "data-take-into-plan" not in page.get_data(as_text=True)
    assert take_over(client, world, months_ahead(month_of(date.today()))[0]).status_code == 403
    assert own_rows(db_session, world) == {}


def test_the_other_kindergartens_mentor_cannot_take_over_a_report_they_cannot_read(client, world):
    sign_in_as(client, world.people["mentor2"].email)
    assert take_over(client, world, months_ahead(month_of(date.today()))[0]).status_code == 404
