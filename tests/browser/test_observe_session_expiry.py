"""An observer scores offline, the session times out meanwhile, and nothing is lost: the badge
asks for a sign-in, the observer signs in (in another tab), and every score arrives once."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select, update

from analysis.schema import user, user_session
from analysis.schema_columns import utcnow
from tests.browser import observe_support as s
from tests.browser.test_observe_offline import stored_counts

pytestmark = pytest.mark.browser


def age_latest_session(live_server, email: str, minutes: int) -> None:
    """Make the user's newest session look idle for `minutes` (the idle timeout is 30)."""
    db = live_server.app.extensions["db_sessionmaker"]()
    try:
        uid = db.scalar(select(user.c.id).where(user.c.email == email))
        newest = db.scalar(
            select(user_session.c.token_hash)
            .where(user_session.c.user_id == uid, user_session.c.ended_at.is_(None))
            .order_by(user_session.c.created_at.desc())
            .limit(1)
        )
        db.execute(
            update(user_session)
            .where(user_session.c.token_hash == newest)
            .values(last_seen_at=utcnow() - timedelta(minutes=minutes))
        )
        db.commit()
    finally:
        db.close()


def score_all(page, cycle: int, codes: list[str], expected: dict, offset: int = 0) -> None:
    for index, code in enumerate(codes):
        value = (index + cycle + offset) % 7 + 1
        s.tap_score(page, cycle, code, value)
        expected[(cycle, code)] = value


def test_expired_session_keeps_the_queue_until_sign_in_in_another_tab(page, live_server):
    base, account = live_server.url, s.observer_account(live_server.accounts)
    s.sign_in(page, base, account)
    observation_id = s.start_observation(page, base)
    codes = s.dimension_codes(page)
    expected: dict = {}
    score_all(page, 1, codes[:3], expected)
    s.wait_synced(page)
    s.wait_offline_ready(page)

    # Offline for longer than the idle timeout: the server ends the session meanwhile.
    page.context.set_offline(True)
    score_all(page, 1, codes[3:], expected)
    score_all(page, 1, codes[:3], expected, offset=3)  # changed while offline
    age_latest_session(live_server, account["email"], minutes=31)

    # Back online: the queue is refused (401), keeps everything and asks for a sign-in.
    page.context.set_offline(False)  # "online" sends at once
    badge = s.sync_badge(page)
    expect(badge).to_have_attribute("data-sync-reason", "signin", timeout=s.SYNC_TIMEOUT_MS)
    expect(badge).to_have_attribute("data-sync-state", "error")
    expect(badge).to_contain_text("logget ut")
    link = page.locator("[data-sync-signin]")
    expect(link).to_be_visible()
    expect(link).to_have_attribute("target", "_blank")
    expect(page.locator("[data-action='send-now']")).to_be_hidden()  # the link takes its place
    assert f"next=%2Fobserve%2F{observation_id}" in link.get_attribute("href")
    assert s.pending_in_indexeddb(page, observation_id) == len(codes)
    s.screenshot(page, "observe-signin-needed", full_page=False)

    # Sign in in another tab (landing on the home page), then come back to the form: it
    # refreshes its CSRF token and sends the queue by itself.
    other = page.context.new_page()
    s.sign_in(other, base, account)
    page.bring_to_front()
    page.evaluate("() => window.dispatchEvent(new Event('focus'))")  # headless has no real focus
    s.wait_synced(page)
    expect(link).to_be_hidden()
    s.wait_for_server_scores(page, base, observation_id, expected)
    assert stored_counts(live_server, observation_id)[0] == len(expected)
    other.close()


def test_signing_in_through_the_badge_link_resumes_the_queue(page, live_server):
    base, account = live_server.url, s.observer_account(live_server.accounts)
    s.sign_in(page, base, account)
    observation_id = s.start_observation(page, base)
    codes = s.dimension_codes(page)
    expected: dict = {}
    s.wait_offline_ready(page)
    page.context.set_offline(True)
    score_all(page, 1, codes, expected)
    age_latest_session(live_server, account["email"], minutes=31)
    page.context.set_offline(False)
    expect(s.sync_badge(page)).to_have_attribute("data-sync-reason", "signin", timeout=20_000)

    # The link opens the login page in a new tab; signing in there lands on this observation.
    with page.context.expect_page() as opened:
        page.locator("[data-sync-signin]").click()
    other = opened.value
    other.locator("#email").fill(account["email"])
    other.locator("#password").fill(account["password"])
    other.locator("form button[type=submit]").last.click()
    other.wait_for_url(f"**/observe/{observation_id}*")
    s.wait_synced(page)  # woken by the other tab, no focus needed
    s.wait_for_server_scores(page, base, observation_id, expected)
    assert stored_counts(live_server, observation_id)[0] == len(expected)
    other.close()
