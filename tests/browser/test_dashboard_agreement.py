"""The project lead reads observer agreement on a PC and on a phone: the trend chart plots the
numbers in its table on a fixed 0–100 % axis, the observers to recalibrate come first, no
sideways scrolling, nothing serious for axe.

Screenshots land in test-results/screenshots/dashboard-agreement-*.png.
"""

import pytest
from playwright.sync_api import Page

from tests.browser.test_dashboard import (
    SCREENSHOTS,
    no_sideways_scroll,
    serious_axe_findings,
    sign_in_as,
)

pytestmark = pytest.mark.browser

SIZES = {"pc": {"width": 1440, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.mark.parametrize("size", SIZES)
def test_the_agreement_page_reads_on_a_pc_and_a_phone(page: Page, live_server, size):
    page.set_viewport_size(SIZES[size])
    sign_in_as(page, live_server, "project_lead")
    page.goto(f"{live_server.url}/dashboard/agreement")
    page.wait_for_selector("#agreement-trend-chart.js-plotly-plot .main-svg")
    plotted = page.evaluate(
        """(() => { const chart = document.querySelector('#agreement-trend-chart');
             return {range: chart.layout.yaxis.range, within: chart.data[1].y}; })()"""
    )
    table = page.evaluate(
        """Array.from(document.querySelectorAll('[data-table=agreement-semesters] tbody tr'),
             tr => Number(tr.querySelectorAll('td[data-value]')[1].dataset.value))"""
    )
    assert plotted["range"] == [0, 100]
    assert plotted["within"] == [pytest.approx(round(100 * v, 1)) for v in table]
    statuses = page.eval_on_selector_all(
        "tr[data-status]", "rows => rows.map(r => r.dataset.status)"
    )
    order = {"recalibrate": 0, "ok": 1, "too_few": 2}
    assert statuses == sorted(statuses, key=order.get)
    assert no_sideways_scroll(page)
    page.screenshot(path=str(SCREENSHOTS / f"dashboard-agreement-{size}.png"), full_page=True)
    assert serious_axe_findings(page) == []
