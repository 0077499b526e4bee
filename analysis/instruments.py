"""Load CLASS® instrument files (instruments/*.toml) into frozen, validated dataclasses.

The file format is described in instruments/README.md. Each file is one published
version of an instrument; observations record its key and file hash.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from analysis._instrument_validation import (
    EVIDENCE_CODES,
    LANGUAGES,
    InstrumentError,
    Where,
    read_toml_file,
)

__all__ = [
    "EVIDENCE_CODES", "LANGUAGES", "Band", "CycleRules", "Dimension", "Domain", "Indicator",
    "Instrument", "InstrumentError", "Labels", "Language", "Provenance", "Scale", "Setting",
    "default_instruments_dir", "instrument_for_age_group", "load_all_versions",
    "load_instrument", "load_instruments",
]  # fmt: skip

Language = Literal["nb", "nn", "en"]
# The programme's choice where several instruments could serve one age group.
_INSTRUMENT_BY_AGE_GROUP = {"toddler": "class-toddler", "preschool": "class-prek"}


@dataclass(frozen=True)
class Provenance:
    """Evidence code (S, W, R, P) per language for a label; None when not marked."""

    nb: str | None = None
    nn: str | None = None
    en: str | None = None


@dataclass(frozen=True)
class Labels:
    """A text in bokmål, nynorsk and English."""

    nb: str
    nn: str
    en: str
    provenance: Provenance = Provenance()

    def get(self, lang: str) -> str:
        """Return the text in lang, falling back to bokmål."""
        return str(getattr(self, lang)) if lang in LANGUAGES else self.nb


@dataclass(frozen=True)
class Indicator:
    code: str
    labels: Labels


@dataclass(frozen=True)
class Dimension:
    code: str
    labels: Labels
    reverse: bool
    description: Labels
    indicators: tuple[Indicator, ...]
    domain_code: str


@dataclass(frozen=True)
class Domain:
    code: str
    labels: Labels
    dimensions: tuple[Dimension, ...]


@dataclass(frozen=True)
class Band:
    code: str  # "low" | "mid" | "high"
    min: int
    max: int
    labels: Labels


@dataclass(frozen=True)
class Scale:
    min: int
    max: int
    bands: tuple[Band, ...]
    band_rule_for_means: str  # "nearest" | "floor"


@dataclass(frozen=True)
class Setting:
    code: str
    labels: Labels


@dataclass(frozen=True)
class CycleRules:
    count: int
    min_minutes: int
    max_minutes: int
    redo_below_minutes: int
    settings: tuple[Setting, ...]


@dataclass(frozen=True)
class Instrument:
    id: str
    version: str
    family: str
    name: Labels
    scale: Scale
    cycles: CycleRules
    domains: tuple[Domain, ...]
    file_hash: str  # sha256 hex of the file bytes
    source_path: str
    age_group: str = ""
    source: str = ""

    @property
    def key(self) -> str:
        """Return the unique key of this version, e.g. 'class-prek@2008'."""
        return f"{self.id}@{self.version}"

    @property
    def dimensions(self) -> tuple[Dimension, ...]:
        """Return all dimensions in file order."""
        return tuple(dim for domain in self.domains for dim in domain.dimensions)

    @property
    def domain_codes(self) -> dict[str, tuple[str, ...]]:
        """Return domain code -> the codes of its dimensions, in file order."""
        return {domain.code: tuple(d.code for d in domain.dimensions) for domain in self.domains}

    @property
    def reverse_codes(self) -> frozenset[str]:
        """Return the codes of reverse-scored dimensions (Negative Climate: 1 is best)."""
        return frozenset(d.code for d in self.dimensions if d.reverse)

    def dimension(self, code: str) -> Dimension:
        """Return the dimension with this code, or raise KeyError."""
        for dim in self.dimensions:
            if dim.code == code:
                return dim
        known = ", ".join(dim.code for dim in self.dimensions)
        raise KeyError(f"{self.key} has no dimension {code!r} (known: {known})")

    def domain(self, code: str) -> Domain:
        """Return the domain with this code, or raise KeyError."""
        for domain in self.domains:
            if domain.code == code:
                return domain
        known = ", ".join(domain.code for domain in self.domains)
        raise KeyError(f"{self.key} has no domain {code!r} (known: {known})")


def default_instruments_dir() -> Path:
    """Return the checkout's instruments/ folder, or the copy an installed wheel carries
    (setup.py puts it in analysis/instruments_data/ at build time)."""
    here = Path(__file__).resolve().parent
    packaged = here / "instruments_data"
    return packaged if packaged.is_dir() else here.parent / "instruments"


def load_instrument(path: str | Path) -> Instrument:
    """Load and validate one instrument file."""
    # Imported here because the parser builds the dataclasses defined in this module.
    from analysis._instrument_parsing import build_instrument

    path = Path(path)
    raw, data = read_toml_file(path)
    return build_instrument(raw, Where(path.name), hashlib.sha256(data).hexdigest(), str(path))


def load_all_versions(directory: str | Path | None = None) -> dict[str, Instrument]:
    """Load every instrument file in directory, keyed by 'id@version'."""
    folder = Path(directory) if directory is not None else default_instruments_dir()
    if not folder.is_dir():
        raise InstrumentError(f"{folder}: instruments folder not found")
    loaded: dict[str, Instrument] = {}
    for path in sorted(folder.glob("*.toml")):
        instrument = load_instrument(path)
        # The name rule makes "a new version is a new file" visible in the folder listing.
        if path.stem != f"{instrument.id}-{instrument.version}":
            raise Where(path.name).error(
                f"file name must be {instrument.id}-{instrument.version}.toml (from id and version)"
            )
        loaded[instrument.key] = instrument
    return loaded


def load_instruments(directory: str | Path | None = None) -> dict[str, Instrument]:
    """Load the newest version of each instrument in directory, keyed by id."""
    newest: dict[str, Instrument] = {}
    for instrument in load_all_versions(directory).values():
        current = newest.get(instrument.id)
        if current is None or _version_order(instrument.version) > _version_order(current.version):
            newest[instrument.id] = instrument
    return newest


def instrument_for_age_group(instruments: dict[str, Instrument], age_group: str) -> Instrument:
    """Return the instrument used for a department age group (toddler or preschool)."""
    preferred = _INSTRUMENT_BY_AGE_GROUP.get(age_group)
    if preferred in instruments:
        return instruments[preferred]
    matches = [inst for inst in instruments.values() if inst.age_group == age_group]
    if len(matches) == 1:
        return matches[0]
    raise KeyError(f"no single instrument for age group {age_group!r} ({len(matches)} found)")


def _version_order(version: str) -> tuple[tuple[int, int | str], ...]:
    # Numeric parts compare as numbers so that "2008.10" sorts after "2008.9".
    parts = re.split(r"[._]", version)
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in parts)
