"""The rows of each export sheet; export_xlsx.py writes them. Big tables stream from SQL."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import FromClause, Select, String, Subquery, case, func, select, type_coerce
from sqlalchemy.orm import Session

from analysis.export_readme import flag_reason
from analysis.followup import Thresholds, follow_up
from analysis.instruments import Instrument
from analysis.progress import trends
from analysis.queries import (
    LEVELS,
    observation_conditions,
    observation_values,
    semester_index,
    with_organisation,
)
from analysis.schema import cycle, department, kindergarten, network, observation, pool, score
from analysis.scoring import band_of_mean
from analysis.structure import Structure

KINDS = ("regular", "double_coding", "practice")
STREAM_ROWS = 5_000


@dataclass(frozen=True)
class Scope:
    """What one export covers: filters (already normalised) and the instrument facts."""

    session: Session
    filters: Mapping[str, tuple]
    structure: Structure
    instruments: Mapping[str, Instrument] | None
    band_rules: Mapping[str, str]  # instrument id -> band rule for means
    dimensions: FromClause | None = None  # the scope's dimension values, materialized once
    thresholds: Thresholds = Thresholds()  # the follow-up rules' settings
    language: str = "nb"  # of the README and the follow-up reasons: nb, nn or en
    _trends: dict = field(default_factory=dict, compare=False)

    def trends(self, by: tuple[str, ...], level: str) -> list:
        """Return trends(by, level) for this scope, computed once per export."""
        key = (by, level)
        if key not in self._trends:
            self._trends[key] = trends(
                self.session, by=by, level=level, filters=self.filters,  # type: ignore[arg-type]
                instruments=self.instruments, dimensions=self.dimensions,
            )  # fmt: skip
        return self._trends[key]


def _org_names():
    return (
        pool.c.number,
        network.c.name,
        kindergarten.c.name,
        department.c.name,
        department.c.age_group,
    )


def _observation_order() -> tuple:
    """The scores sheet's observation order; the id last makes it total, so every query
    that numbers observations by it agrees."""
    o = observation.c
    return (
        semester_index(o.semester), pool.c.number, network.c.name, kindergarten.c.name,
        department.c.name, o.kind.desc(), o.id,
    )  # fmt: skip


def _ranked_observations(scope: Scope) -> Subquery:
    """SELECT id, rank: the observations in scope numbered in the sheet's order."""
    o = observation.c
    return (
        select(o.id, func.row_number().over(order_by=_observation_order()).label("rank"))
        .select_from(with_organisation(observation, o.department_id))
        .where(*observation_conditions(scope.filters, kinds=KINDS))
        .subquery("observation_rank")
    )


def scores_query(scope: Scope) -> Select:
    """SELECT (observation rank, cycle, dimension, score), one row per observation × cycle ×
    dimension, in the sheet's order. The observation's own facts come from
    `observation_facts()`: repeating them on every score would move ten times the data, and
    sorting by a rank sorts integers, not names (the sort was most of the query)."""
    ranked = _ranked_observations(scope)
    return (
        select(ranked.c.rank, cycle.c.number, score.c.dimension_code, score.c.value)
        .select_from(
            score.join(cycle, cycle.c.id == score.c.cycle_id).join(
                ranked, ranked.c.id == cycle.c.observation_id
            )
        )
        .order_by(
            ranked.c.rank, cycle.c.number, _position(score.c.dimension_code, scope.structure.order)
        )
    )


def scores_count(scope: Scope) -> int:
    """Return how many rows the scores sheet has."""
    return _count(scope.session, scores_query(scope))


def _count(session: Session, query: Select) -> int:
    """Count a query's rows in the database, skipping its sort."""
    return session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))


def observation_facts(scope: Scope) -> Iterator[tuple[int, tuple, tuple]]:
    """Yield (rank, head, foot) per observation in scope, in rank order: the head holds the
    scores sheet's first eleven columns (id, semester, pool … observed_on), the foot its
    last two (observer_id, primary_observation_id). Streamed, never held all at once."""
    o = observation.c
    numbered = (
        select(
            func.row_number().over(order_by=_observation_order()).label("rank"),
            # Raw, not as uuid.UUID: formatting each id once here is cheaper.
            type_coerce(o.id, String),
            o.semester,
            *_org_names(),
            o.instrument_id,
            o.instrument_version,
            o.kind,
            type_coerce(o.observed_on, String),
            o.observer_id,
            type_coerce(o.primary_observation_id, String),
        )  # fmt: skip
        .select_from(with_organisation(observation, o.department_id))
        .where(*observation_conditions(scope.filters, kinds=KINDS))
        .subquery("numbered")
    )
    query = select(numbered).order_by(numbered.c.rank).execution_options(yield_per=STREAM_ROWS)
    result = scope.session.execute(query)
    try:  # a merge join stops reading early: close the cursor (server-side on PostgreSQL)
        for rank, raw, *rest, observed_on, observer_id, primary in result:
            head = (_uuid(raw), *rest, _day(observed_on))
            yield rank, head, (observer_id, None if primary is None else _uuid(primary))
    finally:
        result.close()


def _uuid(raw: object) -> str:
    """SQLite stores a UUID as 32 hex digits, PostgreSQL as a uuid: write both the same way."""
    return str(uuid.UUID(str(raw)))


def with_facts(scope: Scope, rows: Iterable[Sequence]) -> Iterator[tuple[tuple, tuple, tuple]]:
    """Join rows ordered by observation rank (rank first) to their observation's facts,
    yielding (head, rest of the row, foot). Both sides stream in rank order, so this is a
    merge join: memory stays flat however many observations the export holds."""
    facts = observation_facts(scope)
    rank, head, foot = 0, (), ()
    with closing(facts):
        for row in rows:
            while rank != row[0]:
                rank, head, foot = next(facts)
            yield head, row[1:], foot


def _position(code, order: Mapping[str, int]):
    return case(dict(order), value=code, else_=len(order))


def scores_rows(scope: Scope) -> Iterator[tuple[tuple, tuple, tuple]]:
    """Yield the scores rows as (observation facts, score, observer and primary) triples,
    streamed in chunks."""
    domains = {(d.instrument_id, d.code): d.domain for d in scope.structure.dimensions}
    result = scope.session.execute(scores_query(scope).execution_options(yield_per=STREAM_ROWS))
    for head, (number, code, value), foot in with_facts(scope, result):
        yield head, (number, domains.get((head[7], code)), code, value), foot


def _day(value: object) -> date:
    """SQLite hands back ISO text here (the column is read untyped); PostgreSQL a date."""
    return date.fromisoformat(value) if isinstance(value, str) else value  # type: ignore[return-value]


def department_mean_rows(scope: Scope) -> Iterator[tuple[tuple, tuple]]:
    """Yield each regular observation's dimension and domain means with their band, as
    (observation facts, mean) pairs, in the scores sheet's order."""
    for level in LEVELS:
        tails: dict[tuple, tuple] = {}  # means are few distinct fractions: band each once
        result = scope.session.execute(_department_means_query(scope, level))
        last, short = None, ()
        for head, key, _ in with_facts(scope, result):
            if head is not last:  # one tuple per observation, as the row writer expects
                last, short = head, head[:8]
            tail = tails.get(key)
            if tail is None:
                tail = tails[key] = _mean_tail(scope, level, *key)
            yield short, tail


def department_mean_count(scope: Scope) -> int:
    """Return how many rows the department means sheet has."""
    return sum(_count(scope.session, _department_means_query(scope, level)) for level in LEVELS)


def _department_means_query(scope: Scope, level: str) -> Select:
    values = observation_values(level, scope.filters, dimensions=scope.dimensions)
    v = values.c
    ranked = _ranked_observations(scope)
    return (
        select(ranked.c.rank, v.instrument_id, v.code, v.value, v.n_cycles)
        .select_from(values.join(ranked, ranked.c.id == v.observation_id))
        .order_by(ranked.c.rank, _position(v.code, scope.structure.order))
        .execution_options(yield_per=STREAM_ROWS)
    )


def _mean_tail(scope: Scope, level, instrument_id, code, value, n_cycles) -> tuple:
    mean = float(value)
    band = band_of_mean(mean, scope.band_rules.get(instrument_id, "nearest"))  # type: ignore[arg-type]
    return (level, code, mean, band, int(n_cycles))


def follow_up_rows(scope: Scope) -> Iterator[tuple]:
    """Yield one row per follow-up flag, the departments ranked most severe first."""
    filters = {k: v for k, v in scope.filters.items() if k != "semester"}
    as_of = scope.filters["semester"][-1] if "semester" in scope.filters else None
    for item in follow_up(
        scope.session, as_of=as_of, filters=filters, instruments=scope.instruments,
        thresholds=scope.thresholds,
    ):  # fmt: skip
        for flag in item.flags:
            yield (
                item.pool, item.network, item.kindergarten, item.department, item.semester,
                item.rank, flag.rule, flag.code, flag.value, flag.threshold,
                flag.previous_semester, flag.previous_value, flag_reason(flag, scope.language),
            )  # fmt: skip
