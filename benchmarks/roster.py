"""The roster import of the national set (DESIGN.md §9: at most 60 s, all or nothing).

A national-size workbook is synthesised (25,000 departments in 5,000 kindergartens, about
10,000 people, 3,000 certifications), imported into an empty database, exported again, and
the export imported once more (which must change nothing).

python -m benchmarks.roster [--no-postgres] [--departments N]
"""

import argparse
import resource
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from benchmarks._analysis_data import postgres

TARGET = 60.0


def national_roster(departments: int):
    """A deterministic national roster: 5 departments a kindergarten, 5 kindergartens a network."""
    from app.admin.roster_rows import (
        DepartmentRow,
        KindergartenRow,
        NetworkRow,
        PersonRow,
        PoolRow,
    )
    from app.admin.roster_workbook import Roster

    roster, kindergartens = Roster(), departments // 5
    rows = roster.rows
    for pool in range(1, 6):
        rows["pools"][pool] = PoolRow(pool, f"{2020 + pool // 2}{'H' if pool % 2 else 'V'}")
    for m in range(kindergartens // 20):
        email = f"mentor{m}@example.no"
        rows["people"][email] = PersonRow(
            email, f"Mentor {m}", frozenset({"mentor"}), None, frozenset(), True
        )
    for n in range(kindergartens // 5):
        name = f"Nettverk {n}"
        rows["networks"][name] = NetworkRow(name, n % 5 + 1, f"mentor{n // 4}@example.no")
    for k in range(kindergartens):
        name, network = f"Barnehage {k}", k // 5
        rows["kindergartens"][name] = KindergartenRow(
            name, network % 5 + 1, f"Nettverk {network}", "municipal", True
        )
        for d in range(5):
            rows["departments"][(name, f"Avdeling {d}")] = DepartmentRow(
                name, f"Avdeling {d}", "toddler" if d < 2 else "preschool", 15, 4, True
            )
        _people(rows, k, name)
    return roster


def _people(rows, k: int, kindergarten: str) -> None:
    from app.admin.roster_rows import CertificationRow, PersonRow

    director = f"styrer{k}@example.no"
    rows["people"][director] = PersonRow(
        director,
        f"Styrer {k}",
        frozenset({"director", "observer"}),
        kindergarten,
        frozenset(),
        True,
    )
    certified_on = date(2025, 8, 1) + timedelta(days=k % 200)
    if k % 5 < 3:
        rows["certifications"][(director, "toddler", certified_on)] = CertificationRow(
            director, "toddler", certified_on, certified_on + timedelta(days=365)
        )
    leader = f"leder{k}@example.no"
    paths = frozenset(f"{kindergarten}/Avdeling {d}" for d in range(2))
    rows["people"][leader] = PersonRow(
        leader, f"Leder {k}", frozenset({"pedagogical_leader"}), kindergarten, paths, True
    )


def measure(url: str, data: bytes) -> None:
    from app import migrate
    from app.admin.roster_apply import apply_import
    from app.admin.roster_import import prepare_import
    from app.admin.roster_store import load_roster
    from app.admin.roster_workbook import write_roster
    from app.db import make_engine

    migrate.upgrade(url)
    engine = make_engine(url)
    with Session(engine) as session:
        started = time.perf_counter()
        plan = prepare_import(session, data)
        apply_import(session, None, plan)
        session.commit()
        imported = time.perf_counter() - started
    with Session(engine) as session:
        started = time.perf_counter()
        again = write_roster(load_roster(session))
        exported = time.perf_counter() - started
        started = time.perf_counter()
        unchanged = not prepare_import(session, again).changes
        reimported = time.perf_counter() - started
    engine.dispose()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"    import {imported:5.1f} s ({len(plan.changes)} rows) "
        f"{'✓' if imported <= TARGET else '✗'} (target ≤ {TARGET:.0f} s); "
        f"export {exported:4.1f} s; re-import of the export {reimported:4.1f} s, "
        f"{'no change ✓' if unchanged else 'CHANGES ✗'}; peak RSS {peak:.0f} MB",
        flush=True,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.roster")
    parser.add_argument("--departments", type=int, default=25_000)
    parser.add_argument("--no-postgres", action="store_true")
    args, _ = parser.parse_known_args(argv)
    from flask import Flask

    from app.admin.roster_workbook import write_roster

    with Flask(__name__).app_context():  # the lazy messages need an app, never a request
        started = time.perf_counter()
        data = write_roster(national_roster(args.departments))
        print(
            f"Roster workbook of {args.departments} departments: {len(data) / 1e6:.1f} MB, "
            f"written in {time.perf_counter() - started:.1f} s",
            flush=True,
        )
        with tempfile.TemporaryDirectory(prefix="bench-roster-") as folder:
            print("  SQLite:", flush=True)
            measure(f"sqlite:///{Path(folder) / 'roster.sqlite'}", data)
        if not args.no_postgres:
            with postgres() as url:
                if url is not None:
                    print("  PostgreSQL:", flush=True)
                    measure(url, data)
    return 0  # a measurement, not a test


if __name__ == "__main__":
    raise SystemExit(main())
