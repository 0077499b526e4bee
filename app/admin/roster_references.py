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
    checks = (_networks, _network_pools, _kindergartens, _departments, _people, _mentors_kept,
              _certifications)  # fmt: skip
    for check in checks:
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


def _network_pools(merged: Merged):
    """A network moved to another pool must not leave a stored kindergarten in the old one."""
    stored_kindergartens: dict[
        str, list
    ] = {}  # network: (name, row) of kindergartens not in the file
    for name, kindergarten in merged.rows["kindergartens"].items():
        if name not in merged.incoming.rows["kindergartens"] and kindergarten.network is not None:
            stored_kindergartens.setdefault(kindergarten.network, []).append((name, kindergarten))
    for key, row in merged.incoming.rows["networks"].items():
        for name, kindergarten in stored_kindergartens.get(key, ()):
            if kindergarten.pool != row.pool:
                message = _l("The kindergarten %(kindergarten)s of this network is in pool "
                             "%(pool)s: move it too, or keep the network's pool.",
                             kindergarten=name, pool=kindergarten.pool)  # fmt: skip
                yield _problem(merged, "networks", key, "pool", message)


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


def _mentors_kept(merged: Merged):
    """A person who loses the mentor role must not still mentor a stored network."""
    mentored = {}
    for name, network in merged.rows["networks"].items():
        if name not in merged.incoming.rows["networks"] and network.mentor_email is not None:
            mentored.setdefault(network.mentor_email, name)
    for key, row in merged.incoming.rows["people"].items():
        if key in mentored and not may_mentor_a_network(row.roles):
            message = _l("%(value)s mentors the network %(network)s: keep the mentor role, or "
                         "give the network another mentor.",
                         value=key, network=mentored[key])  # fmt: skip
            yield _problem(merged, "people", key, "roles", message)


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
