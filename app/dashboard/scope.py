"""Whose dashboard it is: what each role may see, and the small-group rule (DESIGN.md §5).

The project lead sees everything, unsuppressed. A mentor sees their own networks; a director
their own kindergarten beside its network and the municipality. For both, group figures with
fewer than SMALL_GROUP_MIN departments are suppressed.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Kindergarten, Network, User


class OutOfScope(Exception):
    """The request asks for figures outside what this user may see."""


@dataclass(frozen=True)
class Viewer:
    role: str  # "project_lead", "mentor" or "director"
    min_group_size: int
    network_ids: tuple[int, ...] | None = None  # a mentor's networks; None means all
    kindergarten_id: int | None = None  # a director's kindergarten
    network_id: int | None = None  # … its network
    pool: int | None = None  # … and its pool number

    @property
    def sees_all(self) -> bool:
        return self.role == "project_lead"


def viewer_for(session: Session, user: User, small_group_min: int, role: str | None = None):
    """Return the user's viewer in `role` (default: the most overseeing one), or None."""
    for candidate in ("project_lead", "mentor", "director"):
        if user.has_role(candidate) and role in (None, candidate):
            return _viewer(session, user, candidate, small_group_min)
    return None


def _viewer(session: Session, user: User, role: str, small_group_min: int) -> Viewer:
    if role == "project_lead":
        return Viewer(role, 0)
    if role == "mentor":
        ids = session.scalars(select(Network.id).where(Network.mentor_id == user.id)).all()
        return Viewer(role, small_group_min, network_ids=tuple(sorted(ids)))
    kindergarten = session.get(Kindergarten, user.home_kindergarten_id or 0)
    if kindergarten is None:
        return Viewer(role, small_group_min, kindergarten_id=-1)
    return Viewer(
        role,
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


def check_director_request(viewer: Viewer, by: Sequence[str], filters: Mapping[str, object]):
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


def _as_set(value: object) -> set:
    if value in (None, "", ()):
        return set()
    if isinstance(value, list | tuple | set | frozenset):
        return set(value)
    return {value}
