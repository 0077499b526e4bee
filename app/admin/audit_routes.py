"""The project lead's audit trail of one observation, and its Reopen button."""

import uuid

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..db import get_session
from ..form_input import id_or_none
from ..instruments import all_instruments, instrument_of
from ..models import Observation
from ..observe import services as observations
from ..observe.rules import RuleViolation
from ..permissions import requires
from . import audit_trail, bp
from .audit_forms import ReopenForm

REOPENABLE = ("submitted", "released")


def _int_arg(name: str) -> int | None:
    value = request.args.get(name, "")
    return id_or_none(value)


def _instrument(observation: Observation):
    """The version the observation was made with (else the current one, for outside data)."""
    try:
        return instrument_of(observation)
    except KeyError:
        return all_instruments()[observation.instrument_id]


def _render(observation: Observation, form: ReopenForm):
    session = get_session()
    instrument = _instrument(observation)
    codes = [d.code for d in instrument.dimensions]
    dimension = request.args.get("dimension") if request.args.get("dimension") in codes else None
    scores = audit_trail.score_history(
        session,
        observation,
        codes,
        page=_int_arg("page") or 1,
        cycle=_int_arg("cycle"),
        dimension=dimension,
    )
    return render_template(
        "admin/audit/observation.html",
        observation=observation,
        instrument=instrument,
        statuses=audit_trail.status_history(session, observation.id),
        scores=scores,
        chosen={"cycle": _int_arg("cycle"), "dimension": dimension},
        form=form,
        reopenable=observation.status in REOPENABLE,
    )


@bp.get("/observations/<uuid:observation_id>/audit")
@requires("admin.audit")
def audit(observation_id: uuid.UUID):
    observation = observations.get_observation_for(get_session(), current_user, observation_id)
    return _render(observation, ReopenForm())


@bp.post("/observations/<uuid:observation_id>/reopen")
@requires("admin.audit")
def reopen(observation_id: uuid.UUID):
    session = get_session()
    observation = observations.get_observation_for(session, current_user, observation_id)
    form = ReopenForm()
    if not form.validate():
        return _render(observation, form), 400
    try:
        observations.reopen(session, current_user, observation, form.reason.data)
    except RuleViolation as refused:  # e.g. reopened by someone else meanwhile
        session.rollback()
        flash(refused.message, "error")
        return redirect(url_for(".audit", observation_id=observation_id))
    session.commit()
    flash(
        _("The observation is a draft again: the observer can correct it and submit it."), "success"
    )
    return redirect(url_for(".audit", observation_id=observation_id))
