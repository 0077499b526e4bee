"""An observer releases the written feedback: refused without a meeting, confirmed before it goes.

On a phone, releasing before the meeting is recorded keeps the text, puts the error summary at
the top and moves focus to it; on a tablet the release is confirmed in a dialog and goes
through. The draft saves as the observer types, and what was typed offline reaches the server
once back online or after a reload. Screenshots: test-results/screenshots/feedback-release-*.png.
"""

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from analysis.semesters import semester_of
from app.demo import DEMO_PASSWORD
from app.models import Feedback, Observation, User
from tests.browser.conftest import PHONE, TABLET
from tests.browser.observe_support import serious_axe_findings

pytestmark = pytest.mark.browser
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"
OWN_TEXT = " Egen setning fra observatøren."
OFFLINE_TEXT = " Skrevet uten nett."
RELOAD_TEXT = " Skrevet før siden ble lastet på nytt."


@pytest.fixture
def unreleased(live_server):
    """A submitted regular observation of this semester (the oldest: test_report takes the
    newest), with its observer's e-mail."""
    session = db(live_server)
    observation = session.scalar(select(Observation).where(
        Observation.status == "submitted", Observation.kind == "regular",
        Observation.semester == semester_of(datetime.now(UTC).date()),
    ).order_by(Observation.observed_on, Observation.id).limit(1))  # fmt: skip
    if observation is None:
        pytest.skip("the demo has no submitted visit this early in the semester")
    email = session.get(User, observation.observer_id).email
    session.close()
    return observation, email


def db(live_server):
    return live_server.app.extensions["db_sessionmaker"]()


def sign_in(page: Page, base_url: str, email: str) -> None:
    page.goto(f"{base_url}/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(DEMO_PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/home/**")


def shot(page: Page, name: str, full_page: bool = False) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"feedback-release-{name}.png"), full_page=full_page)


def open_form(browser, live_server, observation, email, device: dict):
    context = browser.new_context(**device, locale="nb-NO")
    page = context.new_page()
    sign_in(page, live_server.url, email)
    page.goto(f"{live_server.url}/reports/{observation.id}/feedback")
    return context, page


def stored(live_server, observation_id):
    session = db(live_server)
    status = session.get(Observation, observation_id).status
    feedback = session.scalar(select(Feedback).where(Feedback.observation_id == observation_id))
    session.close()
    return status, feedback


def test_release_is_refused_without_a_meeting_then_confirmed_and_released(
    browser, live_server, unreleased
):
    observation, email = unreleased
    context, page = open_form(browser, live_server, observation, email, PHONE)
    strengths = page.locator("textarea[name=strengths]")
    page.locator("input[name=meeting_held_at]").fill("")
    strengths.press("End")
    strengths.press_sequentially(OWN_TEXT, delay=5)
    saved = page.locator('[data-save-status][data-save-state="saved"]')
    expect(saved).to_be_visible(timeout=10000)  # autosaved: "Lagret hh:mm"

    context.set_offline(True)  # typed offline: kept on the device, sent once back online
    strengths.press_sequentially(OFFLINE_TEXT, delay=5)
    expect(page.locator('[data-save-state="offline"]')).to_be_visible(timeout=10000)
    context.set_offline(False)
    expect(saved).to_be_visible(timeout=10000)
    assert OFFLINE_TEXT.strip() in stored(live_server, observation.id)[1].strengths

    # The server unreachable, then a reload: the copy on the device comes back and is sent.
    def refuse_posts(route):
        return route.abort() if route.request.method == "POST" else route.continue_()

    page.route("**/feedback", refuse_posts)
    strengths.press_sequentially(RELOAD_TEXT, delay=5)
    expect(page.locator('[data-save-state="offline"]')).to_be_visible(timeout=10000)
    page.unroute("**/feedback")
    page.reload()
    expect(saved).to_be_visible(timeout=10000)
    assert RELOAD_TEXT.strip() in strengths.input_value()
    assert RELOAD_TEXT.strip() in stored(live_server, observation.id)[1].strengths
    kept = strengths.input_value()

    page.locator("button[data-release]").click()  # not confirmed: the dialog asks first
    dialog = page.locator("[data-release-dialog]")
    expect(dialog).to_be_visible()
    shot(page, "dialog-phone")
    dialog.locator("[data-release-confirm]").click()
    page.wait_for_load_state()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary.locator('a[href="#meeting_held_at"]')).to_be_visible()
    assert page.locator("textarea[name=strengths]").input_value() == kept
    assert page.locator("input[name=meeting_held_at]").get_attribute("aria-invalid") == "true"
    assert serious_axe_findings(page) == []
    shot(page, "refused-phone")
    status, feedback = stored(live_server, observation.id)
    assert status == "submitted" and feedback.released_at is None
    assert feedback.strengths.replace("\r\n", "\n") == kept.strip()  # a form posts CRLF
    summary.locator('a[href="#meeting_held_at"]').click()
    expect(page.locator("input[name=meeting_held_at]")).to_be_focused()
    context.close()

    context, page = open_form(browser, live_server, observation, email, TABLET)
    assert page.locator("textarea[name=strengths]").input_value() == kept  # the saved draft
    held = datetime.now(ZoneInfo("Europe/Oslo")) - timedelta(hours=1)
    page.locator("input[name=meeting_held_at]").fill(held.strftime("%Y-%m-%dT%H:%M"))
    page.locator("textarea[name=meeting_attendees]").fill("Pedagogisk leder og fire ansatte")
    shot(page, "form-tablet")
    page.locator("button[data-release]").click()
    dialog = page.locator("[data-release-dialog]")
    expect(dialog).to_be_visible()
    assert serious_axe_findings(page) == []
    shot(page, "dialog-tablet")
    dialog.locator("[data-release-cancel]").click()  # cancelling changes nothing
    expect(dialog).to_be_hidden()
    assert stored(live_server, observation.id)[0] == "submitted"
    page.locator("button[data-release]").click()
    dialog.locator("[data-release-confirm]").click()
    page.wait_for_url(f"**/reports/{observation.id}")
    status, feedback = stored(live_server, observation.id)
    assert status == "released" and feedback.released_at is not None
    assert OWN_TEXT.strip() in feedback.strengths
    context.close()
