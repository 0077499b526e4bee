"""Build instrument dataclasses from a parsed TOML document, validating as it goes.

Kept apart from analysis.instruments so that the public module stays short; see
instruments/README.md for the format.
"""

from __future__ import annotations

import re
from typing import Any

from analysis._instrument_validation import (
    Where,
    check_band_rule,
    check_cycle_rules,
    check_keys,
    check_scale,
    check_unique,
    read_evidence,
    require,
    require_code,
    require_label_texts,
    require_tables,
    require_text,
)
from analysis.instruments import (
    Band,
    CycleRules,
    Dimension,
    Domain,
    Indicator,
    Instrument,
    Labels,
    Provenance,
    Scale,
    Setting,
)

SUPPORTED_FORMATS = (1,)

_ID = r"[a-z][a-z0-9-]*"
_VERSION = r"[0-9A-Za-z][0-9A-Za-z._]*"
_WORD = r"[a-z][a-z_]*"
_CODE = r"[A-Z][A-Z0-9]*"
_SETTING = r"[a-z][a-z0-9_]*"
_TOP_KEYS = (
    "format", "id", "version", "family", "age_group", "name", "source",
    "provenance_defaults", "scale", "cycles", "domains",
)  # fmt: skip


def build_instrument(
    raw: dict[str, Any], where: Where, file_hash: str, source_path: str
) -> Instrument:
    """Return a validated Instrument built from a parsed instrument file."""
    check_keys(raw, _TOP_KEYS, where)
    file_format = require(raw, "format", int, where)
    if file_format not in SUPPORTED_FORMATS:
        raise where.at("format").error(f"unsupported format {file_format} (supported: 1)")
    defaults = read_evidence(raw, "provenance_defaults", where)
    domains = tuple(
        _domain(table, here, defaults)
        for table, here in require_tables(raw, "domains", where, "domain")
    )
    _check_unique_codes(domains, where)
    return Instrument(
        id=require_code(raw, "id", where, _ID),
        version=require_code(raw, "version", where, _VERSION),
        family=require_code(raw, "family", where, _WORD),
        name=_labels(raw, "name", where),
        scale=_scale(require(raw, "scale", dict, where), where.at("scale")),
        cycles=_cycles(require(raw, "cycles", dict, where), where.at("cycles")),
        domains=domains,
        file_hash=file_hash,
        source_path=source_path,
        age_group=require_code(raw, "age_group", where, _WORD),
        source=require_text(raw, "source", where),
    )


def _labels(
    table: dict[str, Any], key: str, where: Where, defaults: dict[str, str] | None = None
) -> Labels:
    texts = require_label_texts(table, key, where)
    if defaults is None:
        return Labels(**texts)
    evidence = defaults | read_evidence(table, "provenance", where)
    return Labels(**texts, provenance=Provenance(**evidence))


def _domain(table: dict[str, Any], where: Where, defaults: dict[str, str]) -> Domain:
    check_keys(table, ("code", "labels", "provenance", "dimensions"), where)
    code = require_code(table, "code", where, _CODE)
    dimensions = require_tables(table, "dimensions", where, "dimension")
    return Domain(
        code=code,
        labels=_labels(table, "labels", where, defaults),
        dimensions=tuple(_dimension(t, here, defaults, code) for t, here in dimensions),
    )


def _dimension(
    table: dict[str, Any], where: Where, defaults: dict[str, str], domain: str
) -> Dimension:
    allowed = ("code", "labels", "provenance", "reverse", "description", "indicators")
    check_keys(table, allowed, where)
    code = require_code(table, "code", where, _CODE)
    indicators = require_tables(table, "indicators", where, "indicator")
    return Dimension(
        code=code,
        labels=_labels(table, "labels", where, defaults),
        reverse=require(table, "reverse", bool, where),
        description=_labels(table, "description", where),
        indicators=tuple(_indicator(t, here, defaults, code) for t, here in indicators),
        domain_code=domain,
    )


def _indicator(
    table: dict[str, Any], where: Where, defaults: dict[str, str], dimension: str
) -> Indicator:
    check_keys(table, ("code", "labels", "provenance"), where)
    # Prefixing with the dimension code keeps indicator codes unique and self-explaining.
    code = require_code(table, "code", where, rf"{re.escape(dimension)}\.{_CODE}")
    return Indicator(code=code, labels=_labels(table, "labels", where, defaults))


def _scale(table: dict[str, Any], where: Where) -> Scale:
    check_keys(table, ("min", "max", "bands", "band_rule_for_means"), where)
    low, high = require(table, "min", int, where), require(table, "max", int, where)
    bands = tuple(_band(t, here) for t, here in require_tables(table, "bands", where, "band"))
    check_scale(
        low,
        high,
        [(b.code, b.min, b.max, where.at("bands").at(i)) for i, b in enumerate(bands)],
        where,
    )
    rule = require_text(table, "band_rule_for_means", where)
    check_band_rule(rule, where.at("band_rule_for_means"))
    return Scale(min=low, max=high, bands=bands, band_rule_for_means=rule)


def _band(table: dict[str, Any], where: Where) -> Band:
    check_keys(table, ("code", "min", "max", "labels"), where)
    return Band(
        code=require_text(table, "code", where),
        min=require(table, "min", int, where),
        max=require(table, "max", int, where),
        labels=_labels(table, "labels", where),
    )


def _cycles(table: dict[str, Any], where: Where) -> CycleRules:
    check_keys(
        table, ("count", "min_minutes", "max_minutes", "redo_below_minutes", "settings"), where
    )
    numbers = [
        require(table, key, int, where)
        for key in ("count", "min_minutes", "max_minutes", "redo_below_minutes")
    ]
    check_cycle_rules(*numbers, where)
    settings = require_tables(table, "settings", where, "setting")
    check_unique(
        ((require_code(t, "code", here, _SETTING), here.at("code")) for t, here in settings),
        "setting",
    )
    return CycleRules(*numbers, settings=tuple(_setting(t, here) for t, here in settings))


def _setting(table: dict[str, Any], where: Where) -> Setting:
    check_keys(table, ("code", "labels"), where)
    return Setting(
        code=require_code(table, "code", where, _SETTING), labels=_labels(table, "labels", where)
    )


def _check_unique_codes(domains: tuple[Domain, ...], where: Where) -> None:
    check_unique(
        ((d.code, where.at("domains").at(i).at("code")) for i, d in enumerate(domains)), "domain"
    )
    dims = [(dim, where.at("domains").at(i).at("dimensions").at(j))
            for i, d in enumerate(domains) for j, dim in enumerate(d.dimensions)]  # fmt: skip
    check_unique(((dim.code, here.at("code")) for dim, here in dims), "dimension")
    indicators = ((ind.code, here.at("indicators").at(k).at("code"))
                  for dim, here in dims for k, ind in enumerate(dim.indicators))  # fmt: skip
    check_unique(indicators, "indicator")
