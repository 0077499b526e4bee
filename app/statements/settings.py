"""The facts the statements state, and the retention periods: settings, so that the municipality
changes a contact or a period without a release (DESIGN §7). Read by app/config.py."""

import os

# Defaults a municipality replaces; each is listed in README.md.
_TEXTS = {
    "PRIVACY_CONTROLLER": "Bærum kommune, Oppvekst barnehage",
    "PRIVACY_CONTACT_EMAIL": "personvernombud@baerum.kommune.no",
    "PRIVACY_LEGAL_BASIS": (
        "GDPR art. 6 (1) e (a task in the public interest: the municipality's duty to follow up "
        "the quality of kindergartens, barnehageloven § 10 and § 11)"
    ),
    "ACCESSIBILITY_CONTACT_EMAIL": "tettpaa@baerum.kommune.no",
    "ACCESSIBILITY_TESTED_ON": "2026-12-06",
}
# Semesters or years after which retention (app/retention.py) clears a kind of data.
_PERIODS = {
    "RETENTION_NOTES_SEMESTERS": 6,
    "RETENTION_NARRATIVES_SEMESTERS": 4,
    "RETENTION_INACTIVE_USERS_YEARS": 2,
}


def _whole_number(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, not {raw!r}") from None
    if value < 1:
        raise ValueError(f"{name} must be at least 1, not {raw!r}")
    return value


def statement_settings() -> dict:
    """The PRIVACY_*, ACCESSIBILITY_* and RETENTION_* settings from the environment."""
    settings = {name: os.environ.get(name) or default for name, default in _TEXTS.items()}
    settings.update({name: _whole_number(name, default) for name, default in _PERIODS.items()})
    return settings
