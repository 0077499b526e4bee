"""`flask --app wsgi backup --out FILE` and `flask --app wsgi restore FILE [--force]`."""

import time
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from .backup import BackupError, restore_backup, write_backup


@click.command("backup")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(out: Path) -> None:
    """Write every table and the schema revision to a portable archive (a zip)."""
    started = time.perf_counter()
    try:
        counts = write_backup(_engine(), out)
    except (BackupError, OSError) as error:
        raise click.ClickException(str(error)) from None
    click.echo(
        f"Backed up {sum(counts.values())} rows of {len(counts)} tables to {out} "
        f"({out.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - started:.1f} s."
    )


@click.command("restore")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Delete everything in the database first.")
@with_appcontext
def restore_command(archive: Path, force: bool) -> None:
    """Load an archive made by `backup` into an empty database at the same schema revision."""
    started = time.perf_counter()
    try:
        counts = restore_backup(_engine(), archive, force=force)
    except BackupError as error:
        raise click.ClickException(f"{error} Nothing was changed.") from None
    click.echo(
        f"Restored {sum(counts.values())} rows of {len(counts)} tables from {archive} "
        f"in {time.perf_counter() - started:.1f} s."
    )


def _engine():
    return current_app.extensions["db_engine"]
