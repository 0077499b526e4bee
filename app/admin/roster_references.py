"""The checks of a roster file that need the stored roster: does every name it uses exist?

A reference may point to a row of the file or to a stored record. Problems are reported at
the file's row; the database's own rows are never blamed for what is already stored.
"""

from flask_babel import lazy_gettext as _l

from ..permissions.roster import may_mentor_a_network
from .roster_rows import Problem
from .roster_workbook import Roster


class Merged:
    """The roster as it would be after the import: the file's rows over the stored ones."""

    def __init__(self, stored: Roster, incoming: Roster) -> None:
        self.incoming = incoming
        self.rows = {sheet: {**stored.rows[sheet], **incoming.rows[sheet]} for sheet in stored.rows}
        self.paths = {f"{k}/{d}": (k, d) for k, d in self.rows["departments"]}

    def has(self, sheet: str, key) -> bool:
        return key in self.rows[sheet]


def check_references(stored: Roster, incoming: Roster) -> list[Problem]:
    """Return every reference in the file to a pool, network, kindergarten, department or
    person that exists in neither the file nor the database, and every mentor who is not one."""
    merged = Merged(stored, incoming)
    problems: list[Problem] = []
    for check in (_networks, _kindergartens, _departments, _people, _certifications):
        problems += check(merged)
    return problems


def _problem(merged: Merged, sheet: str, key, column: str, message) -> Problem:
    return Problem(sheet, merged.incoming.line(sheet, key), column, message)


def _unknown(what: str, value):
    messages = {
        "pool": _l("Unknown pool: %(value)s", value=value),
        "network": _l("Unknown network: %(value)s", value=value),
        "kindergarten": _l("Unknown kindergarten: %(value)s", value=value),
        "department": _l("Unknown department: %(value)s", value=value),
        "person": _l("Nobody has the e-mail address %(value)s in the file or the roster.",
                     value=value),
    }  # fmt: skip
    return messages[what]


def _networks(merged: Merged):
    for key, row in merged.incoming.rows["networks"].items():
        if not merged.has("pools", row.pool):
            yield _problem(merged, "networks", key, "pool", _unknown("pool", row.pool))
        if row.mentor_email is None:
            continue
        mentor = merged.rows["people"].get(row.mentor_email)
        if mentor is None:
            message = _unknown("person", row.mentor_email)
        elif not may_mentor_a_network(mentor.roles):
            message = _l("%(value)s is not a mentor: give them the mentor role.",
                         value=row.mentor_email)  # fmt: skip
        else:
            continue
        yield _problem(merged, "networks", key, "mentor_email", message)


def _kindergartens(merged: Merged):
    for key, row in merged.incoming.rows["kindergartens"].items():
        if not merged.has("pools", row.pool):
            yield _problem(merged, "kindergartens", key, "pool", _unknown("pool", row.pool))
        if row.network is None:
            continue
        network = merged.rows["networks"].get(row.network)
        if network is None:
            message = _unknown("network", row.network)
            yield _problem(merged, "kindergartens", key, "network", message)
        elif network.pool != row.pool:
            message = _l("The network %(network)s belongs to pool %(pool)s.",
                         network=row.network, pool=network.pool)  # fmt: skip
            yield _problem(merged, "kindergartens", key, "network", message)


def _departments(merged: Merged):
    for key, row in merged.incoming.rows["departments"].items():
        if not merged.has("kindergartens", row.kindergarten):
            message = _unknown("kindergarten", row.kindergarten)
            yield _problem(merged, "departments", key, "kindergarten", message)


def _people(merged: Merged):
    for key, row in merged.incoming.rows["people"].items():
        home = row.home_kindergarten
        if home is not None and not merged.has("kindergartens", home):
            message = _unknown("kindergarten", home)
            yield _problem(merged, "people", key, "home_kindergarten", message)
        for path in sorted(row.departments):
            message = _department_problem(merged, path, home)
            if message is not None:
                yield _problem(merged, "people", key, "departments", message)


def _department_problem(merged: Merged, path: str, home: str | None):
    department = merged.paths.get(path)
    if department is None:
        return _unknown("department", path)
    if home is None:
        return _l("%(value)s: a person who belongs to a department needs a home kindergarten.",
                  value=path)  # fmt: skip
    if department[0] != home:
        return _l("%(value)s is not in the home kindergarten %(home)s.", value=path, home=home)
    return None


def _certifications(merged: Merged):
    for key, row in merged.incoming.rows["certifications"].items():
        if not merged.has("people", row.email):
            yield _problem(merged, "certifications", key, "email", _unknown("person", row.email))
