"""Follow-up case pages (being built: the follow-up cases helper replaces these)."""

from flask import abort

from ..permissions import requires
from . import bp


@bp.get("/new")
@requires("followup.edit")
def new():
    abort(404)


@bp.get("/<int:case_id>")
@requires("followup.view")
def case(case_id: int):
    abort(404)
