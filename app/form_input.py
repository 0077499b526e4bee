"""What every form does to what a person typed: trim it, and read a date two ways."""

from datetime import date, datetime

# <input type="date"> sends the first; a browser without it leaves what the person typed.
DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y")


def parse_day(text: str | None) -> date | None:
    """Return the date written in one of DATE_FORMATS, or None when it is not a date."""
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime((text or "").strip(), pattern).date()
        except ValueError:
            continue
    return None


def strip_text(value):
    """A WTForms filter: text without the spaces around it (other values as they are)."""
    return value.strip() if isinstance(value, str) else value
