"""Helpers for the tablet-form browser tests: signing in, starting, tapping, and reading back.

Run as a module it serves the app from a SQLite file, so a test can kill and restart the server:
    python -m tests.browser.observe_support serve --db sqlite:///x.sqlite --instance DIR --port N
"""

import argparse
import json
import os
import socket
import subprocess
import sys
import time
import uuid
from datetime import date
from pathlib import Path

from playwright.sync_api import Page, expect
from sqlalchemy import create_engine, func, select

from app.models import AuditEvent, Cycle, Score

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR") or ROOT / "test-results" / "screenshots")
SYNC_TIMEOUT_MS = 30_000
DEPARTMENT_OPTIONS = "[data-department-option]:not([hidden]) input[name=department]"
# Page scripts shared with the WebKit tests: functions of their arguments, resolving to JSON.
PENDING_EDITS_JS = """(id) => new Promise((resolve, reject) => {
    // One database per signed-in user (shared tablets): its name is on the form's root.
    const user = document.getElementById("observe")?.dataset.userKey;
    const open = indexedDB.open(user ? `tettpaa-observe-${user}` : "tettpaa-observe");
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const tx = open.result.transaction("changes", "readonly");
      const all = tx.objectStore("changes").index("obs").getAll(id);
      all.onsuccess = () => resolve(all.result.filter(c => c.state !== "draft").length);
    };
})"""
CHECKED_SCORES_JS = """() => [...document.querySelectorAll("input[data-score]:checked")].map(i => {
    const f = i.closest("fieldset[data-dimension]");
    return [Number(f.dataset.cycle), f.dataset.dimension, Number(i.value)];
})"""
# Departments already used by a test on one server, so tests never share an observation.
_used_departments: dict[str, set[str]] = {}


def observer_account(accounts: list[dict]) -> dict:
    """The demo's busy observer: certified today, with visits this semester."""
    return next(a for a in accounts if a["role"] == "observer")


def sign_in(page: Page, base_url: str, account: dict) -> None:
    page.goto(f"{base_url}/login")
    page.locator("#email").fill(account["email"])
    page.locator("#password").fill(account["password"])
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/home/**")


def start_observation(page: Page, base_url: str, kind: str = "practice") -> str:
    """Start a fresh observation of a department no other test used; return its id."""
    page.goto(f"{base_url}/observe/new")
    page.locator(f"label[for=kind-{kind}]").click()
    options = page.locator(DEPARTMENT_OPTIONS)
    value = claim_department(base_url, options.evaluate_all("inputs => inputs.map(i => i.value)"))
    page.locator(f"label[for=dept-{value}]").click()
    page.locator("#start-form button[type=submit]").click()
    page.wait_for_url("**/observe/*-*")
    wait_ready(page)
    return page.url.split("/observe/")[1].split("?")[0].split("#")[0]


def claim_department(base_url: str, offered: list[str]) -> str:
    """The first offered department no test has used on this server yet (now taken)."""
    used = _used_departments.setdefault(base_url, set())
    value = next((v for v in offered if v not in used), None)
    assert value is not None, "no unused department left to observe"
    used.add(value)
    return value


def wait_ready(page: Page) -> None:
    """Wait until the form's script has merged the stored state into the page."""
    expect(page.locator("#observe")).to_have_attribute("data-ready", "1")


def wait_offline_ready(page: Page) -> None:
    """Wait until the service worker has cached this observation for offline use."""
    expect(page.locator("#observe")).to_have_attribute("data-offline-ready", "1", timeout=15_000)


def instrument(page: Page) -> dict:
    return json.loads(page.locator("#instrument-data").text_content())


def dimension_codes(page: Page) -> list[str]:
    return [d["code"] for domain in instrument(page)["domains"] for d in domain["dimensions"]]


def go_to_cycle(page: Page, n: int) -> None:
    page.locator(f".cycle-nav [data-cycle-link='{n}']").click()
    expect(page.locator(f"[data-cycle-section='{n}']")).to_be_visible()


def score_radio(page: Page, cycle: int, code: str, value: int):
    return page.locator(f"#c{cycle}-{code}-v{value}")


def tap_score(page: Page, cycle: int, code: str, value: int) -> None:
    """Tap the 1–7 button (the label) the way a finger would."""
    page.locator(f"label[for='c{cycle}-{code}-v{value}']").tap()
    expect(score_radio(page, cycle, code, value)).to_be_checked()


def set_cycle_times(page: Page, cycle: int, start: str, end: str, reason: str = "") -> None:
    page.locator(f"#cycle-{cycle}-start").fill(start)
    page.locator(f"#cycle-{cycle}-end").fill(end)
    if reason:
        page.locator(f"#cycle-{cycle}-deviation").fill(reason)
        page.locator(f"#cycle-{cycle}-deviation").blur()


def sync_badge(page: Page):
    return page.locator("[data-sync-badge]")


def wait_synced(page: Page) -> None:
    """Wait until the device holds no unsent edit and the badge says so.

    The badge alone could still show the state from before the last tap was stored."""
    observation_id = page.locator("#observe").get_attribute("data-observation-id")
    deadline = time.monotonic() + SYNC_TIMEOUT_MS / 1000
    while pending_in_indexeddb(page, observation_id) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert pending_in_indexeddb(page, observation_id) == 0
    expect(sync_badge(page)).to_have_attribute("data-sync-state", "synced", timeout=SYNC_TIMEOUT_MS)


def api_observation(page: Page, base_url: str, observation_id: str) -> dict:
    response = page.request.get(f"{base_url}/api/v1/observations/{observation_id}")
    assert response.ok, response.text()
    return response.json()


def server_scores(observation: dict) -> dict[tuple[int, str], int]:
    return {
        (cycle["number"], code): score["value"]
        for cycle in observation["cycles"]
        for code, score in cycle["scores"].items()
    }


def wait_for_server_scores(page: Page, base_url: str, observation_id: str, expected: dict) -> dict:
    """Poll the API until it holds exactly the expected scores (or fail with the difference)."""
    deadline = time.monotonic() + SYNC_TIMEOUT_MS / 1000
    while True:
        held = server_scores(api_observation(page, base_url, observation_id))
        if held == expected or time.monotonic() > deadline:
            assert held == expected
            return held
        time.sleep(0.25)


def pending_in_indexeddb(page: Page, observation_id: str) -> int:
    """Count the edits this device still holds for the observation (any state)."""
    return page.evaluate(PENDING_EDITS_JS, observation_id)


def checked_scores(page: Page, cycles: int, codes: list[str]) -> dict[tuple[int, str], int]:
    """The scores the page shows as selected, whether or not their cycle is on screen."""
    return only_cycles_and_codes(page.evaluate(CHECKED_SCORES_JS), cycles, codes)


def only_cycles_and_codes(found: list, cycles: int, codes: list[str]) -> dict:
    return {(n, code): value for n, code, value in found if n <= cycles and code in codes}


def wider_than_screen(page: Page) -> list[str]:
    """Elements that stick out past the device's width (empty: no horizontal scrolling).

    A phone's layout viewport grows to fit wide content, so compare with the device width."""
    return page.evaluate(
        """(width) => [...document.querySelectorAll("body *")]
            .filter(el => el.getBoundingClientRect().right > width + 0.5)
            .slice(0, 5)
            .map(el => `${el.tagName}.${el.className} ${el.getBoundingClientRect().right}`)""",
        page.viewport_size["width"],
    )


def screenshot(page: Page, name: str, full_page: bool = True) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)


def serious_axe_findings(page: Page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


# --- a server in a child process, for the restart test --------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare_demo_database(directory: Path) -> tuple[str, list[dict]]:
    """Migrate a SQLite file, load the demo into it, and return its URL and the accounts."""
    from app import migrate
    from app.db import get_session
    from app.demo import load_demo
    from tests.conftest import make_test_app

    url = f"sqlite:///{directory / 'restart.sqlite'}"
    migrate.upgrade(url)
    app = make_test_app(url, directory)
    with app.app_context():
        accounts = load_demo(get_session(), seed=11, today=date.today())
    app.extensions["db_engine"].dispose()
    return url, accounts


class ChildServer:
    """The app served by `python -m tests.browser.observe_support serve` in a child process."""

    def __init__(self, database_url: str, instance: Path, port: int) -> None:
        self.database_url, self.instance, self.port = database_url, instance, port
        self.url = f"http://127.0.0.1:{port}"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        command = [sys.executable, "-m", "tests.browser.observe_support", "serve"]
        command += ["--db", self.database_url, "--instance", str(self.instance)]
        command += ["--port", str(self.port)]
        with open(self.instance / "server.log", "ab") as log:  # the child keeps its own copy
            self.process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=log)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError((self.instance / "server.log").read_text()[-2000:])
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("the child server did not start")

    def kill(self) -> None:
        """Stop the server abruptly, as a crash or a redeploy would."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)


def stored_score_counts(database_url: str, observation_id: str) -> tuple[int, int]:
    """Score rows, and audit rows recording a score value, for one observation."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            scores = connection.scalar(
                select(func.count(Score.id))
                .join(Cycle, Score.cycle_id == Cycle.id)
                .where(Cycle.observation_id == uuid.UUID(observation_id))
            )
            audits = connection.scalar(
                select(func.count(AuditEvent.id)).where(
                    AuditEvent.entity == "score",
                    AuditEvent.field == "value",
                    AuditEvent.entity_id.like(f"{observation_id}/%"),
                )
            )
        return scores, audits
    finally:
        engine.dispose()


def _serve(args) -> None:
    from werkzeug.serving import run_simple

    from app import create_app

    config = {"DATABASE_URL": args.db, "SECRET_KEY": "restart-test-secret"}
    app = create_app(config, instance_path=args.instance)
    run_simple("127.0.0.1", args.port, app, threaded=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["serve"])
    parser.add_argument("--db", required=True)
    parser.add_argument("--instance", required=True)
    parser.add_argument("--port", type=int, required=True)
    os.environ.setdefault("FLASK_DEBUG", "0")
    _serve(parser.parse_args())
