"""A staff member on a phone writes this month's practice narrative and hands it in.

The draft saves as they type (a reload keeps it), the name check flags a child's name next to
the text, and the hand-in lists it before the author decides. Screenshots land in
test-results/screenshots/narrative-*.png.
"""

from datetime import date

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from analysis.school_year import month_of
from app.db import get_session
from app.demo import DEMO_PASSWORD
from app.models import PracticeNarrative, User, UserRole, department_member
from tests.browser.conftest import PHONE

from .test_dashboard import SCREENSHOTS, no_sideways_scroll, serious_axe_findings

pytestmark = pytest.mark.browser
TEXT = "Under samlingen satt voksen på gulvet og fulgte opp Emma sitt initiativ. "
MORE = "Barna fikk velge sang."


def staff_member_without_a_narrative(live_server) -> str:
    """The e-mail of an active staff member with a department and no narrative this month."""
    month = month_of(date.today())
    with live_server.app.app_context():
        written = select(PracticeNarrative.author_id).where(PracticeNarrative.month == month)
        email = get_session().scalar(
            select(User.email)
            .join(UserRole, UserRole.user_id == User.id)
            .join(department_member, department_member.c.user_id == User.id)
            .where(UserRole.role.in_(["staff"]), User.active.is_(True), User.id.not_in(written))
            .order_by(User.id)
            .limit(1)
        )
    if email is None:
        pytest.skip("every staff member of the demo has written this month's narrative")
    return email


def shot(page: Page, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"narrative-{name}-phone.png"), full_page=True)
    assert no_sideways_scroll(page), name


def test_a_staff_member_writes_and_hands_in_a_narrative_on_a_phone(browser, live_server):
    email = staff_member_without_a_narrative(live_server)
    context = browser.new_context(**PHONE, locale="nb-NO")
    page = context.new_page()
    page.goto(f"{live_server.url}/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(DEMO_PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/home/**")
    card = page.locator("[data-narrative-card]")
    expect(card.locator('[data-narrative-status="department_meeting:not_started"]')).to_be_visible()
    shot(page, "home")

    card.locator("a.button").first.click()
    page.wait_for_url("**/guidance/narratives/**/department_meeting")
    text = page.locator("textarea[name=text]")
    text.press_sequentially(TEXT, delay=5)
    expect(page.locator("[data-name-flags]")).to_be_visible()  # flagged as you type
    expect(page.locator("[data-name-flag-words]")).to_have_text("Emma")
    saved = page.locator('[data-save-status][data-save-state="saved"]')
    expect(saved).to_be_visible(timeout=10000)
    assert serious_axe_findings(page) == []
    shot(page, "draft")

    context.set_offline(True)  # offline, the text waits on the phone and goes when back online
    text.press_sequentially(MORE, delay=5)
    expect(page.locator('[data-save-state="offline"]')).to_be_visible(timeout=10000)
    context.set_offline(False)
    expect(saved).to_be_visible(timeout=10000)

    page.reload()  # the draft is on the server: a reload keeps it, with the server's flags
    expect(page.locator("textarea[name=text]")).to_have_value((TEXT + MORE).strip())
    expect(page.locator('[data-narrative-state="draft"]')).to_be_visible()
    expect(page.locator("[data-name-flag-words]")).to_have_text("Emma")

    page.locator("button[value=hand_in]").click()  # the hand-in lists what is still flagged
    expect(page.locator("[data-still-flagged]")).to_contain_text("Emma")
    assert serious_axe_findings(page) == []
    shot(page, "still-flagged")
    page.locator("textarea[name=text]").fill((TEXT + MORE).replace("Emma", "et barn"))
    page.locator("button[value=hand_in]").click()
    expect(page.locator('[data-narrative-state="handed_in"]')).to_be_visible()
    expect(page.locator("button[value=save]")).to_be_visible()  # still editable until discussed
    assert serious_axe_findings(page) == []
    shot(page, "handed-in")

    page.goto(f"{live_server.url}/home/staff")
    status = '[data-narrative-status="department_meeting:handed_in"]'
    expect(page.locator(status)).to_be_visible()
    context.close()
