"""The report read model: header, scores with plain-language meaning, feedback and trend."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from analysis.instruments import Dimension, Instrument
from analysis.licensed import LicensedDimensionText
from analysis.observation_means import dimension_means_by_observation
from analysis.scoring import DimensionResult, domain_means
from analysis.semesters import semester_label, sort_key

from ..instruments import licensed_text
from ..models import Feedback, Observation, User
from .services import Scored
from .texts import BAND_MEANING, DOMAIN_BAND_MEANING, REVERSE_BAND_MEANING

GOOD_BAND = {False: "high", True: "low"}
CONCERN_BAND = {False: "low", True: "high"}


@dataclass(frozen=True)
class DimensionView:
    code: str
    name: str
    description: str
    licensed: str | None  # the licensed range text for this band, when the pack is present
    reverse: bool
    result: DimensionResult
    band_label: str
    meaning: str
    tone: str  # "good" | "mid" | "concern": a colour cue, always repeated in words

    @property
    def position(self) -> float:
        """Where the mean sits on the 1–7 bar, in percent."""
        return round((self.result.mean - 1) / 6 * 100, 1)


@dataclass(frozen=True)
class DomainView:
    code: str
    name: str
    mean: float | None
    band_label: str | None
    meaning: str | None
    tone: str | None
    dimensions: list[DimensionView]


@dataclass(frozen=True)
class GrowthAreaView:
    name: str
    text: str
    suggestion: str


@dataclass(frozen=True)
class Trend:
    """The department's semesters, oldest first, with a value per code (None: not scored)."""

    semesters: list[str]
    values: dict[str, list[float | None]]


def tone_of(band: str, reverse: bool) -> str:
    """Return the colour cue of a band; for Negative Climate low is the good end."""
    if band == GOOD_BAND[reverse]:
        return "good"
    return "concern" if band == CONCERN_BAND[reverse] else "mid"


def domain_views(data: Scored, lang: str) -> list[DomainView]:
    """The domains with their dimensions, in instrument order, ready for reading."""
    instrument, summary = data.instrument, data.summary
    pack = licensed_text(instrument) or {}
    bands = {band.code: band.labels.get(lang) for band in instrument.scale.bands}
    views = []
    for domain in instrument.domains:
        dimensions = [
            _dimension_view(dim, summary.dimensions[dim.code], bands, pack, lang)
            for dim in domain.dimensions
            if dim.code in summary.dimensions
        ]
        band = summary.domain_bands.get(domain.code)
        views.append(
            DomainView(
                domain.code,
                domain.labels.get(lang),
                summary.domains.get(domain.code),
                bands[band] if band else None,
                str(DOMAIN_BAND_MEANING[band]) if band else None,
                tone_of(band, False) if band else None,
                dimensions,
            )
        )
    return views


def _dimension_view(
    dim: Dimension,
    result: DimensionResult,
    bands: dict[str, str],
    pack: Mapping[str, LicensedDimensionText],
    lang: str,
) -> DimensionView:
    meanings = REVERSE_BAND_MEANING if dim.reverse else BAND_MEANING
    licensed = pack.get(dim.code)
    return DimensionView(
        code=dim.code,
        name=dim.labels.get(lang),
        description=dim.description.get(lang),
        licensed=licensed.range_text(result.band, lang) if licensed else None,
        reverse=dim.reverse,
        result=result,
        band_label=bands[result.band],
        meaning=str(meanings[result.band]),
        tone=tone_of(result.band, dim.reverse),
    )


def growth_area_views(
    feedback: Feedback | None, instrument: Instrument, lang: str
) -> list[GrowthAreaView]:
    """The growth areas with their dimension names."""
    if feedback is None:
        return []
    names = {d.code: d.labels.get(lang) for d in instrument.dimensions}
    return [
        GrowthAreaView(
            names.get(a.get("dimension"), ""), a.get("text", ""), a.get("suggestion", "")
        )
        for a in feedback.growth_areas or []
    ]


def trend(session: Session, observation: Observation, instrument: Instrument) -> Trend:
    """This department's released semesters up to this one, per domain and dimension."""
    rows = session.execute(
        select(Observation.id, Observation.semester).where(
            Observation.department_id == observation.department_id,
            Observation.kind == "regular",
            Observation.instrument_id == observation.instrument_id,
            # Never show an unreleased semester to readers; this report's own is the exception.
            or_(Observation.status == "released", Observation.id == observation.id),
        )
    ).all()
    upto = sort_key(observation.semester)
    semesters = sorted(
        ((s, oid) for oid, s in rows if sort_key(s) <= upto), key=lambda r: sort_key(r[0])
    )
    means = dimension_means_by_observation(session, [oid for _, oid in semesters])
    values: dict[str, list[float | None]] = {}
    for _semester_code, oid in semesters:
        for code, value in _values_of(means.get(oid, {}), instrument).items():
            values.setdefault(code, []).append(value)
    return Trend([semester for semester, _oid in semesters], values)


def _values_of(
    dimension_means: dict[str, float], instrument: Instrument
) -> dict[str, float | None]:
    """Domain and dimension values of one observation; a domain needs all its dimensions."""
    domains = instrument.domain_codes
    values = domain_means(dimension_means, domains, instrument.reverse_codes)
    for codes in domains.values():
        values.update({code: dimension_means.get(code) for code in codes})
    return values


@dataclass(frozen=True)
class Header:
    department: str
    kindergarten: str
    semester: str
    observed_on: date
    instrument: str
    cycles: int
    observer: str | None


def header(
    observation: Observation, instrument: Instrument, lang: str, show_observer: bool
) -> Header:
    """The facts at the top of the report; the observer is named only if the programme allows."""
    department = observation.department
    return Header(
        department=department.name,
        kindergarten=department.kindergarten.name,
        semester=semester_label(observation.semester, lang),
        observed_on=observation.observed_on,
        instrument=instrument.name.get(lang),
        cycles=len(observation.cycles),
        observer=observation.observer.name if show_observer else None,
    )


def acknowledged_by(session: Session, feedback: Feedback | None) -> str | None:
    """Return the name of the leader who marked the report as read."""
    if feedback is None or feedback.acknowledged_by_id is None:
        return None
    user = session.get(User, feedback.acknowledged_by_id)
    return user.name if user else _("Unknown")
