"""What a request body's model cannot check alone: the parts that need the instrument.

The API validates each body with its model first (app/api/models.py), so the values here are
already typed; refusals are `RuleViolation("invalid", …, {"field": name})` like the model's.
"""

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _

from analysis.instruments import Dimension, Instrument

from .rules import NewObservation, RuleViolation


def invalid(field_name: str, message: str, **details) -> RuleViolation:
    """Return the error for one bad field."""
    return RuleViolation("invalid", message, {"field": field_name, **details})


def parse_new_observation(body: dict) -> NewObservation:
    """Return the request to start an observation from its validated fields."""
    return NewObservation(**body)


@dataclass(frozen=True)
class ScoreUpdate:
    """A validated score write; `changes` holds only the fields the client sent."""

    client_ts: datetime
    changes: dict = field(default_factory=dict)  # value, indicator_marks, note


def parse_score_update(body: dict, dimension: Dimension) -> ScoreUpdate:
    """Return the score write for one dimension from the fields the client sent."""
    changes = {name: body[name] for name in ("value", "indicator_marks", "note") if name in body}
    if "indicator_marks" in changes:
        changes["indicator_marks"] = parse_marks(changes["indicator_marks"], dimension)
    return ScoreUpdate(client_ts=body["client_ts"], changes=changes)


def parse_marks(marks: dict | None, dimension: Dimension) -> dict | None:
    """Return {indicator_code: mark} in code order, refusing another dimension's indicators."""
    if marks is None:
        return None
    known = [indicator.code for indicator in dimension.indicators]
    unknown = sorted(set(marks) - set(known))
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
    return dict(sorted(marks.items())) or None


def parse_cycle_update(body: dict, instrument: Instrument) -> dict:
    """Return the cycle fields the client sent, keyed by column name."""
    changes = {name: value for name, value in body.items() if name != "client_ts"}
    if changes.get("setting") is not None:
        _check_setting(changes["setting"], instrument)
    return changes


def _check_setting(value: str, instrument: Instrument) -> None:
    codes = [setting.code for setting in instrument.cycles.settings]
    if value not in codes:
        raise invalid(
            "setting",
            _("Pick the setting from the list: %(codes)s.", codes=", ".join(codes)),
            known=codes,
        )


def require_reason(value: str | None) -> str:
    """Return the required reason for a project lead's decision (blank is no reason)."""
    if value is None:
        raise RuleViolation(
            "reason_required", _("Write why, so the audit log explains it."), {"field": "reason"}
        )
    return value
