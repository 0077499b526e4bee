"""The form on real screen sizes: it fits, it passes axe, it works by keyboard, and its timer
signals at 15 and 20 minutes. Screenshots land in test-results/screenshots/ to be looked at."""

import pytest
from playwright.sync_api import expect

from tests.browser import observe_support as s
from tests.browser.conftest import PHONE, TABLET

pytestmark = pytest.mark.browser

VIEWS = {
    "portrait": TABLET,
    "landscape": {**TABLET, "viewport": {"width": 1080, "height": 810}},
    "phone": PHONE,
}


def check_screen(page, name: str) -> None:
    """No horizontal scrolling, nothing serious for axe, and a screenshot to look at."""
    assert s.wider_than_screen(page) == []
    s.screenshot(page, name)
    assert s.serious_axe_findings(page) == []


def fill_some_of_the_form(page, codes: list[str]) -> None:
    """Put the form in a busy state: scores, indicator marks, a note with a name, a timer."""
    page.locator("#cycle-1 [data-action=start-cycle]").click()
    for index, code in enumerate(codes[:4]):
        s.tap_score(page, 1, code, index + 3)
    fieldset = page.locator(f"#c1-{codes[0]}")
    fieldset.locator("details[data-more] summary").click()  # note, indicators, about
    for radio in fieldset.locator("input[data-mark][value=mid]").all():
        page.locator(f"label[for='{radio.get_attribute('id')}']").click()
    expect(fieldset.locator("[data-suggestion]")).to_contain_text("3, 4, 5")
    page.locator(f"#c1-{codes[1]} details[data-more] summary").click()
    note = page.locator(f"#c1-{codes[1]}-note")
    note.fill("Voksen trøstet Emma etter fallet.")
    expect(page.locator(f"#c1-{codes[1]}-names")).to_contain_text("Emma")
    expect(page.locator(f"#c1-{codes[1]}").locator(".about")).to_be_visible()
    # Marks on an unscored dimension suggest a score but never choose one.
    unscored = page.locator(f"#c1-{codes[5]}")
    unscored.locator("details[data-more] summary").click()
    for radio in unscored.locator("input[data-mark][value=high]").all():
        page.locator(f"label[for='{radio.get_attribute('id')}']").click()
    expect(unscored.locator("[data-suggestion]")).to_contain_text("6, 7")
    expect(unscored.locator("input[data-score]:checked")).to_have_count(0)


def score_buttons_are_large(page) -> list[str]:
    """Every 1–7 button on screen is at least 44 × 44 CSS pixels."""
    sizes = page.locator("[data-cycle-section]:not([hidden]) .score-option label").evaluate_all(
        "labels => labels.map(l => [l.htmlFor, l.getBoundingClientRect().width,"
        " l.getBoundingClientRect().height])"
    )
    assert sizes
    return [f"{name}: {w:.0f}×{h:.0f}" for name, w, h in sizes if w < 44 or h < 44]


@pytest.mark.parametrize("view", sorted(VIEWS))
def test_start_form_and_summary_fit_the_screen_and_pass_axe(browser, live_server, view):
    context = browser.new_context(**VIEWS[view], locale="nb-NO")
    page = context.new_page()
    base = live_server.url
    s.sign_in(page, base, s.observer_account(live_server.accounts))
    page.goto(f"{base}/observe/new")
    check_screen(page, f"observe-start-{view}")
    # Far down the list, the start button and the choice are still on screen.
    page.locator("[data-department-option]:not([hidden]) label").nth(40).click()
    expect(page.locator("#start-form button[type=submit]")).to_be_in_viewport()
    s.screenshot(page, f"observe-start-chosen-{view}", full_page=False)

    observation_id = s.start_observation(page, base)
    codes = s.dimension_codes(page)
    fill_some_of_the_form(page, codes)
    s.wait_synced(page)
    assert score_buttons_are_large(page) == []
    held = s.server_scores(s.api_observation(page, base, observation_id))
    assert held == {(1, code): index + 3 for index, code in enumerate(codes[:4])}
    page.evaluate("() => window.scrollTo(0, 0)")
    check_screen(page, f"observe-form-{view}")

    page.locator("[data-action=finish]").click()
    problems = page.locator("[data-finish-result]")
    expect(problems).to_be_visible()
    expect(problems.locator("a").first).to_have_attribute("href", "#cycle-1-times")
    problems.locator(f"a[href='#c1-{codes[4]}']").click()
    expect(page.locator(f"#c1-{codes[4]}")).to_be_focused()
    page.locator(".cycle-nav [data-cycle-link='3']").click()
    page.locator("[data-action=finish]").click()
    problems.locator(f"a[href='#c2-{codes[0]}']").click()
    expect(page.locator("[data-cycle-section='2']")).to_be_visible()
    expect(page.locator(f"#c2-{codes[0]}")).to_be_focused()
    assert s.serious_axe_findings(page) == []

    page.goto(f"{base}/observe/{observation_id}/summary")
    check_screen(page, f"observe-summary-{view}")
    context.close()


def test_arrow_keys_move_within_a_score_and_the_choice_is_saved(page, live_server):
    base = live_server.url
    s.sign_in(page, base, s.observer_account(live_server.accounts))
    observation_id = s.start_observation(page, base)
    code = s.dimension_codes(page)[2]
    page.locator(f"#c1-{code}-v4").focus()
    page.keyboard.press("Space")
    expect(s.score_radio(page, 1, code, 4)).to_be_checked()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(s.score_radio(page, 1, code, 6)).to_be_checked()
    expect(s.score_radio(page, 1, code, 6)).to_be_focused()
    s.wait_synced(page)
    s.wait_for_server_scores(page, base, observation_id, {(1, code): 6})


def test_the_cycle_timer_signals_at_15_and_20_minutes(page, live_server):
    base = live_server.url
    page.add_init_script("navigator.vibrate = (p) => ((window.vibrations ||= []).push(p), true);")
    page.clock.install()
    s.sign_in(page, base, s.observer_account(live_server.accounts))
    observation_id = s.start_observation(page, base)
    timer = page.locator("#cycle-1 [data-timer]")
    page.locator("#cycle-1 [data-action=start-cycle]").click()
    expect(timer).to_have_attribute("data-phase", "running")

    page.clock.run_for("15:01")
    expect(timer).to_have_attribute("data-phase", "window")
    expect(timer.locator("[data-elapsed]")).to_have_text("15:01")
    expect(timer.locator("[data-timer-cue]")).not_to_be_empty()
    page.clock.run_for("05:00")
    expect(timer).to_have_attribute("data-phase", "over")
    assert len(page.evaluate("() => window.vibrations")) == 2

    page.locator("#cycle-1 [data-action=end-cycle]").click()
    expect(timer).to_have_attribute("data-phase", "done")
    s.wait_synced(page)
    cycle = s.api_observation(page, base, observation_id)["cycles"][0]
    assert cycle["started_at"] and cycle["ended_at"] > cycle["started_at"]
