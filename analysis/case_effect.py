"""A follow-up case's effect: the department's goal dimensions before and after.

The baseline is the department's regular-observation dimension mean in the case's semester;
"after" is every later semester the department was observed in. The figures come from the
dimension-mean cache (analysis/dimension_means.py), which holds done observations only
(submitted or released). A goal is met when the mean reaches its target: at or above it, or
at or below it for a reverse-scored dimension (Negative Climate, where 1 is best).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from sqlalchemy import Float, cast, func, select
from sqlalchemy.orm import Session

from analysis.queries import semester_index
from analysis.schema import dimension_mean
from analysis.semesters import parse_semester, sort_key

# The cache keeps unrounded means; a target written as 5.5 is met by a mean of 5.5 that
# went through floating point as 5.499999999.
TOLERANCE = 1e-9


@dataclass(frozen=True)
class EffectPoint:
    """One later semester's mean of a goal dimension, beside the baseline."""

    semester: str
    value: float
    change: float | None  # value − baseline; None without a baseline
    met: bool


@dataclass(frozen=True)
class GoalEffect:
    """A goal dimension's baseline and the semesters observed after it."""

    code: str
    target: float
    baseline: float | None  # None: the department was not observed in the case's semester
    baseline_met: bool | None
    after: tuple[EffectPoint, ...]


def target_met(value: float, target: float, reverse: bool = False) -> bool:
    """Whether a dimension mean reaches its target (lower is better when reverse)."""
    if reverse:
        return value <= target + TOLERANCE
    return value >= target - TOLERANCE


def department_dimension_means(
    session: Session, department_id: int, since: str, codes: Collection[str]
) -> dict[tuple[str, str], float]:
    """Return (semester, code) → the department's regular-observation mean, from `since` on."""
    if not codes:
        return {}
    m = dimension_mean.c
    start = parse_semester(since).index
    # One regular observation per department and semester (DESIGN §4.3); the average only
    # guards the figure should a second one slip in.
    query = (
        select(m.semester, m.code, func.avg(cast(m.value, Float)).label("value"))
        .where(
            m.department_id == department_id,
            m.level == "dimension",
            m.kind == "regular",
            m.code.in_(list(codes)),
            semester_index(m.semester) >= start,
        )
        .group_by(m.semester, m.code)
    )
    return {(row.semester, row.code): float(row.value) for row in session.execute(query)}


def case_effect(
    session: Session,
    department_id: int,
    baseline_semester: str,
    targets: Mapping[str, float],
    reverse_codes: Collection[str] = (),
) -> list[GoalEffect]:
    """Return, per goal dimension (code → target), the baseline and every later semester."""
    means = department_dimension_means(session, department_id, baseline_semester, targets)
    later = sorted({s for s, _ in means if s != baseline_semester}, key=sort_key)
    return [
        _effect(code, target, means, baseline_semester, later, code in reverse_codes)
        for code, target in targets.items()
    ]


def _effect(code, target, means, baseline_semester, later, reverse) -> GoalEffect:
    baseline = means.get((baseline_semester, code))
    points = tuple(
        EffectPoint(
            semester,
            value,
            None if baseline is None else value - baseline,
            target_met(value, target, reverse),
        )
        for semester in later
        if (value := means.get((semester, code))) is not None
    )
    met = None if baseline is None else target_met(baseline, target, reverse)
    return GoalEffect(code, target, baseline, met, points)
