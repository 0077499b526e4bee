"""A real person on a tablet: sign in, reach the role's home, and nothing serious for axe."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

SCREENSHOTS = "test-results/screenshots"


def serious_axe_findings(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def account_for(live_server, role: str) -> dict:
    return next(a for a in live_server.accounts if a["role"] == role)


def sign_in(page, live_server, account: dict) -> None:
    page.goto(f"{live_server.url}/login")
    page.get_by_label("E-post").fill(account["email"])
    page.get_by_label("Passord").fill(account["password"])
    page.get_by_role("button", name="Logg inn").click()


@pytest.mark.parametrize(
    ("role", "heading"),
    [
        ("observer", "Mine observasjoner"),
        ("pedagogical_leader", "Min avdeling"),
        ("director", None),
        ("mentor", "Mine nettverk"),
        ("project_lead", "Programoversikt"),
    ],
)
def test_sign_in_on_a_tablet_reaches_the_role_home(page, live_server, role, heading):
    account = account_for(live_server, role)
    sign_in(page, live_server, account)
    page.wait_for_url("**/home/**")
    expected = heading or account["kindergarten"]
    assert page.get_by_role("heading", level=1).inner_text() == expected
    assert page.locator("body").evaluate("b => b.scrollWidth <= window.innerWidth")
    page.screenshot(path=f"{SCREENSHOTS}/home-{role}-tablet.png", full_page=True)
    assert serious_axe_findings(page) == []


def test_login_page_passes_axe_and_rejects_a_wrong_password(page, live_server):
    account = account_for(live_server, "observer")
    page.goto(f"{live_server.url}/login")
    assert serious_axe_findings(page) == []
    page.get_by_label("E-post").fill(account["email"])
    page.get_by_label("Passord").fill("feil passord")
    page.get_by_role("button", name="Logg inn").click()
    assert "Feil e-post eller passord" in page.get_by_role("alert").inner_text()
    page.screenshot(path=f"{SCREENSHOTS}/login-error-tablet.png", full_page=True)
