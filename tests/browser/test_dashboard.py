"""The project lead reads the programme dashboard on a tablet: charts drawn from the same
numbers as their tables, no sideways scrolling, nothing serious for axe, usable by keyboard.

Screenshots land in test-results/screenshots/dashboard-*.png.
"""

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"
PAGES = ("overview", "trends", "networks", "follow-up", "agreement")


def serious_axe_findings(page: Page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def sign_in_as(page: Page, live_server, role: str) -> None:
    account = next(a for a in live_server.accounts if a["role"] == role)
    page.goto(f"{live_server.url}/login")
    page.locator("#email").fill(account["email"])
    page.locator("#password").fill(account["password"])
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/home/**")


def no_sideways_scroll(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_overview_charts_plot_the_numbers_in_their_tables(page: Page, live_server):
    sign_in_as(page, live_server, "project_lead")
    page.goto(f"{live_server.url}/dashboard/overview?level=domain")
    page.wait_for_selector("#bands-domain.js-plotly-plot .bars")
    plotted = page.evaluate(
        "Array.from(document.querySelector('#bands-domain').data, t => ({name: t.name, x: t.x}))"
    )
    table = page.evaluate(
        """Array.from(document.querySelectorAll('section:has(#bands-domain) tr[data-code]'),
             tr => Array.from(tr.querySelectorAll('td[data-band]'),
                              td => Number(td.dataset.value)))"""
    )
    assert len(plotted) == 3 and len(table) == len(plotted[0]["x"]) > 0
    for band_index, trace in enumerate(plotted):  # low, middle, high
        for row, value in zip(table, trace["x"], strict=True):
            assert value == pytest.approx(round(100 * row[band_index], 1))
    assert page.evaluate("typeof Plotly") == "object"
    assert no_sideways_scroll(page)
    page.screenshot(path=str(SCREENSHOTS / "dashboard-overview-tablet.png"), full_page=True)
    assert serious_axe_findings(page) == []


@pytest.mark.parametrize("name", PAGES[1:])
def test_every_dashboard_page_fits_a_tablet_and_passes_axe(page: Page, live_server, name):
    sign_in_as(page, live_server, "project_lead")
    page.goto(f"{live_server.url}/dashboard/{name}")
    assert page.get_by_role("heading", level=1).is_visible()
    if page.locator(".chart").count():
        page.wait_for_selector(".js-plotly-plot .main-svg")
    assert no_sideways_scroll(page)
    page.screenshot(path=str(SCREENSHOTS / f"dashboard-{name}-tablet.png"), full_page=True)
    assert serious_axe_findings(page) == []


def test_filters_work_by_keyboard_alone(page: Page, live_server):
    sign_in_as(page, live_server, "project_lead")
    page.goto(f"{live_server.url}/dashboard/trends")
    page.locator("#level").focus()
    page.keyboard.press("ArrowDown")  # domains -> dimensions
    page.locator("#level").evaluate("s => s.form.requestSubmit()")
    page.wait_for_url("**level=dimension**")
    page.locator("#code").focus()
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")  # the Show button
    assert "level=dimension" in page.url
    assert page.locator("table[data-table=trend] tbody tr").count() > 0


def test_a_mentor_and_a_director_see_their_own_dashboards(page: Page, live_server):
    sign_in_as(page, live_server, "mentor")
    page.goto(f"{live_server.url}/dashboard/")
    page.wait_for_url("**/dashboard/overview")
    assert page.locator("[data-page=overview][data-role=mentor]").count() == 1
    assert no_sideways_scroll(page)
    assert serious_axe_findings(page) == []
    page.goto(f"{live_server.url}/logout")
    page.context.clear_cookies()
    sign_in_as(page, live_server, "director")
    page.goto(f"{live_server.url}/dashboard/")
    page.wait_for_url("**/dashboard/kindergarten")
    page.wait_for_selector("#kindergarten-chart.js-plotly-plot")
    assert no_sideways_scroll(page)
    page.screenshot(path=str(SCREENSHOTS / "dashboard-director-tablet.png"), full_page=True)
    assert serious_axe_findings(page) == []


SIZES = {"pc": (1440, 900), "tablet-portrait": (810, 1080)}


@pytest.mark.parametrize("size", SIZES)
def test_from_a_number_to_its_departments_and_their_reports(page: Page, live_server, size):
    """The project lead follows a pool's mean to its departments, a department's kindergarten
    to its page, and a department to its reports; each page fits and passes axe."""
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})
    sign_in_as(page, live_server, "project_lead")

    def shoot(name: str) -> None:
        if page.locator(".chart").count():
            page.wait_for_selector(".js-plotly-plot .main-svg")
        assert no_sideways_scroll(page), name
        page.screenshot(path=str(SCREENSHOTS / f"dashboard-{name}-{size}.png"), full_page=True)
        assert serious_axe_findings(page) == [], name

    page.goto(f"{live_server.url}/dashboard/trends")
    assert page.locator("td[data-change=previous]").count() > 0
    shoot("trends")
    page.goto(f"{live_server.url}/dashboard/overview")
    shoot("overview")
    with page.expect_navigation():
        page.locator("table[data-table=pools] a[data-drill=departments]").first.click()
    assert "/dashboard/departments" in page.url and "pool=" in page.url
    assert page.locator("table[data-table=departments] tr[data-department]").count() > 0
    shoot("departments")
    report_link = page.locator("a[data-drill=reports]").first.get_attribute("href")
    with page.expect_navigation():
        page.locator("a[data-drill=kindergarten]").first.click()
    assert page.locator("table[data-table=kindergarten] tr[data-row=coverage]").count() == 1
    shoot("kindergarten")
    assert page.goto(f"{live_server.url}{report_link}").status == 200
