"""The director adds a staff member to one of their departments on an iPad.

Screenshots land in test-results/screenshots/admin-people-*.png.
"""

import pytest
from playwright.sync_api import Page

from .test_dashboard import SCREENSHOTS, serious_axe_findings, sign_in_as

pytestmark = pytest.mark.browser
IPAD = {"width": 810, "height": 1080}


def test_the_director_adds_a_staff_member_to_a_department(page: Page, live_server):
    page.set_viewport_size(IPAD)
    sign_in_as(page, live_server, "director")
    page.goto(f"{live_server.url}/admin/people/")
    assert serious_axe_findings(page) == []
    page.screenshot(path=str(SCREENSHOTS / "admin-people-list-ipad.png"), full_page=True)
    page.get_by_role("link", name="Legg til en person").click()
    assert page.locator('input[name="roles"][value="observer"]').count() == 0
    page.get_by_label("Navn", exact=True).fill("Sigrid Ansatt")
    page.get_by_label("E-post", exact=True).fill("sigrid.ansatt@baerum.example")
    page.locator('input[name="roles"][value="staff"]').check()
    page.locator('input[name="department_ids"]').first.check()
    assert serious_axe_findings(page) == []
    page.screenshot(path=str(SCREENSHOTS / "admin-people-new-ipad.png"), full_page=True)
    page.get_by_role("button", name="Lagre").click()
    page.wait_for_url("**/admin/people/*")
    assert page.locator('[role="status"]').inner_text().startswith("Sigrid Ansatt")
    assert page.locator('input[name="department_ids"]:checked').count() == 1
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(SCREENSHOTS / "admin-people-saved-ipad.png"), full_page=True)
