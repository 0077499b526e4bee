"""The demo's guidance loop (DESIGN §8): a programme default, some kindergartens' own plans,
narratives in every state and the meetings that discussed them."""

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from analysis.school_year import month_of, school_year_months, school_year_of
from tests.web import test_demo
from tests.web.test_demo import TODAY

# The demo loads once for this module with test_demo's module-scoped fixtures.
demo_schema, demo_load = test_demo.demo_schema, test_demo.demo_load
THIS_MONTH = month_of(TODAY)


@pytest.fixture(scope="module")
def demo(demo_load):
    with Session(demo_load[0]) as session:
        yield session


def value(session, sql: str, **params):
    return session.execute(text(sql), params).scalar_one()


def test_the_programme_default_covers_the_school_year_and_some_kindergartens_plan_their_own(demo):
    assert value(demo, "SELECT count(*) FROM dimension_plan_default") == 11
    months = school_year_months(school_year_of(THIS_MONTH))
    own = value(demo, "SELECT count(DISTINCT kindergarten_id) FROM dimension_plan_month")
    assert 10 <= own <= 60
    rows = demo.execute(text("SELECT DISTINCT month FROM dimension_plan_month")).scalars()
    assert set(rows) == set(months)


def test_past_months_are_handed_in_and_discussed_this_month_is_under_way(demo):
    past = demo.execute(
        text(
            "SELECT count(*), count(handed_in_at), count(meeting_id), count(discussed_at)"
            " FROM practice_narrative WHERE month < :m"
        ),
        {"m": THIS_MONTH},
    ).one()
    assert past[0] > 100 and past[0] == past[1] == past[2] == past[3]
    now = demo.execute(
        text(
            "SELECT count(*), count(handed_in_at), count(meeting_id)"
            " FROM practice_narrative WHERE month = :m"
        ),
        {"m": THIS_MONTH},
    ).one()
    assert now[0] > now[1] > 0 and now[2] == 0  # some drafts; nothing discussed yet


def test_every_discussed_narrative_belongs_to_a_meeting_of_its_kind_and_month(demo):
    mismatched = value(
        demo,
        """
        SELECT count(*) FROM practice_narrative n JOIN guidance_meeting m ON m.id = n.meeting_id
        JOIN department d ON d.id = n.department_id
        WHERE m.month <> n.month OR m.kind <> n.for_meeting
           OR m.kindergarten_id <> d.kindergarten_id
           OR (m.kind = 'department_meeting' AND m.department_id <> n.department_id)
        """,
    )
    assert mismatched == 0


def test_a_few_cases_are_open_on_flagged_departments_and_one_is_closed(demo):
    from analysis.followup import follow_up
    from analysis.followup_cases import cases_of

    statuses = dict(
        demo.execute(text("SELECT status, count(*) FROM follow_up_case GROUP BY status")).all()
    )
    assert statuses == {"open": 4, "closed": 1}
    flagged = follow_up(demo)
    handled = cases_of(demo, flagged)
    assert len([case for case in handled.values() if case.status == "open"]) == 4
    goals = value(demo, "SELECT count(DISTINCT case_id) FROM follow_up_goal")
    check_ins = value(demo, "SELECT count(*) FROM follow_up_check_in")
    assert goals == 5 and check_ins >= 5
