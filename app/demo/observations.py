"""The demo's observations: a released visit per department and semester, the current one
partly done, about 10 % double-coded. Rows go straight to bulk inserts."""

import uuid
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from random import Random

from analysis.instruments import Instrument
from analysis.semesters import (
    parse_semester,
    semester_index,
    semester_of,
    semesters_between,
    semesters_since,
)

from .assign import ObserverPicker
from .organisation import DepartmentPlan, Organisation
from .people import People
from .records import RecordWriter, Visit
from .scores import DepartmentProfile, cycle_scores, new_profile, second_opinion, visit_levels
from .visits import cycle_times, meeting_time, visit_window, weekday_between
from .writer import ObservationWriter

# The current semester: by the end of its visiting window 60 % of departments have been
# visited (more than half of them released), and some visits are drafts; the rest wait.
DONE_AT_WINDOW_END = 0.6
RELEASED_OF_DONE = 0.6
DRAFT_SHARE = 0.12
DRAFT_DAYS_BACK = 7
SLOPPY_CODERS = 2  # observers whose double-coding agrees less, so recalibration can be seen
SLOPPY_SPREAD = 0.2
SLOPPY_SPREAD_LATELY = 0.3  # they drift: within one about 70 % in the last two semesters
# In the last two semesters a third of the double-codings go to a sloppy coder when one is
# free, so that each has the 3 visits the recalibration rule needs (DESIGN §5 and §8).
SLOPPY_SHARE_LATELY = 0.35
DAY_TRIES = 5


@dataclass
class Options:
    double_coding_share: float = 0.10
    note_share: float = 0.08


@dataclass
class Showcase:
    """Facts about the generated data that the accounts list picks people by."""

    drafts: dict[int, int] = field(default_factory=dict)  # observer id -> department id
    released_now: list[int] = field(default_factory=list)  # departments released this semester


class ObservationGenerator:
    """Generate every observation of the demo in a fixed, seed-determined order."""

    def __init__(
        self,
        rng: Random,
        writer: ObservationWriter,
        org: Organisation,
        people: People,
        instruments: dict[str, Instrument],
        today: date,
        options: Options,
    ) -> None:
        self.rng, self.writer, self.org, self.people = rng, writer, org, people
        self.instruments, self.today, self.options = instruments, today, options
        self.current = semester_of(today)
        self.progress = self._semester_progress()
        self.picker = ObserverPicker(rng, people.observers)
        observer_ids = [p.id for p in people.observers]
        self.sloppy = set(rng.sample(observer_ids, min(SLOPPY_CODERS, len(observer_ids))))
        # Its own generator: the main one's draws, and so every other figure, stay as they were.
        self.drift_rng = Random(sum(self.sloppy))
        self.lately = {self.current, str(parse_semester(self.current).previous())}
        self.kindergarten_pool = {k.id: k.pool for k in org.kindergartens}
        self.records = RecordWriter(rng, writer, instruments, options.note_share, today)
        self.showcase = Showcase()

    def run(self) -> Showcase:
        """Generate and write everything; return the showcase facts."""
        for department in self.org.departments:
            self._department(department)
        self.writer.flush()
        return self.showcase

    def _department(self, department: DepartmentPlan) -> None:
        instrument = self.instruments[department.age_group]
        profile = new_profile(self.rng, instrument)
        first = self.org.first_semester(self.kindergarten_pool[department.kindergarten_id])
        for semester in semesters_between(first, self.current):
            current = semester_index(semester) == semester_index(self.current)
            status = self._current_state() if current else "released"
            visit = self._plan(department, instrument, semester, status, current)
            if visit is not None:
                self._observe(visit, profile, semesters_since(first, semester))

    def _current_state(self) -> str | None:
        """Return the state of a department's visit this semester, or None if not visited yet."""
        draw = self.rng.random()
        done = DONE_AT_WINDOW_END * self.progress
        if draw < done:
            return "released" if draw < done * RELEASED_OF_DONE else "submitted"
        return "draft" if draw < done + DRAFT_SHARE else None

    def _semester_progress(self) -> float:
        """Return how far today is through the current semester's visiting window, 0 to 1."""
        window = visit_window(self.current)
        if window is None or self.today <= window[0]:
            return 0.0
        return min(1.0, (self.today - window[0]) / (window[1] - window[0]))

    def _plan(
        self,
        department: DepartmentPlan,
        instrument: Instrument,
        semester: str,
        status: str | None,
        current: bool,
    ) -> Visit | None:
        """Choose the day and the observer, or None when nothing fits (or no visit yet)."""
        if status is None:
            return None
        window = self._window(semester, status, current)
        if window is None:
            return None
        for _ in range(DAY_TRIES):
            day = weekday_between(self.rng, *window)
            if day is None:
                return None
            observer = self.picker.pick(instrument.family, department.kindergarten_id, day)
            if observer is not None:
                return Visit(department, instrument, semester, day, status, observer.id, current)
        return None

    def _window(self, semester: str, status: str, current: bool) -> tuple[date, date] | None:
        if not current:
            return visit_window(semester)
        if status == "draft":
            window = visit_window(semester, self.today)
            if window is None:
                return None
            first = max(window[0], self.today - timedelta(days=DRAFT_DAYS_BACK))
            return (first, window[1]) if first <= window[1] else None
        return visit_window(semester, self.today - timedelta(days=1))

    def _observe(self, visit: Visit, profile: DepartmentProfile, semesters_in: int) -> None:
        instrument = visit.instrument
        levels = visit_levels(self.rng, profile, semesters_in)
        codes = [d.code for d in instrument.dimensions]
        times = cycle_times(self.rng, visit.day, instrument.cycles.count)
        cycles = [self._cycle_facts(visit, start, end, reason) for start, end, reason in times]
        scores = [cycle_scores(self.rng, profile, levels, codes) for _ in cycles]
        if visit.status == "draft":
            cycles, scores = self._leave_unfinished(cycles, scores)
            self.showcase.drafts.setdefault(visit.observer_id, visit.department.id)
        stamps = self._timestamps(visit, cycles)
        if stamps["released_at"] is None and visit.status == "released":
            visit.status = "submitted"
        observation_id = self.records.new_uuid()
        self.records.observation(visit, observation_id, stamps, kind="regular")
        self.records.cycles(visit, observation_id, cycles, scores)
        if visit.status == "released":
            leader = self.people.leader_of.get(visit.department.id)
            self.records.feedback(
                visit, observation_id, scores, stamps, leader.id if leader else None
            )
            if visit.current:
                self.showcase.released_now.append(visit.department.id)
        if visit.status != "draft" and self.rng.random() < self.options.double_coding_share:
            self._double_code(visit, observation_id, cycles, scores, stamps)

    def _cycle_facts(
        self, visit: Visit, start: datetime, end: datetime, reason: str | None
    ) -> dict:
        department = visit.department
        return {
            "started_at": start,
            "ended_at": end,
            "children_present": max(1, department.children - self.rng.randint(0, 3)),
            "adults_present": max(1, department.staff - self.rng.randint(0, 1)),
            "setting": self.rng.choice(visit.instrument.cycles.settings).code,
            "deviation_reason": reason,
            "notes": None,
        }

    def _leave_unfinished(
        self, cycles: list[dict], scores: list[dict[str, int]]
    ) -> tuple[list[dict], list[dict[str, int]]]:
        """Cut a draft short: fewer cycles, the last one partly scored and maybe still running."""
        count = len(cycles)
        started = self.rng.randint(1, count)
        cycles, scores = cycles[:started], scores[:started]
        last = dict(scores[-1])
        keep = self.rng.randint(0, len(last) - 1)
        scores[-1] = {code: last[code] for code in list(last)[:keep]}
        if self.rng.random() < 0.5:
            cycles[-1] = {**cycles[-1], "ended_at": None}
        # Cycles not observed yet still exist, empty, as the app creates them when a visit starts.
        empty = dict.fromkeys(cycles[0])
        padding = count - started
        return cycles + [dict(empty) for _ in range(padding)], scores + [{} for _ in range(padding)]

    def _timestamps(self, visit: Visit, cycles: list[dict]) -> dict[str, datetime | None]:
        rng = self.rng
        created = cycles[0]["started_at"] - timedelta(minutes=rng.randint(5, 60))
        observed = [cycle for cycle in cycles if cycle["started_at"] is not None]
        last_seen = observed[-1]["ended_at"] or observed[-1]["started_at"]
        stamps = {
            "created_at": created,
            "submitted_at": None,
            "released_at": None,
            "meeting_at": None,
        }
        if visit.status != "draft":
            stamps["submitted_at"] = last_seen + timedelta(minutes=rng.randint(20, 240))
        if visit.status == "released":
            meeting = meeting_time(rng, visit.day)
            released = meeting + timedelta(hours=rng.randint(1, 48))
            if released.date() >= self.today:
                released = meeting + timedelta(hours=1)
            if released.date() < self.today:
                stamps["meeting_at"], stamps["released_at"] = meeting, released
        stamps["updated_at"] = stamps["released_at"] or stamps["submitted_at"] or last_seen
        return stamps

    def _double_code(
        self,
        visit: Visit,
        primary_id: uuid.UUID,
        cycles: list[dict],
        scores: list[dict[str, int]],
        stamps: dict,
    ) -> None:
        """Add a second observer's scoring of the same cycles, close to the primary's."""
        coder = self.picker.pick(
            visit.instrument.family,
            visit.department.kindergarten_id,
            visit.day,
            exclude=visit.observer_id,
        )
        if coder is None:
            return
        coder = self._sloppy_lately(visit) or coder
        spread = 0.0
        if coder.id in self.sloppy:
            spread = SLOPPY_SPREAD_LATELY if visit.semester in self.lately else SLOPPY_SPREAD
        reverse = {d.code for d in visit.instrument.dimensions if d.reverse}
        second = [
            {code: self._second(value, spread, code in reverse) for code, value in s.items()}
            for s in scores
        ]
        submitted = stamps["submitted_at"] + timedelta(minutes=self.rng.randint(5, 120))
        own = {**stamps, "submitted_at": submitted, "released_at": None, "updated_at": submitted}
        coded = replace(visit, status="submitted", observer_id=coder.id)
        observation_id = self.records.new_uuid()
        self.records.observation(
            coded, observation_id, own, kind="double_coding", primary=primary_id
        )
        self.records.cycles(coded, observation_id, cycles, second)

    def _sloppy_lately(self, visit: Visit):
        """A free sloppy coder for some recent double-codings, or None."""
        if visit.semester not in self.lately or self.drift_rng.random() >= SLOPPY_SHARE_LATELY:
            return None
        family, kindergarten, day = (
            visit.instrument.family,
            visit.department.kindergarten_id,
            visit.day,
        )
        for person in self.people.observers:
            sloppy = person.id in self.sloppy and person.id != visit.observer_id
            if sloppy and self.picker.eligible(person, family, kindergarten, day):
                return self.picker.book(person, day)
        return None

    def _second(self, value: int, spread: float, reverse: bool) -> int:
        if reverse:  # negative climate is seldom disputed
            return value if self.rng.random() < 0.9 else max(1, value + self.rng.choice((-1, 1)))
        return second_opinion(self.rng, value, spread)
