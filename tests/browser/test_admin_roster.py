"""The project lead downloads the roster workbook, uploads a changed copy and reads the
preview on a tablet; axe finds nothing serious. The import is not confirmed here, so the
shared demo database stays as it is (the confirmation is tested in tests/web).

Screenshots land in test-results/screenshots/roster-*.png.
"""

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page

from tests.browser.test_dashboard import SCREENSHOTS, serious_axe_findings, sign_in_as

pytestmark = pytest.mark.browser


def test_the_project_lead_previews_a_changed_roster(page: Page, live_server, tmp_path):
    page.set_viewport_size({"width": 810, "height": 1080})
    sign_in_as(page, live_server, "project_lead")
    page.goto(f"{live_server.url}/admin/roster/")
    assert serious_axe_findings(page) == []
    page.screenshot(path=SCREENSHOTS / "roster-upload.png", full_page=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="(.xlsx)").click()
    workbook = load_workbook(io.BytesIO(download.value.path().read_bytes()))
    workbook["departments"]["D2"] = (workbook["departments"]["D2"].value or 0) + 1
    path = tmp_path / "roster.xlsx"
    workbook.save(path)
    page.locator("input[type=file]").set_input_files(str(path))
    page.locator("form[enctype] button[type=submit]").click()
    page.wait_for_url("**/admin/roster/preview")
    assert page.locator("[data-table=roster-changes] tbody tr").count() == 1
    assert serious_axe_findings(page) == []
    page.screenshot(path=SCREENSHOTS / "roster-preview.png", full_page=True)
    page.get_by_role("link", name="Avbryt").click()
    page.wait_for_url("**/admin/roster/")
