"""The mentor's and the director's homes as places to act from: each department's standing
this semester (app/home/status.py), grouped by network and kindergarten for the mentor."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from ..models import Department, Kindergarten, Network
from ..permissions import Subject, restrict
from .status import DepartmentLine, counts, department_lines, with_flags


@dataclass(frozen=True)
class KindergartenBlock:
    kindergarten: Kindergarten
    lines: list[DepartmentLine]

    @property
    def counts(self) -> dict[str, int]:
        return counts(self.lines)

    @property
    def not_started(self) -> list[DepartmentLine]:
        """Departments with no observation yet this semester (planned or not)."""
        return [line for line in self.lines if not line.started]


@dataclass(frozen=True)
class NetworkBlock:
    network: Network
    kindergartens: list[KindergartenBlock]

    @property
    def flagged(self) -> int:
        return sum(block.counts["flagged"] for block in self.kindergartens)


def mentor_blocks(session: Session, user: Subject, today: date) -> list[NetworkBlock]:
    """Each network the mentor has, its kindergartens, and their departments' standing."""
    networks = session.scalars(
        restrict(select(Network).options(joinedload(Network.pool)), user, "home.mentor").order_by(
            Network.name
        )
    ).all()
    ids = tuple(network.id for network in networks)
    if not ids:
        return []
    kindergartens = session.scalars(
        select(Kindergarten).where(Kindergarten.network_id.in_(ids)).order_by(Kindergarten.name)
    ).all()
    in_networks = Department.kindergarten_id.in_(
        select(Kindergarten.id).where(Kindergarten.network_id.in_(ids))
    )
    lines = with_flags(
        session, department_lines(session, user, in_networks, today), {"network": ids}
    )
    by_kindergarten: dict[int, list[DepartmentLine]] = {}
    for line in lines:
        by_kindergarten.setdefault(line.kindergarten_id, []).append(line)
    blocks: dict[int, list[KindergartenBlock]] = {network_id: [] for network_id in ids}
    for kindergarten in kindergartens:
        own = by_kindergarten.get(kindergarten.id, [])
        if own or kindergarten.active:
            blocks[kindergarten.network_id].append(KindergartenBlock(kindergarten, own))
    return [NetworkBlock(network, blocks[network.id]) for network in networks]


def director_lines(
    session: Session, user: Subject, kindergarten: Kindergarten, today: date
) -> list[DepartmentLine]:
    """The director's departments with their standing this semester and their flags."""
    own = Department.kindergarten_id == kindergarten.id
    lines = department_lines(session, user, own, today)
    return with_flags(session, lines, {"kindergarten": kindergarten.id})
