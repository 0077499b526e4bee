"""`flask --app wsgi retention apply [--dry-run]`: clear what is past its retention time
(app/retention.py); run on a schedule, e.g. once a month."""

from datetime import date

import click
from flask import current_app
from flask.cli import AppGroup

from .db import get_session
from .retention import apply_retention

retention_cli = AppGroup("retention", help="Delete or anonymise data past its retention time.")

_KINDS = {
    "notes": "observers' notes (score and cycle notes) before {cutoff}",
    "narratives": "practice narrative texts before {cutoff}",
    "inactive_users": "people deactivated before {cutoff}, anonymised",
}


@retention_cli.command("apply")
@click.option("--dry-run", is_flag=True, help="Count what would be cleared; change nothing.")
def apply_command(dry_run: bool) -> None:
    """Clear notes, narrative texts and inactive people's names past their time."""
    session = get_session()
    result = apply_retention(session, current_app.config, date.today(), dry_run)
    if dry_run:
        session.rollback()
    else:
        session.commit()
    verb = "would clear" if dry_run else "cleared"
    for kind, count in result.counts.items():
        click.echo(f"{verb} {count}: " + _KINDS[kind].format(cutoff=result.cutoffs[kind]))
    click.echo("Scores, observations and the audit log are kept; no aggregate changes.")
