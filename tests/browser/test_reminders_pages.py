"""Reminders in a browser, on the demo municipality: the header link to the choices, a kind
turned off by keyboard alone, and nothing serious for axe on the page or a home's to-do list."""

import pytest

from tests.browser.test_smoke import account_for, serious_axe_findings, sign_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("role", ["observer", "pedagogical_leader", "director", "project_lead"])
def test_the_home_to_do_list_and_the_choices_pass_axe(page, live_server, role):
    sign_in(page, live_server, account_for(live_server, role))
    page.wait_for_url("**/home/**")
    assert serious_axe_findings(page) == []
    page.locator('header a[href="/account/reminders"]').click()
    page.wait_for_url("**/account/reminders")
    assert page.get_by_role("heading", level=1).count() == 1
    assert page.locator("body").evaluate("b => b.scrollWidth <= window.innerWidth")
    assert serious_axe_findings(page) == []


def test_an_observer_turns_a_reminder_off_by_keyboard(page, live_server):
    sign_in(page, live_server, account_for(live_server, "observer"))
    page.wait_for_url("**/home/**")
    page.goto(f"{live_server.url}/account/reminders")
    box = page.locator("#kind-visit_soon")
    box.focus()
    page.keyboard.press("Space")
    assert not box.is_checked()
    page.get_by_role("button").filter(has_text="Lagre").focus()
    with page.expect_navigation():  # the POST answers with a redirect to the same page
        page.keyboard.press("Enter")
    assert page.get_by_role("status").count() >= 1
    assert not page.locator("#kind-visit_soon").is_checked()
    box = page.locator("#kind-visit_soon")
    box.focus()
    page.keyboard.press("Space")  # back on, so other tests see the demo as it was
    page.get_by_role("button").filter(has_text="Lagre").focus()
    with page.expect_navigation():  # the POST answers with a redirect to the same page
        page.keyboard.press("Enter")
    assert page.locator("#kind-visit_soon").is_checked()
