"""The export's group sheets: aggregates by pool and network, band distributions and coverage,
each semester marked incomplete where fewer than 80 % of the group's departments were
observed (DESIGN §5), and the change since the previous semester paired, with its n."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select

from analysis.coverage import coverage
from analysis.export_sheets import Scope
from analysis.queries import BANDS, LEVELS
from analysis.schema import observation, pool
from analysis.semesters import semester_index as python_index
from analysis.semesters import semesters_between


def group_rows(scope: Scope, group: str) -> Iterator[tuple]:
    """Yield the aggregates by pool or network × semester × instrument, both levels."""
    by = ("pool", "instrument") if group == "pool" else ("pool", "network", "instrument")
    incomplete = _incomplete(scope, group)
    served = scope.structure.age_groups
    for level in LEVELS:
        for point in scope.trends(by, level):
            row = point.row
            keys = [row.group["pool"]]
            if group == "network":
                keys += [row.group["network"], row.group["network_name"]]
            yield (
                *keys, row.group["semester"], point.semesters_in_programme,
                row.group["instrument"], level, row.code, row.n_departments,
                row.n_observations, row.mean, row.sd,
                *[row.shares[b] if row.shares else None for b in BANDS],
                *[row.cycle_shares[b] if row.cycle_shares else None for b in BANDS],
                point.change_since_previous, point.n_paired, point.change_since_start,
                incomplete.get((*keys[:2], row.group["semester"],
                                served.get(row.group["instrument"]))),
            )  # fmt: skip


def band_rows(scope: Scope) -> Iterator[tuple]:
    """Yield the low/middle/high distributions by pool × semester in long form."""
    for level in LEVELS:
        for point in scope.trends(("pool", "instrument"), level):
            row = point.row
            head = (row.group["pool"], row.group["semester"], row.group["instrument"], level,
                    row.code)  # fmt: skip
            for band in BANDS:
                share = row.shares[band] if row.shares else None
                count = None if share is None else round(share * row.n_departments)
                cycle_share = row.cycle_shares[band] if row.cycle_shares else None
                yield (*head, band, row.n_departments, count, share, cycle_share)


def coverage_rows(scope: Scope) -> Iterator[tuple]:
    """Yield coverage per semester, pool and network."""
    semesters = _programme_semesters(scope)
    rows = coverage(
        scope.session,
        semesters=semesters,
        by=("pool", "network"),
        filters=scope.filters,
        instruments=scope.instruments,
    )
    for row in rows:
        g = row.group
        yield (row.semester, g["pool"], g["network_name"], row.departments, row.observed,
               row.draft, row.not_started, row.incomplete)  # fmt: skip


def _programme_semesters(scope: Scope) -> list[str]:
    if "semester" in scope.filters:
        return list(scope.filters["semester"])
    o = observation.c
    found = list(scope.session.scalars(select(o.semester).where(o.kind == "regular").distinct()))
    starts = list(scope.session.scalars(select(pool.c.first_semester)))
    if not found or not starts:
        return []
    return semesters_between(min(starts, key=python_index), max(found, key=python_index))


def _incomplete(scope: Scope, group: str) -> dict[tuple, bool]:
    """(pool[, network id], semester, age group) -> whether that semester is incomplete for
    the group's departments of the age group its instrument serves."""
    by = ("pool", "age_group") if group == "pool" else ("pool", "network", "age_group")
    rows = coverage(scope.session, semesters=_programme_semesters(scope), by=by,
                    filters=scope.filters, instruments=scope.instruments)  # fmt: skip
    keys = by[:-1]
    return {(*[r.group[k] for k in keys], r.semester, r.group["age_group"]): r.incomplete
            for r in rows}  # fmt: skip
