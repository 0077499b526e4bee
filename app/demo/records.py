"""Turn a planned visit into observation, cycle, score and feedback rows for the bulk writer."""

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from random import Random

from analysis.instruments import Instrument

from .feedback import feedback_row
from .organisation import DepartmentPlan
from .scores import indicator_marks
from .texts import evidence_note
from .writer import ObservationWriter

MARKED_SCORES = 0.7  # share of scores with indicator marks, on current-semester visits


@dataclass
class Visit:
    department: DepartmentPlan
    instrument: Instrument
    semester: str
    day: date
    status: str
    observer_id: int
    current: bool


class RecordWriter:
    """Build the rows of one visit and queue them on the writer."""

    def __init__(
        self,
        rng: Random,
        writer: ObservationWriter,
        instruments: dict[str, Instrument],
        note_share: float,
        today: date,
    ) -> None:
        self.rng, self.writer, self.note_share, self.today = rng, writer, note_share, today
        self.dimensions = {i.id: {d.code: d for d in i.dimensions} for i in instruments.values()}

    def new_uuid(self) -> uuid.UUID:
        """Return a version-4 UUID drawn from the seeded generator."""
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def observation(
        self,
        visit: Visit,
        observation_id: uuid.UUID,
        stamps: dict,
        *,
        kind: str,
        primary: uuid.UUID | None = None,
    ) -> None:
        """Queue the observation row; a double-coding is submitted, never released."""
        instrument = visit.instrument
        status = visit.status if kind == "regular" else "submitted"
        self.writer.add("observation", {
            "id": observation_id, "department_id": visit.department.id,
            "observer_id": visit.observer_id, "semester": visit.semester,
            "observed_on": visit.day, "instrument_id": instrument.id,
            "instrument_version": instrument.version, "instrument_hash": instrument.file_hash,
            "kind": kind, "primary_observation_id": primary, "status": status, "version": 1,
            "created_at": stamps["created_at"], "updated_at": stamps["updated_at"],
            "submitted_at": stamps["submitted_at"],
            "released_at": stamps["released_at"] if status == "released" else None,
        })  # fmt: skip

    def cycles(
        self,
        visit: Visit,
        observation_id: uuid.UUID,
        cycles: list[dict],
        scores: list[dict[str, int]],
    ) -> None:
        """Queue the cycle rows and their scores."""
        for number, (facts, values) in enumerate(zip(cycles, scores, strict=True), start=1):
            cycle_id = self.writer.new_id("cycle")
            row = {"id": cycle_id, "observation_id": observation_id, "number": number, **facts}
            self.writer.add("cycle", row)
            if not values:
                continue  # a cycle not observed yet
            saved = facts["ended_at"] or facts["started_at"]
            client_ts = saved + timedelta(minutes=self.rng.randint(1, 9))
            for code, value in values.items():
                self.writer.add("score", self._score(visit, cycle_id, code, value, client_ts))

    def _score(
        self, visit: Visit, cycle_id: int, code: str, value: int, client_ts: datetime
    ) -> dict:
        rng = self.rng
        dimension = self.dimensions[visit.instrument.id][code]
        note = None
        if rng.random() < self.note_share:
            note = evidence_note(code, value, dimension.reverse)
        row = {"id": self.writer.new_id("score"), "cycle_id": cycle_id, "dimension_code": code,
               "value": value, "note": note, "client_ts": client_ts}  # fmt: skip
        if visit.current and rng.random() < MARKED_SCORES:
            codes = [indicator.code for indicator in dimension.indicators]
            row["indicator_marks"] = indicator_marks(rng, value, codes)
        return row

    def feedback(
        self,
        visit: Visit,
        observation_id: uuid.UUID,
        scores: list[dict[str, int]],
        stamps: dict,
        leader_id: int | None,
    ) -> None:
        """Queue the written feedback, built from the observation's dimension means."""
        means = {code: sum(s[code] for s in scores) / len(scores) for code in scores[0]}
        reverse = frozenset(d.code for d in visit.instrument.dimensions if d.reverse)
        row = feedback_row(
            self.rng, feedback_id=self.writer.new_id("feedback"), observation_id=observation_id,
            means=means, reverse=reverse, meeting_at=stamps["meeting_at"],
            released_at=stamps["released_at"], leader_id=leader_id, today=self.today,
        )  # fmt: skip
        self.writer.add("feedback", row)
