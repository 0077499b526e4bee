"""Helpers for the WebKit (Safari's engine) tests: WebKitGTK under Xvfb, driven by Selenium.

Playwright's own WebKit build cannot be downloaded here, so these tests drive Debian's
WebKitGTK through its WebDriver. They mirror the Playwright helpers in observe_support and share
its page scripts, its department bookkeeping and its servers.
"""

import json
import os
import shutil
import time
import urllib.request
import warnings

from tests.browser import observe_support as s

WEBDRIVER = os.environ.get("WEBKIT_WEBDRIVER_PATH") or "/usr/bin/WebKitWebDriver"
WAIT_SECONDS = 30
# An iPad's CSS viewport (the 10.2-inch models), held upright and turned.
IPAD = {"portrait": (810, 1080), "landscape": (1080, 810)}


def start_display():
    """Start Xvfb on a free display number, or skip (fail in CI) when it cannot run."""
    from tests.conftest import missing_dependency

    try:
        import selenium  # noqa: F401
        from pyvirtualdisplay import Display
    except ImportError:
        missing_dependency("selenium/pyvirtualdisplay are not installed (pip install -e '.[test]')")
    if not shutil.which("Xvfb"):
        missing_dependency("Xvfb is not installed (apt-get install xvfb xauth)")
    # Leave os.environ alone: only the WebDriver process needs to know the display.
    display = Display(visible=False, size=(1280, 1280), manage_global_env=False)
    return display.start()


def start_driver(display):
    """Start WebKitWebDriver on the display, or skip (fail in CI) when it is missing."""
    from tests.conftest import missing_dependency

    if not os.path.exists(WEBDRIVER):
        missing_dependency("WebKitWebDriver is not installed (apt-get install webkit2gtk-driver)")
    from selenium import webdriver

    options = webdriver.WebKitGTKOptions()
    options.add_argument("--automation")
    env = {**os.environ, "DISPLAY": f":{display.display}"}
    service = webdriver.WebKitGTKService(executable_path=WEBDRIVER, env=env)
    with warnings.catch_warnings():
        # Selenium's own WebKitGTK class still passes the address the way it deprecated.
        warnings.filterwarnings("ignore", "setting remote_server_addr", DeprecationWarning)
        driver = webdriver.WebKitGTK(options=options, service=service)
    driver.set_script_timeout(WAIT_SECONDS)
    return driver


def hold(driver, orientation: str) -> None:
    """Size the window like an iPad held in that orientation."""
    width, height = IPAD[orientation]
    driver.set_window_size(width, height)


def wait_until(driver, condition, message: str, seconds: float = WAIT_SECONDS):
    """Poll condition(driver) until it is truthy; return its value or fail with message."""
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, seconds, poll_frequency=0.1).until(condition, message)


def run_js(driver, function: str, *args):
    """Call a page script written as a function (as Playwright's evaluate takes it)."""
    return driver.execute_script(f"return ({function})(...arguments)", *args)


def element(driver, selector: str):
    return driver.find_element("css selector", selector)


def tap(driver, selector: str) -> None:
    """Tap an element the way a person does: scrolled to the middle of the screen first.

    WebDriver's own scrolling leaves it at the very bottom edge, under a sticky bar or where
    WebKit at times finds it not interactable."""
    target = element(driver, selector)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", target)
    target.click()


def attribute_is(selector: str, name: str, value: str):
    return lambda driver: element(driver, selector).get_attribute(name) == value


def sign_in(driver, base_url: str, account: dict) -> None:
    driver.get(f"{base_url}/login")
    element(driver, "#email").send_keys(account["email"])
    element(driver, "#password").send_keys(account["password"])
    driver.find_elements("css selector", "form button[type=submit]")[-1].click()
    wait_until(driver, lambda d: "/home/" in d.current_url, "sign-in did not reach home")


def start_observation(driver, base_url: str, kind: str = "practice") -> str:
    """Start a fresh observation of a department no other test used; return its id."""
    driver.get(f"{base_url}/observe/new")
    tap(driver, f"label[for=kind-{kind}]")
    offered = [
        i.get_attribute("value") for i in driver.find_elements("css selector", s.DEPARTMENT_OPTIONS)
    ]
    value = s.claim_department(base_url, offered)
    tap(driver, f"label[for=dept-{value}]")
    tap(driver, "#start-form button[type=submit]")
    wait_until(driver, lambda d: "/observe/new" not in d.current_url, "the form did not open")
    wait_ready(driver)
    return element(driver, "#observe").get_attribute("data-observation-id")


def wait_ready(driver) -> None:
    """Wait until the form's script has merged the stored state into the page."""
    wait_until(driver, attribute_is("#observe", "data-ready", "1"), "the form never got ready")


def wait_offline_ready(driver) -> None:
    """Wait until the service worker has cached this observation for offline use."""
    ready = attribute_is("#observe", "data-offline-ready", "1")
    wait_until(driver, ready, "the observation was never cached for offline use")


def dimension_codes(driver) -> list[str]:
    data = json.loads(element(driver, "#instrument-data").get_attribute("textContent"))
    return [d["code"] for domain in data["domains"] for d in domain["dimensions"]]


def go_to_cycle(driver, n: int) -> None:
    tap(driver, f".cycle-nav [data-cycle-link='{n}']")
    wait_until(driver, lambda d: element(d, f"#cycle-{n}").is_displayed(), f"cycle {n} not shown")


def tap_score(driver, cycle: int, code: str, value: int) -> None:
    """Tap the 1–7 button (the label; the radio itself is visually hidden)."""
    tap(driver, f"label[for='c{cycle}-{code}-v{value}']")
    radio = f"#c{cycle}-{code}-v{value}"
    wait_until(driver, lambda d: element(d, radio).is_selected(), f"{radio} not checked")


def double_tap(driver, selector: str) -> None:
    from selenium.webdriver import ActionChains

    target = element(driver, selector)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", target)
    ActionChains(driver).double_click(target).perform()


def badge_state(driver) -> str:
    return element(driver, "[data-sync-badge]").get_attribute("data-sync-state")


def wait_badge(driver, *states: str) -> str:
    return wait_until(
        driver, lambda d: badge_state(d) in states and badge_state(d), f"badge {states}"
    )


def pending_edits(driver, observation_id: str) -> int:
    return run_js(driver, s.PENDING_EDITS_JS, observation_id)


def wait_synced(driver, observation_id: str) -> None:
    """Wait until the device holds no unsent edit and the badge says so."""
    wait_until(driver, lambda d: pending_edits(d, observation_id) == 0, "edits still pending")
    wait_badge(driver, "synced")


def checked_scores(driver, cycles: int, codes: list[str]) -> dict[tuple[int, str], int]:
    """The scores the page shows as selected, whether or not their cycle is on screen."""
    return s.only_cycles_and_codes(run_js(driver, s.CHECKED_SCORES_JS), cycles, codes)


def api_observation(driver, base_url: str, observation_id: str) -> dict:
    """GET the observation from the API with the browser's session, past the service worker."""
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())
    url = f"{base_url}/api/v1/observations/{observation_id}"
    request = urllib.request.Request(url, headers={"Cookie": cookies})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


def wait_for_server_scores(driver, base_url: str, observation_id: str, expected: dict) -> None:
    """Poll the API until it holds exactly the expected scores (or fail with the difference)."""
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        held = s.server_scores(api_observation(driver, base_url, observation_id))
        if held == expected or time.monotonic() > deadline:
            assert held == expected
            return
        time.sleep(0.25)


def screenshot(driver, name: str, orientation: str) -> None:
    """Save what the iPad shows (name-screen.png) and the whole page (name-page.png).

    WebKit's WebDriver captures only the window, so the page is shot through a window as tall
    as the page, at the same width (the layout depends on the width)."""
    s.SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    hold(driver, orientation)
    wait_for_paint(driver)
    driver.save_screenshot(str(s.SCREENSHOTS / f"{name}-screen.png"))
    width, _ = IPAD[orientation]
    page_height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(width, page_height + 100)
    wait_until(
        driver,
        lambda d: d.execute_script("return innerHeight >= document.documentElement.scrollHeight"),
        "the window did not grow",
    )
    wait_for_paint(driver)
    driver.save_screenshot(str(s.SCREENSHOTS / f"{name}-page.png"))
    hold(driver, orientation)


def wait_for_paint(driver) -> None:
    """Return once the page has painted after the last change (two animation frames)."""
    driver.execute_async_script(
        "const done = arguments[0];"
        " requestAnimationFrame(() => requestAnimationFrame(() => done()));"
    )
