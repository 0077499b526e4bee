"""The project lead registers a certification renewal on an iPad; the admin pages pass axe.

Screenshots land in test-results/screenshots/admin-certifications-*.png.
"""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_dashboard import serious_axe_findings, sign_in_as

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"


def shoot(page: Page, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"admin-certifications-{name}.png"), full_page=True)


def test_the_project_lead_registers_a_renewal(page: Page, live_server):
    sign_in_as(page, live_server, "project_lead")
    page.goto(f"{live_server.url}/admin/certifications/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sertifiseringer")
    shoot(page, "list")
    assert serious_axe_findings(page) == []
    page.locator("a", has_text="Registrer fornyelse").first.click()
    page.wait_for_url("**/admin/certifications/new**")
    shoot(page, "form")
    assert serious_axe_findings(page) == []
    page.locator("#certified_on").fill("")
    page.get_by_role("button", name="Registrer sertifiseringen").click()
    expect(page.locator("#certified_on-error")).to_be_visible()
    assert serious_axe_findings(page) == []
    page.locator("#certified_on").fill("2026-12-01")
    page.get_by_role("button", name="Registrer sertifiseringen").click()
    page.wait_for_url("**/admin/certifications/person/**")
    expect(page.locator("[role=status]")).to_contain_text("registrert")
    expect(page.locator("tr[data-standing]").first).to_contain_text("01.12.2026")
    shoot(page, "person")
    assert serious_axe_findings(page) == []
