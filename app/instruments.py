"""The instruments the app serves, loaded once from instruments/*.toml at start-up."""

from collections.abc import Mapping

from flask import Flask, current_app

from analysis.instruments import (
    Instrument,
    default_instruments_dir,
    instrument_for_age_group,
    load_all_versions,
    load_instruments,
)
from analysis.licensed import LicensedDimensionText, load_licensed_pack
from analysis.scoring import Summary, summarize


def init_app(app: Flask) -> None:
    """Load and validate every instrument file and licensed pack; a broken one stops start-up."""
    directory = app.config.get("INSTRUMENTS_DIR") or default_instruments_dir()
    versions = load_all_versions(directory)
    pack_dir = app.config.get("LICENSED_CONTENT_DIR")
    app.extensions["instruments"] = load_instruments(directory)
    app.extensions["instrument_versions"] = versions
    app.extensions["licensed_text"] = {
        key: load_licensed_pack(pack_dir, instrument) for key, instrument in versions.items()
    }


def all_instruments() -> dict[str, Instrument]:
    """Return the current version of each instrument, keyed by id."""
    return current_app.extensions["instruments"]


def instrument_version(instrument_id: str, version: str) -> Instrument:
    """Return the exact version an observation was made with."""
    return current_app.extensions["instrument_versions"][f"{instrument_id}@{version}"]


def for_age_group(age_group: str) -> Instrument:
    """Return the instrument a department of this age group is observed with."""
    return instrument_for_age_group(all_instruments(), age_group)


def licensed_text(instrument: Instrument) -> dict[str, LicensedDimensionText] | None:
    """Return the licensed texts for this instrument version, or None without a pack."""
    return current_app.extensions["licensed_text"].get(instrument.key)


def versions() -> Mapping[str, Instrument]:
    """Return every instrument version the app knows, for analysis/ (keyed id@version)."""
    return current_app.extensions["instrument_versions"]


def instrument_of(observation) -> Instrument:
    """Return the exact instrument version an observation was made with."""
    return instrument_version(observation.instrument_id, observation.instrument_version)


def observation_summary(observation) -> Summary:
    """Return an observation's dimension and domain results from its stored scores."""
    instrument = instrument_of(observation)
    scores = {(c.number, s.dimension_code): s.value for c in observation.cycles for s in c.scores}
    return summarize(
        scores,
        instrument.domain_codes,
        instrument.reverse_codes,
        instrument.scale.band_rule_for_means,
    )
