"""Keep the cache of per-observation dimension means (table observation_dimension_mean).

Raw scores are the truth; this cache holds, for every done observation (submitted or
released) and dimension, the mean of its cycle scores and how many of them fell in each band,
and for every complete domain the mean of its dimensions (Negative Climate as 8 − x).
Every figure in analysis/ reads it (see queries.dimension_values). It is written in the same
transaction as the change that makes it stale:

- submitting an observation adds its rows, reopening one removes them
  (app/observe/lifecycle.py);
- a bulk load refreshes everything at the end (app/demo);
- `flask analysis rebuild-cache` rebuilds it from scratch, e.g. after a change of band rule.

Scores of a done observation cannot change (the API refuses with 409), so rows never go stale
between those moments. `stale_rows()` recomputes the cache and reports any difference; tests
use it after every path that submits.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection

from sqlalchemy import Float, Subquery, cast, delete, func, insert, literal, select
from sqlalchemy.orm import Session

from analysis.queries import DONE_STATUSES, band_counts, domain_values
from analysis.schema import cycle, dimension_mean, observation, score
from analysis.structure import Structure, structure_for

KEY_COLUMNS = ("observation_id", "code", "department_id", "semester", "instrument_id", "kind")
FIGURES = ("value", "n_cycles", "n_low", "n_high")
# An IN list this long stays well inside SQLite's and PostgreSQL's parameter limits.
CHUNK = 500


def refresh_dimension_means(
    session: Session,
    observation_ids: Collection[uuid.UUID] | None = None,
    structure: Structure | None = None,
) -> None:
    """Recompute the cached rows of these observations (of all, when None) from their scores:
    first the dimensions, then the domains from those. An observation that is no longer done
    (reopened) simply loses its rows.
    """
    structure = structure or structure_for(None)
    if observation_ids is None:
        session.execute(delete(dimension_mean))
        _fill(session, structure, None)
        return
    ids = list(observation_ids)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        session.execute(delete(dimension_mean).where(dimension_mean.c.observation_id.in_(chunk)))
        _fill(session, structure, chunk)


def computed_dimensions(structure: Structure, observation_ids=None) -> Subquery:
    """Return per-observation dimension figures computed from the raw scores."""
    o, value = observation.c, score.c.value
    conditions = [o.status.in_(DONE_STATUSES)]
    if observation_ids is not None:
        conditions.append(o.id.in_(observation_ids))
    keys = (o.id, score.c.dimension_code, o.department_id, o.semester, o.instrument_id, o.kind)
    names = ("observation_id", "code", *KEY_COLUMNS[2:])
    return (
        select(
            *[column.label(name) for column, name in zip(keys, names, strict=True)],
            func.avg(cast(value, Float)).label("value"),
            func.count().label("n_cycles"),
            *band_counts(func.count(), lambda b: structure.band_of_score(value, b), "n_"),
        )
        .select_from(score)
        .join(cycle, cycle.c.id == score.c.cycle_id)
        .join(observation, o.id == cycle.c.observation_id)
        .where(*conditions)
        .group_by(*keys)
        .subquery("computed_dimensions")
    )


def cached_rows(level: str, observation_ids=None) -> Subquery:
    """Return the cache's rows of one level, with the middle band count domain_values needs."""
    m = dimension_mean.c
    conditions = [m.level == level]
    if observation_ids is not None:
        conditions.append(m.observation_id.in_(observation_ids))
    middle = (m.n_cycles - m.n_low - m.n_high).label("n_mid")
    columns = [m[name] for name in (*KEY_COLUMNS, *FIGURES)]
    return select(*columns, middle).where(*conditions).subquery(f"cached_{level}s")


def _fill(session: Session, structure: Structure, observation_ids) -> None:
    dimensions = computed_dimensions(structure, observation_ids)
    session.execute(_insert("dimension", dimensions))
    # Domains from the dimension rows just written: the scores are read once.
    domains = domain_values(structure, cached_rows("dimension", observation_ids))
    session.execute(_insert("domain", domains))


def _insert(level: str, rows: Subquery):
    names = (*KEY_COLUMNS, *FIGURES)
    source = select(*[rows.c[name] for name in names], literal(level).label("level"))
    columns = [dimension_mean.c[name] for name in (*names, "level")]
    return insert(dimension_mean).from_select(columns, source)


def stale_rows(session: Session, structure: Structure | None = None) -> list[tuple]:
    """Return the rows where the cache and a fresh computation from the scores differ
    (each as a (row, "missing"/"extra"/"changed") pair); an empty list means the cache is exact."""
    structure = structure or structure_for(None)
    dimensions = computed_dimensions(structure)
    fresh = {
        **_by_key(session, "dimension", select(dimensions)),
        **_by_key(session, "domain", select(domain_values(structure, dimensions))),
    }
    cached = {}
    for level in ("dimension", "domain"):
        cached |= _by_key(session, level, select(cached_rows(level)))
    missing = [(fresh[k], "missing") for k in fresh.keys() - cached.keys()]
    extra = [(cached[k], "extra") for k in cached.keys() - fresh.keys()]
    changed = [
        (cached[k], "changed")
        for k in fresh.keys() & cached.keys()
        if not _same(fresh[k], cached[k])
    ]
    return missing + extra + changed


def _by_key(session: Session, level: str, query) -> dict[tuple, dict]:
    rows = session.execute(query).mappings()
    return {(level, str(row["observation_id"]), row["code"]): dict(row) for row in rows}


def _same(fresh: dict, cached: dict) -> bool:
    return (
        all(fresh[name] == cached[name] for name in KEY_COLUMNS[2:])
        and abs(float(fresh["value"]) - float(cached["value"])) < 1e-9
        and all(int(fresh[name]) == int(cached[name]) for name in ("n_cycles", "n_low", "n_high"))
    )
