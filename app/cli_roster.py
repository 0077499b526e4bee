"""`flask --app wsgi roster …`: the roster workbook (DESIGN.md §7) from the command line."""

import time
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from flask_babel import force_locale

from .admin.roster_apply import apply_import
from .admin.roster_import import describe, prepare_import
from .admin.roster_store import load_roster
from .admin.roster_workbook import RosterError, write_roster
from .db import get_session

roster_cli = AppGroup("roster", help="The roster workbook: import and export.")


@roster_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Print what would change; change nothing.")
def roster_import(path: Path, dry_run: bool) -> None:
    """Import a roster workbook: all or nothing."""
    session = get_session()
    started = time.perf_counter()
    try:
        plan = prepare_import(session, path.read_bytes())
    except RosterError as error:
        with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):  # no request to ask
            for problem in error.problems:
                click.echo(str(problem), err=True)
        click.echo(f"{len(error.problems)} problem(s); nothing was changed.", err=True)
        raise SystemExit(1) from None
    for change in plan.changes:
        click.echo(describe(change))
    if dry_run:
        click.echo(f"Dry run: {len(plan.changes)} change(s) found; nothing was changed.")
        return
    apply_import(session, None, plan)
    session.commit()
    seconds = time.perf_counter() - started
    click.echo(f"Imported {len(plan.changes)} change(s) from {path} in {seconds:.1f} s.")


@roster_cli.command("export")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path))
def roster_export(out: Path) -> None:
    """Write the roster workbook (its import changes nothing)."""
    data = write_roster(load_roster(get_session()))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    click.echo(f"Wrote {out} ({len(data) / 1e3:.0f} kB).")
