"""The wheel serves the app outside the checkout: built with `pip wheel`, installed in a fresh
virtualenv in another folder, migrated, loaded with the demo and signed in to over HTTP.

The new virtualenv borrows the project venv's installed dependencies through a plain .pth path
line (so no registry is needed and no time is spent installing): a path line does not run the
project venv's own .pth files, so its editable install of this checkout stays out of sight, and
the test checks that `app` really comes from the wheel.
"""

import json
import os
import re
import socket
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

import pytest
import requests

CHECKOUT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.xdist_group("packaging")


def run(command: list, **kwargs) -> str:
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, **kwargs)
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    return result.stdout


def build_wheel(folder: Path) -> Path:
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(folder), str(CHECKOUT)])
    return next(folder.glob("tettpaa-*.whl"))


def make_venv(folder: Path, wheel: Path) -> Path:
    """A virtualenv whose only own package is the wheel; return its python."""
    run([sys.executable, "-m", "venv", "--without-pip", str(folder)])
    python = folder / "bin" / "python"
    own_site = run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"])
    (Path(own_site.strip()) / "project-deps.pth").write_text(sysconfig.get_paths()["purelib"])
    run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps",
         "--no-index", str(wheel)])  # fmt: skip
    return python


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, log.read_text()
        try:
            requests.get(url, timeout=10)
            return
        except (requests.ConnectionError, requests.Timeout):
            time.sleep(0.3)
    pytest.fail(f"{url} did not answer within 60 s")


def sign_in(base: str, email: str, password: str) -> requests.Response:
    browser = requests.Session()
    form = browser.get(f"{base}/login", timeout=30).text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form).group(1)
    browser.post(
        f"{base}/login",
        data={"csrf_token": token, "email": email, "password": password},
        timeout=30,
    )
    return browser.get(f"{base}/", timeout=60)


def test_the_installed_wheel_serves_the_app_outside_the_checkout(tmp_path):
    python = make_venv(tmp_path / "venv", build_wheel(tmp_path / "dist"))
    site = tmp_path / "site"
    site.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "FLASK_APP")}
    env |= {"SECRET_KEY": "packaging-test", "DATABASE_URL": f"sqlite:///{site / 'app.sqlite'}"}
    where = (
        "import app, analysis.instruments as i; print(app.__file__, i.default_instruments_dir())"
    )
    found = run([str(python), "-c", where], cwd=site, env=env)
    assert str(CHECKOUT) not in found, found
    flask = [str(python), "-m", "flask", "--app", "wsgi"]
    run([*flask, "db", "upgrade"], cwd=site, env=env)
    run([*flask, "demo", "load"], cwd=site, env=env)
    instance = run([str(python), "-c", "import wsgi; print(wsgi.app.instance_path)"], cwd=site,
                   env=env).strip()  # fmt: skip
    account = json.loads((Path(instance) / "demo-accounts.json").read_text(encoding="utf-8"))[0]

    port = free_port()
    log = site / "gunicorn.log"
    with log.open("w") as log_file:
        server = subprocess.Popen(
            [str(python), "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "wsgi:app"],
            cwd=site, env=env, stdout=log_file, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(f"{base}/login", server, log)
        home = sign_in(base, account["email"], account["password"])
        assert home.status_code == 200
        assert "/login" not in home.url
        assert "/static/" in home.text
        stylesheet = re.search(r'href="(/static/css/[^"]+)"', home.text).group(1)
        assert requests.get(f"{base}{stylesheet}", timeout=30).status_code == 200
    finally:
        server.terminate()
        server.wait(timeout=30)
