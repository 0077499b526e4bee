"""A leader reads the feedback report on a phone; an observer releases one from a tablet.

Screenshots (phone, PC, tablet) and the PDF rendered to PNG land in test-results/screenshots/.
"""

import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path
from statistics import mean
from zoneinfo import ZoneInfo

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect
from sqlalchemy import select

from analysis.semesters import semester_of, sort_key
from app.models import Cycle, Feedback, Observation, Score, User

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-results" / "screenshots"
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True,
         "device_scale_factor": 2}  # fmt: skip
PC = {"viewport": {"width": 1440, "height": 900}}
TABLET = {"viewport": {"width": 810, "height": 1080}, "has_touch": True, "is_mobile": True}
COMMENT = "Takk! Vi tar språkstøtte med på avdelingsmøtet på tirsdag."


def serious_axe_findings(page: Page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def sign_in(page: Page, base_url: str, email: str) -> None:
    page.goto(f"{base_url}/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill("tettpaa-demo")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/home/**")


def db(live_server):
    return live_server.app.extensions["db_sessionmaker"]()


@pytest.fixture
def leader_report(live_server):
    """The demo leader's newest released report, made unread again so it can be acknowledged."""
    account = next(a for a in live_server.accounts if a["role"] == "pedagogical_leader")
    session = db(live_server)
    user = session.scalar(select(User).where(User.email == account["email"]))
    released = session.scalars(select(Observation).where(
        Observation.department_id == user.departments[0].id, Observation.kind == "regular",
        Observation.status == "released")).all()  # fmt: skip
    newest = max(released, key=lambda o: sort_key(o.semester))
    feedback = session.scalar(select(Feedback).where(Feedback.observation_id == newest.id))
    feedback.acknowledged_at = feedback.acknowledged_by_id = feedback.leader_comment = None
    session.commit()
    yield account, newest.id, user.departments[0].name
    session.close()


def domain_mean_from_scores(live_server, observation_id, codes: list[str]) -> float:
    """The department's domain value, recomputed from the raw score rows (8 − NC)."""
    session = db(live_server)
    rows = session.execute(
        select(Score.dimension_code, Score.value).join(Cycle, Score.cycle_id == Cycle.id)
        .where(Cycle.observation_id == observation_id)).all()  # fmt: skip
    session.close()
    by_code = {c: mean(v for k, v in rows if k == c) for c in codes}
    return mean(8 - v if c == "NC" else v for c, v in by_code.items())


def plotted(page: Page, chart_id: str) -> list[dict]:
    """Each series of a server-drawn SVG chart: its name and its drawn values, in order."""
    expect(page.locator(f"svg#{chart_id}")).to_be_attached()
    return page.evaluate(
        """(id) => {
          const svg = document.getElementById(id);
          const groups = [...svg.querySelectorAll('g.series, g.bar')];
          const names = [...new Set(groups.map(g => g.dataset.name))];
          return names.map(name => ({name, values: groups.filter(g => g.dataset.name === name)
            .flatMap(g => g.matches('.bar') ? [g.dataset.value]
              : [...g.querySelectorAll('[data-value]')].map(p => p.dataset.value))}));
        }""",
        chart_id,
    )


def in_first_screen(page: Page, selector: str) -> bool:
    """Whether the element lies wholly inside the viewport, the page not scrolled."""
    return page.locator(selector).evaluate(
        "el => { const r = el.getBoundingClientRect();"
        " return window.scrollY === 0 && r.top >= 0 && r.bottom <= window.innerHeight; }"
    )


def table_rows(page: Page, caption_id: str) -> dict[str, list[str]]:
    """A figures table as {row code: [cell texts]}."""
    return page.evaluate(
        """(id) => Object.fromEntries([...document.getElementById(id).closest('table')
             .querySelectorAll('tbody tr')].map(tr => [tr.dataset.code ||
             tr.querySelector('th').textContent.trim(),
             [...tr.querySelectorAll('td')].map(td => td.textContent.trim())]))""",
        caption_id,
    )


def test_a_leader_on_a_phone_opens_reads_and_acknowledges_the_report(
    browser, live_server, leader_report
):
    account, observation_id, department = leader_report
    context = browser.new_context(**PHONE, locale="nb-NO")
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    sign_in(page, live_server.url, account["email"])
    page.locator(f'a[href="/reports/{observation_id}"]').first.click()  # the "new" card leads first
    page.wait_for_url(f"**/reports/{observation_id}")
    expect(page.get_by_role("heading", level=1)).to_contain_text(department)
    # The first screen holds the scores, plain names before codes, and "Mark as read".
    assert in_first_screen(page, "[data-score-table]")
    assert in_first_screen(page, "[data-acknowledge]")
    first_row = page.locator("[data-score-table] tbody tr").first
    code = first_row.get_attribute("data-domain")
    assert first_row.locator("th").inner_text().endswith(f"({code})")
    page.screenshot(path=SCREENSHOTS / "report-leader-phone-first-screen.png")
    assert page.locator("body").evaluate("b => b.scrollWidth <= window.innerWidth")

    traces = plotted(page, "chart-trend-domains")
    table = table_rows(page, "trend-domains-caption")
    codes = list(table)
    for trace, code in zip(traces, codes, strict=True):
        assert trace["values"] == [v for v in table[code] if v != "–"]
    first_domain = page.evaluate(
        "() => [...document.querySelector('.domain-heading').nextElementSibling"
        ".querySelectorAll('[data-dimension]')].map(li => li.dataset.dimension)"
    )
    expected = domain_mean_from_scores(live_server, observation_id, first_domain)
    assert traces[0]["values"][-1] == f"{expected:.2f}"
    bars = plotted(page, "chart-comparison")
    comparison = table_rows(page, "comparison-domains-caption")
    for index, bar in enumerate(bars):
        assert bar["values"] == [comparison[c][index] for c in codes]
    # No chart library: the charts are inline SVG drawn on the server.
    assert not any("plotly" in url for url in requests)

    page.screenshot(path=SCREENSHOTS / "report-leader-phone.png", full_page=True)
    assert serious_axe_findings(page) == []
    assert all(url.startswith(live_server.url) for url in requests), "only our own server"

    page.locator("form.ack-form summary").click()
    page.locator("form.ack-form textarea").fill(COMMENT)
    page.locator("[data-acknowledge]").click()
    page.wait_for_url(f"**/reports/{observation_id}#read")
    expect(page.locator(".leader-comment")).to_have_text(COMMENT)
    expect(page.locator("form.ack-form")).to_have_count(0)
    page.locator("#read").screenshot(path=SCREENSHOTS / "report-acknowledged-phone.png")
    session = db(live_server)
    feedback = session.scalar(select(Feedback).where(Feedback.observation_id == observation_id))
    assert feedback.acknowledged_at is not None and feedback.leader_comment == COMMENT
    session.close()
    context.close()


def test_the_report_on_a_pc_passes_axe_and_charts_each_dimension(
    browser, live_server, leader_report
):
    account, observation_id, _department = leader_report
    context = browser.new_context(**PC, locale="nb-NO")
    page = context.new_page()
    sign_in(page, live_server.url, account["email"])
    page.goto(f"{live_server.url}/reports/{observation_id}")
    plotted(page, "chart-trend-domains")
    page.locator(".trend-section details > summary").nth(1).click()
    dimension_traces = plotted(page, "chart-trend-dimensions")
    table = table_rows(page, "trend-dimensions-caption")
    assert [t["name"] for t in dimension_traces][1].endswith(")")  # "… (lavt er bra)"
    assert len(dimension_traces) == len(table)
    assert page.locator("svg#chart-trend-dimensions").is_visible()
    page.screenshot(path=SCREENSHOTS / "report-leader-pc.png", full_page=True)
    assert serious_axe_findings(page) == []
    page.set_viewport_size(TABLET["viewport"])
    page.screenshot(path=SCREENSHOTS / "report-leader-tablet.png", full_page=True)
    page.goto(f"{live_server.url}/home/leader")
    page.locator("a[href^='/reports/department/']").first.click()
    expect(page.locator(f'tr[data-observation="{observation_id}"]')).to_be_visible()
    assert serious_axe_findings(page) == []
    context.close()


def test_the_pdf_renders_to_pages_with_numbers(browser, live_server, leader_report, tmp_path):
    account, observation_id, department = leader_report
    context = browser.new_context(**PC, locale="nb-NO")
    page = context.new_page()
    sign_in(page, live_server.url, account["email"])
    response = page.request.get(f"{live_server.url}/reports/{observation_id}.pdf")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    # Rendered in tmp_path, then copied: pytest-playwright empties test-results/ whenever
    # another pytest session starts, so nothing is written there before it is complete.
    pdf = tmp_path / "report-leader.pdf"
    pdf.write_bytes(response.body())
    subprocess.run(["pdftoppm", "-png", "-r", "70", str(pdf), str(tmp_path / "report-pdf")],
                   check=True)  # fmt: skip
    pages = sorted(tmp_path.glob("report-pdf-*.png"))
    assert pages, "pdftoppm wrote no page"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for path in [pdf, *pages]:
        shutil.copy(path, SCREENSHOTS / path.name)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert department in text
    assert f"1 av {len(pages)}" in text or f"1 of {len(pages)}" in text
    context.close()


@pytest.fixture
def submitted_visit(live_server):
    """A submitted regular observation of this semester, with its observer's email."""
    session = db(live_server)
    observation = session.scalar(select(Observation).where(
        Observation.status == "submitted", Observation.kind == "regular",
        Observation.semester == semester_of(datetime.now(UTC).date()),
    ).order_by(Observation.observed_on.desc()).limit(1))  # fmt: skip
    if observation is None:
        pytest.skip("the demo has no submitted visit this early in the semester")
    email = session.get(User, observation.observer_id).email
    session.close()
    return observation, email


def test_an_observer_on_a_tablet_writes_and_releases_the_feedback(
    browser, live_server, submitted_visit
):
    observation, email = submitted_visit
    context = browser.new_context(**TABLET, locale="nb-NO")
    page = context.new_page()
    sign_in(page, live_server.url, email)
    page.goto(f"{live_server.url}/home/observer")
    page.locator(f'[data-observation="{observation.id}"] a[href$="/feedback"]').click()
    page.wait_for_url(f"**/reports/{observation.id}/feedback")
    assert page.locator("textarea[name=strengths]").input_value().strip()
    assert page.locator("select[name='growth_areas-0-dimension']").input_value()
    held = datetime.now(ZoneInfo("Europe/Oslo")) - timedelta(hours=1)
    page.locator("input[name=meeting_held_at]").fill(held.strftime("%Y-%m-%dT%H:%M"))
    page.locator("textarea[name=meeting_attendees]").fill("Pedagogisk leder og fire ansatte")
    page.screenshot(path=SCREENSHOTS / "feedback-form-tablet.png", full_page=True)
    assert serious_axe_findings(page) == []
    confirm = page.locator("input[name=confirm_release]")  # the release is confirmed first
    if confirm.count():
        confirm.check()
    page.locator("button[value=release]").click()
    page.wait_for_url(f"**/reports/{observation.id}")
    expect(page.locator(".growth-areas li").first).to_be_visible()
    session = db(live_server)
    assert session.get(Observation, observation.id).status == "released"
    session.close()
    context.close()
