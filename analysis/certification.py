"""A certification's standing on a day: the one rule for "valid", "expiring soon" and "expired".

The observer's home page and the project lead's certification lists both read it, so the
notice period is written once.
"""

from datetime import date, timedelta
from typing import Literal

# How long before its end a certification is shown as expiring (DESIGN §3: it lasts one year).
EXPIRY_NOTICE = timedelta(days=60)

Standing = Literal["valid", "expiring", "expired", "not_yet"]


def default_expiry(certified_on: date) -> date:
    """Return the day a certification ends when none is given: one year after it was made."""
    try:
        return certified_on.replace(year=certified_on.year + 1)
    except ValueError:  # 29 February: a year later there is no such day
        return certified_on.replace(year=certified_on.year + 1, day=28)


def standing_on(certified_on: date, expires_on: date, day: date) -> Standing:
    """Return how a certification stands on `day` (valid from certified_on until expires_on)."""
    if day < certified_on:
        return "not_yet"
    if day >= expires_on:
        return "expired"
    return "expiring" if expires_on - day <= EXPIRY_NOTICE else "valid"
