"""Command-line interface: `flask --app wsgi db …` and `flask --app wsgi demo …`."""

import json
import time
from datetime import date
from pathlib import Path

import click
from alembic import command
from flask import current_app
from flask.cli import AppGroup

from . import migrate
from .db import get_session

db_cli = AppGroup("db", help="Database schema.")
demo_cli = AppGroup("demo", help="The demo municipality.")


@db_cli.command("upgrade")
@click.argument("revision", default="head")
def db_upgrade(revision: str) -> None:
    """Create or upgrade the schema."""
    migrate.upgrade(current_app.config["DATABASE_URL"], revision)
    click.echo(f"Database at {revision}.")


@db_cli.command("downgrade")
@click.argument("revision")
def db_downgrade(revision: str) -> None:
    """Step the schema back to REVISION."""
    migrate.downgrade(current_app.config["DATABASE_URL"], revision)


@db_cli.command("revision")
@click.option("-m", "--message", required=True)
def db_revision(message: str) -> None:
    """Autogenerate a new migration from the models (developers only)."""
    config = migrate.alembic_config(current_app.config["DATABASE_URL"])
    command.revision(config, message=message, autogenerate=True)


@demo_cli.command("load")
@click.option("--scale", type=click.Choice(["baerum", "national"]), default="baerum")
@click.option("--seed", type=int, default=2020, show_default=True)
@click.option("--if-empty", is_flag=True, help="Skip quietly when the demo is already loaded.")
def demo_load(scale: str, seed: int, if_empty: bool) -> None:
    """Build the demo municipality and write instance/demo-accounts.json."""
    from .demo import DemoAlreadyLoaded, load_demo, write_accounts

    session = get_session()
    accounts_path = Path(current_app.instance_path) / "demo-accounts.json"
    started = time.perf_counter()
    try:
        accounts = load_demo(session, scale=scale, seed=seed, today=date.today())
    except DemoAlreadyLoaded:
        if not if_empty:
            raise click.ClickException("The demo is already loaded in this database.") from None
        click.echo("The demo municipality is already loaded; keeping the data.")
        if accounts_path.exists():
            print_accounts(json.loads(accounts_path.read_text(encoding="utf-8")), accounts_path)
        return
    write_accounts(accounts_path, accounts)
    click.echo(
        f"Demo municipality ({scale}, seed {seed}) loaded in {time.perf_counter() - started:.1f} s."
    )
    print_accounts(accounts, accounts_path)


def print_accounts(accounts: list[dict], path: Path) -> None:
    """Print one demo login per role."""
    seen = set()
    click.echo(f"Demo logins (all in {path}):")
    for account in accounts:
        if account["role"] in seen:
            continue
        seen.add(account["role"])
        click.echo(f"  {account['role']:<19} {account['email']:<40} {account['password']}")
