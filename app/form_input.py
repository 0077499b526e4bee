"""What every form and request body may hold, decided once at the edge (DESIGN §7: no 5xx):
text the databases can store, dates in the range we keep, whole numbers that fit a column,
and bodies of a bounded size. Forms, the API's models (app/api/models.py) and the URL rules
use these owners, so a new form or route gets the same limits without thinking of them."""

from datetime import date, datetime

from flask import Request, current_app, render_template, request
from flask_babel import gettext as _
from werkzeug.routing import IntegerConverter

# <input type="date"> sends the first; a browser without it leaves what the person typed.
DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y")
# Dates the app stores: semesters are written with four digits, and a year far outside the
# project is a typing mistake (0205 for 2025), not a plan.
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2100, 12, 31)
MAX_ID = 2**31 - 1  # the databases' integer columns
MAX_BODY_BYTES = 512 * 1024  # config MAX_CONTENT_LENGTH; an endpoint may allow more


def parse_day(text: str | None) -> date | None:
    """Return the date written in one of DATE_FORMATS within FIRST_DAY..LAST_DAY, or None when
    it is not such a date."""
    for pattern in DATE_FORMATS:
        try:
            day = datetime.strptime((text or "").strip(), pattern).date()
        except ValueError:
            continue
        return day if FIRST_DAY <= day <= LAST_DAY else None
    return None


def strip_text(value):
    """A WTForms filter: text without the spaces around it (other values as they are)."""
    return value.strip() if isinstance(value, str) else value


def unstorable(text: str) -> bool:
    """True when `text` holds a character a database cannot store: NUL (PostgreSQL) or a lone
    UTF-16 surrogate (neither database), which JSON can carry as \\ud800."""
    if "\x00" in text:
        return True
    if text.isascii():
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def column_int(text) -> int:
    """int() for a query or form value, also refusing (ValueError) a number beyond the integer
    columns: use `request.args.get(name, default, type=column_int)`, never type=int."""
    number = int(text)
    if not -MAX_ID <= number <= MAX_ID:
        raise ValueError("beyond the integer columns")
    return number


def id_or_none(value) -> int | None:
    """A query value read as a row id, or None when it is not one that fits a column."""
    try:
        number = column_int(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


class ColumnInt(IntegerConverter):
    """`<int:...>` in a URL rule: a number beyond the integer columns matches no route (404)
    instead of reaching a query as an overflow."""

    def __init__(self, map, fixed_digits=0, min=None, max=None, signed=False) -> None:
        super().__init__(map, fixed_digits, min, MAX_ID if max is None else max, signed)


def allows_body(max_bytes: int):
    """Let one view accept a body larger than MAX_CONTENT_LENGTH (e.g. the roster workbook)."""

    def mark(view):
        view.max_body_bytes = max_bytes
        return view

    return mark


class SizedRequest(Request):
    """Refuse a body beyond MAX_CONTENT_LENGTH with 413 before it is read, unless its view
    allows more (`allows_body`). The limit is read when the body is, i.e. after routing."""

    @property
    def max_content_length(self) -> int | None:
        if self._max_content_length is None and self.endpoint and current_app:
            view = current_app.view_functions.get(self.endpoint)
            larger = getattr(view, "max_body_bytes", None)
            if larger is not None:
                return larger
        return super().max_content_length

    @max_content_length.setter
    def max_content_length(self, value: int | None) -> None:
        self._max_content_length = value


def first_unstorable_field(values) -> str | None:
    """The name of the first value a database cannot store, if any."""
    for name, value in values.items(multi=True):
        if unstorable(name) or unstorable(value):
            return name
    return None


def refuse_unstorable_query():
    """Answer a query holding NUL before any view or query sees it: 400 with the parameter
    named (JSON on /api/). Forms refuse such text next to their field (their validators), and
    the API's bodies field by field (app/api/models.py)."""
    field = first_unstorable_field(request.args)
    if field is None:
        return None
    message = _("%(field)s holds a character that cannot be stored.", field=field)
    if request.path.startswith("/api/"):
        from .api.errors import error_response

        return error_response(400, "bad_parameter", message, {"field": field})
    return render_template("error.html", code=400, detail=message), 400


def init_app(app) -> None:
    """Install the bounded integer converter, the sized request and the check of queries; call
    before any route or extension, so that the check runs first."""
    app.request_class = SizedRequest
    app.url_map.converters["int"] = ColumnInt
    app.before_request(refuse_unstorable_query)
