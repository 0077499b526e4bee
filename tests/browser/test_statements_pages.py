"""The statements in a browser: public, nothing serious for axe, the footer links them, and a
signed-in observer sends accessibility feedback by keyboard alone."""

import pytest

from tests.browser.test_smoke import account_for, serious_axe_findings, sign_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path", ["/tilgjengelighet", "/personvern"])
def test_statement_pages_pass_axe_signed_out(page, live_server, path):
    page.goto(f"{live_server.url}/login")
    page.locator(f'footer a[href="{path}"]').click()
    page.wait_for_url(f"**{path}")
    assert page.get_by_role("heading", level=1).count() == 1
    assert page.locator("body").evaluate("b => b.scrollWidth <= window.innerWidth")
    assert serious_axe_findings(page) == []


def test_an_observer_reports_a_problem_by_keyboard(page, live_server):
    sign_in(page, live_server, account_for(live_server, "observer"))
    page.wait_for_url("**/home/**")
    page.goto(f"{live_server.url}/tilgjengelighet")
    assert serious_axe_findings(page) == []
    page.locator("#message").focus()
    page.keyboard.type("The timer is hard to read.")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/tilgjengelighet#feedback")
    assert page.get_by_role("status").count() >= 1
    assert serious_axe_findings(page) == []
