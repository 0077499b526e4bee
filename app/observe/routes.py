"""The observer's pages: start an observation, the tablet form, and the summary."""

from datetime import date
from uuid import UUID

from flask import render_template, request, url_for
from flask_login import current_user, login_required

from analysis.semesters import semester_of

from ..db import get_session
from ..form_input import column_int
from ..i18n import current_language
from ..instruments import all_instruments, instrument_version, licensed_text, observation_summary
from ..permissions import requires
from . import bp, services
from .forms import planned_start, start_choices
from .serialize import serialize_instrument, serialize_observation

API = "/api/v1"


def _visit_day(text: str | None) -> date:
    """The date asked for in ?on=YYYY-MM-DD, else today."""
    try:
        return date.fromisoformat(text) if text else date.today()
    except ValueError:
        return date.today()


def _instrument_of(observation):
    """The exact instrument version the observation was made with (else the current one)."""
    try:
        return instrument_version(observation.instrument_id, observation.instrument_version)
    except KeyError:
        return all_instruments()[observation.instrument_id]


@bp.get("/new")
@requires("home.observer")
def new():
    day = _visit_day(request.args.get("on"))
    groups = start_choices(get_session(), current_user, day)
    planned = planned_start(request.args, groups)
    return render_template(
        "observe/new.html", groups=groups, day=day, semester=semester_of(day), planned=planned
    )


@bp.get("/<uuid:observation_id>")
@login_required
def form(observation_id: UUID):
    observation = services.get_observation_for(get_session(), current_user, observation_id)
    instrument = _instrument_of(observation)
    lang = current_language()
    cycle = min(max(request.args.get("cycle", 1, type=column_int), 1), instrument.cycles.count)
    department = observation.department
    return render_template(
        "observe/form.html",
        observation=observation,
        department=department,
        instrument=instrument,
        lang=lang,
        licensed=licensed_text(instrument),
        editable=observation.observer_id == current_user.id,
        current_cycle=cycle,
        instrument_json=serialize_instrument(instrument, lang),
        observation_json=serialize_observation(observation),
        # Proper nouns the name check must not flag in notes.
        known_words=" ".join([department.name, department.kindergarten.name]),
        offline_urls=[
            url_for("observe.form", observation_id=observation.id),
            f"{API}/observations/{observation.id}",
            f"{API}/instruments/{instrument.id}",
        ],
    )


@bp.get("/<uuid:observation_id>/summary")
@login_required
def summary(observation_id: UUID):
    observation = services.get_observation_for(get_session(), current_user, observation_id)
    instrument = _instrument_of(observation)
    lang = current_language()
    return render_template(
        "observe/summary.html",
        observation=observation,
        department=observation.department,
        instrument=instrument,
        lang=lang,
        summary=observation_summary(observation),
        cycle_scores={
            (cycle.number, score.dimension_code): score.value
            for cycle in observation.cycles
            for score in cycle.scores
        },
        names={d.code: d.labels.get(lang) for d in instrument.dimensions},
        band_labels={b.code: b.labels.get(lang) for b in instrument.scale.bands},
    )
