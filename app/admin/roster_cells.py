"""What a roster workbook cell may hold: each column's rule, from the raw cell to a typed value.

A rule raises CellError with a message in the reader's language; the reader turns it into a
`sheet, row, column: message` problem. Excel values are accepted as Excel stores them (a
number for a count, a date for a date, a boolean for `active`), and so is their text.
"""

from collections.abc import Callable
from datetime import date, datetime, time

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l

from analysis.certification import default_expiry
from analysis.schema import AGE_GROUPS, FAMILIES, OWNER_TYPES, ROLES
from analysis.semesters import parse_semester

NAME_LENGTH = 120  # the database's limit on a name
EMAIL_LENGTH = 254


class CellError(ValueError):
    """A cell's value breaks its column's rule."""

    def __init__(self, message, column: str | None = None) -> None:
        super().__init__()  # the message renders later, in the reader's language
        self.message = message
        self.column = column  # set when the row's cells disagree, not one cell


def value_of(cell):
    """Return what a cell holds, stripped; refuse a formula or an error value."""
    if cell is None:
        return None
    if cell.data_type == "f":
        raise CellError(_l("A formula is not allowed here: write the value itself."))
    if cell.data_type == "e":
        raise CellError(_l("The cell holds an error (%(value)s).", value=cell.value))
    value = cell.value
    if isinstance(value, str):
        return value.strip() or None
    return value


def required(convert: Callable) -> Callable:
    def check(value):
        if value is None:
            raise CellError(_l("A value is required."))
        return convert(value)

    return check


def optional(convert: Callable) -> Callable:
    return lambda value: None if value is None else convert(value)


def text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a department called "2" comes back from Excel as 2.0
    result = str(value).strip()
    if len(result) > NAME_LENGTH:
        raise CellError(_l("At most %(limit)s characters.", limit=NAME_LENGTH))
    return result


def whole_number(value) -> int:
    if isinstance(value, (bool, datetime, date, time)):
        raise CellError(_l("Not a whole number: %(value)s", value=value))
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise CellError(_l("Not a whole number: %(value)s", value=value)) from None
    if not number.is_integer():
        raise CellError(_l("Not a whole number: %(value)s", value=value))
    return int(number)


def count(value) -> int:
    number = whole_number(value)
    if number < 0:
        raise CellError(_l("Must be 0 or more, not %(value)s.", value=number))
    return number


def pool_number(value) -> int:
    number = whole_number(value)
    if not 1 <= number <= 9:
        raise CellError(_l("A pool is numbered 1 to 9, not %(value)s.", value=number))
    return number


def semester(value) -> str:
    try:
        return str(parse_semester(str(value).strip().upper()))
    except ValueError:
        message = _l("Not a semester such as 2024H or 2025V: %(value)s", value=value)
        raise CellError(message) from None


def email(value) -> str:
    address = str(value).strip().lower()  # stored lower-case (the database checks it)
    try:
        validate_email(address, check_deliverability=False)
    except EmailNotValidError:
        raise CellError(_l("Not an e-mail address: %(value)s", value=value)) from None
    if len(address) > EMAIL_LENGTH:
        raise CellError(_l("At most %(limit)s characters.", limit=EMAIL_LENGTH))
    return address


def one_of(choices: tuple[str, ...]) -> Callable:
    def convert(value) -> str:
        word = str(value).strip().lower()
        if word not in choices:
            raise CellError(_l("%(value)s is not one of: %(choices)s.",
                               value=value, choices=", ".join(choices)))  # fmt: skip
        return word

    return convert


def boolean(value) -> bool:
    """Excel's TRUE/FALSE or the words true/false; an empty cell means true (active)."""
    if value is None or isinstance(value, bool):
        return value is None or value
    word = str(value).strip().lower()
    if word not in ("true", "false"):
        raise CellError(_l("Write true or false, not %(value)s.", value=value))
    return word == "true"


def roles(value) -> frozenset[str]:
    codes = {part.strip().lower() for part in str(value).split(",") if part.strip()}
    unknown = sorted(codes - set(ROLES))
    if unknown:
        raise CellError(_l("Unknown role: %(value)s. The roles are: %(choices)s.",
                           value=", ".join(unknown), choices=", ".join(ROLES)))  # fmt: skip
    return frozenset(codes)


def department_paths(value) -> frozenset[str]:
    """`Kindergarten/Department; …`, with the spaces around each slash ignored."""
    paths = set()
    for entry in str(value).split(";"):
        if not entry.strip():
            continue
        parts = [part.strip() for part in entry.split("/")]
        if len(parts) < 2 or not all(parts):
            message = _l("Write each department as Kindergarten/Department, separated by ;, "
                         "not %(value)s.", value=entry.strip())  # fmt: skip
            raise CellError(message)
        paths.add("/".join(parts))
    return frozenset(paths)


def a_date(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise CellError(_l("Not a date (YYYY-MM-DD): %(value)s", value=value)) from None


CONVERTERS: dict[str, tuple[Callable, ...]] = {
    "pools": (required(pool_number), required(semester)),
    "networks": (required(text), required(pool_number), optional(email)),
    "kindergartens": (required(text), required(pool_number), optional(text),
                      required(one_of(OWNER_TYPES)), boolean),
    "departments": (required(text), required(text), required(one_of(AGE_GROUPS)),
                    required(count), required(count), boolean),
    "people": (required(email), required(text), optional(roles), optional(text),
               optional(department_paths), boolean),
    "certifications": (required(email), required(one_of(FAMILIES)), required(a_date),
                       optional(a_date)),
}  # fmt: skip


def complete(sheet: str, values: list) -> list:
    """Fill what a row may leave empty; raise CellError (with its column) when cells disagree."""
    if sheet == "people":
        values[2] = values[2] or frozenset()
        values[4] = values[4] or frozenset()
    if sheet == "certifications":
        certified_on, expires_on = values[2], values[3]
        values[3] = expires_on or default_expiry(certified_on)
        if values[3] <= certified_on:
            message = _l("The expiry date must come after the certification date.")
            raise CellError(message, column="expires_on")
    return values


def to_cells(typed) -> list:
    """Return a row's values as the workbook writes them."""
    values = []
    for name, value in vars(typed).items():
        if isinstance(value, bool):
            value = "true" if value else "false"
        elif name == "roles":
            value = ", ".join(role for role in ROLES if role in value) or None
        elif name == "departments":
            value = "; ".join(sorted(value)) or None
        values.append(value)
    return values
