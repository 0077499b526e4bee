"""The homes on a phone and a PC: the mentor's, the director's and the leader's (and the
observer's on a phone) fit the screen without sideways page scroll, pass axe, and show what a
person acts from: links, flags, statuses, the unread marker and the table scroll cue.

Screenshots land in test-results/screenshots/home-*.png.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from .conftest import PHONE
from .test_dashboard import SCREENSHOTS, no_sideways_scroll, serious_axe_findings, sign_in_as

pytestmark = pytest.mark.browser

# Other runs of pytest-playwright empty test-results/ when they start: a run may put its
# screenshots elsewhere to keep them.
SHOTS = Path(os.environ.get("HOME_SCREENSHOTS") or SCREENSHOTS)
PC = {"viewport": {"width": 1440, "height": 900}}
HOMES = {
    "mentor": "/home/mentor",
    "director": "/home/director",
    "pedagogical_leader": "/home/leader",
}


def _page(browser: Browser, size: dict) -> Page:
    context = browser.new_context(**size, locale="nb-NO")
    return context.new_page()


def _check(page: Page, live_server, role: str, path: str, name: str) -> None:
    sign_in_as(page, live_server, role)
    page.goto(f"{live_server.url}{path}")
    assert page.get_by_role("heading", level=1).is_visible()
    assert no_sideways_scroll(page), f"{name}: the page scrolls sideways"
    assert _cards_overflowing(page) == [], f"{name}: something sticks out of its card"
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    assert serious_axe_findings(page) == []


def _cards_overflowing(page: Page) -> list[str]:
    return page.evaluate(
        """Array.from(document.querySelectorAll('.card'))
             .filter(card => card.scrollWidth > card.clientWidth + 1)
             .map(card => card.id || card.className)"""
    )


@pytest.mark.parametrize("size_name", ["phone", "pc"])
@pytest.mark.parametrize("role", list(HOMES))
def test_a_home_fits_the_screen_and_passes_axe(browser: Browser, live_server, role, size_name):
    page = _page(browser, PHONE if size_name == "phone" else PC)
    _check(page, live_server, role, HOMES[role], f"home-{role}-{size_name}")
    page.context.close()


def test_the_observer_home_fits_a_phone(browser: Browser, live_server):
    page = _page(browser, PHONE)
    _check(page, live_server, "observer", "/home/observer", "home-observer-phone")
    table = page.locator("section[aria-labelledby=cert-heading] table").first
    assert table.evaluate("t => t.scrollWidth <= t.parentElement.clientWidth + 1")
    page.context.close()


def test_a_long_dimension_name_wraps_inside_its_card_on_a_phone(browser: Browser, live_server):
    page = _page(browser, PHONE)
    sign_in_as(page, live_server, "observer")
    page.goto(f"{live_server.url}/home/observer")
    heading = page.locator(".month-focus h2").first
    heading.evaluate(
        "h => { h.textContent = 'Månedens dimensjon: ' + 'Atferdsveiledning'.repeat(3); }"
    )
    assert _cards_overflowing(page) == []
    page.context.close()


def test_a_wide_table_says_that_it_scrolls(browser: Browser, live_server):
    page = _page(browser, PHONE)
    sign_in_as(page, live_server, "pedagogical_leader")
    page.goto(f"{live_server.url}/home/leader")
    page.evaluate(
        """() => document.querySelector('.reports-table thead tr')
                   .insertAdjacentHTML('beforeend', '<th>' + 'W'.repeat(60) + '</th>')"""
    )
    box = page.locator(".table-scroll:has(.reports-table)").first
    overflow = "() => document.querySelector('.table-scroll:has(.reports-table)').dataset.overflow"
    page.wait_for_function(overflow)
    assert box.get_attribute("data-overflow") == "right"
    assert page.locator(".table-scroll-hint:visible").count() >= 1
    box.evaluate("b => { b.scrollLeft = b.scrollWidth; b.dispatchEvent(new Event('scroll')); }")
    page.wait_for_function(f"() => ({overflow})() === 'left'")
    page.context.close()
