"""`flask --app wsgi reminders send`: mail each person what is due, once (DESIGN §7).

Run it on a schedule (daily, e.g. from cron or a systemd timer). Links in the mail use
SERVER_NAME and PREFERRED_URL_SCHEME when set (the app's public address), else localhost.
"""

from datetime import date

import click
from flask import current_app
from flask.cli import AppGroup

from .db import get_session
from .reminders.sending import send_due

reminders_cli = AppGroup("reminders", help="Reminders by e-mail: certifications, visits, ...")


@reminders_cli.command("send")
@click.option(
    "--today",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Send as if it were this day (default: today). For testing a schedule.",
)
def send(today) -> None:
    """Send every reminder that is due and not sent before; print how many of each kind."""
    day = today.date() if today else date.today()
    # Mails carry links: a request context gives url_for the app's public address.
    with current_app.test_request_context():
        counts = send_due(get_session(), day)
    total = sum(counts.values())
    click.echo(f"Sent {total} reminder(s) on {day.isoformat()}.")
    for kind, number in sorted(counts.items()):
        click.echo(f"  {kind}: {number}")
