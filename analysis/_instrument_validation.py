"""Typed readers and structural checks for instrument and licensed-pack TOML files.

Every failure is an InstrumentError whose message names the file and the key path,
for example ``class-prek-2008.toml: domains[1].dimensions[0].labels.nn: missing label``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

LANGUAGES: tuple[str, ...] = ("nb", "nn", "en")
EVIDENCE_CODES: dict[str, str] = {
    "S": "confirmed in a public source",
    "W": "weak public source",
    "R": "recalled from the literature; check against the licensed manual",
    "P": "our own proposed translation",
}
BAND_CODES: tuple[str, ...] = ("low", "mid", "high")
BAND_RULES: tuple[str, ...] = ("nearest", "floor")

_TYPE_NAMES: dict[type, str] = {
    str: "a string",
    int: "an integer",
    bool: "true or false",
    dict: "a table",
    list: "an array",
}


class InstrumentError(ValueError):
    """An instrument (or licensed pack) file is malformed; the message says where."""


@dataclass(frozen=True)
class Where:
    """A position in a TOML document: file name plus key path."""

    file: str
    path: str = ""

    def at(self, key: str | int) -> Where:
        """Return the position of a child key or array index."""
        if isinstance(key, int):
            return Where(self.file, f"{self.path}[{key}]")
        # Quote keys such as "PC.REL" so the path stays unambiguous.
        name = f'"{key}"' if "." in key else key
        return Where(self.file, f"{self.path}.{name}" if self.path else name)

    def error(self, problem: str) -> InstrumentError:
        """Return an InstrumentError for a problem at this position."""
        location = f"{self.file}: {self.path}" if self.path else self.file
        return InstrumentError(f"{location}: {problem}")


def read_toml_file(path: Path) -> tuple[dict[str, Any], bytes]:
    """Read and parse a TOML file, returning the document and its raw bytes."""
    where = Where(path.name)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise where.error(f"cannot read file ({exc.strerror})") from exc
    try:
        return tomllib.loads(data.decode("utf-8")), data
    except UnicodeDecodeError as exc:
        raise where.error("file is not valid UTF-8") from exc
    except tomllib.TOMLDecodeError as exc:
        raise where.error(f"TOML syntax error: {exc}") from exc


def expect(value: Any, kind: type, where: Where) -> Any:
    """Return value if it has the given TOML type, else raise."""
    # bool is an int subclass in Python, but `count = true` is a mistake, not a number.
    if isinstance(value, kind) and not (kind is int and isinstance(value, bool)):
        return value
    raise where.error(f"expected {_TYPE_NAMES[kind]}, got {_type_name(value)}")


def require(table: Mapping[str, Any], key: str, kind: type, where: Where) -> Any:
    """Return table[key], checking that it exists and has the given type."""
    if key not in table:
        raise where.at(key).error("missing required key")
    return expect(table[key], kind, where.at(key))


def require_text(table: Mapping[str, Any], key: str, where: Where) -> str:
    """Return a required, non-blank string."""
    value: str = require(table, key, str, where)
    if not value.strip():
        raise where.at(key).error("must not be empty")
    return value


def require_code(table: Mapping[str, Any], key: str, where: Where, pattern: str) -> str:
    """Return a required string matching pattern (a regular expression)."""
    value = require_text(table, key, where)
    if not re.fullmatch(pattern, value):
        raise where.at(key).error(f"{value!r} does not match the code pattern {pattern}")
    return value


def require_tables(
    table: Mapping[str, Any], key: str, where: Where, what: str
) -> list[tuple[dict[str, Any], Where]]:
    """Return a required, non-empty array of tables with the position of each."""
    items: list[Any] = require(table, key, list, where)
    if not items:
        raise where.at(key).error(f"must list at least one {what}")
    return [
        (expect(item, dict, where.at(key).at(i)), where.at(key).at(i))
        for i, item in enumerate(items)
    ]


def check_keys(table: Mapping[str, Any], allowed: Iterable[str], where: Where) -> None:
    """Reject keys the format does not define, so typos do not pass silently."""
    unknown = sorted(set(table) - set(allowed))
    if unknown:
        raise where.at(unknown[0]).error(f"unknown key (allowed: {', '.join(sorted(allowed))})")


def require_label_texts(table: Mapping[str, Any], key: str, where: Where) -> dict[str, str]:
    """Return a {nb, nn, en} table of non-empty strings."""
    raw: dict[str, Any] = require(table, key, dict, where)
    here = where.at(key)
    check_keys(raw, LANGUAGES, here)
    texts: dict[str, str] = {}
    for lang in LANGUAGES:
        if lang not in raw:
            raise here.at(lang).error("missing label")
        value = expect(raw[lang], str, here.at(lang))
        if not value.strip():
            raise here.at(lang).error("empty label")
        texts[lang] = value
    return texts


def read_evidence(table: Mapping[str, Any], key: str, where: Where) -> dict[str, str]:
    """Return an optional {language: evidence code} table (S, W, R or P)."""
    if key not in table:
        return {}
    raw: dict[str, Any] = require(table, key, dict, where)
    check_keys(raw, LANGUAGES, where.at(key))
    for lang, value in raw.items():
        if expect(value, str, where.at(key).at(lang)) not in EVIDENCE_CODES:
            allowed = ", ".join(EVIDENCE_CODES)
            raise where.at(key).at(lang).error(f"unknown evidence code {value!r} (use {allowed})")
    return dict(raw)


def check_unique(entries: Iterable[tuple[str, Where]], what: str) -> None:
    """Raise at the second occurrence of any code."""
    first_seen: dict[str, Where] = {}
    for code, where in entries:
        if code in first_seen:
            raise where.error(f"duplicate {what} code {code!r} (first at {first_seen[code].path})")
        first_seen[code] = where


def check_scale(
    low: int, high: int, bands: list[tuple[str, int, int, Where]], where: Where
) -> None:
    """Check that bands low/mid/high cover low..high in order, without gaps or overlaps."""
    if low >= high:
        raise where.at("max").error(f"scale max ({high}) must be greater than min ({low})")
    codes = tuple(code for code, _, _, _ in bands)
    if codes != BAND_CODES:
        raise where.at("bands").error(f"bands must be {', '.join(BAND_CODES)} in that order")
    expected_start = low
    for _, start, end, band_where in bands:
        if start != expected_start or end < start:
            raise band_where.error(
                f"band {start}–{end} must start at {expected_start}; "
                f"bands must cover {low}..{high} without gaps or overlaps"
            )
        expected_start = end + 1
    if expected_start != high + 1:
        raise bands[-1][3].error(f"the last band must end at the scale max ({high})")


def check_band_rule(rule: str, where: Where) -> None:
    """Check that the band rule for means is a known one."""
    if rule not in BAND_RULES:
        raise where.error(f"unknown band rule {rule!r} (use {' or '.join(BAND_RULES)})")


def check_cycle_rules(
    count: int, min_minutes: int, max_minutes: int, redo_below: int, where: Where
) -> None:
    """Check that cycle count and minute limits are consistent."""
    if count < 1:
        raise where.at("count").error("at least one cycle is needed")
    if min_minutes < 1 or min_minutes > max_minutes:
        raise where.at("min_minutes").error(
            f"min_minutes ({min_minutes}) must be 1 or more and at most max_minutes ({max_minutes})"
        )
    if redo_below < 0 or redo_below > min_minutes:
        raise where.at("redo_below_minutes").error(
            f"redo_below_minutes ({redo_below}) must be from 0 to min_minutes ({min_minutes})"
        )


def _type_name(value: Any) -> str:
    for kind, name in _TYPE_NAMES.items():
        if isinstance(value, kind) and not (kind is int and isinstance(value, bool)):
            return name
    return type(value).__name__
