"""The sync queue nothing can block (issue 15 §2): order is kept per cell, a refused edit is
listed in words with its value while the other cells go on, a 5xx is retried without holding
back the rest, a tap followed at once by a reload is kept, and a failing IndexedDB is said."""

import json
import random
import re

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.browser import observe_support as s

pytestmark = pytest.mark.browser

TAP_THEN_RELOAD_TRIALS = 100
# Test hooks for IndexedDB failures, installed before the page's scripts run: "once" closes
# the connection under the next transaction (as WebKit does), "always" refuses every one.
IDB_FAILURES = """
  const original = IDBDatabase.prototype.transaction;
  IDBDatabase.prototype.transaction = function (...args) {
    if (window.__idbFail === "once") { window.__idbFail = null; this.close(); }
    if (window.__idbFail === "always") throw new DOMException("closing", "InvalidStateError");
    return original.apply(this, args);
  };
"""

LEGACY_EDIT_JS = """([obsId, dim]) => new Promise((resolve, reject) => {
  const request = indexedDB.open("tettpaa-observe", 1);
  request.onupgradeneeded = () => {
    request.result.createObjectStore("changes", { keyPath: "key" }).createIndex("obs", "obsId");
    request.result.createObjectStore("snapshots", { keyPath: "id" });
  };
  request.onerror = () => reject(request.error);
  request.onsuccess = () => {
    const db = request.result;
    const tx = db.transaction("changes", "readwrite");
    const body = { value: 7, indicator_marks: {}, note: "", client_ts: new Date().toISOString() };
    tx.objectStore("changes").put({
      key: `${obsId}|score|1|${dim}`, obsId, kind: "score", cycle: 1, dim, body,
      state: "pending", seq: 1, error: null,
    });
    tx.oncomplete = () => { db.close(); resolve(); };
  };
})"""


def score_path(observation_id: str, code: str) -> re.Pattern:
    return re.compile(rf"/api/v1/observations/{observation_id}/cycles/1/scores/{code}$")


def test_a_refused_edit_and_a_failing_cell_do_not_hold_back_the_others(page, live_server):
    base = live_server.url
    s.sign_in(page, base, s.observer_account(live_server.accounts))
    observation_id = s.start_observation(page, base)
    codes = s.dimension_codes(page)
    refused, failing, free = codes[0], codes[1], codes[2:5]
    server_down = {"on": True, "failures": 0}

    def refuse(route):
        body = {"error": "invalid", "message": "Verdien ble avvist."}
        route.fulfill(status=422, content_type="application/json", body=json.dumps(body))

    def fail_while_down(route):
        if route.request.method == "PUT" and server_down["on"]:
            server_down["failures"] += 1
            return route.fulfill(status=500, content_type="application/json", body="{}")
        return route.continue_()

    page.route(score_path(observation_id, refused), refuse)
    page.route(score_path(observation_id, failing), fail_while_down)
    s.tap_score(page, 1, refused, 4)
    s.tap_score(page, 1, failing, 5)
    expected = {}
    for index, code in enumerate(free):
        s.tap_score(page, 1, code, index + 1)
        expected[(1, code)] = index + 1

    # The cells after the refused and the failing one reach the server meanwhile.
    s.wait_for_server_scores(page, base, observation_id, expected)
    item = page.locator(f"[data-sync-refused] li[data-refused-key$='|score|1|{refused}']")
    expect(item).to_be_visible()
    expect(item).to_contain_text("4")
    expect(item).to_contain_text("Verdien ble avvist.")
    expect(s.sync_badge(page)).to_have_attribute("data-sync-state", "error")
    assert server_down["failures"] >= 1

    # The server recovers: the failing cell arrives by its own retry (backoff), once.
    server_down["on"] = False
    expected[(1, failing)] = 5
    s.wait_for_server_scores(page, base, observation_id, expected)

    # The refused edit was kept on the device; once the server takes it, "Send again" sends it.
    page.unroute(score_path(observation_id, refused))
    item.get_by_role("button").first.click()
    expected[(1, refused)] = 4
    s.wait_for_server_scores(page, base, observation_id, expected)
    expect(page.locator("[data-sync-refused]")).to_be_hidden()
    s.wait_synced(page)


def tap_then_reload(page, radio_id: str, delay_ms: int) -> None:
    """Tap in the page and reload delay_ms later; a reload at 0 ms may end the call itself."""
    try:
        page.evaluate(
            """([id, delay]) => {
                document.getElementById(id).click();
                setTimeout(() => location.reload(), delay);
            }""",
            [radio_id, delay_ms],
        )
    except PlaywrightError as error:
        if "context was destroyed" not in str(error):
            raise


def test_tap_then_reload_within_50_ms_loses_nothing(page, live_server):
    base = live_server.url
    s.sign_in(page, base, s.observer_account(live_server.accounts))
    observation_id = s.start_observation(page, base)
    codes = s.dimension_codes(page)
    rng = random.Random(15)
    expected, lost = {}, []
    for trial in range(TAP_THEN_RELOAD_TRIALS):
        code = codes[trial % len(codes)]
        value = (expected.get((1, code), 0) % 7) + 1  # always a different value for the cell
        delay = rng.randint(0, 50)
        with page.expect_navigation(wait_until="load"):
            tap_then_reload(page, f"c1-{code}-v{value}", delay)
        s.wait_ready(page)
        expected[(1, code)] = value
        if not s.score_radio(page, 1, code, value).is_checked():
            lost.append((trial, code, value, delay))
    print(f"\ntap then reload: {len(lost)} of {TAP_THEN_RELOAD_TRIALS} taps lost")
    assert lost == []
    s.wait_for_server_scores(page, base, observation_id, expected)
    s.wait_synced(page)


def test_indexeddb_is_reopened_and_a_lasting_failure_is_said(page, live_server):
    base = live_server.url
    page.add_init_script(IDB_FAILURES)
    s.sign_in(page, base, s.observer_account(live_server.accounts))
    observation_id = s.start_observation(page, base)
    codes = s.dimension_codes(page)

    # A connection closed under a tap (WebKit): reopened, the tap is stored and sent.
    page.evaluate("window.__idbFail = 'once'")
    s.tap_score(page, 1, codes[0], 3)
    s.wait_for_server_scores(page, base, observation_id, {(1, codes[0]): 3})
    s.wait_synced(page)
    expect(page.locator("[data-storage-failed]")).to_be_hidden()

    # Storage keeps failing (quota, private mode): the page says so and never "saved".
    page.evaluate("window.__idbFail = 'always'")
    s.tap_score(page, 1, codes[1], 6)
    notice = page.locator("[data-storage-failed]")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text(re.compile("IKKE|NOT"))  # nb once translated
    badge = s.sync_badge(page)
    expect(badge).to_have_attribute("data-sync-state", "error")
    expect(badge).to_have_attribute("data-sync-reason", "storage")
    s.screenshot(page, "observe-storage-failed", full_page=False)

    # It works again: the next tap is stored, the notice goes, everything is sent.
    page.evaluate("window.__idbFail = null")
    s.tap_score(page, 1, codes[2], 2)
    expect(notice).to_be_hidden()
    s.wait_for_server_scores(page, base, observation_id, {(1, codes[0]): 3, (1, codes[2]): 2})

    # An edit left unsent in the database all users shared before (an older version of the
    # app) is moved into this user's database at start, sent, and the old database deleted.
    page.evaluate(LEGACY_EDIT_JS, [observation_id, codes[3]])
    page.reload()
    s.wait_ready(page)
    # The tap IndexedDB refused was still in the journal (localStorage): replayed and sent too.
    expected = {(1, codes[0]): 3, (1, codes[1]): 6, (1, codes[2]): 2, (1, codes[3]): 7}
    s.wait_for_server_scores(page, base, observation_id, expected)
    names = page.evaluate("async () => (await indexedDB.databases()).map((d) => d.name)")
    assert "tettpaa-observe" not in names
