"""A kindergarten's departments kept current: counts, and proposals the project lead decides.

A director edits their departments' children and staff counts directly. A new department or a
deactivation changes the programme (planning, coverage), so the director proposes it and the
project lead confirms or declines. Every change goes through `changes.py`, so each changed
field is one audit row; the caller commits.
"""

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.orm import Session, joinedload

from ..changes import audited_create, audited_update
from ..models import Department, DepartmentProposal, Kindergarten, utcnow

PROPOSAL = DepartmentProposal.__table__
RECENT_DECISIONS = 20
# SET status = status changes nothing, but takes the proposal's row lock (PostgreSQL) or the
# write lock (SQLite): two decisions at once cannot both act on the same pending proposal.
LOCK_PENDING = (
    update(PROPOSAL)
    .where(PROPOSAL.c.status == "pending")
    .values(status=PROPOSAL.c.status)
    .returning(PROPOSAL.c.id)
)


class ProposalRefused(Exception):
    """A proposal or decision that cannot be made; `field` names the form field it concerns."""

    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class NewDepartment:
    name: str
    age_group: str
    children_count: int
    staff_count: int


def departments_of(session: Session, kindergarten: Kindergarten) -> list[Department]:
    """The kindergarten's departments, active ones first, by name."""
    query = select(Department).where(Department.kindergarten_id == kindergarten.id)
    return list(session.scalars(query.order_by(Department.active.desc(), Department.name)))


def proposals(
    session: Session, *, kindergarten_id: int | None = None, pending: bool = True
) -> list[DepartmentProposal]:
    """Pending proposals (oldest first), or the latest decided ones; of one kindergarten or all."""
    query = select(DepartmentProposal).options(
        joinedload(DepartmentProposal.kindergarten),
        joinedload(DepartmentProposal.department),
        joinedload(DepartmentProposal.proposed_by),
    )
    if kindergarten_id is not None:
        query = query.where(DepartmentProposal.kindergarten_id == kindergarten_id)
    if pending:
        query = query.where(DepartmentProposal.status == "pending")
        return list(session.scalars(query.order_by(DepartmentProposal.proposed_at)))
    query = query.where(DepartmentProposal.status != "pending")
    order = DepartmentProposal.decided_at.desc()
    return list(session.scalars(query.order_by(order).limit(RECENT_DECISIONS)))


def update_counts(
    session: Session, actor_id: int, department: Department, children: int, staff: int
) -> list[str]:
    """Set the department's children and staff counts, audited; return the fields changed."""
    changes = {"children_count": children, "staff_count": staff}
    return audited_update(session, actor_id, "department", department, changes)


def _name_taken(session: Session, kindergarten_id: int, name: str) -> bool:
    department = select(Department.id).where(
        Department.kindergarten_id == kindergarten_id, Department.name == name
    )
    proposed = select(DepartmentProposal.id).where(
        DepartmentProposal.kindergarten_id == kindergarten_id,
        DepartmentProposal.name == name,
        DepartmentProposal.status == "pending",
    )
    return session.scalar(department) is not None or session.scalar(proposed) is not None


def propose_new(
    session: Session, actor_id: int, kindergarten: Kindergarten, new: NewDepartment, reason: str
) -> DepartmentProposal:
    """Propose a new department for the kindergarten; refuse a name already used or proposed."""
    if _name_taken(session, kindergarten.id, new.name):
        raise ProposalRefused(
            "name", _("The kindergarten already has or has proposed a department of this name.")
        )
    proposal = DepartmentProposal(
        kindergarten_id=kindergarten.id,
        kind="new",
        name=new.name,
        age_group=new.age_group,
        children_count=new.children_count,
        staff_count=new.staff_count,
        reason=reason,
        proposed_by_id=actor_id,
        proposed_at=utcnow(),
        status="pending",
    )
    audited_create(session, actor_id, "department_proposal", proposal)
    return proposal


def propose_deactivation(
    session: Session, actor_id: int, department: Department, reason: str
) -> DepartmentProposal:
    """Propose to deactivate an active department, unless that is already proposed."""
    if not department.active:
        raise ProposalRefused(None, _("This department is already deactivated."))
    pending = select(DepartmentProposal.id).where(
        DepartmentProposal.department_id == department.id,
        DepartmentProposal.status == "pending",
    )
    if session.scalar(pending) is not None:
        raise ProposalRefused(None, _("Deactivating this department is already proposed."))
    proposal = DepartmentProposal(
        kindergarten_id=department.kindergarten_id,
        kind="deactivate",
        department_id=department.id,
        reason=reason,
        proposed_by_id=actor_id,
        proposed_at=utcnow(),
        status="pending",
    )
    audited_create(session, actor_id, "department_proposal", proposal)
    return proposal


def decide(
    session: Session, actor_id: int, proposal: DepartmentProposal, confirm: bool, note: str | None
) -> None:
    """Confirm (and carry out) or decline a pending proposal, audited."""
    if session.execute(LOCK_PENDING.where(PROPOSAL.c.id == proposal.id)).first() is None:
        raise ProposalRefused(None, _("This proposal has already been decided."))
    session.refresh(proposal)
    decision = {
        "status": "confirmed" if confirm else "declined",
        "decided_by_id": actor_id,
        "decided_at": utcnow(),
        "decision_note": note or None,
    }
    if confirm and proposal.kind == "new":
        decision["department_id"] = _create_department(session, actor_id, proposal).id
    elif confirm:
        audited_update(session, actor_id, "department", proposal.department, {"active": False})
    audited_update(session, actor_id, "department_proposal", proposal, decision)


def _create_department(session: Session, actor_id: int, proposal: DepartmentProposal) -> Department:
    taken = select(Department.id).where(
        Department.kindergarten_id == proposal.kindergarten_id, Department.name == proposal.name
    )
    if session.scalar(taken) is not None:  # made meanwhile, e.g. on the organisation pages
        raise ProposalRefused(None, _("A department of this name exists already. Decline it."))
    department = Department(
        kindergarten_id=proposal.kindergarten_id,
        name=proposal.name,
        age_group=proposal.age_group,
        children_count=proposal.children_count,
        staff_count=proposal.staff_count,
        active=True,
    )
    audited_create(session, actor_id, "department", department)
    return department
