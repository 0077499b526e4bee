"""Checking request bodies field by field, so a bad input is refused before anything changes.

Every refusal is a `RuleViolation("invalid", …, {"field": name})` with a message people can act on.
"""

import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from flask_babel import gettext as _

from analysis.instruments import Dimension, Instrument

from ..models import KINDS
from .rules import NewObservation, RuleViolation

MAX_NOTE = 4000
MAX_REASON = 2000
MAX_COUNT = 200
MARKS = ("low", "mid", "high")
CYCLE_FIELDS = (
    "started_at", "ended_at", "children_present", "adults_present", "setting",
    "deviation_reason", "notes",
)  # fmt: skip
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def invalid(field_name: str, message: str, **details) -> RuleViolation:
    """Return the error for one bad field."""
    return RuleViolation("invalid", message, {"field": field_name, **details})


def reject_unknown(body: dict, allowed: tuple[str, ...]) -> None:
    """Refuse fields we do not know, so a client's typo is not silently dropped."""
    unknown = sorted(set(body) - set(allowed))
    if unknown:
        raise RuleViolation(
            "invalid",
            _("Unknown fields: %(fields)s.", fields=", ".join(unknown)),
            {"fields": unknown, "allowed": list(allowed)},
        )


def parse_uuid(value: object, name: str) -> uuid.UUID:
    """Return a UUID from its string form."""
    if isinstance(value, str):
        try:
            return uuid.UUID(value)
        except ValueError:
            pass
    raise invalid(name, _("%(field)s must be a UUID.", field=name))


def parse_datetime(value: object, name: str) -> datetime:
    """Return an aware UTC datetime from ISO 8601 text that carries an offset."""
    try:
        parsed = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        raise invalid(
            name,
            _(
                "%(field)s must be a date and time with a time zone, "
                "such as 2025-03-04T09:30:00+01:00.",
                field=name,
            ),
        )
    return parsed.astimezone(UTC)


def parse_date(value: object, name: str) -> date:
    """Return a date from YYYY-MM-DD."""
    try:
        if isinstance(value, str) and _DATE.fullmatch(value):
            return date.fromisoformat(value)
    except ValueError:
        pass
    raise invalid(name, _("%(field)s must be a date written YYYY-MM-DD.", field=name))


def parse_int(value: object, name: str, low: int, high: int) -> int:
    """Return a whole number in low..high; booleans, floats and text are refused."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise invalid(
            name,
            _(
                "%(field)s must be a whole number from %(low)s to %(high)s.",
                field=name,
                low=low,
                high=high,
            ),
            min=low,
            max=high,
        )
    return value


def parse_text(value: object, name: str, max_length: int) -> str | None:
    """Return trimmed text (None when blank), refusing non-text and overlong text."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise invalid(name, _("%(field)s must be text.", field=name))
    if len(value) > max_length:
        raise invalid(
            name,
            _("%(field)s is too long: at most %(max)s characters.", field=name, max=max_length),
            max=max_length,
        )
    return value.strip() or None


def _required(body: dict, name: str) -> object:
    if body.get(name) is None:
        raise invalid(name, _("%(field)s is required.", field=name))
    return body[name]


NEW_OBSERVATION_FIELDS = (
    "id", "department_id", "instrument_id", "observed_on", "kind", "primary_observation_id",
    "override_reason",
)  # fmt: skip


def parse_new_observation(body: dict) -> NewObservation:
    """Return the validated request to start an observation."""
    reject_unknown(body, NEW_OBSERVATION_FIELDS)
    kind = body.get("kind", "regular")
    if kind not in KINDS:
        raise invalid("kind", _("kind must be regular, double_coding or practice."))
    instrument_id = _required(body, "instrument_id")
    if not isinstance(instrument_id, str):
        raise invalid("instrument_id", _("%(field)s must be text.", field="instrument_id"))
    primary = body.get("primary_observation_id")
    return NewObservation(
        id=parse_uuid(_required(body, "id"), "id"),
        department_id=parse_int(_required(body, "department_id"), "department_id", 1, 2**31 - 1),
        instrument_id=instrument_id,
        observed_on=parse_date(_required(body, "observed_on"), "observed_on"),
        kind=kind,
        primary_observation_id=None
        if primary is None
        else parse_uuid(primary, "primary_observation_id"),
        override_reason=parse_text(body.get("override_reason"), "override_reason", MAX_REASON),
    )


@dataclass(frozen=True)
class ScoreUpdate:
    """A validated score write; `changes` holds only the fields the client sent."""

    client_ts: datetime
    changes: dict = field(default_factory=dict)  # value, indicator_marks, note


def parse_score_update(body: dict, dimension: Dimension) -> ScoreUpdate:
    """Return the validated score write for one dimension."""
    reject_unknown(body, ("value", "indicator_marks", "note", "client_ts"))
    changes: dict = {"value": parse_score_value(body.get("value"))}
    if "indicator_marks" in body:
        changes["indicator_marks"] = parse_marks(body["indicator_marks"], dimension)
    if "note" in body:
        changes["note"] = parse_text(body["note"], "note", MAX_NOTE)
    client_ts = parse_datetime(_required(body, "client_ts"), "client_ts")
    return ScoreUpdate(client_ts=client_ts, changes=changes)


def parse_score_value(value: object) -> int:
    """Return a CLASS score: a whole number 1–7 (not 3.5, "3", true or null)."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 7:
        raise invalid(
            "value", _("A score must be a whole number from 1 to 7."), min=1, max=7, got=value
        )
    return value


def parse_marks(value: object, dimension: Dimension) -> dict | None:
    """Return {indicator_code: low|mid|high} for this dimension's indicators (None when empty)."""
    if value is None:
        return None
    known = [indicator.code for indicator in dimension.indicators]
    if not isinstance(value, dict):
        raise invalid("indicator_marks", _("Indicator marks must be an object."), known=known)
    unknown = sorted(set(value) - set(known))
    if unknown:
        raise invalid(
            "indicator_marks",
            _(
                "%(dimension)s has no indicators %(codes)s.",
                dimension=dimension.code,
                codes=", ".join(unknown),
            ),
            unknown=unknown,
            known=known,
        )
    if any(mark not in MARKS for mark in value.values()):
        raise invalid("indicator_marks", _("An indicator is marked low, mid or high."))
    return dict(sorted(value.items())) or None


def parse_cycle_update(body: dict, instrument: Instrument) -> dict:
    """Return the validated cycle fields the client sent, keyed by column name."""
    reject_unknown(body, (*CYCLE_FIELDS, "client_ts"))
    if body.get("client_ts") is not None:
        parse_datetime(body["client_ts"], "client_ts")
    changes: dict = {}
    for name in ("started_at", "ended_at"):
        if name in body:
            changes[name] = None if body[name] is None else parse_datetime(body[name], name)
    for name in ("children_present", "adults_present"):
        if name in body:
            changes[name] = (
                None if body[name] is None else parse_int(body[name], name, 0, MAX_COUNT)
            )
    if "setting" in body:
        changes["setting"] = _setting(body["setting"], instrument)
    for name in ("deviation_reason", "notes"):
        if name in body:
            changes[name] = parse_text(body[name], name, MAX_NOTE)
    return changes


def _setting(value: object, instrument: Instrument) -> str | None:
    codes = [setting.code for setting in instrument.cycles.settings]
    if value is None or value in codes:
        return value
    raise invalid(
        "setting",
        _("Pick the setting from the list: %(codes)s.", codes=", ".join(codes)),
        known=codes,
    )


def require_reason(value: object) -> str:
    """Return the required, non-blank reason for a project lead's decision."""
    reason = parse_text(value, "reason", MAX_REASON)
    if reason is None:
        raise RuleViolation(
            "reason_required", _("Write why, so the audit log explains it."), {"field": "reason"}
        )
    return reason
