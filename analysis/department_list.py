"""The departments behind a group figure (the dashboard's drill-down): each department's value of
one domain or dimension in one semester, and the band of that value, as one SELECT the caller
pages in the database (app/paging.py). Nothing is looped over in Python: a pool at national
scale holds thousands of departments.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy import Select, case, select

from analysis.instruments import Instrument
from analysis.queries import BANDS, Level, normalize_filters, observation_values, with_organisation
from analysis.schema import department, kindergarten, network, pool
from analysis.structure import structure_for

SORTS = ("name", "mean")


def department_list(
    *,
    level: Level,
    code: str,
    instrument_id: str,
    semester: str,
    filters: Mapping[str, object] | None = None,
    band: str | None = None,
    sort: str = "name",
    instruments: Mapping[str, Instrument] | None = None,
) -> Select:
    """Return SELECT department_id, department_name, kindergarten_id, kindergarten_name,
    network_id, network_name, pool, value, band, observation_id, in the chosen order.

    `filters` are organisational (pool, network, kindergarten, age_group) and already narrowed
    to what the viewer may read; `band` keeps the departments whose value falls in it.
    """
    if band is not None and band not in BANDS:
        raise ValueError(f"Unknown band {band!r}; use one of {', '.join(BANDS)}.")
    scope = normalize_filters(filters)
    scope.update(semester=(semester,), instrument=(instrument_id,))
    values = observation_values(level, scope, [code])
    v = values.c
    structure = structure_for(instruments)
    band_of = {name: structure.band_of_mean(v.instrument_id, v.value, name) for name in BANDS}
    band_name = case(*[(test == 1, name) for name, test in band_of.items()], else_=None)
    query = select(
        department.c.id.label("department_id"),
        department.c.name.label("department_name"),
        kindergarten.c.id.label("kindergarten_id"),
        kindergarten.c.name.label("kindergarten_name"),
        network.c.id.label("network_id"),
        network.c.name.label("network_name"),
        pool.c.number.label("pool"),
        v.value.label("value"),
        band_name.label("band"),
        v.observation_id.label("observation_id"),
    ).select_from(with_organisation(values, v.department_id))
    if band is not None:
        query = query.where(band_of[band] == 1)
    return query.order_by(*_order(sort, v.value))


def _order(sort: str, value) -> Sequence:
    names = (kindergarten.c.name, department.c.name, department.c.id)
    if sort == "mean":
        return (value, *names)  # the lowest first: those are the ones to look at
    return names
