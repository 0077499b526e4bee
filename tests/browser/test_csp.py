"""No page breaks the Content-Security-Policy (app/security.py): the charts draw, the tablet
form starts and installs its service worker, the PDF downloads, and the browser reports not a
single violation on the way."""

import pytest
from playwright.sync_api import Page
from sqlalchemy import select

from app.models import Observation, User
from tests.browser import observe_support as s

pytestmark = pytest.mark.browser

# Runs before any page script: every violation the browser reports is kept on window.
LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"}`
    + ` at ${e.sourceFile}:${e.lineNumber}`);
});
"""


@pytest.fixture
def watched(page: Page):
    """The page, with CSP reports from the console and from the DOM event collected."""
    console: list[str] = []
    page.add_init_script(LISTEN)
    page.on(
        "console",
        lambda m: console.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.console_csp = console
    return page


def violations(page: Page) -> list[str]:
    return page.evaluate("window.__cspViolations || []") + page.console_csp


def sign_in_as(page: Page, live_server, role: str) -> dict:
    account = next(a for a in live_server.accounts if a["role"] == role)
    page.goto(f"{live_server.url}/login")
    page.locator("#email").fill(account["email"])
    page.locator("#password").fill(account["password"])
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/home/**")
    return account


def test_the_dashboards_draw_their_charts_without_a_violation(watched: Page, live_server):
    sign_in_as(watched, live_server, "project_lead")
    for path in ("/dashboard/overview?level=domain", "/dashboard/trends"):
        watched.goto(f"{live_server.url}{path}")
        if watched.locator("[data-plotly]").count():
            watched.wait_for_selector(".js-plotly-plot .main-svg")
        assert violations(watched) == [], path


def test_the_report_draws_prints_and_downloads_without_a_violation(watched: Page, live_server):
    account = sign_in_as(watched, live_server, "pedagogical_leader")
    session = live_server.app.extensions["db_sessionmaker"]()
    user = session.scalar(select(User).where(User.email == account["email"]))
    report = session.scalars(
        select(Observation).where(
            Observation.department_id == user.departments[0].id,
            Observation.status == "released",
        )
    ).first()
    session.close()
    watched.goto(f"{live_server.url}/reports/{report.id}")
    watched.wait_for_selector("svg#chart-trend-domains")  # drawn on the server, no script
    assert watched.locator("[data-print]").is_visible()  # shown by js/pages/report.js
    pdf = watched.request.get(f"{live_server.url}/reports/{report.id}.pdf")  # WeasyPrint
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    assert violations(watched) == []


def test_the_tablet_form_and_its_service_worker_run_without_a_violation(watched: Page, live_server):
    account = s.observer_account(live_server.accounts)
    s.sign_in(watched, live_server.url, account)
    observation_id = s.start_observation(watched, live_server.url)
    assert observation_id
    s.wait_offline_ready(watched)
    assert watched.evaluate("navigator.serviceWorker.controller !== null")
    watched.goto(f"{live_server.url}/login")  # the login page's own scripts, signed in
    assert violations(watched) == []


def test_the_watch_sees_a_violation_when_there_is_one(watched: Page, live_server):
    """The tests above pass because there is nothing to see, not because nothing looks."""
    watched.goto(f"{live_server.url}/login")
    watched.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.ran = 1'; document.body.append(s); }"
    )
    watched.wait_for_function("window.__cspViolations.length > 0")
    assert watched.evaluate("window.ran") is None
    assert "script-src" in violations(watched)[0]
