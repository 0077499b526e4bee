"""The admin area's start page: the parts this user may keep."""

from flask import render_template

from ..permissions import requires
from . import bp
from .sections import admin_sections


@bp.context_processor
def sections() -> dict:
    return {"admin_sections": admin_sections}


@bp.get("/")
@requires("admin.view")
def index():
    return render_template("admin/index.html")
