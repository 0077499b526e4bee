"""Autosave under load (DESIGN.md §9): 100 simulated tablets saving scores through gunicorn.

In one run, on one server and one database, it measures against the targets
  1. throughput: the score PUT at saturation (every tablet sends its next save as soon as one
     returns), in saves/s: target >= 100,
  2. latency: the score PUT with 100 concurrent tablets at a tablet's pace (each saves once a
     second, far above a real observer's rate): its p95 is the target, <= 50 ms,
and, for reference only, a bare endpoint inserting one row at the same saturation, and the
tablet form's JS + CSS as served. Loopback only; every phase stops by itself.

    python -m benchmarks.autosave [--no-postgres] [--seconds N]

It runs on SQLite, then on a throwaway PostgreSQL server when PostgreSQL is installed.
"""

import argparse
import gzip
import os
import random
import re
import statistics
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from benchmarks._http import Tablet
from benchmarks._server import gunicorn, prepare_database

TABLETS = 100
PACE_SECONDS = 1.0
TARGET_SAVES_PER_SECOND = 100
TARGET_P95_MS = 50
TARGET_ASSETS_KB = 150
PASSWORD = "tettpaa-demo"


@dataclass
class Phase:
    name: str
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, elapsed: float, ok: bool) -> None:
        with self.lock:
            self.latencies.append(elapsed)
            self.errors += 0 if ok else 1

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if len(self.latencies) < 2:
            return float("nan")
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[int(p) - 1] * 1000

    def line(self) -> str:
        return (
            f"{self.name:<34} {len(self.latencies):>7} req {self.rate:>8.0f} req/s"
            f"   p50 {self.percentile(50):6.1f} ms   p95 {self.percentile(95):6.1f} ms"
            f"   p99 {self.percentile(99):6.1f} ms   errors {self.errors}"
        )


@dataclass
class Device:
    tablet: Tablet
    observation_id: str
    codes: list[str]
    rng: random.Random


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def save_score(device: Device) -> tuple[int, float]:
    """One autosave exactly as the form sends it."""
    cycle = device.rng.randint(1, 3)
    code = device.rng.choice(device.codes)
    body = {
        "value": device.rng.randint(1, 7),
        "indicator_marks": {},
        "note": "",
        "client_ts": now_iso(),
    }
    path = f"/api/v1/observations/{device.observation_id}/cycles/{cycle}/scores/{code}"
    status, _, elapsed = device.tablet.json("PUT", path, body)
    return status, elapsed


def insert_row(device: Device) -> tuple[int, float]:
    status, _, elapsed = device.tablet.json("POST", "/bench/insert", {"value": 1})
    return status, elapsed


def run_phase(
    name: str,
    devices: list[Device],
    work: Callable,
    seconds: float,
    pace: float | None = None,
) -> Phase:
    """Run `work` on every device until the deadline; with `pace`, once per `pace` seconds."""
    phase = Phase(name)
    start = threading.Barrier(len(devices) + 1)
    stop_at = [0.0]

    def loop(device: Device) -> None:
        start.wait()
        next_at = time.monotonic() + (device.rng.random() * pace if pace else 0)
        while True:
            if pace:
                time.sleep(max(0.0, next_at - time.monotonic()))
                next_at += pace
            if time.monotonic() >= stop_at[0]:
                return
            try:
                status, elapsed = work(device)
                phase.add(elapsed, 200 <= status < 300)
            except OSError:
                phase.add(0.0, False)

    threads = [threading.Thread(target=loop, args=(d,), daemon=True) for d in devices]
    for thread in threads:
        thread.start()
    stop_at[0] = time.monotonic() + seconds
    began = time.monotonic()
    start.wait()
    for thread in threads:
        thread.join(seconds + 30)
    phase.seconds += time.monotonic() - began
    return phase


def _observer_and_departments(url: str, accounts: list[dict]) -> tuple[dict, list]:
    """The demo's first observer, and departments outside their kindergarten."""
    from sqlalchemy import create_engine, select

    from app.models import Department, User

    account = next(a for a in accounts if a["role"] == "observer")
    engine = create_engine(url)
    with engine.connect() as connection:
        home = connection.scalar(
            select(User.home_kindergarten_id).where(User.email == account["email"])
        )
        rows = connection.execute(
            select(Department.id, Department.age_group)
            .where(Department.kindergarten_id != home, Department.active)
            .order_by(Department.id)
        ).all()
    engine.dispose()
    return account, rows


def connect_tablets(host: str, port: int, url: str, accounts: list[dict]) -> list[Device]:
    """Sign in 100 tablets (each its own session) and start a practice observation on each."""
    from analysis.instruments import load_instruments

    instruments = load_instruments()
    by_age = {"toddler": "class-toddler", "preschool": "class-prek"}
    account, departments = _observer_and_departments(url, accounts)
    devices: list[Device] = []
    errors: list[str] = []

    def connect(index: int) -> None:
        department_id, age_group = departments[index % len(departments)]
        instrument_id = by_age[age_group]
        tablet = Tablet(host, port)
        try:
            tablet.sign_in(account["email"], PASSWORD)
            observation_id = str(uuid.uuid4())
            payload = {
                "id": observation_id,
                "department_id": department_id,
                "instrument_id": instrument_id,
                "observed_on": datetime.now(UTC).date().isoformat(),
                "kind": "practice",
            }
            status, body, _ = tablet.json("POST", "/api/v1/observations", payload)
            if status != 201:
                raise RuntimeError(f"creating an observation failed: {status} {body[:200]!r}")
            codes = [d.code for d in instruments[instrument_id].dimensions]
            devices.append(Device(tablet, observation_id, codes, random.Random(index)))
        except Exception as error:  # noqa: BLE001 (reported below, the run stops)
            errors.append(str(error))

    workers = [threading.Thread(target=connect, args=(i,)) for i in range(TABLETS)]
    for batch in range(0, TABLETS, 10):
        for worker in workers[batch : batch + 10]:
            worker.start()
        for worker in workers[batch : batch + 10]:
            worker.join()
    if errors:
        raise RuntimeError(f"{len(errors)} tablets could not start: {errors[0]}")
    return devices


MODULE_IMPORT = re.compile(r"""(?:from|import)\s*\(?\s*["'](\.{1,2}/[\w./-]+\.js)["']""")


def form_assets(device: Device) -> tuple[int, int, int]:
    """Bytes of the form's CSS and JS (every module it imports) as served, and gzipped."""
    tablet = device.tablet
    _, page, _ = tablet.request("GET", f"/observe/{device.observation_id}")
    html = page.decode()
    todo = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    todo += re.findall(r'<script type="module" src="([^"]+)"', html)
    seen: dict[str, bytes] = {}
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        status, body, _ = tablet.request("GET", path, headers={"Accept-Encoding": "gzip"})
        if status != 200:
            raise RuntimeError(f"{path}: HTTP {status}")
        seen[path] = body
        if path.endswith(".js"):
            base = path.rsplit("/", 1)[0]
            todo += [f"{base}/{m[2:]}" for m in MODULE_IMPORT.findall(body.decode())]
    served = sum(len(b) for b in seen.values())
    zipped = sum(len(gzip.compress(b, 6)) for b in seen.values())
    return len(seen), served, zipped


def measure(
    url: str, instance: Path, seconds: float, workers: int = 4, threads: int = 2
) -> tuple[list[Phase], tuple]:
    """Run the three phases and measure the assets against one database."""
    accounts = prepare_database(url, instance)
    with gunicorn(url, instance, workers, threads) as (host, port):
        server = f"gunicorn -k gthread -w {workers} --threads {threads} on {host}:{port}"
        print(f"{server}; {TABLETS} tablets")
        devices = connect_tablets(host, port, url, accounts)
        run_phase("warm-up", devices, save_score, 1.0)
        run_phase("warm-up", devices, insert_row, 1.0)
        saturated = run_phase("score PUT, saturated", devices, save_score, seconds)
        bare = run_phase("bare one-row insert, saturated", devices, insert_row, seconds)
        paced = run_phase(
            "score PUT, 1 save/s per tablet", devices, save_score, seconds, pace=PACE_SECONDS
        )
        assets = form_assets(devices[0])
        for device in devices:
            device.tablet.close()
    return [saturated, bare, paced], assets


def report(phases: list[Phase], assets: tuple) -> bool:
    """Print the figures against the targets; return True if every target is met."""
    saturated, bare, paced = phases
    files, served, zipped = assets
    for phase in phases:
        print(phase.line())
    throughput = saturated.rate
    p95 = paced.percentile(95)
    errors = sum(phase.errors for phase in phases)
    size = f"{served / 1024:.1f} KB as served, {zipped / 1024:.1f} KB gzipped"
    checks = [
        (
            f"autosave throughput = {throughput:.0f} saves/s",
            throughput >= TARGET_SAVES_PER_SECOND,
            f">= {TARGET_SAVES_PER_SECOND} saves/s",
        ),
        (
            f"autosave p95 at {TABLETS} concurrent tablets = {p95:.1f} ms",
            p95 <= TARGET_P95_MS,
            f"<= {TARGET_P95_MS} ms",
        ),
        (f"failed requests = {errors}", errors == 0, "0"),
        (f"form JS+CSS: {files} files, {size}", served / 1024 <= TARGET_ASSETS_KB, "<= 150 KB"),
    ]
    for text, ok, target in checks:
        print(f"  {'OK  ' if ok else 'MISS'} {text}   (target {target})")
    print(
        f"  (for reference: a bare one-row insert serves {bare.rate:.0f} req/s; saturated, "
        f"{TABLETS} tablets without pause queue up, p95 {saturated.percentile(95):.0f} ms)"
    )
    return all(ok for _, ok, _ in checks)


def benchmark(database: str, url: str, instance: Path, seconds: float, **server) -> bool:
    """Measure one database and report; return True if on target."""
    print(f"\n--- {database}: loading the demo municipality ...", flush=True)
    return report(*measure(url, instance, seconds, **server))


def _postgres(seconds: float, **server) -> bool | None:
    """The same run on a throwaway PostgreSQL server, when one can be started here."""
    from tests.support import pg_server

    bin_dir = pg_server.find_bin_dir()
    if bin_dir is None:
        print("\n--- PostgreSQL: not installed, skipped")
        return None
    pg = pg_server.start(bin_dir)
    try:
        with tempfile.TemporaryDirectory(prefix="bench-pg-") as folder:
            return benchmark("PostgreSQL", pg.url, Path(folder), seconds, **server)
    finally:
        pg.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.autosave")
    parser.add_argument("--seconds", type=float, default=6.0, help="length of each phase")
    parser.add_argument("--no-postgres", action="store_true", help="skip the PostgreSQL run")
    # The README's production setup: two processes per core, two threads each.
    workers = 2 * (os.cpu_count() or 1)
    parser.add_argument("--workers", type=int, default=workers, help="gunicorn processes")
    parser.add_argument("--threads", type=int, default=2, help="gunicorn threads per process")
    args, _ = parser.parse_known_args(argv)
    server = {"workers": args.workers, "threads": args.threads}
    with tempfile.TemporaryDirectory(prefix="bench-sqlite-") as folder:
        url = f"sqlite:///{Path(folder) / 'bench.sqlite'}"
        on_target = benchmark("SQLite", url, Path(folder), args.seconds, **server)
    if not args.no_postgres:
        on_target = (_postgres(args.seconds, **server) is not False) and on_target
    print("\nAll autosave targets met." if on_target else "\nSome autosave targets were missed.")
    return 0  # a measurement, not a test: missing a target is reported, not an error


if __name__ == "__main__":
    raise SystemExit(main())
