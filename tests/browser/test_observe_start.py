"""Starting an observation: find the department, pick the kind, and retry safely."""

import pytest
from playwright.sync_api import expect

from tests.browser import observe_support as s

pytestmark = pytest.mark.browser


@pytest.fixture
def start_page(page, live_server):
    s.sign_in(page, live_server.url, s.observer_account(live_server.accounts))
    page.goto(f"{live_server.url}/observe/new")
    return page


def visible_options(page):
    return page.locator("[data-department-option]:not([hidden])")


def test_search_narrows_the_departments_by_kindergarten_or_name(start_page):
    page = start_page
    total = visible_options(page).count()
    assert total > 5
    kindergarten = page.locator("[data-kindergarten-group] h2").first.inner_text()
    page.locator("#department-search").fill(kindergarten.split()[0].lower())
    shown = visible_options(page).count()
    assert 0 < shown < total
    expect(page.locator("#department-count")).to_contain_text(str(shown))
    for text in visible_options(page).evaluate_all("els => els.map(e => e.dataset.search)"):
        assert kindergarten.split()[0].lower() in text


def test_double_coding_offers_only_departments_with_a_regular_observation(start_page, live_server):
    page = start_page
    page.locator("label[for=kind-double_coding]").click()
    primaries = visible_options(page).evaluate_all("els => els.map(e => e.dataset.primaryId)")
    assert primaries and all(primaries)
    option = visible_options(page).first
    option.locator("label").click()
    page.locator("#start-form button[type=submit]").click()
    page.wait_for_url("**/observe/*-*")
    s.wait_ready(page)
    observation_id = page.locator("#observe").get_attribute("data-observation-id")
    held = s.api_observation(page, live_server.url, observation_id)
    assert held["kind"] == "double_coding"
    assert held["primary_observation_id"] == primaries[0]


def test_a_lost_answer_is_retried_with_the_same_id(start_page, live_server):
    page = start_page
    sent = []

    def lose_the_answer(route):
        sent.append(route.request.post_data_json["id"])
        route.fetch()  # the server creates the observation ...
        route.abort()  # ... but the answer never reaches the tablet

    page.route("**/api/v1/observations", lose_the_answer)
    page.locator("label[for=kind-practice]").click()
    visible_options(page).nth(3).locator("label").click()
    page.locator("#start-form button[type=submit]").click()
    expect(page.locator("#start-error")).to_be_visible()
    page.unroute("**/api/v1/observations")

    with page.expect_request("**/api/v1/observations") as retry:
        page.locator("#start-form button[type=submit]").click()
    page.wait_for_url("**/observe/*-*")
    assert retry.value.post_data_json["id"] == sent[0]
    assert page.url.split("/observe/")[1].startswith(sent[0])


def test_a_refused_start_shows_the_servers_reason(start_page):
    page = start_page
    page.locator("label[for=kind-practice]").click()
    option = visible_options(page).nth(5)
    # Bypass the page's own choice, as a stale page would: the server must refuse clearly.
    option.evaluate("el => el.dataset.instrumentId = 'class-nonexistent'")
    option.locator("label").click()
    page.locator("#start-form button[type=submit]").click()
    error = page.locator("#start-error")
    expect(error).to_be_visible()
    expect(error).not_to_be_empty()
    assert "/observe/new" in page.url
