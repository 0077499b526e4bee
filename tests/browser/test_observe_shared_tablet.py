"""Shared tablets (issue 15 §3): signing out with unsent changes warns and offers to send them
first; after sign-out nothing of the observer's work can be read from the device's storage
(IndexedDB, the service worker's caches, localStorage). Also: the form can be installed."""

import pytest
from playwright.sync_api import expect

from tests.browser import observe_support as s

pytestmark = pytest.mark.browser

# Everything the origin's storage holds that could carry an observation.
DEVICE_STORAGE_JS = """async () => {
  const databases = (await indexedDB.databases()).map((d) => d.name);
  const cached = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) cached.push(new URL(request.url).pathname);
  }
  return { databases, cached, local: Object.keys(localStorage) };
}"""


def test_sign_out_sends_first_then_leaves_nothing_on_the_device(page, live_server):
    base = live_server.url
    s.sign_in(page, base, s.observer_account(live_server.accounts))
    line = page.locator("[data-storage-persistence]")
    expect(line).to_be_visible()
    assert line.get_attribute("data-persistent") in {"0", "1"}

    observation_id = s.start_observation(page, base)
    codes = s.dimension_codes(page)
    expected = {(1, codes[0]): 2}
    s.tap_score(page, 1, codes[0], 2)
    s.wait_synced(page)
    s.wait_offline_ready(page)
    page.context.set_offline(True)
    for index, code in enumerate(codes[1:4]):
        s.tap_score(page, 1, code, index + 3)
        expected[(1, code)] = index + 3
    stored = page.evaluate(DEVICE_STORAGE_JS)
    assert any(name.startswith("tettpaa-observe-") for name in stored["databases"])
    assert any(observation_id in path for path in stored["cached"])

    # Sign out while offline: a warning with the count; sending fails, so it asks again.
    page.locator("header form[action$='/logout'] button").click()
    dialog = page.locator("dialog[data-logout-warning]")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("3")
    s.screenshot(page, "observe-logout-unsent", full_page=False)
    dialog.locator("[data-logout-choice='send']").click()
    expect(dialog).to_be_visible()
    assert "/login" not in page.url

    # Online again: "Send them first" sends the three, then signs out.
    page.context.set_offline(False)
    dialog.locator("[data-logout-choice='send']").click()
    page.wait_for_url("**/login**")
    left = page.evaluate(DEVICE_STORAGE_JS)
    assert [n for n in left["databases"] if n.startswith("tettpaa")] == []
    assert [k for k in left["local"] if k.startswith("tettpaa")] == []
    assert [p for p in left["cached"] if not p.startswith("/static/")] == []

    s.sign_in(page, base, s.observer_account(live_server.accounts))
    s.wait_for_server_scores(page, base, observation_id, expected)


def test_the_form_can_be_installed(page, live_server):
    base = live_server.url
    s.sign_in(page, base, s.observer_account(live_server.accounts))
    page.goto(f"{base}/observe/new")
    href = page.locator("link[rel=manifest]").get_attribute("href")
    manifest = page.request.get(f"{base}{href}").json()
    assert manifest["display"] == "standalone" and manifest["start_url"] == "/home/observer"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        response = page.request.get(f"{base}{href.rsplit('/', 1)[0]}/{icon['src']}")
        assert response.ok and response.headers["content-type"].startswith("image/")
