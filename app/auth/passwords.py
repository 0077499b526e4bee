"""The password policy (NSM's password advice and NIST SP 800-63B §3.1.1.2).

Length over composition: at least MIN_LENGTH characters, any characters at all (spaces,
emoji, æøå), up to MAX_LENGTH so that a passphrase always fits. No rules such as "a digit and
a capital letter" and no forced periodic change: both make people choose worse passwords. What
is refused instead is what an attacker tries first: the commonest passwords (a list shipped in
data/common-passwords.txt) and passwords built on the person's own e-mail address.
"""

from functools import cache
from importlib import resources

from flask_babel import gettext as _

MIN_LENGTH = 12
MAX_LENGTH = 128  # NIST asks for at least 64; scrypt hashes any length at the same cost
_SHORTEST_LOCAL_PART = 3  # "ab@…" would refuse every password containing "ab"


@cache
def common_passwords() -> frozenset[str]:
    """The shipped list of common passwords, lower-cased (read once per process)."""
    text = resources.files(__package__).joinpath("data/common-passwords.txt").read_text("utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def password_problem(password: str, email: str | None = None) -> str | None:
    """Say what is wrong with `password` for the person with `email`, or None if it is fine."""
    if len(password) < MIN_LENGTH:
        return _(
            "Use at least %(min)d characters. A few words in a row are easy to remember.",
            min=MIN_LENGTH,
        )
    if len(password) > MAX_LENGTH:
        return _("Use at most %(max)d characters.", max=MAX_LENGTH)
    lowered = password.lower()
    if lowered in common_passwords() or lowered.strip() in common_passwords():
        return _("This password is among the most used ones. Choose another.")
    local_part = (email or "").split("@")[0].lower()
    if len(local_part) >= _SHORTEST_LOCAL_PART and local_part in lowered:
        return _("The password must not contain your e-mail address. Choose another.")
    return None
