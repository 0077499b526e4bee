"""The request bodies and queries of /api/v1, declared once: requests are validated by these
models, and /api/v1/openapi.json is generated from them and from the response bodies in
responses.py (app/api/spec.py).

Each field type names the message a person gets when the value does not fit it (`refusing`);
`refusal()` turns pydantic's errors into our `{error: "invalid", details: {field}}` answer.
Checks that need the instrument (its dimensions, indicators, settings, cycle count) are not
here but in app/observe/rules.py and payloads.py.
"""

import re
from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from flask_babel import lazy_gettext as _l
from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
    ValidationError,
    WrapValidator,
)
from pydantic_core import PydanticCustomError

from ..form_input import FIRST_DAY, LAST_DAY, MAX_ID, unstorable
from ..models import KINDS
from ..observe.rules import RuleViolation

MAX_NOTE = 4000
MAX_REASON = 2000
MAX_COUNT = 200
# Errors that keep their own message instead of the one their field type names.
OWN_MESSAGES = {"string_too_long", "unstorable"}
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def refusing(message, **params) -> WrapValidator:
    """Answer any value that does not fit the wrapped type with `message` (for people)."""

    def wrap(value: Any, handler):
        try:
            return handler(value)
        except ValidationError as error:
            if error.errors()[0]["type"] in OWN_MESSAGES:
                raise
            context = {"message": message, **params}
            raise PydanticCustomError("refused", "refused", context) from None

    return WrapValidator(wrap)


def _json_text(value: Any) -> Any:
    # JSON has no dates or times: a number must not pass as seconds since 1970.
    if not isinstance(value, str):
        raise ValueError("not text")
    return value


def _iso_date(value: Any) -> Any:
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise ValueError("not YYYY-MM-DD")
    return value


def _in_utc(moment: datetime) -> datetime:
    try:
        moment = moment.astimezone(UTC)
    except OverflowError:  # e.g. 0001-01-01T00:00:00+01:00 is before year 1 in UTC
        raise ValueError("out of range") from None
    if not FIRST_DAY <= moment.date() <= LAST_DAY:  # a tablet clock far off, or a typing slip
        raise ValueError("out of range")
    return moment


def _storable(text: str) -> str:
    if unstorable(text):  # NUL or a lone surrogate (app/form_input.py)
        raise PydanticCustomError("unstorable", "unstorable")
    return text


def _blank_is_none(text: str) -> str | None:
    return text.strip() or None


def whole(low: int, high: int, message=None):
    """Return the type of a whole number from low to high (not 3.5, "3" or true)."""
    message = message or _l("%(field)s must be a whole number from %(low)s to %(high)s.")
    return Annotated[int, Strict(), Field(ge=low, le=high), refusing(message, low=low, high=high)]


def text(max_length: int):
    """Return the type of text up to max_length characters, trimmed; blank is None."""
    return Annotated[
        str,
        Strict(),
        StringConstraints(max_length=max_length),
        AfterValidator(_storable),
        AfterValidator(_blank_is_none),
        refusing(_l("%(field)s must be text.")),
    ]


Code = Annotated[
    str, Strict(), AfterValidator(_storable), refusing(_l("%(field)s must be text."))
]  # fmt: skip
Uuid = Annotated[UUID, BeforeValidator(_json_text), refusing(_l("%(field)s must be a UUID."))]
Moment = Annotated[
    AwareDatetime,
    BeforeValidator(_json_text),
    AfterValidator(_in_utc),
    refusing(
        _l(
            "%(field)s must be a date and time with a time zone, such as "
            "2025-03-04T09:30:00+01:00, in the years %(first)s to %(last)s."
        ),
        first=FIRST_DAY.year,
        last=LAST_DAY.year,
    ),
    Field(description=f"ISO 8601 with a UTC offset, {FIRST_DAY.year}–{LAST_DAY.year}"),
]
Day = Annotated[
    date,
    BeforeValidator(_iso_date),
    Field(ge=FIRST_DAY, le=LAST_DAY),  # the range the app keeps (app/form_input.py)
    refusing(
        _l("%(field)s must be a date written YYYY-MM-DD, in the years %(first)s to %(last)s."),
        first=FIRST_DAY.year,
        last=LAST_DAY.year,
    ),
]
ScoreValue = whole(1, 7, _l("A score must be a whole number from 1 to 7."))
Count = whole(0, MAX_COUNT)
Kind = Annotated[
    Literal[KINDS], refusing(_l("kind must be regular, double_coding or practice."))
]  # fmt: skip
Mark = Literal["low", "mid", "high"]
Marks = Annotated[
    dict[str, Mark],
    refusing(_l("Indicator marks are an object of indicator codes, each low, mid or high.")),
    Field(description="Indicator codes of this dimension only"),
]


class Body(BaseModel):
    """A request body: unknown fields are refused, so a client's typo is not silently dropped."""

    model_config = ConfigDict(extra="forbid")


class NewObservation(Body):
    """Start an observation; idempotent on the client-chosen id."""

    id: Uuid = Field(description="Chosen by the client")
    department_id: whole(1, MAX_ID)
    instrument_id: Code
    observed_on: Day
    kind: Kind = "regular"
    primary_observation_id: Uuid | None = Field(None, description="The regular one double-coded")
    override_reason: text(MAX_REASON) | None = Field(
        None, description="Project lead only: a visit to their own kindergarten"
    )
    visit_id: whole(1, MAX_ID) | None = Field(
        None, description="The observer's planned visit this carries out (it becomes started)"
    )


class ScoreUpdate(Body):
    """One score; indicator_marks and note are kept when left out, null clears them."""

    value: ScoreValue
    indicator_marks: Marks | None = None
    note: text(MAX_NOTE) | None = None
    client_ts: Moment = Field(description="When the observer made the change")


class CycleUpdate(Body):
    """A cycle's details; only the fields sent are changed, null clears a field."""

    started_at: Moment | None = None
    ended_at: Moment | None = None
    children_present: Count | None = None
    adults_present: Count | None = None
    setting: Code | None = Field(None, description="One of the instrument's setting codes")
    deviation_reason: text(MAX_NOTE) | None = None
    notes: text(MAX_NOTE) | None = None
    client_ts: Moment | None = None


class Reopen(Body):
    """Why a submitted observation goes back to draft (audited)."""

    reason: text(MAX_REASON)


REQUEST_MODELS = {model.__name__: model for model in (NewObservation, ScoreUpdate, CycleUpdate,
                                                      Reopen)}  # fmt: skip


def parse(model: type[Body], data: object) -> Body:
    """Return `data` validated by `model`, or refuse it as the API does (422 `invalid`)."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise refusal(error) from None


def refusal(error: ValidationError) -> RuleViolation:
    """Return the 422 answer for a body that does not fit its model: unknown fields, else the
    first bad field, named in details.field, with a message in the user's language."""
    problems = error.errors(include_url=False, include_input=False)
    unknown = sorted(str(p["loc"][0]) for p in problems if p["type"] == "extra_forbidden")
    if unknown:
        model = REQUEST_MODELS.get(error.title)
        allowed = list(model.model_fields) if model else []
        return RuleViolation(
            "invalid",
            str(_l("Unknown fields: %(fields)s.", fields=", ".join(unknown))),
            {"fields": unknown, "allowed": allowed},
        )
    problem = problems[0]
    field = str(problem["loc"][0]) if problem["loc"] else "body"
    message, details = _message(problem, field)
    return RuleViolation("invalid", message, {"field": field, **details})


def _message(problem: dict, field: str) -> tuple[str, dict]:
    context = problem.get("ctx") or {}
    kind = problem["type"]
    if kind == "refused":
        params = {k: v for k, v in context.items() if k != "message"}
        details = {"min": params["low"], "max": params["high"]} if "low" in params else {}
        return str(context["message"]) % {"field": field, **params}, details
    if kind == "string_too_long":
        limit = context["max_length"]
        too_long = _l("%(field)s is too long: at most %(max)s characters.", field=field, max=limit)
        return str(too_long), {"max": limit}
    if kind == "unstorable":
        return str(_l("%(field)s holds a character that cannot be stored.", field=field)), {}
    if kind == "missing":
        return str(_l("%(field)s is required.", field=field)), {}
    # Only the queries' plain text fields get here, e.g. a parameter given twice.
    return str(_l("%(field)s must be text.", field=field)), {}


class AggregatesQuery(BaseModel):
    """The aggregates' query (absent: all); app/api/aggregates.py reads the comma-separated
    lists."""

    by: str = Field(None, description="Comma-separated: pool, network, kindergarten, "
                           "semester, age_group, instrument")  # fmt: skip
    level: str = Field(None, description="dimension (default) or domain")
    instrument: str = Field(None, description="e.g. class-prek")
    semester: str = Field(None, description="Comma-separated, e.g. 2025V")
    pool: str = Field(None, description="Comma-separated pool numbers")
    network: str = Field(None, description="Comma-separated network ids")
    kindergarten: str = Field(None, description="Comma-separated kindergarten ids")
    age_group: str = Field(None, description="toddler or preschool")


class InstrumentQuery(BaseModel):
    version: str = Field(None, description="An older version, as on an observation")
