"""The ranked follow-up list on a tablet: a mentor's and a director's (who reaches it from
the dashboard's tabs), nothing serious for axe, no sideways scrolling.

Screenshots land in test-results/screenshots/follow-up-*.png.
"""

import pytest
from playwright.sync_api import Page

from .test_dashboard import SCREENSHOTS, no_sideways_scroll, serious_axe_findings, sign_in_as

pytestmark = pytest.mark.browser


def test_a_mentor_and_a_director_read_their_ranked_lists(page: Page, live_server):
    sign_in_as(page, live_server, "mentor")
    page.goto(f"{live_server.url}/dashboard/follow-up")
    ranks = page.locator("tr[data-rank]").evaluate_all("rows => rows.map(r => +r.dataset.rank)")
    assert ranks == list(range(1, len(ranks) + 1)) and ranks
    assert page.locator("tr[data-rank] a[href*='/reports/department/']").count() == len(ranks)
    assert no_sideways_scroll(page)
    page.screenshot(path=str(SCREENSHOTS / "follow-up-mentor-tablet.png"), full_page=True)
    assert serious_axe_findings(page) == []
    # One rule's departments: the rows keep their ranks in the whole list.
    rule = page.locator("ul.flag-counts li[data-flag]:not([data-n='0'])").first
    name = rule.get_attribute("data-flag")
    rule.locator("a").click()
    page.wait_for_url(f"**rule={name}**")
    flags = page.locator("tr[data-rank]").evaluate_all("rows => rows.map(r => r.dataset.flags)")
    assert flags and all(name in f.split() for f in flags)
    assert page.locator(f"li[data-flag={name}] a[aria-current=true]").count() == 1
    page.screenshot(path=str(SCREENSHOTS / "follow-up-mentor-one-rule.png"), full_page=True)
    assert serious_axe_findings(page) == []
    page.goto(f"{live_server.url}/logout")
    page.context.clear_cookies()
    sign_in_as(page, live_server, "director")
    page.goto(f"{live_server.url}/dashboard/")
    page.locator("nav.dash-tabs a[href*='/dashboard/follow-up']").click()
    page.wait_for_url("**/dashboard/follow-up**")
    assert page.locator("[data-page=follow_up][data-role=director]").count() == 1
    assert page.locator("[data-filter=network]").count() == 0
    assert no_sideways_scroll(page)
    page.screenshot(path=str(SCREENSHOTS / "follow-up-director-tablet.png"), full_page=True)
    assert serious_axe_findings(page) == []
