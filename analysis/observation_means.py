"""Each observation's dimension means, straight from its raw scores.

A read model shared by the report (a department's trend) and the leaders' home page. It reads
the raw scores, not the cache (analysis/dimension_means.py, done observations only), so it
holds for an observation in any status.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from analysis.schema import cycle, score


def dimension_means_by_observation(
    session: Session, observation_ids: Collection[uuid.UUID]
) -> dict[uuid.UUID, dict[str, float]]:
    """Return observation id -> dimension code -> mean over its cycles, computed in SQL."""
    if not observation_ids:
        return {}
    rows = session.execute(
        select(cycle.c.observation_id, score.c.dimension_code, func.avg(score.c.value))
        .join(score, score.c.cycle_id == cycle.c.id)
        .where(cycle.c.observation_id.in_(observation_ids))
        .group_by(cycle.c.observation_id, score.c.dimension_code)
    ).all()
    means: dict[uuid.UUID, dict[str, float]] = {}
    for observation_id, code, mean in rows:
        means.setdefault(observation_id, {})[code] = float(mean)
    return means
