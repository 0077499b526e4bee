"""The phone pages on a slow link (DESIGN §9, issue 17): load time and bytes, cold cache.

Chromium (Playwright, Debian's chromium) opens, as the right demo user on a 390×844 phone,
the leader's released report, the leader's home, the staff home and the narrative writing form,
over a link throttled with CDP Network.emulateNetworkConditions: 4 Mbit/s down and up
(500,000 bytes/s), 150 ms latency, the browser cache disabled. It prints, per page, the time to
the `load` event, to the first contentful paint, and the bytes transferred, against the 3 s
target. The app runs under gunicorn with its compressed static files (as in production).

    python -m benchmarks.phone [--runs N]

tests/browser/test_phone_pages.py runs the same measurement (measure_page) in the suite.
"""

import argparse
import re
import shutil
import statistics
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from benchmarks._server import gunicorn, prepare_database

TARGET_S = 3.0
PASSWORD = "tettpaa-demo"
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True,
         "device_scale_factor": 3}  # fmt: skip
# 4 Mbit/s both ways is 500,000 bytes/s; CDP takes bytes per second and milliseconds.
SLOW_LINK = {"offline": False, "latency": 150, "downloadThroughput": 500_000,
             "uploadThroughput": 500_000}  # fmt: skip
REPORT_LINK = re.compile(r"^/reports/[0-9a-f-]{36}$")


@dataclass(frozen=True)
class Measured:
    page: str
    load_s: float
    paint_s: float | None
    bytes: int
    requests: int


def sign_in(page, base_url: str, email: str) -> None:
    """Sign in through the login form, on the unthrottled link."""
    page.goto(f"{base_url}/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/home/**")


def first_report_path(page, base_url: str) -> str:
    """The first report the leader's home links to (the newest released one)."""
    page.goto(f"{base_url}/home/leader")
    hrefs = page.eval_on_selector_all(
        "a[href^='/reports/']", "links => links.map(a => a.getAttribute('href'))"
    )
    return next(h for h in hrefs if REPORT_LINK.match(h))


def measure_page(page, url: str, name: str) -> Measured:
    """Load `url` once on the slow link with a cold cache; return its load time and bytes."""
    cdp = page.context.new_cdp_session(page)
    sizes: dict[str, int] = {}
    cdp.on(
        "Network.loadingFinished",
        lambda event: sizes.__setitem__(event["requestId"], event["encodedDataLength"]),
    )
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", SLOW_LINK)
    try:
        page.goto(url, wait_until="load")
        timing = page.evaluate(
            """() => {
              const nav = performance.getEntriesByType('navigation')[0];
              const paint = performance.getEntriesByName('first-contentful-paint')[0];
              return {load: nav.loadEventStart, paint: paint ? paint.startTime : null};
            }"""
        )
        page.wait_for_timeout(200)  # the last loadingFinished events arrive after `load`
    finally:
        cdp.send("Network.emulateNetworkConditions", {**SLOW_LINK, "latency": 0,
                 "downloadThroughput": -1, "uploadThroughput": -1})  # fmt: skip
        cdp.detach()
    paint = timing["paint"]
    return Measured(name, timing["load"] / 1000, paint / 1000 if paint is not None else None,
                    sum(sizes.values()), len(sizes))  # fmt: skip


def measure_phone_pages(browser, base_url: str, accounts: list[dict]) -> list[Measured]:
    """The four phone pages, each as its user, each on the slow link with a cold cache."""
    leader = next(a for a in accounts if a["role"] == "pedagogical_leader")
    staff = next(a for a in accounts if a["role"] == "staff")
    results = []
    context = browser.new_context(**PHONE, locale="nb-NO")
    page = context.new_page()
    sign_in(page, base_url, leader["email"])
    report = first_report_path(page, base_url)
    results.append(measure_page(page, base_url + report, "leader: released report"))
    results.append(measure_page(page, f"{base_url}/home/leader", "leader: home"))
    context.close()
    context = browser.new_context(**PHONE, locale="nb-NO")
    page = context.new_page()
    sign_in(page, base_url, staff["email"])
    results.append(measure_page(page, f"{base_url}/home/staff", "staff: home"))
    results.append(measure_page(page, f"{base_url}/guidance/narratives/", "staff: narrative form"))
    context.close()
    return results


def format_table(rows: list[list[Measured]]) -> str:
    """Median over the runs per page, marked against the 3 s target."""
    head = f"{'page':<28} {'load s':>7} {'FCP s':>6} {'KB':>7} {'req':>4}"
    lines = [f"{head}  target ≤ {TARGET_S:.0f} s"]
    for runs in zip(*rows, strict=True):
        load = statistics.median(m.load_s for m in runs)
        paints = [m.paint_s for m in runs if m.paint_s is not None]
        paint = f"{statistics.median(paints):6.2f}" if paints else "     –"
        size = statistics.median(m.bytes for m in runs) / 1000
        mark = "ok" if load <= TARGET_S else "OVER"
        count = runs[0].requests
        lines.append(f"{runs[0].page:<28} {load:7.2f} {paint} {size:7.0f} {count:>4}  {mark}")
    return "\n".join(lines)


def _wait_for_compressed(base_url: str, seconds: float = 180) -> None:
    """gunicorn serves plain files until its Brotli copy is built; wait for the copy."""
    url = f"{base_url}/static/css/app.css"
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        request = urllib.request.Request(url, headers={"Accept-Encoding": "br, gzip"})
        with urllib.request.urlopen(request) as response:
            if response.headers.get("Content-Encoding"):
                return
        time.sleep(1)
    raise RuntimeError("the compressed static files were not ready in time")


def _chromium() -> str:
    path = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        raise RuntimeError("Chromium is not installed (apt-get install chromium)")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="benchmarks.phone", description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args, _unknown = parser.parse_known_args(argv)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="bench-phone-") as folder:
        instance = Path(folder)
        url = f"sqlite:///{instance / 'phone.sqlite'}"
        accounts = prepare_database(url, instance)
        with gunicorn(url, instance, workers=2) as (host, port):
            base_url = f"http://{host}:{port}"
            _wait_for_compressed(base_url)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=_chromium(), args=["--no-sandbox", "--disable-gpu"]
                )
                rows = [measure_phone_pages(browser, base_url, accounts) for _ in range(args.runs)]
                browser.close()
    print("Phone pages, 4 Mbit/s, 150 ms, cold cache (median of", args.runs, "runs):")
    print(format_table(rows))
    return 0 if all(m.load_s <= TARGET_S for run in rows for m in run) else 1


if __name__ == "__main__":
    raise SystemExit(main())
