"""The response bodies of /api/v1, for /api/v1/openapi.json. The views build plain dicts
(app/observe/serialize.py); tests/web/test_openapi.py and the schemathesis run check real
answers against these schemas."""

from datetime import date, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import BaseModel, Field

from ..models import KINDS

Mark = Literal["low", "mid", "high"]


class Labels(BaseModel):
    """A text in every UI language."""

    nb: str
    nn: str
    en: str


NullableMoment = Annotated[datetime | None, Field(description="ISO 8601 with a UTC offset")]


class Answer(BaseModel):
    """A response body."""


class Error(Answer):
    """Every 4xx: a stable code, a message in the user's language, and details."""

    error: str = Field(description="Stable code, e.g. observation_locked")
    message: str = Field(description="For people, in the user's language")
    details: dict[str, Any]


class Coded(Answer):
    code: str
    labels: Labels


class Band(Coded):
    min: int
    max: int


class Scale(Answer):
    min: int
    max: int
    band_rule_for_means: Literal["nearest", "floor"]
    bands: list[Band]


class CycleRules(Answer):
    count: int
    min_minutes: int
    max_minutes: int
    redo_below_minutes: int
    settings: list[Coded]


class LicensedText(Answer):
    """Licensed ranges and markers, only when the licensed pack is installed."""

    ranges: dict[str, dict[str, str]]
    markers: dict[str, dict[str, list[str]]]


class Dimension(Coded):
    reverse: bool
    description: Labels
    indicators: list[Coded]
    licensed: LicensedText | None


class Domain(Coded):
    dimensions: list[Dimension]


class Instrument(Answer):
    """An instrument version with labels, scale, cycle rules and (if installed) licensed text."""

    id: str
    version: str
    hash: str
    family: Literal["toddler", "preschool"]
    name: Labels
    scale: Scale
    cycles: CycleRules
    domains: list[Domain]


class Named(Answer):
    id: int
    name: str


class Department(Named):
    age_group: str
    kindergarten: Named


class InstrumentVersion(Answer):
    id: str
    version: str
    hash: str


class Score(Answer):
    value: int = Field(ge=1, le=7)
    indicator_marks: dict[str, Mark] | None
    note: str | None
    client_ts: NullableMoment


class Cycle(Answer):
    number: int
    started_at: NullableMoment
    ended_at: NullableMoment
    children_present: int | None
    adults_present: int | None
    setting: str | None
    deviation_reason: str | None
    notes: str | None
    scores: dict[str, Score] = Field(description="Keyed by dimension code")


class Observation(Answer):
    """Everything about an observation: cycles, scores and version."""

    id: UUID
    department: Department
    observer: Named
    semester: str = Field(pattern=r"^[0-9]{4}[VH]$")
    observed_on: date
    instrument: InstrumentVersion
    kind: Literal[KINDS]
    primary_observation_id: UUID | None
    status: Literal["draft", "submitted", "released"]
    version: int = Field(description="Grows with every applied change")
    submitted_at: NullableMoment
    released_at: NullableMoment
    cycles: list[Cycle]


class ScoreSaved(Answer):
    applied: bool = Field(description="false: a score with a later client_ts is stored")
    score: Score
    version: int


class CycleSaved(Answer):
    cycle: Cycle
    version: int


class Submitted(Answer):
    status: Literal["submitted"]
    submitted_at: datetime
    version: int


class Reopened(Answer):
    status: Literal["draft"]
    version: int


class AggregateRow(Answer):
    group: dict[str, Any] = Field(description="e.g. {pool: 3, semester: '2025V'}")
    level: Literal["dimension", "domain"]
    code: str
    n_departments: int
    n_observations: int
    mean: float | None = Field(description="Mean of department means")
    sd: float | None = Field(description="Sample SD between departments")
    shares: dict[str, float] | None = Field(description="{low, mid, high} of departments")
    cycle_shares: dict[str, float] | None = Field(description="{low, mid, high} of cycle scores")
    suppressed: bool = Field(description="Fewer departments than min_group_size")


class Aggregates(Answer):
    by: list[str]
    level: Literal["dimension", "domain"]
    instrument: str | None
    filters: dict[str, list[Any]]
    min_group_size: int
    rows: list[AggregateRow]


class PlannedVisit(Answer):
    """One visit of a semester plan."""

    id: int
    department_id: int
    department: str
    kindergarten_id: int
    kindergarten: str
    observer_id: int
    observer_email: str
    kind: Literal["regular", "double_coding"]
    planned_on: date
    status: Literal["planned", "started", "done", "cancelled"]
    observation_id: UUID | None = Field(description="Once the visit is started")
    regular_visit_id: int | None = Field(description="A double-coding visit's regular visit")


class PlanWindow(Answer):
    from_: date = Field(alias="from", description="First day of the observation window")
    to: date = Field(description="Last day of the observation window")


class SemesterPlan(Answer):
    """A semester plan's visits in the caller's scope: the project lead every visit (drafts
    too); in a published plan an observer their own visits, a director their kindergarten's."""

    semester: str = Field(pattern=r"^[0-9]{4}[VH]$")
    status: Literal["draft", "published"]
    window: PlanWindow
    visits: list[PlannedVisit]
