"""`flask --app wsgi analysis …`: the programme analysis from the command line."""

import time
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import func, select

from analysis.dimension_means import refresh_dimension_means, stale_rows
from analysis.export_readme import LANGUAGES
from analysis.export_xlsx import write_workbook
from analysis.followup import Thresholds
from analysis.schema import dimension_mean
from analysis.semesters import parse_semester
from analysis.structure import structure_for

from .db import get_session

analysis_cli = AppGroup("analysis", help="Programme analysis and the Excel export.")


def _semester(_ctx, _param, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return str(parse_semester(value))
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


@analysis_cli.command("export")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--semester", callback=_semester, help="Only this semester, e.g. 2025V.")
@click.option("--pool", type=click.IntRange(1, 9), help="Only this pool number.")
@click.option(
    "--lang", "language", type=click.Choice(sorted(LANGUAGES)), default="nb", show_default=True,
    help="The language of the README sheet and the follow-up reasons.",
)  # fmt: skip
def export(out: Path, semester: str | None, pool: int | None, language: str) -> None:
    """Write the Excel export (README, scores, means, aggregates, coverage, follow-up…)."""
    filters = {key: value for key, value in (("semester", semester), ("pool", pool)) if value}
    started = time.perf_counter()
    out.parent.mkdir(parents=True, exist_ok=True)
    # Written next to the target and renamed when complete: a failed export leaves no half
    # file, and the rows stream to disk (the national export never sits in memory).
    partial = out.with_name(f".{out.name}.partial")
    try:
        with partial.open("wb") as stream:
            write_workbook(
                get_session(), stream, filters=filters, language=language,
                instruments=current_app.extensions["instrument_versions"],
                thresholds=Thresholds.from_settings(current_app.config),
            )  # fmt: skip
        partial.replace(out)
    finally:
        partial.unlink(missing_ok=True)
    size = out.stat().st_size / 1e6
    click.echo(f"Wrote {out} ({size:.1f} MB) in {time.perf_counter() - started:.1f} s.")


@analysis_cli.command("rebuild-cache")
def rebuild_cache() -> None:
    """Rebuild the per-observation dimension means from the raw scores (e.g. after a change
    of band rule, or a repair by hand), then check the result against a fresh computation."""
    session = get_session()
    structure = structure_for(current_app.extensions["instrument_versions"])
    started = time.perf_counter()
    refresh_dimension_means(session, structure=structure)
    session.commit()
    rows = session.scalar(select(func.count()).select_from(dimension_mean))
    stale = stale_rows(session, structure)
    if stale:
        raise click.ClickException(f"{len(stale)} cached rows differ after the rebuild.")
    seconds = time.perf_counter() - started
    click.echo(f"Rebuilt {rows} cached dimension means in {seconds:.1f} s; all match the scores.")
