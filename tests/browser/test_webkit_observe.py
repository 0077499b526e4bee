"""The tablet journeys in WebKit, Safari's engine (every iPad browser runs it): scoring a cycle,
the server dying mid-visit, and the cycle timer. Screenshots land in test-results/screenshots/.

One worker runs them all (xdist group), in one WebKitGTK browser on its own Xvfb display.
"""

import pytest

from tests.browser import observe_support as s
from tests.browser import webkit_support as w

pytestmark = [pytest.mark.webkit, pytest.mark.xdist_group("webkit")]


def value_for(cycle: int, index: int) -> int:
    """A spread of scores so that a mix-up between cells would show."""
    return (index * 3 + cycle) % 7 + 1


def tap_scores(driver, cycle: int, codes: list[str], expected: dict) -> None:
    for index, code in enumerate(codes):
        w.tap_score(driver, cycle, code, value_for(cycle, index))
        expected[(cycle, code)] = value_for(cycle, index)


def wider_than_window(driver) -> list[str]:
    """Elements that stick out past the window's width (empty: no horizontal scrolling)."""
    return w.run_js(
        driver,
        """() => [...document.querySelectorAll("body *")]
            .filter(el => el.getBoundingClientRect().right > innerWidth + 0.5)
            .slice(0, 5)
            .map(el => `${el.tagName}.${el.className} ${el.getBoundingClientRect().right}`)""",
    )


def bar_height_of(driver) -> int:
    return w.run_js(driver, "() => document.querySelector('.obs-bar').offsetHeight")


def test_a_whole_cycle_scored_in_webkit_reaches_the_server(webkit_driver, live_server):
    driver, base = webkit_driver, live_server.url
    w.hold(driver, "portrait")
    w.sign_in(driver, base, s.observer_account(live_server.accounts))
    observation_id = w.start_observation(driver, base)
    codes = w.dimension_codes(driver)
    expected: dict = {}
    tap_scores(driver, 1, codes, expected)
    w.wait_synced(driver, observation_id)
    w.wait_for_server_scores(driver, base, observation_id, expected)

    driver.execute_script("window.scrollTo(0, 0)")
    for orientation in w.IPAD:
        w.hold(driver, orientation)
        assert wider_than_window(driver) == []
        w.screenshot(driver, f"webkit-observe-{orientation}", orientation)


def test_a_server_killed_mid_cycle_in_webkit_loses_no_tap(webkit_driver, child_server):
    driver, base = webkit_driver, child_server.url
    w.hold(driver, "portrait")
    w.sign_in(driver, base, s.observer_account(child_server.accounts))
    observation_id = w.start_observation(driver, base)
    codes = w.dimension_codes(driver)
    half = len(codes) // 2
    expected: dict = {}
    tap_scores(driver, 1, codes[:half], expected)
    w.wait_synced(driver, observation_id)
    w.wait_offline_ready(driver)

    bar_height = bar_height_of(driver)
    child_server.kill()
    for index, code in enumerate(codes[half:], start=half):
        w.tap_score(driver, 1, code, value_for(1, index))
        expected[(1, code)] = value_for(1, index)
    w.wait_badge(driver, "error", "offline")
    # WebKit has no scroll anchoring: a taller sticky bar would move the buttons mid-tap.
    assert bar_height_of(driver) == bar_height
    assert str(len(codes) - half) in w.element(driver, "[data-sync-badge]").get_attribute(
        "textContent"
    )

    # A reload with no server: the service worker serves the form, IndexedDB every tap.
    driver.refresh()
    w.wait_ready(driver)
    assert w.checked_scores(driver, 3, codes) == expected
    w.go_to_cycle(driver, 2)
    tap_scores(driver, 2, codes[:2], expected)

    child_server.start()
    w.tap(driver, "[data-action=send-now]")
    w.wait_synced(driver, observation_id)
    w.wait_for_server_scores(driver, base, observation_id, expected)
    taps = len(expected)
    assert s.stored_score_counts(child_server.database_url, observation_id) == (taps, taps)


def test_the_cycle_timer_survives_a_double_tap_on_start_in_webkit(webkit_driver, live_server):
    driver, base = webkit_driver, live_server.url
    w.hold(driver, "portrait")
    w.sign_in(driver, base, s.observer_account(live_server.accounts))
    observation_id = w.start_observation(driver, base)
    timer = "#cycle-1 [data-timer]"
    assert w.element(driver, timer).get_attribute("data-phase") == "idle"

    # The second tap lands where "Start cycle" was: "End cycle" is elsewhere, and waits.
    w.double_tap(driver, "#cycle-1 [data-action=start-cycle]")
    w.wait_until(driver, w.attribute_is(timer, "data-phase", "running"), "the timer did not start")
    w.wait_until(
        driver,
        lambda d: w.element(d, f"{timer} [data-elapsed]").text not in ("", "00:00"),
        "the timer does not count",
    )
    assert w.element(driver, timer).get_attribute("data-phase") == "running"
    w.wait_synced(driver, observation_id)

    end = "#cycle-1 [data-action=end-cycle]"
    w.wait_until(driver, lambda d: w.element(d, end).is_enabled(), "End cycle never became usable")
    w.tap(driver, end)
    w.wait_until(driver, w.attribute_is(timer, "data-phase", "done"), "the timer did not stop")
    w.wait_synced(driver, observation_id)
    cycle = w.api_observation(driver, base, observation_id)["cycles"][0]
    assert cycle["started_at"] and cycle["ended_at"] > cycle["started_at"]
