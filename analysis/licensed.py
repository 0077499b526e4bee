"""Optional licensed text pack: CLASS® range descriptions and behavioural markers.

That text is licensed and never goes into git. A licensee sets LICENSED_CONTENT_DIR to a
local folder holding one ``<instrument-id>-<version>.toml`` per instrument version; the
format is described in instruments/README.md. Without a pack the app shows its own
short descriptions from the instrument file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from analysis._instrument_validation import (
    LANGUAGES,
    InstrumentError,
    Where,
    check_keys,
    expect,
    read_toml_file,
    require,
)
from analysis.instruments import Dimension, Instrument

ENV_VAR = "LICENSED_CONTENT_DIR"


@dataclass(frozen=True)
class LicensedDimensionText:
    """Licensed texts for one dimension, per language."""

    dimension_code: str
    ranges: Mapping[str, Mapping[str, str]]  # band code -> language -> text
    markers: Mapping[str, Mapping[str, tuple[str, ...]]]  # indicator code -> language -> markers

    def range_text(self, band: str, lang: str) -> str | None:
        """Return the range description for a band, or None if the pack has none."""
        return _in_language(self.ranges.get(band, {}), lang)

    def indicator_markers(self, indicator_code: str, lang: str) -> tuple[str, ...]:
        """Return the behavioural markers for an indicator (empty if none)."""
        return _in_language(self.markers.get(indicator_code, {}), lang) or ()


LicensedText = LicensedDimensionText


def pack_path(directory: str | Path, instrument: Instrument) -> Path:
    """Return where the pack for this instrument version is expected."""
    return Path(directory) / f"{instrument.id}-{instrument.version}.toml"


def load_licensed_pack(
    directory: str | Path | None, instrument: Instrument
) -> dict[str, LicensedDimensionText] | None:
    """Load the licensed texts for an instrument, keyed by dimension code; None if absent."""
    if directory is None or not str(directory).strip():
        return None
    if not Path(directory).is_dir():
        # A set but wrong path is a configuration mistake; failing loudly beats hiding the text.
        raise InstrumentError(f"{ENV_VAR}={directory}: folder not found")
    path = pack_path(directory, instrument)
    if not path.is_file():
        return None
    raw, _ = read_toml_file(path)
    return _pack(raw, Where(path.name), instrument)


def _pack(
    raw: dict[str, Any], where: Where, instrument: Instrument
) -> dict[str, LicensedDimensionText]:
    check_keys(raw, ("instrument", "version", "dimensions"), where)
    for key, expected in (("instrument", instrument.id), ("version", instrument.version)):
        if require(raw, key, str, where) != expected:
            raise where.at(key).error(f"pack is for {raw[key]!r}, expected {expected!r}")
    tables: dict[str, Any] = require(raw, "dimensions", dict, where)
    here = where.at("dimensions")
    return {
        code: _dimension(value, here.at(code), instrument, code) for code, value in tables.items()
    }


def _dimension(
    value: Any, where: Where, instrument: Instrument, code: str
) -> LicensedDimensionText:
    try:
        dimension = instrument.dimension(code)
    except KeyError:
        raise where.error(f"unknown dimension code {code!r} for {instrument.key}") from None
    table: dict[str, Any] = expect(value, dict, where)
    check_keys(table, ("ranges", "markers"), where)
    return LicensedDimensionText(
        dimension_code=code,
        ranges=_ranges(table.get("ranges", {}), where.at("ranges"), instrument),
        markers=_markers(table.get("markers", {}), where.at("markers"), dimension),
    )


def _ranges(value: Any, where: Where, instrument: Instrument) -> Mapping[str, Mapping[str, str]]:
    bands = [band.code for band in instrument.scale.bands]
    table: dict[str, Any] = expect(value, dict, where)
    check_keys(table, bands, where)
    return MappingProxyType(
        {band: _texts(texts, where.at(band), str) for band, texts in table.items()}
    )


def _markers(
    value: Any, where: Where, dimension: Dimension
) -> Mapping[str, Mapping[str, tuple[str, ...]]]:
    table: dict[str, Any] = expect(value, dict, where)
    known = {indicator.code for indicator in dimension.indicators}
    result: dict[str, Mapping[str, tuple[str, ...]]] = {}
    for code, texts in table.items():
        if code not in known:
            raise where.at(code).error(
                f"unknown indicator code {code!r} for dimension {dimension.code}"
            )
        result[code] = _texts(texts, where.at(code), list)
    return MappingProxyType(result)


def _texts(value: Any, where: Where, kind: type) -> Mapping[str, Any]:
    # Partial packs are fine (e.g. English only); unknown languages are typos.
    table: dict[str, Any] = expect(value, dict, where)
    check_keys(table, LANGUAGES, where)
    result: dict[str, Any] = {}
    for lang, text in table.items():
        checked = expect(text, kind, where.at(lang))
        if kind is list:
            checked = tuple(
                expect(item, str, where.at(lang).at(i)) for i, item in enumerate(checked)
            )
        result[lang] = checked
    return MappingProxyType(result)


def _in_language(texts: Mapping[str, Any], lang: str) -> Any:
    # Nynorsk readers get bokmål before English; anyone gets some text before none.
    for candidate in (lang, "nb", "en", "nn"):
        if candidate in texts:
            return texts[candidate]
    return None
