"""The instruments the app serves, loaded once from instruments/*.toml at start-up."""

from flask import Flask, current_app

from analysis.instruments import (
    Instrument,
    default_instruments_dir,
    instrument_for_age_group,
    load_instruments,
)


def init_app(app: Flask) -> None:
    """Load and validate every instrument file; a broken file stops the app at start-up."""
    directory = app.config.get("INSTRUMENTS_DIR") or default_instruments_dir()
    app.extensions["instruments"] = load_instruments(directory)


def all_instruments() -> dict[str, Instrument]:
    """Return the instruments keyed by id."""
    return current_app.extensions["instruments"]


def for_age_group(age_group: str) -> Instrument:
    """Return the instrument a department of this age group is observed with."""
    return instrument_for_age_group(all_instruments(), age_group)
