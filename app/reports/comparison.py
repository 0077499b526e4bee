"""The department beside its network, its pool and the municipality, from analysis.aggregate."""

from collections.abc import Mapping
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from analysis.aggregate import aggregate
from analysis.instruments import Instrument
from analysis.scoring import Summary

from ..models import Observation

LEVELS = ("domain", "dimension")


@dataclass(frozen=True)
class GroupColumn:
    """One column of the comparison: a group's mean per domain and dimension code."""

    key: str  # "department" | "network" | "pool" | "municipality"
    label: str
    n_departments: int | None  # None for the department itself
    suppressed: bool
    values: dict[str, float | None]


def comparison(
    session: Session,
    observation: Observation,
    summary: Summary,
    instruments: Mapping[str, Instrument],
    min_group_size: int,
) -> list[GroupColumn]:
    """Return the department's own values, then each comparison group's (same semester)."""
    own = {**summary.domains, **{c: d.mean for c, d in summary.dimensions.items()}}
    columns = [GroupColumn("department", _("This department"), None, False, own)]
    for key, label, by, filters in _groups(observation):
        values, n = _group_values(
            session, by, {"semester": observation.semester, **filters},
            observation.instrument_id, instruments, min_group_size,
        )  # fmt: skip
        suppressed = n < max(min_group_size, 1)
        columns.append(GroupColumn(key, label, n, suppressed, {} if suppressed else values))
    return columns


def _groups(observation: Observation) -> list[tuple[str, str, list[str], dict]]:
    """The comparison groups: (key, label, by, filters); no network means no network column."""
    kindergarten = observation.department.kindergarten
    groups = []
    if kindergarten.network is not None:
        network = kindergarten.network
        groups.append(("network", network.name, ["network"], {"network": network.id}))
    pool = kindergarten.pool.number
    groups.append(("pool", _("Pool %(pool)d", pool=pool), ["pool"], {"pool": pool}))
    groups.append(("municipality", _("Municipality"), [], {}))
    return groups


def _group_values(
    session: Session,
    by: list[str],
    filters: dict,
    instrument_id: str,
    instruments: Mapping[str, Instrument],
    min_group_size: int,
) -> tuple[dict[str, float | None], int]:
    """Return code -> group mean and the number of departments in the group."""
    values: dict[str, float | None] = {}
    n_departments = 0
    for level in LEVELS:
        rows = aggregate(
            session,
            by=by,
            level=level,
            instrument_id=instrument_id,
            filters=filters,
            min_group_size=min_group_size,
            instruments=instruments,
        )
        for row in rows:
            values[row.code] = None if row.suppressed else row.mean
            n_departments = max(n_departments, row.n_departments)
    return values, n_departments
