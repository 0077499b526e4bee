"""When demo visits happen: the day, the cycle times and the feedback meeting (all UTC)."""

from datetime import UTC, date, datetime, time, timedelta
from random import Random

from analysis.semesters import parse_semester

from .texts import DEVIATION_REASONS_LONG, DEVIATION_REASONS_SHORT

# Visits happen in the working part of a semester: mid-January to early June, late August
# to early December.
WINDOW = {"V": ((1, 15), (6, 10)), "H": ((8, 25), (12, 10))}
DEVIATING_CYCLES = 0.05
FIRST_CYCLE_EARLIEST = time(7, 0)  # 08:00 or 09:00 in Norway
FIRST_CYCLE_SPREAD_MINUTES = 150


def visit_window(semester: str, latest: date | None = None) -> tuple[date, date] | None:
    """Return the first and last day for visits in a semester, ending no later than latest."""
    parsed = parse_semester(semester)
    (m1, d1), (m2, d2) = WINDOW[parsed.half]
    first, last = date(parsed.year, m1, d1), date(parsed.year, m2, d2)
    if latest is not None:
        last = min(last, latest)
    return (first, last) if first <= last else None


def weekday_between(rng: Random, first: date, last: date) -> date | None:
    """Return a random Monday–Friday between first and last, or None if there is none."""
    days = (last - first).days
    for _ in range(10):
        day = first + timedelta(days=rng.randint(0, days))
        if day.weekday() < 5:
            return day
    weekdays = [
        first + timedelta(days=i)
        for i in range(days + 1)
        if (first + timedelta(days=i)).weekday() < 5
    ]
    return rng.choice(weekdays) if weekdays else None


def at(day: date, clock: time) -> datetime:
    """Return an aware UTC datetime on day at clock."""
    return datetime.combine(day, clock, tzinfo=UTC)


def cycle_times(rng: Random, day: date, count: int) -> list[tuple[datetime, datetime, str | None]]:
    """Return start, end and any deviation reason of each cycle of a visit."""
    start = at(day, FIRST_CYCLE_EARLIEST) + timedelta(
        minutes=rng.randint(0, FIRST_CYCLE_SPREAD_MINUTES)
    )
    cycles = []
    for _ in range(count):
        minutes, reason = _cycle_length(rng)
        end = start + timedelta(minutes=minutes, seconds=rng.randint(0, 59))
        cycles.append((start, end, reason))
        # About ten minutes to score, and sometimes a wait for the next activity.
        start = end + timedelta(minutes=rng.randint(10, 25))
    return cycles


def _cycle_length(rng: Random) -> tuple[int, str | None]:
    if rng.random() >= DEVIATING_CYCLES:
        return rng.randint(15, 19), None
    if rng.random() < 0.5:
        return rng.randint(12, 14), rng.choice(DEVIATION_REASONS_SHORT)
    return rng.randint(21, 23), rng.choice(DEVIATION_REASONS_LONG)


def meeting_time(rng: Random, day: date) -> datetime:
    """Return when the feedback meeting is held: one to two weeks after the visit."""
    meeting_day = day + timedelta(days=rng.randint(3, 14))
    while meeting_day.weekday() >= 5:
        meeting_day += timedelta(days=1)
    return at(meeting_day, time(rng.randint(10, 13), rng.choice((0, 30))))
