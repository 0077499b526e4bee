"""A mentor on an iPad opens a flagged department as a follow-up case, sets a goal and logs a
check-in.

Screenshots land in test-results/screenshots/followup-*.png.
"""

import re

import pytest
from playwright.sync_api import Page
from sqlalchemy import select

from app.db import get_session
from app.models import FollowUpCase

from .test_dashboard import SCREENSHOTS, serious_axe_findings, sign_in_as

pytestmark = pytest.mark.browser
IPAD = {"width": 810, "height": 1080}
IPAD_LANDSCAPE = {"width": 1080, "height": 810}


def open_a_flag(page: Page, live_server) -> None:
    """Follow the first "Open a case" link of a flagged department without an open case."""
    page.goto(f"{live_server.url}/dashboard/follow-up")
    links = page.locator('tr:not([data-case-status="open"]) a[data-open-case="true"]')
    if links.count() == 0:
        pytest.skip("no flagged department without an open case in the mentor's networks")
    links.first.click()
    page.wait_for_url("**/follow-up/new?**")


def test_a_mentor_opens_a_case_from_a_flag_sets_a_goal_and_logs_a_check_in(page: Page, live_server):
    page.set_viewport_size(IPAD)
    sign_in_as(page, live_server, "mentor")
    open_a_flag(page, live_server)
    assert page.locator("[data-from-flag]").count() == 1
    assert page.locator("#reason").input_value().strip() != ""  # the flag's reason, filled in
    assert serious_axe_findings(page) == []
    page.screenshot(path=str(SCREENSHOTS / "followup-new-ipad.png"), full_page=True)

    page.locator('[data-form="open-case"] button[type=submit]').click()
    page.wait_for_url(re.compile(r".*/follow-up/\d+$"))
    case_id = int(page.url.rsplit("/", 1)[1])

    agreed = page.locator('[data-form="agreed"]')
    agreed.locator("#agreed_on").fill(page.evaluate("new Date().toISOString().slice(0, 10)"))
    agreed.locator("button[type=submit]").click()
    page.wait_for_url(f"**/follow-up/{case_id}")

    goal = page.locator('form[data-form="goal"]')
    goal.locator("#dimension_code").select_option(index=2)
    goal.locator("#target").fill("4,5")
    goal.locator("#actions").fill("Ekstra veiledning på avdelingen, og mentoren besøker den.")
    goal.locator("button[type=submit]").click()
    page.wait_for_url(f"**/follow-up/{case_id}")
    assert page.locator("[data-goal]").count() == 1

    check_in = page.locator('[data-form="check-in"]')
    check_in.locator("#note").fill("Første besøk: vi så på samlingsstunden sammen.")
    check_in.locator("button[type=submit]").click()
    page.wait_for_url(f"**/follow-up/{case_id}")
    assert page.locator("[data-check-in]").count() == 1
    assert page.locator('[role="status"]').count() >= 1  # "The check-in is logged."

    assert serious_axe_findings(page) == []
    page.screenshot(path=str(SCREENSHOTS / "followup-case-ipad.png"), full_page=True)
    page.set_viewport_size(IPAD_LANDSCAPE)
    page.screenshot(path=str(SCREENSHOTS / "followup-case-ipad-landscape.png"), full_page=True)

    page.goto(f"{live_server.url}/home/mentor")
    page.locator("[data-home-cases] a").click()
    page.wait_for_url("**/follow-up/?status=open")
    assert page.locator(f'[data-case="{case_id}"]').count() == 1
    assert serious_axe_findings(page) == []
    page.screenshot(path=str(SCREENSHOTS / "followup-list-ipad.png"), full_page=True)

    with live_server.app.app_context():
        case = get_session().scalar(select(FollowUpCase).where(FollowUpCase.id == case_id))
        assert case.flag_rule is not None and case.agreed_with_director_on is not None
        assert [g.target for g in case.goals] == [4.5]
        assert len(case.check_ins) == 1
