"""Whose dashboard it is: which figures a viewer may see, and the small-group rule (DESIGN.md §5).

The project lead sees everything, unsuppressed. A mentor sees their own networks; a director
their own kindergarten beside its network and the municipality. A group figure of fewer than
SMALL_GROUP_MIN departments is suppressed only when it could reveal a department the viewer may
not read (`small_group_min`): a mentor reads their networks' departments and a director their
own kindergarten's, so those figures are shown however small the group.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from sqlalchemy import Select
from sqlalchemy.orm import Session

from analysis.aggregate import AggregateRow, aggregate

from ..instruments import versions
from ..models import Kindergarten, Network, Pool
from .rules import may
from .subject import Subject

# The roles a dashboard page may be seen as, most overseeing first, per guarding action.
VIEWING_ROLES = {
    "dashboard.view": ("project_lead", "mentor", "director"),
    "dashboard.programme": ("project_lead", "mentor"),
    "dashboard.kindergarten": ("project_lead", "mentor", "director"),
}


class OutOfScope(Exception):
    """The request asks for figures outside what this user may see."""


@dataclass(frozen=True)
class Viewer:
    role: str  # the role the figures are seen as: "project_lead", "mentor" or "director"
    min_group_size: int
    network_ids: tuple[int, ...] | None = None  # a mentor's networks; None means all
    kindergarten_id: int | None = None  # a director's kindergarten
    network_id: int | None = None  # … its network
    pool: int | None = None  # … and its pool number

    @property
    def one_kindergarten_only(self) -> bool:
        """Whether the viewer reads one kindergarten's departments only (a director's view)."""
        return self.role == "director"

    @property
    def own_networks_only(self) -> bool:
        """Whether the figures are narrowed to the viewer's own networks (a mentor's view)."""
        return self.network_ids is not None


def viewer_for(
    session: Session, user: Subject, small_group_min: int, action: str = "dashboard.view"
) -> Viewer | None:
    """Return the user's viewer for a page guarded by `action` (most overseeing role), or None."""
    if not may(user, action):
        return None
    role = next(role for role in VIEWING_ROLES[action] if role in user.roles)
    if role == "project_lead":
        return Viewer(role, 0)
    if role == "mentor":
        return Viewer(role, small_group_min, network_ids=tuple(sorted(user.network_ids)))
    return _director(session, user, small_group_min)


def _director(session: Session, user: Subject, small_group_min: int) -> Viewer:
    kindergarten = session.get(Kindergarten, user.home_kindergarten_id or 0)
    if kindergarten is None:
        return Viewer("director", small_group_min, kindergarten_id=-1)
    return Viewer(
        "director",
        small_group_min,
        kindergarten_id=kindergarten.id,
        network_id=kindergarten.network_id,
        pool=kindergarten.pool.number,
    )


def as_reference(viewer: Viewer) -> Viewer:
    """Return a viewer for municipality-wide reference figures: unscoped, still suppressed."""
    return replace(viewer, role="reference", network_ids=None)


def scoped_filters(viewer: Viewer, filters: Mapping[str, object]) -> dict[str, object]:
    """Return the filters narrowed to what the viewer may see; refuse a wider request."""
    result = {key: value for key, value in filters.items() if value not in (None, "", ())}
    if viewer.role == "mentor":
        own = set(viewer.network_ids or ())
        asked = _as_set(result.get("network"))
        if asked and not asked <= own:
            raise OutOfScope("network")
        result["network"] = tuple(sorted(asked or own))
    return result


def department_filters(viewer: Viewer, filters: Mapping[str, object]) -> dict[str, object]:
    """Return the filters of a list that names departments (the follow-up list): the viewer's
    scope, and for a director their own kindergarten only (they compare it with others
    elsewhere, but read only its departments)."""
    result = scoped_filters(viewer, filters)
    if viewer.one_kindergarten_only:
        result["kindergarten"] = viewer.kindergarten_id
    return result


def small_group_min(viewer: Viewer, filters: Mapping[str, object]) -> int:
    """Return the smallest group whose figures the viewer sees, for groups inside `filters`
    (already scoped): 0 when every department such a group holds is one the viewer may read
    (DESIGN.md §5 "Small groups"), else the viewer's minimum."""
    if viewer.role == "mentor":
        return 0  # scoped_filters keeps a mentor inside their own networks
    own = viewer.kindergarten_id
    if viewer.role == "director" and own and _as_set(filters.get("kindergarten")) == {own}:
        return 0
    return viewer.min_group_size


def kindergarten_viewer(session: Session, viewer: Viewer, kindergarten_id: int | None) -> Viewer:
    """Return the viewer of one kindergarten's dashboard: a director's own, any kindergarten of
    a mentor's networks, any for the project lead. A lead or mentor who names none gets the
    viewer unchanged (kindergarten_id None: the page asks them to choose)."""
    if viewer.role == "director":
        if kindergarten_id not in (None, viewer.kindergarten_id):
            raise OutOfScope("kindergarten")
        return viewer
    if kindergarten_id is None:
        return viewer
    kindergarten = session.get(Kindergarten, kindergarten_id)
    if kindergarten is None:
        raise OutOfScope("kindergarten")
    if viewer.network_ids is not None and kindergarten.network_id not in viewer.network_ids:
        raise OutOfScope("kindergarten")
    return replace(viewer, kindergarten_id=kindergarten.id, network_id=kindergarten.network_id,
                   pool=kindergarten.pool.number)  # fmt: skip


def reads_every_department(viewer: Viewer, group: str) -> bool:
    """Whether the viewer may read every department of a kindergarten page's `group`
    ("kindergarten", "network" or "municipality"), so its figure may lead on to them."""
    if group == "kindergarten":
        return True
    if group == "network":
        return not viewer.one_kindergarten_only  # a mentor's own network, or the project lead
    return viewer.role == "project_lead"


def list_filters(viewer: Viewer, filters: Mapping[str, object]) -> dict[str, object]:
    """Return the filters of a drill-down list of departments: `department_filters`, and a
    director who names another kindergarten is refused rather than shown their own."""
    asked = _as_set(filters.get("kindergarten"))
    if viewer.one_kindergarten_only and asked and asked != {viewer.kindergarten_id}:
        raise OutOfScope("kindergarten")
    return department_filters(viewer, filters)


def scoped_request(
    viewer: Viewer, by: Sequence[str], filters: Mapping[str, object]
) -> dict[str, object]:
    """Check a grouped request against the viewer's scope and return its narrowed filters."""
    if viewer.role == "director":
        _check_director_request(viewer, by, filters)
    return scoped_filters(viewer, filters)


def _check_director_request(viewer: Viewer, by: Sequence[str], filters: Mapping[str, object]):
    """Let a director see their own kindergarten, its network, its pool and the municipality,
    but never another unit on its own."""
    own = {
        "kindergarten": viewer.kindergarten_id,
        "network": viewer.network_id,
        "pool": viewer.pool,
    }
    for key, value in own.items():
        asked = _as_set(filters.get(key))
        if asked and asked != {value}:
            raise OutOfScope(key)
        if key in by and not asked:
            raise OutOfScope(key)
    if filters.get("department_ids"):
        raise OutOfScope("department_ids")


def narrow_pools(query: Select, viewer: Viewer) -> Select:
    """Narrow a select of pools to those the viewer may pick as a filter."""
    if viewer.network_ids is not None:
        return query.join(Network, Network.pool_id == Pool.id).where(
            Network.id.in_(viewer.network_ids)
        )
    if viewer.role == "director":
        return query.where(Pool.number == viewer.pool)
    return query


def narrow_networks(query: Select, viewer: Viewer) -> Select:
    """Narrow a select of networks to those the viewer may pick as a filter."""
    if viewer.network_ids is not None:
        return query.where(Network.id.in_(viewer.network_ids))
    return query


def _as_set(value: object) -> set:
    if value in (None, "", ()):
        return set()
    if isinstance(value, list | tuple | set | frozenset):
        return set(value)
    return {value}


def group_figures(
    session: Session,
    viewer: Viewer,
    *,
    by: Sequence[str],
    level: str,
    instrument_id: str | None,
    filters: Mapping[str, object],
) -> list[AggregateRow]:
    """Return aggregates inside the viewer's scope, suppressed where they could reveal a
    department the viewer may not read.

    The dashboard pages and GET /api/v1/aggregates both read figures through this, so they
    show the same numbers for the same viewer."""
    scoped = scoped_filters(viewer, filters)
    return aggregate(
        session,
        by=by,
        level=level,  # type: ignore[arg-type]
        instrument_id=instrument_id,
        filters=scoped,
        min_group_size=small_group_min(viewer, scoped),
        instruments=versions(),
    )
