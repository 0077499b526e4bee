"""The observation rules of DESIGN.md §4 as plain functions: who may observe what, and when a
visit is complete. They take already-loaded objects and raise `RuleViolation`; no queries here."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from flask_babel import gettext as _

from analysis.instruments import Dimension, Instrument
from analysis.scoring import CycleTiming, Missing, cycle_duration_issues, missing_for_submission
from analysis.semesters import semester_of

from ..ui import STATUS_LABELS


class RuleViolation(Exception):
    """A request that breaks a rule; `code` is stable for clients, `message` is for people."""

    def __init__(self, code: str, message: str, details: dict | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details or {}


class Person(Protocol):
    id: int
    home_kindergarten_id: int | None


class Certified(Protocol):
    family: str

    def valid_on(self, day: date) -> bool: ...


@dataclass(frozen=True)
class NewObservation:
    """A validated request to start an observation."""

    id: object  # uuid.UUID
    department_id: int
    instrument_id: str
    observed_on: date
    kind: str
    primary_observation_id: object | None = None
    override_reason: str | None = None
    visit_id: int | None = None  # the planned visit this observation carries out

    @property
    def semester(self) -> str:
        """Return the semester the visit falls in."""
        return semester_of(self.observed_on)


@dataclass(frozen=True)
class Facts:
    """What the service looked up for a new observation; None means "not found"."""

    department: object | None  # Department with .kindergarten loaded
    instrument: Instrument | None
    expected_instrument_id: str | None  # the instrument of the department's age group
    certifications: Sequence[Certified]
    existing_regular_status: str | None = None
    primary: object | None = None  # Observation
    may_override: bool = False  # the project lead may observe their own kindergarten, with a reason


def ensure_draft(status: str) -> None:
    """Refuse any change to an observation that has been submitted or released."""
    if status != "draft":
        raise RuleViolation(
            "observation_locked",
            _(
                "This observation has been submitted, so it can no longer be changed. "
                "Ask the project lead to reopen it if something must be corrected."
            ),
            {"status": status},
        )


def check_new_observation(user: Person, new: NewObservation, facts: Facts) -> list[str]:
    """Apply the rules for starting an observation; return the overrides used (audited)."""
    department = _check_department(facts.department)
    instrument = _check_instrument(new, facts)
    overrides = _check_own_kindergarten(user, department, new, facts.may_override)
    if new.kind != "practice":
        # Practice visits are how trainees prepare for the reliability test, so they come
        # before certification; they never count in aggregates or agreement.
        _check_certification(facts.certifications, instrument.family, new.observed_on)
    if new.kind == "regular":
        check_no_regular_yet(facts.existing_regular_status)
    _check_primary(user, new, facts.primary)
    return overrides


def _check_department(department):
    if department is None:
        raise RuleViolation(
            "unknown_department",
            _("That department does not exist. Reload the list of departments and pick again."),
        )
    if not department.active or not department.kindergarten.active:
        raise RuleViolation(
            "department_inactive",
            _("%(department)s is no longer part of the programme.", department=department.name),
        )
    return department


def _check_instrument(new: NewObservation, facts: Facts) -> Instrument:
    if facts.instrument is None or facts.instrument.id != facts.expected_instrument_id:
        raise RuleViolation(
            "wrong_instrument",
            _(
                "This department is observed with %(expected)s. Start the observation again.",
                expected=facts.expected_instrument_id or "?",
            ),
            {"expected": facts.expected_instrument_id, "given": new.instrument_id},
        )
    return facts.instrument


def _check_own_kindergarten(
    user: Person, department, new: NewObservation, may_override: bool
) -> list[str]:
    if department.kindergarten_id != user.home_kindergarten_id:
        return []
    if may_override and new.override_reason:
        return ["own_kindergarten"]
    raise RuleViolation(
        "own_kindergarten",
        _(
            "You cannot observe a department in your own kindergarten. Pick a department in "
            "another kindergarten; only the project lead can make an exception, with a reason."
        ),
    )


def has_valid_certification(certifications: Iterable[Certified], family: str, day: date) -> bool:
    """Return True if one of the certifications covers `family` on `day`."""
    return any(c.family == family and c.valid_on(day) for c in certifications)


def _check_certification(certifications: Sequence[Certified], family: str, day: date) -> None:
    if not has_valid_certification(certifications, family, day):
        raise RuleViolation(
            "not_certified",
            _(
                "You need a certification for this age group that is valid on %(day)s. "
                "Ask the project lead to renew it.",
                day=day.isoformat(),
            ),
            {"family": family, "observed_on": day.isoformat()},
        )


def check_no_regular_yet(existing_status: str | None) -> None:
    """Refuse a second regular observation of a department in one semester."""
    if existing_status is None:
        return
    raise RuleViolation(
        "regular_exists",
        _(
            "This department already has a regular observation this semester (%(status)s). "
            "Choose double-coding or practice, or pick another department.",
            status=str(STATUS_LABELS.get(existing_status, existing_status)).lower(),
        ),
        {"status": existing_status},
    )


def _check_primary(user: Person, new: NewObservation, primary) -> None:
    if new.kind != "double_coding":
        if new.primary_observation_id is not None:
            raise _bad_primary(_("Only a double-coding observation links to another one."))
        return
    if new.primary_observation_id is None:
        raise _bad_primary(_("A double-coding observation needs the regular observation it codes."))
    if primary is None or primary.kind != "regular":
        raise _bad_primary(_("The observation to double-code is not a regular observation."))
    if primary.department_id != new.department_id or primary.semester != new.semester:
        raise _bad_primary(_("Double-coding must be of the same department in the same semester."))
    if primary.observer_id == user.id:
        raise _bad_primary(_("You cannot double-code your own observation."))


def _bad_primary(message: str) -> RuleViolation:
    return RuleViolation("invalid_primary", message, {"field": "primary_observation_id"})


def dimension_of(instrument: Instrument, code: str) -> Dimension:
    """Return the instrument's dimension with this code, or refuse the unknown code."""
    try:
        return instrument.dimension(code)
    except KeyError:
        raise RuleViolation(
            "unknown_dimension",
            _("%(instrument)s has no dimension %(code)s.", instrument=instrument.key, code=code),
            {"dimension": code, "known": [d.code for d in instrument.dimensions]},
        ) from None


def check_cycle_number(instrument: Instrument, number: int) -> None:
    """Refuse a cycle number outside 1..count of the instrument."""
    if not 1 <= number <= instrument.cycles.count:
        raise RuleViolation(
            "unknown_cycle",
            _(
                "There is no cycle %(number)s; cycles are numbered 1 to %(count)s.",
                number=number,
                count=instrument.cycles.count,
            ),
            {"cycle": number, "count": instrument.cycles.count},
        )


@dataclass(frozen=True)
class CycleProblem:
    """A timing problem that blocks submission, with the cycle's length in minutes."""

    cycle: int
    code: str  # too_short_redo | needs_deviation_reason | ends_before_start
    minutes: float | None


class StoredCycle(Protocol):
    number: int
    started_at: datetime | None
    ended_at: datetime | None
    deviation_reason: str | None
    scores: Sequence  # of objects with dimension_code and value


def submission_problems(
    instrument: Instrument, cycles: Sequence[StoredCycle]
) -> list[Missing | CycleProblem]:
    """List what blocks submitting: missing cycles, times and scores, then timing problems."""
    timings = [CycleTiming(c.number, c.started_at, c.ended_at, c.deviation_reason) for c in cycles]
    scores = {(c.number, s.dimension_code): s.value for c in cycles for s in c.scores}
    rules = instrument.cycles
    codes = [d.code for d in instrument.dimensions]
    missing = missing_for_submission(scores, codes, rules.count, timings)
    minutes = {t.number: t.minutes for t in timings}
    issues = cycle_duration_issues(
        timings, rules.min_minutes, rules.max_minutes, rules.redo_below_minutes
    )
    # Missing times are already listed under `missing`; listing them twice would confuse.
    timing = [
        CycleProblem(i.cycle, i.code, _round(minutes[i.cycle]))
        for i in issues
        if i.code != "missing_times"
    ]
    return [*missing, *timing]


def _round(minutes: float | None) -> float | None:
    return None if minutes is None else round(minutes, 1)
