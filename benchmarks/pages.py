"""Every page of every role at national scale (DESIGN §9, issue 17): whole HTTP responses
through gunicorn, p50/p95 over repeated requests and the response size.

    python -m benchmarks.pages [--no-postgres] [--no-sqlite] [--repeat N] [--only SUBSTRING]
                               [--departments N] [--postgres-url URL (already holding the set)]

The pages are the app's GET routes (benchmarks/_pages_routes.py), each filled with ids one
person of each role may read (benchmarks/_pages_people.py). One sign-in and one keep-alive
connection per role; each page is requested once to find out whether the role sees it (a
redirect is followed to its page; 403, 404 and the like mean "not this role's page") and to
warm up, then `--repeat` times in a row. Targets: p95 ≤ 1 s on PostgreSQL, ≤ 2 s on
SQLite, HTML ≤ 500 KB. Exits 1 when a row is over: repeat an OVER row alone (--only) on a
quiet machine before trusting it.
"""

import argparse
import math
import os
import statistics
import time
from dataclasses import dataclass
from datetime import date
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

from analysis.semesters import semester_of
from benchmarks._analysis_data import CACHE, copy_into, postgres, sqlite_national
from benchmarks._http import CSRF_FIELD, Tablet
from benchmarks._pages_people import RolePerson, people
from benchmarks._pages_routes import get_routes
from benchmarks._server import gunicorn

INSTANCE = CACHE / "pages"  # gunicorn's instance folder per database
SECONDS = {"SQLite": 2.0, "PostgreSQL": 1.0}
HTML_BYTES = 500 * 1024
PASSWORD = "tettpaa-demo"  # app.demo.DEMO_PASSWORD, every demo person's
SEMESTER = semester_of(date.today())  # the plan pages' semester: the app's today
SCHOOL_YEAR = date.today().year - (date.today().month < 8)  # August–June


@dataclass
class Row:
    role: str
    endpoint: str
    path: str
    kind: str  # "html", "json", …
    size: int
    times: list[float]
    timed_out: bool = False

    @property
    def p50(self) -> float:
        return statistics.median(self.times)

    @property
    def p95(self) -> float:
        """Nearest rank: with 10 requests, the slowest."""
        ordered = sorted(self.times)
        return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]

    def over(self, limit: float) -> list[str]:
        if self.timed_out:
            return [f"timed out after {self.p95:.0f} s"]
        reasons = [f"p95 > {limit:.0f} s"] if self.p95 > limit else []
        if self.kind == "html" and self.size > HTML_BYTES:
            reasons.append("HTML > 500 KB")
        return reasons


def sign_in(client: Tablet, email: str) -> None:
    """Sign in through the login form (one session per role)."""
    _, page, _ = client.request("GET", "/login", headers={"Accept-Language": "en"})
    token = CSRF_FIELD.search(page.decode())[1]
    form = urlencode({"csrf_token": token, "email": email, "password": PASSWORD}).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    status, _, _ = client.request("POST", "/login", form, headers)
    if status != 302:
        raise RuntimeError(f"sign-in failed for {email}: HTTP {status}")


@dataclass
class Answer:
    status: int
    path: str  # after local redirects
    body: bytes
    content_type: str
    seconds: float  # the whole answer, body read


def fetch(client: Tablet, path: str) -> Answer:
    """GET `path` on the role's connection, following local redirects (not to /login)."""
    for _ in range(4):
        started = time.perf_counter()
        client.connection.request("GET", path, headers=_headers(client))
        response = client.connection.getresponse()
        body = response.read()
        seconds = time.perf_counter() - started
        for header in response.headers.get_all("Set-Cookie") or []:
            client.cookies.update({k: m.value for k, m in SimpleCookie(header).items()})
        answer = Answer(response.status, path, body, response.headers.get("Content-Type", ""),
                        seconds)  # fmt: skip
        target = urlsplit(response.headers.get("Location") or "")
        if response.status not in (301, 302, 303) or target.path.startswith("/login"):
            return answer
        path = target.path + (f"?{target.query}" if target.query else "")
    return answer


def _headers(client: Tablet) -> dict[str, str]:
    cookie = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
    return {"Cookie": cookie, "Accept-Language": "en"}


def _kind(content_type: str) -> str:
    return "html" if "html" in content_type else content_type.split("/")[-1].split(";")[0]


def role_pages(client: Tablet, person: RolePerson, routes, only: str | None):
    """The role's pages (one request each, which also warms them up); and what was skipped."""
    pages, skipped, seen = [], [], set()
    for route in routes:
        path = route.path({**person.ids, "school_year": SCHOOL_YEAR})
        if path is None:
            skipped.append((route.endpoint, "no row to fill it"))
            continue
        if only and only not in path and only not in route.endpoint:
            continue
        answer = fetch_or_give_up(client, path)
        if answer.status == 200 and answer.path not in seen:
            seen.add(answer.path)
            pages.append((route.endpoint, answer.path))
        elif answer.status == 0:
            pages.append((route.endpoint, path))  # measured: its row shows the timeout
        elif answer.status != 200:
            skipped.append((route.endpoint, f"HTTP {answer.status}"))
    return pages, skipped


def fetch_or_give_up(client: Tablet, path: str) -> Answer:
    """fetch(), but a page that takes longer than the client's timeout is an answer too
    (status 0, the timeout as its time): one runaway page must not end the whole table."""
    started = time.perf_counter()
    try:
        return fetch(client, path)
    except TimeoutError:
        client.connection.close()  # the next request opens a new connection
        return Answer(0, path, b"", "text/html", time.perf_counter() - started)


def measure(client: Tablet, role: str, endpoint: str, path: str, repeat: int) -> Row:
    """Request one page `repeat` times in a row on the role's connection."""
    answers = []
    for _ in range(repeat):
        answers.append(fetch_or_give_up(client, path))
        if answers[-1].status == 0:
            break  # it timed out once: that is its row
    failed = [a.status for a in answers if a.status not in (0, 200)]
    if failed:
        raise RuntimeError(f"{role} {path}: HTTP {failed[0]}")
    last = answers[-1]
    return Row(role, endpoint, path, _kind(last.content_type), len(last.body),
               [a.seconds for a in answers], last.status == 0)  # fmt: skip


def run(database: str, url: str, args) -> bool:
    """Serve `url` with gunicorn, measure every role's pages, print the table."""
    from app import create_app
    from app.db import make_engine

    engine = make_engine(url)
    with engine.connect() as connection:
        persons = people(connection, SEMESTER)
    engine.dispose()
    folder = INSTANCE / database.lower()
    folder.mkdir(parents=True, exist_ok=True)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "benchmark-only-secret"},
                     instance_path=str(folder))  # fmt: skip
    routes, left_out = get_routes(app.url_map)
    rows, skipped = [], {}
    os.environ["BENCH_STATIC_COMPRESS"] = "0"  # read by benchmarks/_bench_app.py
    with gunicorn(url, folder) as (host, port):
        for person in persons:
            client = Tablet(host, port)
            client.connection.timeout = args.timeout
            sign_in(client, person.email)
            pages, missed = role_pages(client, person, routes, args.only)
            print(f"  {person.role} ({person.email}): {len(pages)} pages", flush=True)
            for endpoint, reason in missed:
                skipped.setdefault(endpoint, []).append(f"{person.role}: {reason}")
            for endpoint, path in pages:
                rows.append(measure(client, person.role, endpoint, path, args.repeat))
                print_row(rows[-1], SECONDS[database])
            client.close()
    measured = {row.endpoint for row in rows}
    never = {e: r for e, r in skipped.items() if e not in measured}
    return report(database, rows, never, left_out, args.only)


def print_row(row: Row, limit: float) -> None:
    over = row.over(limit)
    print(f"  {row.role:<18} {row.p50:6.2f} {row.p95:6.2f} {row.size / 1024:8.0f}  "
          f"{'OVER' if over else 'OK':<4}  {row.path}  {'; '.join(over)}", flush=True)  # fmt: skip


def report(database: str, rows: list[Row], never: dict, left_out: dict, only) -> bool:
    """Print the table again, sorted by p95, and what was not measured; True if on target."""
    limit = SECONDS[database]
    print(f"\n  {database}: {len(rows)} pages; target p95 ≤ {limit:.0f} s, HTML ≤ 500 KB")
    print(f"  {'role':<18} {'p50 s':>6} {'p95 s':>6} {'size KB':>8}  row   page")
    for row in sorted(rows, key=lambda r: -r.p95):
        print_row(row, limit)
    if not only:
        for endpoint, reasons in sorted(never.items()):
            print(f"  not measured: {endpoint} ({', '.join(sorted(set(reasons)))})")
        for endpoint, reason in sorted(left_out.items()):
            print(f"  left out: {endpoint} ({reason})")
    return not any(row.over(limit) for row in rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.pages")
    parser.add_argument("--departments", type=int, default=25_000)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--only", help="measure only pages whose path or endpoint has this")
    parser.add_argument("--timeout", type=float, default=120,
                        help="seconds after which a page counts as timed out")  # fmt: skip
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--postgres-url", help="a PostgreSQL database already holding the set")
    args, _ = parser.parse_known_args(argv)
    print(f"Every page of every role, national set ({args.departments} departments):",
          flush=True)  # fmt: skip
    on_target = True
    if not args.no_sqlite:
        on_target &= run("SQLite", sqlite_national(args.departments), args)
    if args.postgres_url:
        on_target &= run("PostgreSQL", args.postgres_url, args)
    elif not args.no_postgres:
        with postgres() as url:
            if url is not None:
                seconds = copy_into(sqlite_national(args.departments), url)
                print(f"  copied into PostgreSQL in {seconds:.0f} s", flush=True)
                on_target &= run("PostgreSQL", url, args)
    print("\nEvery page within target." if on_target else "\nSome pages are over target.")
    return 0 if on_target else 1


if __name__ == "__main__":
    raise SystemExit(main())
