"""Every admin and plan page a project lead or director can reach passes axe and fits an iPad.

The test follows the links from /admin/ and /plan/ (and the audit trail of a submitted
observation), one page per route, so a page added later is covered without being listed here.
Screenshots land in test-results/screenshots/admin-pages-*.png.
"""

import re

import pytest
from playwright.sync_api import Page
from sqlalchemy import select

from app.db import get_session
from app.models import Observation

from .test_dashboard import SCREENSHOTS, no_sideways_scroll, serious_axe_findings, sign_in_as

pytestmark = pytest.mark.browser
IPAD = {"width": 810, "height": 1080}
SKIPPED = re.compile(r"\.xlsx$|\.ics$|/export|/start$")  # downloads and redirects, not pages
ID = re.compile(r"/(\d+|[0-9a-f-]{36})(?=/|$)")


def route_of(path: str) -> str:
    """The route a path belongs to: ids replaced, the query left out."""
    return ID.sub("/<id>", path.split("?")[0])


def admin_links(page: Page) -> list[str]:
    hrefs = page.eval_on_selector_all(
        "a[href^='/admin/'], a[href^='/plan/']", "links => links.map(a => a.pathname + a.search)"
    )
    return [href for href in hrefs if not SKIPPED.search(href)]


def crawl(page: Page, base: str, start: list[str], role: str) -> dict[str, list[str]]:
    """Visit one path per admin route from `start`; return the axe findings per route."""
    queue, seen, findings = list(start), set(), {}
    while queue and len(seen) < 60:
        path = queue.pop(0)
        if route_of(path) in seen:
            continue
        seen.add(route_of(path))
        response = page.goto(base + path)
        assert response is not None and response.status == 200, path
        findings[route_of(path)] = serious_axe_findings(page)
        assert no_sideways_scroll(page), path
        name = route_of(path).strip("/").replace("/", "-").replace("<id>", "n")
        page.screenshot(path=str(SCREENSHOTS / f"admin-pages-{role}-{name}.png"), full_page=True)
        queue += admin_links(page)
    return findings


def a_submitted_observation(live_server) -> str:
    with live_server.app.app_context():
        query = select(Observation.id).where(Observation.status != "draft").limit(1)
        return str(get_session().scalar(query))


@pytest.mark.parametrize("role", ["project_lead", "director"])
def test_every_admin_page_passes_axe_on_an_ipad(page: Page, live_server, role):
    page.set_viewport_size(IPAD)
    sign_in_as(page, live_server, role)
    start = ["/admin/"]
    if role == "project_lead":
        start += ["/plan/", f"/admin/observations/{a_submitted_observation(live_server)}/audit"]
    findings = crawl(page, live_server.url, start, role)
    assert len(findings) >= (20 if role == "project_lead" else 4), sorted(findings)
    assert {route: found for route, found in findings.items() if found} == {}
