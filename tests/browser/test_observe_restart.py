"""The server goes down in the middle of a visit (a crash, a redeploy) and comes back: the
tablet keeps working, and every score arrives once the server is up again."""

import pytest
from playwright.sync_api import expect

from tests.browser import observe_support as s
from tests.browser.conftest import TABLET

pytestmark = pytest.mark.browser


def test_a_server_restart_during_scoring_loses_nothing(browser, child_server):
    context = browser.new_context(**TABLET, locale="nb-NO")
    page = context.new_page()
    base = child_server.url
    s.sign_in(page, base, s.observer_account(child_server.accounts))
    observation_id = s.start_observation(page, base)
    codes = s.dimension_codes(page)
    expected = {}
    for index, code in enumerate(codes[:3]):
        s.tap_score(page, 1, code, index + 1)
        expected[(1, code)] = index + 1
    s.wait_synced(page)
    s.wait_offline_ready(page)

    child_server.kill()
    for index, code in enumerate(codes[3:], start=3):
        s.tap_score(page, 1, code, index % 7 + 1)
        expected[(1, code)] = index % 7 + 1
    s.go_to_cycle(page, 2)
    s.tap_score(page, 2, codes[0], 6)
    expected[(2, codes[0])] = 6
    # No answer at all is being offline, not an error: calm, and the edits are kept.
    expect(s.sync_badge(page)).to_have_attribute("data-sync-state", "offline")
    # Even a reload while the server is down shows everything (from the service worker).
    page.reload()
    s.wait_ready(page)
    assert s.checked_scores(page, 3, codes) == expected
    s.tap_score(page, 2, codes[1], 1)
    expected[(2, codes[1])] = 1

    child_server.start()
    page.locator("[data-action=send-now]").click()
    s.wait_synced(page)
    s.wait_for_server_scores(page, base, observation_id, expected)
    assert s.stored_score_counts(child_server.database_url, observation_id) == (
        len(expected),
        len(expected),
    )
    context.close()
