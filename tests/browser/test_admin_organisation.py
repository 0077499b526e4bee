"""The project lead keeps the organisation on a tablet (810×1080): adds a department to a
kindergarten, is told next to the field what to fix, and edits its counts; axe finds nothing
serious on any organisation page.

Screenshots land in test-results/screenshots/organisation-*.png.
"""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.observe_support import serious_axe_findings, sign_in

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"
LISTS = ("pools", "networks", "kindergartens", "departments")


def shoot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"organisation-{name}.png"), full_page=True)


def no_sideways_scroll(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.fixture
def lead(page: Page, live_server) -> Page:
    account = next(a for a in live_server.accounts if a["role"] == "project_lead")
    sign_in(page, live_server.url, account)
    return page


def test_the_project_lead_adds_a_department_and_edits_its_counts(lead: Page, live_server):
    lead.goto(f"{live_server.url}/admin/organisation/kindergartens?q=barnehage")
    lead.locator("table.org-table tbody th a").first.click()
    kindergarten_url = lead.url
    lead.get_by_role("link", name="Legg til avdeling").click()

    lead.get_by_label("Navn på avdelingen").fill("Solsikken")
    lead.get_by_label("Aldersgruppe").select_option("preschool")
    lead.get_by_label("Barn", exact=True).fill("-3")
    lead.get_by_label("Ansatte", exact=True).fill("5")
    lead.get_by_role("button", name="Lagre").click()
    error = lead.locator("#children_count-error")
    expect(error).to_contain_text("Skriv antall barn")
    expect(lead.get_by_label("Barn", exact=True)).to_have_attribute("aria-invalid", "true")
    shoot(lead, "department-error")
    assert serious_axe_findings(lead) == []

    lead.get_by_label("Barn", exact=True).fill("17")
    lead.get_by_role("button", name="Lagre").click()
    lead.wait_for_url(kindergarten_url)
    row = lead.locator("tr", has=lead.get_by_role("link", name="Solsikken"))
    expect(row).to_contain_text("17")
    expect(lead.get_by_role("status").first).to_contain_text("er lagret")

    row.get_by_role("link", name="Solsikken").click()
    lead.get_by_label("Barn", exact=True).fill("19")
    lead.get_by_label("Ansatte", exact=True).fill("6")
    shoot(lead, "department-edit")
    assert no_sideways_scroll(lead)
    assert serious_axe_findings(lead) == []
    lead.get_by_role("button", name="Lagre").click()
    lead.wait_for_url(kindergarten_url)
    row = lead.locator("tr", has=lead.get_by_role("link", name="Solsikken"))
    expect(row.locator("td.num")).to_have_text(["19", "6"])
    shoot(lead, "kindergarten")
    assert no_sideways_scroll(lead)
    assert serious_axe_findings(lead) == []


@pytest.mark.parametrize("name", LISTS)
def test_every_organisation_list_fits_a_tablet_and_passes_axe(lead: Page, live_server, name):
    lead.goto(f"{live_server.url}/admin/organisation/{name}")
    expect(lead.get_by_role("heading", level=1)).to_be_visible()
    assert no_sideways_scroll(lead)
    shoot(lead, name)
    assert serious_axe_findings(lead) == []
    lead.locator("table.org-table tbody th a").first.click()  # its first row's edit page
    expect(lead.locator("form.org-form")).to_be_visible()
    assert no_sideways_scroll(lead)
    shoot(lead, f"{name}-edit")
    assert serious_axe_findings(lead) == []


@pytest.mark.parametrize("path", ["pools/new", "networks/new", "kindergartens/new"])
def test_every_new_form_passes_axe(lead: Page, live_server, path):
    lead.goto(f"{live_server.url}/admin/organisation/{path}")
    lead.get_by_role("button", name="Lagre").click()  # empty: the errors are shown too
    expect(lead.locator(".field-error").first).to_be_visible()
    shoot(lead, path.replace("/", "-"))
    assert serious_axe_findings(lead) == []
