"""One observation open in two places: the later edit wins per score and nothing is lost."""

import uuid
from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect
from sqlalchemy import update

from app.models import Observation
from tests.browser import observe_support as s
from tests.browser.conftest import TABLET

pytestmark = pytest.mark.browser


def open_form(page, base: str, observation_id: str) -> None:
    page.goto(f"{base}/observe/{observation_id}")
    s.wait_ready(page)


def test_two_tabs_on_one_observation_keep_the_later_edit_and_lose_nothing(page, live_server):
    base = live_server.url
    s.sign_in(page, base, s.observer_account(live_server.accounts))
    observation_id = s.start_observation(page, base)
    first, (a, b, c) = page, s.dimension_codes(page)[:3]
    second = page.context.new_page()
    open_form(second, base, observation_id)

    s.tap_score(first, 1, a, 3)
    s.tap_score(second, 1, a, 6)  # the same score, later: this one wins
    s.tap_score(first, 1, b, 2)  # different scores from each tab: both are kept
    s.tap_score(second, 1, c, 5)
    s.wait_synced(first)
    s.wait_synced(second)

    expected = {(1, a): 6, (1, b): 2, (1, c): 5}
    s.wait_for_server_scores(first, base, observation_id, expected)
    # Each tab shows the other's edits without a reload.
    for tab in (first, second):
        for (cycle, code), value in expected.items():
            expect(s.score_radio(tab, cycle, code, value)).to_be_checked()


def test_an_older_offline_edit_loses_to_a_later_one_from_another_tablet(browser, live_server):
    base = live_server.url
    account = s.observer_account(live_server.accounts)
    tablets = [browser.new_context(**TABLET, locale="nb-NO") for _ in range(2)]
    try:
        early, late = (context.new_page() for context in tablets)
        s.sign_in(early, base, account)
        observation_id = s.start_observation(early, base)
        a, b = s.dimension_codes(early)[:2]
        s.sign_in(late, base, account)
        open_form(late, base, observation_id)

        early.context.set_offline(True)
        s.tap_score(early, 1, a, 2)  # made first, but sent last
        s.tap_score(early, 1, b, 4)  # nobody else touches this one
        s.tap_score(late, 1, a, 7)
        s.wait_synced(late)
        early.context.set_offline(False)
        s.wait_synced(early)

        expected = {(1, a): 7, (1, b): 4}
        s.wait_for_server_scores(early, base, observation_id, expected)
        # The early tablet learns that its edit lost, and shows the server's score.
        expect(s.score_radio(early, 1, a, 7)).to_be_checked(timeout=10_000)
        expect(s.score_radio(early, 1, b, 4)).to_be_checked()
    finally:
        for context in tablets:
            context.close()


def set_status(live_server, observation_id: str, status: str) -> None:
    """Submit or reopen behind the tablet's back, as another device or the project lead would."""
    session = live_server.app.extensions["db_sessionmaker"]()
    try:
        session.execute(
            update(Observation)
            .where(Observation.id == uuid.UUID(observation_id))
            .values(
                status=status,
                submitted_at=None if status == "draft" else datetime.now(UTC),
                version=Observation.version + 1,
            )
        )
        session.commit()
    finally:
        session.close()


def test_an_edit_to_a_submitted_observation_is_refused_but_kept_on_the_tablet(page, live_server):
    base = live_server.url
    s.sign_in(page, base, s.observer_account(live_server.accounts))
    observation_id = s.start_observation(page, base)
    a, b = s.dimension_codes(page)[:2]
    s.tap_score(page, 1, a, 3)
    s.wait_synced(page)
    page.context.set_offline(True)
    s.tap_score(page, 1, b, 5)
    set_status(live_server, observation_id, "submitted")
    page.context.set_offline(False)

    expect(s.sync_badge(page)).to_have_attribute("data-sync-state", "error")
    expect(page.locator("[data-locked-notice]")).to_be_visible()
    expect(s.score_radio(page, 1, b, 5)).to_be_checked()  # the local copy is still shown
    assert s.pending_in_indexeddb(page, observation_id) == 1  # ... and still stored
    assert s.server_scores(s.api_observation(page, base, observation_id)) == {(1, a): 3}

    # Reopened by the project lead: the kept edit is sent after all.
    set_status(live_server, observation_id, "draft")
    page.reload()
    s.wait_ready(page)
    s.wait_synced(page)
    s.wait_for_server_scores(page, base, observation_id, {(1, a): 3, (1, b): 5})
    expect(page.locator("[data-locked-notice]")).to_be_hidden()


def test_the_servers_list_of_what_is_missing_is_shown_with_links(page, live_server):
    base = live_server.url
    s.sign_in(page, base, s.observer_account(live_server.accounts))
    s.start_observation(page, base)
    codes = s.dimension_codes(page)
    missing = {
        "error": "incomplete",
        "message": "Not complete",
        "details": {
            "missing": [{"kind": "score", "cycle": 2, "dimension": codes[1]}],
            "cycle_issues": [{"cycle": 3, "code": "too_short_redo", "minutes": 8.0}],
        },
    }
    # Whatever the device believes, the server is the truth about completeness.
    page.route(
        "**/api/v1/observations/*/submit",
        lambda route: route.fulfill(status=422, json=missing),
    )
    page.locator("[data-action=finish]").click()
    expect(page.locator("[data-confirm-submit]")).to_be_hidden()  # incomplete here too
    page.evaluate("() => document.querySelector('[data-confirm-submit]').hidden = false")
    page.locator("[data-action=submit]").click()
    result = page.locator("[data-finish-result]")
    expect(result).to_contain_text("Not complete")
    expect(result.locator(f"a[href='#c2-{codes[1]}']")).to_be_visible()
    expect(result.locator("a[href='#cycle-3-times']")).to_be_visible()
