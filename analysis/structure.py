"""What the SQL needs to know about instruments: domains, reverse dimensions and band limits.

The database stores raw scores only; everything an instrument file defines (which domain a
dimension belongs to, which dimensions are reversed, the band rule) enters the SQL as CASE
expressions built here, so one query serves every instrument version.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from sqlalchemy import ColumnElement, and_, case, literal
from sqlalchemy.sql.elements import KeyedColumnElement

from analysis.instruments import Instrument, default_instruments_dir, load_all_versions
from analysis.scoring import _MEAN_THRESHOLDS

# Float noise guard for band limits: sums of thirds can land a hair below 2.5 or 5.5.
EPSILON = 5e-10  # matches analysis.scoring, which rounds means to nine decimals


@dataclass(frozen=True)
class DimensionFacts:
    instrument_id: str
    code: str
    domain: str
    reverse: bool
    domain_size: int
    mirror: int  # scale min + max: a reverse dimension enters as mirror − x


@dataclass(frozen=True)
class Structure:
    """The facts of every instrument version that aggregation needs, keyed for SQL."""

    dimensions: tuple[DimensionFacts, ...]
    mean_limits: Mapping[str, tuple[float, float]]  # instrument id -> (low below, mid below)
    score_bands: tuple[tuple[str, int, int], ...]  # (band, min, max) for integer scores
    order: Mapping[str, int]  # code -> position in instrument order (domains and dimensions)
    age_groups: Mapping[str, str]  # instrument id -> the age group it serves

    def domain_of(self, instrument: KeyedColumnElement, code: KeyedColumnElement) -> ColumnElement:
        """Return CASE (instrument, dimension) -> domain code."""
        return self._lookup(instrument, code, lambda d: d.domain, literal)

    def domain_size(self, instrument: KeyedColumnElement, domain: KeyedColumnElement):
        """Return CASE (instrument, domain) -> the number of dimensions in the domain."""
        sizes: dict[str, dict[str, ColumnElement]] = {}
        for facts in self.dimensions:
            sizes.setdefault(facts.instrument_id, {})[facts.domain] = literal(facts.domain_size)
        inner = {i: case(by_domain, value=domain) for i, by_domain in sizes.items()}
        return case(inner, value=instrument)

    def goodness(self, instrument, code, value) -> ColumnElement:
        """Return the value on a higher-is-better scale: mirror − x for reverse dimensions."""
        return self._lookup(
            instrument, code, lambda d: d.mirror if d.reverse else None,
            lambda mirror: value if mirror is None else mirror - value, default=None,
        )  # fmt: skip

    def is_reverse(self, instrument, code) -> ColumnElement:
        """Return a boolean SQL expression: is this a reverse-scored dimension?"""
        return self._lookup(instrument, code, lambda d: d.reverse, literal, default=False)

    def _lookup(self, instrument, code, fact, make, default=None) -> ColumnElement:
        """Return a simple CASE giving make(fact(dimension)) for each (instrument, code).

        Where every instrument agrees on a code (Negative Climate is reversed in all of
        them) one CASE on the code does; otherwise a CASE on the instrument picks the inner
        CASE. Simple CASEs compare each value once; flat (instrument AND code) pairs cost
        PostgreSQL and SQLite far more per row. Codes whose fact is `default` are left to
        the ELSE branch.
        """
        per_code: dict[str, set] = {}
        for facts in self.dimensions:
            per_code.setdefault(facts.code, set()).add(fact(facts))
        if all(len(values) == 1 for values in per_code.values()):
            mapping = {c: make(v) for c, (v,) in per_code.items() if v != default}
            return case(mapping, value=code, else_=make(default)) if mapping else make(default)
        inner: dict[str, dict[str, ColumnElement]] = {}
        for facts in self.dimensions:
            if fact(facts) != default:
                inner.setdefault(facts.instrument_id, {})[facts.code] = make(fact(facts))
        nested = {i: case(m, value=code, else_=make(default)) for i, m in inner.items()}
        return case(nested, value=instrument, else_=make(default))

    def band_of_mean(self, instrument, value, band: str) -> ColumnElement:
        """Return 1 when `value` (a mean) falls in `band` under its instrument's rule, else 0."""
        rules = set(self.mean_limits.values())
        if len(rules) == 1:  # one rule for all: no need to look at the instrument
            return case((_inside(value, band, *rules.pop()), 1), else_=0)
        branches = [
            (and_(instrument == instrument_id, _inside(value, band, *limits)), 1)
            for instrument_id, limits in self.mean_limits.items()
        ]
        return case(*branches, else_=0)

    def band_of_score(self, value, band: str) -> ColumnElement:
        """Return 1 when the integer score `value` lies in `band`, else 0."""
        _, low, high = next(b for b in self.score_bands if b[0] == band)
        return case((value.between(low, high), 1), else_=0)

    def code_position(self, code: str) -> int:
        """Return the position of a code in instrument order (unknown codes last)."""
        return self.order.get(code, len(self.order))


def _inside(value, band: str, low_below: float, mid_below: float) -> ColumnElement:
    low, mid = low_below - EPSILON, mid_below - EPSILON
    return {
        "low": value < low,
        "mid": and_(value >= low, value < mid),
        "high": value >= mid,
    }[band]


def build_structure(instruments: Mapping[str, Instrument]) -> Structure:
    """Build the SQL facts from instruments keyed 'id@version' (or by id)."""
    facts: dict[tuple[str, str], DimensionFacts] = {}
    limits: dict[str, tuple[float, float]] = {}
    order: dict[str, int] = {}
    age_groups: dict[str, str] = {}
    for instrument in sorted(instruments.values(), key=lambda i: (i.id, i.version)):
        # Newer versions overwrite older ones; a version that moved a dimension to another
        # domain would need the version in the key, which no instrument has needed yet.
        age_groups[instrument.id] = instrument.age_group
        limits[instrument.id] = _MEAN_THRESHOLDS[instrument.scale.band_rule_for_means]
        for domain in instrument.domains:
            order.setdefault(domain.code, len(order))
            for dimension in domain.dimensions:
                order.setdefault(dimension.code, len(order))
                facts[(instrument.id, dimension.code)] = DimensionFacts(
                    instrument.id,
                    dimension.code,
                    domain.code,
                    dimension.reverse,
                    len(domain.dimensions),
                    instrument.scale.min + instrument.scale.max,
                )
    first = next(iter(instruments.values()))
    bands = tuple((b.code, b.min, b.max) for b in first.scale.bands)
    return Structure(tuple(facts.values()), limits, bands, order, age_groups)


@cache
def default_structure() -> Structure:
    """Return the structure of the instruments in the repository's instruments/ folder."""
    return build_structure(load_all_versions(default_instruments_dir()))


def structure_for(instruments: Mapping[str, Instrument] | None) -> Structure:
    """Return the structure for the given instruments, or the repository's default."""
    return default_structure() if instruments is None else build_structure(instruments)
