"""An observer scores three cycles on a tablet and on a phone, offline for part of the visit,
and every score reaches the server exactly once."""

import uuid

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from app.models import AuditEvent, Cycle, Score
from tests.browser import observe_support as s
from tests.browser.conftest import PHONE, TABLET

pytestmark = pytest.mark.browser

DEVICES = {"tablet": TABLET, "phone": PHONE}
TIMES = {1: ("09:00", "09:17", ""), 2: ("09:40", "09:56", ""), 3: ("10:20", "10:32", "Utetid")}


def value_for(cycle: int, index: int) -> int:
    """A spread of scores so that a mix-up between cells would show."""
    return (index * 3 + cycle) % 7 + 1


def score_cells(page, cycle: int, codes: list[str], expected: dict) -> None:
    for index, code in enumerate(codes):
        value = value_for(cycle, index)
        s.tap_score(page, cycle, code, value)
        expected[(cycle, code)] = value


def stored_counts(live_server, observation_id: str) -> tuple[int, int]:
    """Score rows, and audit rows recording a score value, for one observation."""
    session = live_server.app.extensions["db_sessionmaker"]()
    try:
        scores = session.scalar(
            select(func.count(Score.id))
            .join(Cycle, Score.cycle_id == Cycle.id)
            .where(Cycle.observation_id == uuid.UUID(observation_id))
        )
        audits = session.scalar(
            select(func.count(AuditEvent.id)).where(
                AuditEvent.entity == "score",
                AuditEvent.field == "value",
                AuditEvent.entity_id.like(f"{observation_id}/%"),
            )
        )
        return scores, audits
    finally:
        session.close()


@pytest.fixture(params=sorted(DEVICES))
def device_page(request, browser):
    context = browser.new_context(**DEVICES[request.param], locale="nb-NO")
    page = context.new_page()
    page.device = request.param
    yield page
    context.close()


def test_three_cycles_with_an_offline_stretch_arrive_exactly_once(device_page, live_server):
    page, base = device_page, live_server.url
    s.sign_in(page, base, s.observer_account(live_server.accounts))
    observation_id = s.start_observation(page, base, kind="practice")
    codes = s.dimension_codes(page)
    expected: dict = {}

    # Cycle 1, online: every tap is on the server once the badge says so.
    s.set_cycle_times(page, 1, *TIMES[1])
    page.locator("#cycle-1-children").fill("11")
    page.locator("#cycle-1-adults").fill("3")
    page.locator("#cycle-1-setting").select_option("free_play")
    score_cells(page, 1, codes, expected)
    s.wait_synced(page)
    s.wait_for_server_scores(page, base, observation_id, expected)
    assert s.wider_than_screen(page) == []
    s.wait_offline_ready(page)

    # Cycle 2: the Wi-Fi drops halfway through.
    s.go_to_cycle(page, 2)
    s.set_cycle_times(page, 2, *TIMES[2])
    half = len(codes) // 2
    score_cells(page, 2, codes[:half], expected)
    s.wait_synced(page)
    page.context.set_offline(True)
    for index, code in enumerate(codes[half:], start=half):
        s.tap_score(page, 2, code, value_for(2, index))
        expected[(2, code)] = value_for(2, index)
    badge = s.sync_badge(page)
    expect(badge).not_to_have_attribute("data-sync-state", "synced")
    expect(badge).to_contain_text(str(len(codes) - half))
    s.screenshot(page, f"observe-offline-{page.device}", full_page=False)

    # Reload while offline: the service worker serves the form, IndexedDB the scores.
    page.reload()
    s.wait_ready(page)
    expect(page.locator("[data-cycle-section='2']")).to_be_visible()
    assert s.checked_scores(page, 3, codes) == expected
    expect(page.locator("#cycle-2-start")).to_have_value(TIMES[2][0])

    # Keep scoring offline after the reload: cycle 3, which needs a reason (12 minutes).
    s.go_to_cycle(page, 3)
    s.set_cycle_times(page, 3, *TIMES[3])
    score_cells(page, 3, codes, expected)
    expect(badge).not_to_have_attribute("data-sync-state", "synced")
    assert s.server_scores(s.api_observation(page, base, observation_id)) != expected

    # Back online: the queue drains by itself and the server holds every score exactly.
    page.context.set_offline(False)
    s.wait_synced(page)
    s.wait_for_server_scores(page, base, observation_id, expected)
    assert s.pending_in_indexeddb(page, observation_id) == 0
    assert stored_counts(live_server, observation_id) == (len(expected), len(expected))
    held = s.api_observation(page, base, observation_id)
    assert held["cycles"][0]["children_present"] == 11
    assert held["cycles"][0]["setting"] == "free_play"
    assert held["cycles"][2]["deviation_reason"] == "Utetid"
    assert s.wider_than_screen(page) == []

    # Finish: complete, so the server accepts it; then the form is locked.
    page.locator("[data-action=finish]").click()
    page.locator("[data-action=submit]").click()
    page.wait_for_url(f"**/observe/{observation_id}/summary")
    for (cycle, code), value in expected.items():
        cell = page.locator(f"tr[data-dimension='{code}'] td[data-cycle='{cycle}']")
        expect(cell).to_have_text(str(value))
    s.screenshot(page, f"observe-summary-{page.device}")
    page.goto(f"{base}/observe/{observation_id}")
    s.wait_ready(page)
    expect(page.locator("[data-locked-notice]")).to_be_visible()
    expect(page.locator(f"#c1-{codes[0]}-v1")).to_be_disabled()
