"""The phone pages on a slow link: the released report, the leader's and staff's homes and the
narrative form, each opened by its user over 4 Mbit/s with 150 ms latency and a cold cache.

The test prints each page's time to `load` and its bytes (run with -s); it asserts no timing
(the figure of record is `make bench`, benchmarks/phone.py, through gunicorn with compressed
static files; this live server sends them plain). It asserts that each page loaded and that the
report's first screen holds the score table and the "Mark as read" button.
"""

import pytest

from benchmarks.phone import PHONE, measure_page, sign_in

from .test_report import in_first_screen
from .test_report import leader_report as leader_report  # a fixture

pytestmark = pytest.mark.browser


def test_the_phone_pages_load_on_a_slow_link_and_the_report_starts_with_the_scores(
    browser, live_server, leader_report, capsys
):
    account, observation_id, department = leader_report
    staff = next(a for a in live_server.accounts if a["role"] == "staff")
    base = live_server.url
    measured = []
    context = browser.new_context(**PHONE, locale="nb-NO")
    page = context.new_page()
    sign_in(page, base, account["email"])
    measured.append(measure_page(page, f"{base}/reports/{observation_id}", "leader: report"))
    assert department in page.locator("h1").inner_text()
    assert in_first_screen(page, "[data-score-table]")
    assert in_first_screen(page, "[data-acknowledge]")
    measured.append(measure_page(page, f"{base}/home/leader", "leader: home"))
    assert page.locator("h1").count() == 1
    context.close()

    context = browser.new_context(**PHONE, locale="nb-NO")
    page = context.new_page()
    sign_in(page, base, staff["email"])
    measured.append(measure_page(page, f"{base}/home/staff", "staff: home"))
    assert page.locator("h1").count() == 1
    measured.append(measure_page(page, f"{base}/guidance/narratives/", "staff: narrative form"))
    assert page.locator("form textarea").count() >= 1
    context.close()

    with capsys.disabled():
        print("\nPhone pages, 4 Mbit/s, 150 ms, cold cache (test server, plain static files):")
        for m in measured:
            paint = f"{m.paint_s:.2f} s" if m.paint_s is not None else "–"
            print(f"  {m.page:<24} load {m.load_s:5.2f} s  FCP {paint:>7}  "
                  f"{m.bytes / 1000:7.0f} KB in {m.requests} requests")  # fmt: skip
    assert all(m.bytes > 0 and m.requests >= 1 for m in measured)
