"""A mentor on a tablet plans a kindergarten's month and records a leaders' meeting: the plan
page, the meetings list and the meeting form pass axe and fit an iPad.

Screenshots land in test-results/screenshots/guidance-*.png.
"""

import pytest
from playwright.sync_api import Page, expect

from .test_dashboard import SCREENSHOTS, no_sideways_scroll, serious_axe_findings, sign_in_as

pytestmark = pytest.mark.browser
IPAD = {"width": 810, "height": 1080}


def looks_right(page: Page, name: str) -> list[str]:
    assert no_sideways_scroll(page), name
    page.screenshot(path=str(SCREENSHOTS / f"guidance-{name}.png"), full_page=True)
    return serious_axe_findings(page)


def test_a_mentor_plans_a_month_and_records_a_leaders_meeting(page: Page, live_server):
    page.set_viewport_size(IPAD)
    sign_in_as(page, live_server, "mentor")
    findings = {"home": looks_right(page, "mentor-home")}
    page.goto(f"{live_server.url}/guidance/plan/")
    findings["plan-index"] = looks_right(page, "plan-index")
    page.locator("[data-plan-kindergartens] a").first.click()
    first_month = page.locator("tr[data-month] select").first
    first_month.select_option("PC")
    page.locator("form[data-form=plan-year] button[type=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator("tr[data-month]").first).to_have_attribute("data-own", "true")
    findings["plan-year"] = looks_right(page, "plan-year")
    page.locator(".year-nav a[href*='/guidance/meetings/']").click()
    findings["meetings"] = looks_right(page, "meetings")
    page.locator("[data-record='leaders_meeting']").click()
    findings["meeting-form"] = looks_right(page, "meeting-form")
    page.locator("#led_by").select_option(index=1)
    page.locator("#notes").fill("Vi drøftet ros og oppmuntring.")
    page.locator("form[data-form=meeting] button[type=submit]").click()
    expect(page.locator("tr[data-meeting]").first).to_be_visible()
    assert {name: found for name, found in findings.items() if found} == {}
