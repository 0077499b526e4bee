"""An observer starts a planned visit from My visits on an iPad; the director sees the visits.

Screenshots land in test-results/screenshots/plan-*.png.
"""

import re
from datetime import date

import pytest
from playwright.sync_api import Page
from sqlalchemy import select

from app.db import get_session
from app.demo import DEMO_PASSWORD
from app.models import Department, SemesterPlan, User, Visit

from .test_dashboard import SCREENSHOTS, serious_axe_findings, sign_in_as

pytestmark = pytest.mark.browser
IPAD = {"width": 810, "height": 1080}


def planned_visit(live_server) -> tuple[str, Visit, str]:
    """An observer's regular visit still to come, the observer's e-mail and the instrument."""
    with live_server.app.app_context():
        found = (
            get_session()
            .execute(
                select(User.email, Visit, Department.age_group)
                .join(Visit, Visit.observer_id == User.id)
                .join(SemesterPlan, SemesterPlan.id == Visit.plan_id)
                .join(Department, Department.id == Visit.department_id)
                .where(
                    SemesterPlan.status == "published",
                    Visit.status == "planned",
                    Visit.kind == "regular",
                    Visit.planned_on >= date.today(),
                )
                .order_by(Visit.planned_on, Visit.id)
                .limit(1)
            )
            .first()
        )
    if found is None:
        pytest.skip("the semester has no visits left to plan today")
    email, visit, age_group = found
    return email, visit, {"toddler": "class-toddler", "preschool": "class-prek"}[age_group]


def sign_in(page: Page, live_server, email: str) -> None:
    page.goto(f"{live_server.url}/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(DEMO_PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/home/**")


def test_the_observer_starts_a_planned_visit_with_everything_filled_in(page: Page, live_server):
    email, visit, instrument = planned_visit(live_server)
    page.set_viewport_size(IPAD)
    sign_in(page, live_server, email)
    page.goto(f"{live_server.url}/home/observer")
    card = page.locator(f'[data-upcoming-visits] [data-visit="{visit.id}"]')
    assert card.get_attribute("data-visit-status") == "planned"
    assert serious_axe_findings(page) == []
    page.screenshot(path=str(SCREENSHOTS / "plan-my-visits-ipad.png"), full_page=True)

    card.locator("[data-start-visit]").click()
    page.wait_for_url("**/observe/new?**")
    chosen = page.locator('input[name="department"]:checked')
    assert chosen.get_attribute("value") == str(visit.department_id)
    option = page.locator("[data-department-option]").filter(has=chosen)
    assert option.get_attribute("data-instrument-id") == instrument
    assert page.locator('input[name="kind"]:checked').get_attribute("value") == "regular"
    assert page.locator('input[name="observed_on"]').get_attribute("value") == str(visit.planned_on)
    assert page.locator("[data-planned-visit]").get_attribute("data-planned-ready") == "1"
    assert serious_axe_findings(page) == []
    page.screenshot(path=str(SCREENSHOTS / "plan-start-prefilled-ipad.png"), full_page=True)

    page.locator("#start-form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/observe/[0-9a-f-]{36}$"))
    with live_server.app.app_context():
        started = get_session().get(Visit, visit.id)
        assert started.status == "started"
        assert page.url.endswith(str(started.observation_id))


def test_the_observer_makes_a_calendar_link(page: Page, live_server):
    email, _visit, _instrument = planned_visit(live_server)
    page.set_viewport_size(IPAD)
    sign_in(page, live_server, email)
    page.goto(f"{live_server.url}/plan/calendar")
    page.locator("[data-renew-calendar]").click()
    link = page.locator("[data-calendar-url]").input_value()
    assert link.endswith(".ics")
    assert serious_axe_findings(page) == []
    page.screenshot(path=str(SCREENSHOTS / "plan-calendar-ipad.png"), full_page=True)
    assert page.request.get(link).headers["content-type"].startswith("text/calendar")


def test_the_director_sees_the_visits_planned_in_their_kindergarten(page: Page, live_server):
    page.set_viewport_size(IPAD)
    sign_in_as(page, live_server, "director")
    assert page.locator("[data-kindergarten-visits] [data-visit]").count() > 0
    assert serious_axe_findings(page) == []
    page.screenshot(path=str(SCREENSHOTS / "plan-director-ipad.png"), full_page=True)
