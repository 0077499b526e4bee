"""JSON shapes of instruments and observations (DESIGN.md §7); datetimes are ISO 8601 in UTC."""

from datetime import UTC, datetime

from analysis.instruments import Instrument, Labels
from analysis.licensed import LicensedDimensionText

from ..instruments import licensed_text
from ..models import Cycle, Observation, Score


def iso(moment: datetime | None) -> str | None:
    """Return an aware datetime as ISO 8601 with its UTC offset."""
    return None if moment is None else moment.astimezone(UTC).isoformat()


def labels(text: Labels) -> dict[str, str]:
    """Return a text in every UI language."""
    return {"nb": text.nb, "nn": text.nn, "en": text.en}


def serialize_instrument(instrument: Instrument, lang: str | None = None) -> dict:
    """Return the instrument as the tablet needs it; licensed text only in `lang` when given."""
    pack = licensed_text(instrument)
    return {
        "id": instrument.id,
        "version": instrument.version,
        "hash": instrument.file_hash,
        "family": instrument.family,
        "name": labels(instrument.name),
        "scale": {
            "min": instrument.scale.min,
            "max": instrument.scale.max,
            "band_rule_for_means": instrument.scale.band_rule_for_means,
            "bands": [
                {"code": b.code, "min": b.min, "max": b.max, "labels": labels(b.labels)}
                for b in instrument.scale.bands
            ],
        },
        "cycles": {
            "count": instrument.cycles.count,
            "min_minutes": instrument.cycles.min_minutes,
            "max_minutes": instrument.cycles.max_minutes,
            "redo_below_minutes": instrument.cycles.redo_below_minutes,
            "settings": [
                {"code": s.code, "labels": labels(s.labels)} for s in instrument.cycles.settings
            ],
        },
        "domains": [
            {
                "code": domain.code,
                "labels": labels(domain.labels),
                "dimensions": [
                    _dimension(d, pack.get(d.code) if pack else None, lang)
                    for d in domain.dimensions
                ],
            }
            for domain in instrument.domains
        ],
    }


def _dimension(dimension, licensed: LicensedDimensionText | None, lang: str | None) -> dict:
    return {
        "code": dimension.code,
        "labels": labels(dimension.labels),
        "reverse": dimension.reverse,
        "description": labels(dimension.description),
        "indicators": [{"code": i.code, "labels": labels(i.labels)} for i in dimension.indicators],
        "licensed": None if licensed is None else _licensed(licensed, lang),
    }


def _licensed(text: LicensedDimensionText, lang: str | None) -> dict:
    if lang is None:
        return {
            "ranges": {band: dict(texts) for band, texts in text.ranges.items()},
            "markers": {
                code: {language: list(items) for language, items in texts.items()}
                for code, texts in text.markers.items()
            },
        }
    return {
        "ranges": {band: {lang: text.range_text(band, lang)} for band in text.ranges},
        "markers": {
            code: {lang: list(text.indicator_markers(code, lang))} for code in text.markers
        },
    }


def serialize_score(score: Score) -> dict:
    """Return one stored score."""
    return score_fields(score.value, score.indicator_marks, score.note, score.client_ts)


def score_fields(value, indicator_marks, note, client_ts) -> dict:
    """Return a score's JSON from its column values (the autosave path reads columns only)."""
    return {
        "value": value,
        "indicator_marks": indicator_marks or None,
        "note": note,
        "client_ts": iso(client_ts),
    }


def serialize_cycle(cycle: Cycle) -> dict:
    """Return one cycle with its scores keyed by dimension code."""
    return {
        "number": cycle.number,
        "started_at": iso(cycle.started_at),
        "ended_at": iso(cycle.ended_at),
        "children_present": cycle.children_present,
        "adults_present": cycle.adults_present,
        "setting": cycle.setting,
        "deviation_reason": cycle.deviation_reason,
        "notes": cycle.notes,
        "scores": {s.dimension_code: serialize_score(s) for s in cycle.scores},
    }


def serialize_observation(observation: Observation) -> dict:
    """Return everything about an observation, including cycles, scores and `version`."""
    department = observation.department
    return {
        "id": str(observation.id),
        "department": {
            "id": department.id,
            "name": department.name,
            "age_group": department.age_group,
            "kindergarten": {
                "id": department.kindergarten.id,
                "name": department.kindergarten.name,
            },
        },
        "observer": {"id": observation.observer.id, "name": observation.observer.name},
        "semester": observation.semester,
        "observed_on": observation.observed_on.isoformat(),
        "instrument": {
            "id": observation.instrument_id,
            "version": observation.instrument_version,
            "hash": observation.instrument_hash,
        },
        "kind": observation.kind,
        "primary_observation_id": _optional_id(observation.primary_observation_id),
        "status": observation.status,
        "version": observation.version,
        "submitted_at": iso(observation.submitted_at),
        "released_at": iso(observation.released_at),
        "cycles": [serialize_cycle(cycle) for cycle in observation.cycles],
    }


def _optional_id(value) -> str | None:
    return None if value is None else str(value)
