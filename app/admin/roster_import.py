"""A roster import: compare the file's rows with the database, then apply the plan.

`prepare_import` reads the file and checks what needs the database (references, mentors,
departments of another kindergarten); it changes nothing and raises RosterError with every
problem. `apply_import` (roster_apply.py) writes the plan through app/admin/changes.py. The
caller (the view or CLI command) commits.
"""

import hashlib
from dataclasses import dataclass, fields

from sqlalchemy.orm import Session

from .roster_references import check_references
from .roster_rows import key_label
from .roster_store import StoredRoster, load_roster
from .roster_workbook import SHEETS, Roster, RosterError, read_roster


@dataclass(frozen=True)
class Change:
    """One row to create, update or deactivate: its changed columns as (column, old, new)."""

    sheet: str
    key: object
    action: str  # "create" | "update" | "deactivate"
    fields: tuple[tuple[str, object, object], ...]

    @property
    def label(self) -> str:
        return key_label(self.key)


@dataclass
class ImportPlan:
    """What an import would change, and what it needs: the file's rows and the stored roster."""

    changes: list[Change]
    incoming: Roster
    stored: StoredRoster

    def count(self, sheet: str, action: str) -> int:
        return sum(1 for c in self.changes if c.sheet == sheet and c.action == action)

    def digest(self) -> str:
        """A fingerprint of the plan, so a confirmation applies what the preview showed."""
        text = "\n".join(describe(change) for change in self.changes)
        return hashlib.sha256(text.encode()).hexdigest()


def prepare_import(session: Session, data: bytes) -> ImportPlan:
    """Read the workbook and plan its changes; raise RosterError listing every problem."""
    incoming = read_roster(data)
    stored = load_roster(session)
    problems = check_references(stored, incoming)
    if problems:
        raise RosterError(problems)
    return ImportPlan(plan_changes(stored, incoming), incoming, stored)


def plan_changes(stored: Roster, incoming: Roster) -> list[Change]:
    """Return the creates, updates and deactivations that make the database match the file."""
    changes = []
    for sheet in SHEETS:
        for key, new in incoming.rows[sheet].items():
            change = _compare(sheet, key, stored.rows[sheet].get(key), new)
            if change is not None:
                changes.append(change)
    return changes


def _compare(sheet: str, key, old, new) -> Change | None:
    names = [f.name for f in fields(new)]
    if old is None:
        return Change(sheet, key, "create", tuple((n, None, getattr(new, n)) for n in names))
    changed = tuple(
        (n, getattr(old, n), getattr(new, n)) for n in names if getattr(old, n) != getattr(new, n)
    )
    if not changed:
        return None
    deactivates = any(n == "active" and before and not after for n, before, after in changed)
    return Change(sheet, key, "deactivate" if deactivates else "update", changed)


def show_value(value) -> str:
    """A value as the preview and the command line show it."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, frozenset):
        return ", ".join(sorted(value)) or "–"
    return str(value)


def describe(change: Change) -> str:
    """One line: `sheet key: action column old → new; …`."""
    if change.action == "create":
        parts = [f"{name} {show_value(new)}" for name, _old, new in change.fields]
    else:
        parts = [f"{name} {show_value(a)} → {show_value(b)}" for name, a, b in change.fields]
    return f"{change.sheet} {change.label}: {change.action} " + "; ".join(parts)
