"""The demo's plans (DESIGN §8): this semester's published plan holds the demo's own visits and
plans the rest; next semester's draft comes from the planner. Both keep the hard rules."""

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from tests.web import test_demo
from tests.web.test_demo import CURRENT, TODAY

# The demo loads once for this module with test_demo's module-scoped fixtures.
demo_schema, demo_load, accounts = test_demo.demo_schema, test_demo.demo_load, test_demo.accounts

NEXT = "2027V"


@pytest.fixture(scope="module")
def demo(demo_load):
    with Session(demo_load[0]) as session:
        yield session


def rows(session, sql: str, **params) -> list:
    return session.execute(text(sql), params).all()


def test_this_semester_is_published_and_the_next_is_a_draft(demo):
    plans = rows(demo, "SELECT semester, status FROM semester_plan ORDER BY id")
    assert plans == [(CURRENT, "published"), (NEXT, "draft")]


def test_every_observation_this_semester_is_a_visit_in_the_same_state(demo):
    mismatched = rows(
        demo,
        """
        SELECT o.id FROM observation o
        LEFT JOIN visit v ON v.observation_id = o.id
        WHERE o.semester = :s AND (
            v.id IS NULL OR v.department_id <> o.department_id OR v.observer_id <> o.observer_id
            OR v.planned_on <> o.observed_on OR v.kind <> o.kind
            OR v.status <> CASE o.status WHEN 'draft' THEN 'started' ELSE 'done' END)
        """,
        s=CURRENT,
    )
    assert mismatched == []


def test_every_active_department_has_one_regular_visit_and_the_rest_are_still_to_come(
    demo,
):
    counts = rows(
        demo,
        """
        SELECT d.id, count(v.id) FROM department d
        LEFT JOIN visit v ON v.department_id = d.id AND v.kind = 'regular'
            AND v.plan_id = (SELECT id FROM semester_plan WHERE semester = :s)
        WHERE d.active GROUP BY d.id
        """,
        s=CURRENT,
    )
    assert {count for _id, count in counts} == {1}
    planned = rows(demo, "SELECT planned_on FROM visit WHERE status = 'planned'")
    this_semester = [day for (day,) in planned if str(day) < "2027"]
    assert this_semester and min(str(day) for day in this_semester) > str(TODAY)


def test_a_double_coding_visit_goes_with_its_regular_visit(demo):
    broken = rows(
        demo,
        """
        SELECT v.id FROM visit v JOIN visit r ON r.id = v.regular_visit_id
        WHERE v.department_id <> r.department_id OR v.planned_on <> r.planned_on
           OR v.observer_id = r.observer_id OR v.plan_id <> r.plan_id
        """,
    )
    assert broken == []
    assert rows(demo, "SELECT count(*) FROM visit WHERE kind = 'double_coding'")[0][0] > 0


def test_every_visit_keeps_the_hard_rules(demo):
    broken = rows(
        demo,
        """
        SELECT v.id FROM visit v
        JOIN department d ON d.id = v.department_id
        JOIN "user" u ON u.id = v.observer_id
        WHERE u.home_kindergarten_id = d.kindergarten_id OR NOT EXISTS (
            SELECT 1 FROM certification c
            WHERE c.user_id = v.observer_id AND c.family = d.age_group
              AND c.certified_on <= v.planned_on AND v.planned_on < c.expires_on)
        """,
    )
    assert broken == []


def test_each_plans_window_holds_its_visits(demo):
    outside = rows(
        demo,
        """
        SELECT v.id FROM visit v JOIN semester_plan p ON p.id = v.plan_id
        WHERE v.planned_on < p.first_day OR v.planned_on > p.last_day
        """,
    )
    assert outside == []


def test_the_demo_observer_has_a_visit_to_start(demo, accounts):
    email = next(a["email"] for a in accounts if a["role"] == "observer")
    to_come = rows(
        demo,
        """
        SELECT v.planned_on FROM visit v JOIN "user" u ON u.id = v.observer_id
        JOIN semester_plan p ON p.id = v.plan_id
        WHERE u.email = :email AND v.status = 'planned' AND p.status = 'published'
        """,
        email=email,
    )
    assert to_come and all(str(day) > str(TODAY) for (day,) in to_come)
