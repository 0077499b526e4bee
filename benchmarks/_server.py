"""A demo database and gunicorn on 127.0.0.1 for the benchmarks; stopped by its PID."""

import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare_database(url: str, instance: Path) -> list[dict]:
    """Create the schema and load the Bærum demo; return the demo accounts."""
    from app import create_app, migrate
    from app.db import get_session
    from app.demo import load_demo

    migrate.upgrade(url)
    app = create_app(
        {"DATABASE_URL": url, "SECRET_KEY": "benchmark-only-secret"}, instance_path=str(instance)
    )
    with app.app_context():
        accounts = load_demo(get_session(), seed=2020, today=date.today())
    from benchmarks._bench_app import metadata

    metadata.create_all(app.extensions["db_engine"])
    app.extensions["db_engine"].dispose()
    return accounts


@contextmanager
def gunicorn(url: str, instance: Path, workers: int = 4, threads: int = 2):
    """Serve the benchmark app with gthread workers; yield (host, port)."""
    port = free_port()
    pidfile = instance / "gunicorn.pid"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "BENCH_INSTANCE": str(instance),
        "SECRET_KEY": "benchmark-only-secret",
    }
    command = [
        sys.executable, "-m", "gunicorn", "-k", "gthread", "-w", str(workers),
        "--threads", str(threads), "-b", f"127.0.0.1:{port}", "--pid", str(pidfile),
        "--log-level", "warning", "--keep-alive", "30",
        "benchmarks._bench_app:create_bench_app()",
    ]  # fmt: skip
    with open(instance / "gunicorn.log", "ab") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
    try:
        _wait_for(port, process, instance / "gunicorn.log")
        yield "127.0.0.1", port
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


def _wait_for(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited:\n{log.read_text()[-2000:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start within 30 s")
