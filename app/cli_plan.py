"""`flask --app wsgi plan assign`: make or remake a semester's draft plan (DESIGN §4.9, §7)."""

import time
from datetime import date

import click
from flask import current_app
from flask.cli import AppGroup
from flask_babel import force_locale

from analysis.semesters import parse_semester

from .db import get_session
from .plan.assignment import PlanRefused, default_window, make_plan
from .plan.summary import summary_of_result

plan_cli = AppGroup("plan", help="Semester plans: assign observers to every department.")


def _semester(_ctx, _param, value: str) -> str:
    try:
        return str(parse_semester(value))
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


@plan_cli.command("assign")
@click.option("--semester", required=True, callback=_semester, help="For example 2026V.")
@click.option(
    "--double-coding",
    "share",
    type=click.FloatRange(0, 0.3),
    default=0.1,
    show_default=True,
    help="The share of regular visits that are double-coded.",
)
@click.option(
    "--from",
    "first_day",
    type=click.DateTime(["%Y-%m-%d"]),
    help="The window's first day (default: 15 January or 25 August).",
)
@click.option(
    "--to",
    "last_day",
    type=click.DateTime(["%Y-%m-%d"]),
    help="The window's last day (default: 5 June or 5 December).",
)
def plan_assign(semester: str, share: float, first_day, last_day) -> None:
    """Assign an observer and a day to every department still to observe, and print a summary."""
    usual_first, usual_last = default_window(semester)
    first: date = first_day.date() if first_day else usual_first
    last: date = last_day.date() if last_day else usual_last
    session = get_session()
    started = time.perf_counter()
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):  # no request to ask
        try:
            _plan, result = make_plan(session, None, semester, first, last, share)
        except PlanRefused as refused:
            session.rollback()
            click.echo(f"{refused.message} Nothing was changed.", err=True)
            raise SystemExit(1) from None
        summary = summary_of_result(session, result)
        session.commit()
        _print_summary(semester, first, last, summary, time.perf_counter() - started)


def _print_summary(semester, first: date, last: date, summary, seconds: float) -> None:
    click.echo(f"Plan {semester}: {first.isoformat()} to {last.isoformat()} ({seconds:.1f} s)")
    click.echo(
        f"Visits: {summary.visits} ({summary.regular} regular, "
        f"{summary.double_coding} double-coding)"
    )
    click.echo(f"Observers: {summary.observers}")
    click.echo(
        f"Load per observer: min {summary.load_min}, mean {summary.load_mean:.1f}, "
        f"max {summary.load_max}"
    )
    share = "–" if summary.soft_met_share is None else f"{100 * summary.soft_met_share:.0f} %"
    click.echo(f"Soft preferences met: {share}")
    click.echo(f"Constraints not met: {len(summary.unmet)}")
    for line in summary.unmet:
        click.echo(f"  - {line.message}")
