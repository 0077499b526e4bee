"""Each observer's agreement over the recalibration window, judged, ranked and filtered in SQL.

DESIGN §5: an observer with fewer than 3 double-coded visits is "too few to judge"; within-one
agreement below 80 % over the last two semesters flags the observer for recalibration. At
national scale there are thousands of observers, so the database groups the pairs, judges each
observer and sorts them (flagged first, lowest within-one first); the caller fetches one page
of the ranking, and the per-dimension ICCs only for that page's observers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy import Float, Select, case, cast, func, select
from sqlalchemy.orm import Session

from analysis.agreement import (
    BAR,
    MIN_VISITS,
    OK,
    RECALIBRATE,
    TOO_FEW,
    AgreementRow,
    grouped_sums,
    median_icc,
    paired_scores,
    record_icc,
)
from analysis.queries import normalize_filters
from analysis.schema import user
from analysis.semesters import parse_semester

STATUSES = (RECALIBRATE, OK, TOO_FEW)  # also the ranking: flagged first, too few last
WINDOW = 2  # semesters the recalibration rule looks back over, the chosen one included


def recalibration_window(semester: str) -> tuple[str, ...]:
    """Return the last WINDOW semesters up to and including `semester`, oldest first."""
    last = parse_semester(semester)
    return tuple(str(last.from_index(last.index - back)) for back in reversed(range(WINDOW)))


def _totals(scope: Mapping[str, tuple]):
    """One row per observer: visits, paired scores, exact and within-one counts, status."""
    p = paired_scores(scope, oriented=True).subquery().c
    n, n_visits = func.count(), func.count(func.distinct(p.pair_id))
    n_within = func.sum(case((func.abs(p.a - p.b) <= 1, 1), else_=0))
    below_bar = n_within * BAR.denominator < n * BAR.numerator  # exact, in integers
    status = case((n_visits < MIN_VISITS, TOO_FEW), (below_bar, RECALIBRATE), else_=OK)
    rank = case(*[(status == name, place) for place, name in enumerate(STATUSES)])
    return (
        select(
            p.observer_id,
            n_visits.label("n_visits"),
            n.label("n"),
            func.sum(case((p.a == p.b, 1), else_=0)).label("n_exact"),
            n_within.label("n_within_one"),
            status.label("status"),
            rank.label("rank"),
        )  # fmt: skip
        .group_by(p.observer_id)
        .subquery("observer_totals")
    )


def ranked_observers(filters: Mapping[str, object], *, name: str = "", status: str = "") -> Select:
    """SELECT the observers ranked (flagged first, then lowest within-one), optionally only
    those whose name contains `name` and whose status is `status`."""
    t = _totals(normalize_filters(filters)).c
    query = select(
        t.observer_id, user.c.name.label("observer_name"), t.n_visits, t.n, t.n_exact,
        t.n_within_one, t.status,
    ).join(user, user.c.id == t.observer_id)  # fmt: skip
    if name:
        query = query.where(user.c.name.icontains(name, autoescape=True))
    if status in STATUSES:
        query = query.where(t.status == status)
    share = cast(t.n_within_one, Float) / t.n
    return query.order_by(t.rank, share, user.c.name, t.observer_id)


def status_counts(session: Session, filters: Mapping[str, object]) -> dict[str, int]:
    """Return how many observers have each status inside `filters`."""
    t = _totals(normalize_filters(filters)).c
    counts = dict(session.execute(select(t.status, func.count()).group_by(t.status)).all())
    return {status: int(counts.get(status, 0)) for status in STATUSES}


def observer_rows(
    session: Session, filters: Mapping[str, object], ranked: Sequence
) -> list[AgreementRow]:
    """Turn one page of `ranked_observers` rows into rows with each observer's median ICC."""
    iccs = _median_iccs(session, filters, [row.observer_id for row in ranked])
    return [
        AgreementRow(
            {"observer": row.observer_id, "observer_name": row.observer_name},
            int(row.n_visits),
            int(row.n),
            int(row.n_exact) / int(row.n),
            int(row.n_within_one) / int(row.n),
            iccs.get(row.observer_id),
            row.status == RECALIBRATE,
            row.status,
        )  # fmt: skip
        for row in ranked
    ]


def _median_iccs(
    session: Session, filters: Mapping[str, object], observer_ids: Sequence[int]
) -> dict[int, float | None]:
    """The median over dimensions of each observer's ICC(2,1) with their partners."""
    if not observer_ids:
        return {}
    scope = normalize_filters(filters)
    query = grouped_sums(scope, ["observer", "dimension"], observers=observer_ids)
    per_observer: dict[int, list[float | None]] = {}
    for record in session.execute(query).mappings():
        per_observer.setdefault(record["observer"], []).append(record_icc(record))
    return {observer: median_icc(iccs) for observer, iccs in per_observer.items()}
