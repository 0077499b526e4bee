"""Keep the cache of per-observation dimension means (table observation_dimension_mean).

Raw scores are the truth; this cache holds, for every done observation (submitted or
released) and dimension, the mean of its cycle scores and how many of them fell in each band.
Every figure in analysis/ reads it (see queries.dimension_values). It is written in the same
transaction as the change that makes it stale:

- submitting an observation adds its rows, reopening one removes them
  (app/observe/services.py);
- a bulk load refreshes everything at the end (app/demo);
- `flask analysis rebuild-cache` rebuilds it from scratch, e.g. after a change of band rule.

Scores of a done observation cannot change (the API refuses with 409), so rows never go stale
between those moments. `stale_rows()` recomputes the cache and reports any difference; tests
use it after every path that submits.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection

from sqlalchemy import Float, cast, delete, func, insert, select
from sqlalchemy.orm import Session

from analysis.queries import DONE_STATUSES, band_counts
from analysis.structure import Structure, structure_for
from analysis.tables import cycle, dimension_mean, observation, score

CACHE_COLUMNS = (
    "observation_id", "code", "department_id", "semester", "instrument_id", "kind",
    "value", "n_cycles", "n_low", "n_high",
)  # fmt: skip
# An IN list this long stays well inside SQLite's and PostgreSQL's parameter limits.
CHUNK = 500


def refresh_dimension_means(
    session: Session,
    observation_ids: Collection[uuid.UUID] | None = None,
    structure: Structure | None = None,
) -> None:
    """Recompute the cached rows of these observations (of all, when None) from their scores.

    An observation that is no longer done (reopened) simply loses its rows.
    """
    structure = structure or structure_for(None)
    if observation_ids is None:
        session.execute(delete(dimension_mean))
        session.execute(_fill(structure, None))
        return
    ids = list(observation_ids)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        session.execute(delete(dimension_mean).where(dimension_mean.c.observation_id.in_(chunk)))
        session.execute(_fill(structure, chunk))


def computed_rows(structure: Structure, observation_ids=None):
    """Return the SELECT that computes cache rows from the raw scores."""
    o, value = observation.c, score.c.value
    conditions = [o.status.in_(DONE_STATUSES)]
    if observation_ids is not None:
        conditions.append(o.id.in_(observation_ids))
    low, _, high = band_counts(func.count(), lambda b: structure.band_of_score(value, b), "n_")
    keys = (o.id, score.c.dimension_code, o.department_id, o.semester, o.instrument_id, o.kind)
    return (
        select(
            *keys,
            func.avg(cast(value, Float)).label("value"),
            func.count().label("n_cycles"),
            low,
            high,
        )
        .select_from(score)
        .join(cycle, cycle.c.id == score.c.cycle_id)
        .join(observation, o.id == cycle.c.observation_id)
        .where(*conditions)
        .group_by(*keys)
    )


def _fill(structure: Structure, observation_ids):
    columns = [dimension_mean.c[name] for name in CACHE_COLUMNS]
    return insert(dimension_mean).from_select(columns, computed_rows(structure, observation_ids))


def stale_rows(session: Session, structure: Structure | None = None) -> list[tuple]:
    """Return the rows where the cache and a fresh computation from the scores differ
    (each as a (row, "missing"/"extra"/"changed") pair); an empty list means the cache is exact."""
    computed = computed_rows(structure or structure_for(None))
    fresh = {_key(row): row for row in session.execute(computed)}
    cached = {_key(row): row for row in session.execute(select(dimension_mean))}
    missing = [(tuple(fresh[k]), "missing") for k in fresh.keys() - cached.keys()]
    extra = [(tuple(cached[k]), "extra") for k in cached.keys() - fresh.keys()]
    changed = [
        (tuple(cached[k]), "changed")
        for k in fresh.keys() & cached.keys()
        if not _same(fresh[k], cached[k])
    ]
    return missing + extra + changed


def _key(row) -> tuple:
    return (str(row[0]), row[1])


def _same(fresh, cached) -> bool:
    return (
        tuple(fresh[2:6]) == tuple(cached[2:6])
        and abs(fresh[6] - cached[6]) < 1e-9
        and (tuple(int(x) for x in fresh[7:]) == tuple(int(x) for x in cached[7:]))
    )
