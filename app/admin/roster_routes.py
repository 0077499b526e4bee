"""The roster workbook in the admin area: download it, upload it, preview the changes, confirm.

Nothing is kept between the preview and the confirmation on a machine's disk or in a
process: the confirmation form carries the file itself with its SHA-256 and the plan's
fingerprint, and the file is read and checked again against the database when confirmed.
"""

import base64
import binascii
import hashlib

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField

from ..db import get_session
from ..extensions import csrf
from ..form_input import allows_body
from ..permissions import requires
from . import bp
from .roster_apply import apply_import
from .roster_import import ImportPlan, prepare_import, show_value
from .roster_rows import Problem
from .roster_store import load_roster
from .roster_workbook import RosterError, write_roster
from .sections import add_section

MAX_UPLOAD_BYTES = 16 * 1024 * 1024
CARRIED_BYTES = MAX_UPLOAD_BYTES * 4 // 3 + 2**16  # the file in base64, and the form
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

add_section("admin.roster_page", _l("Roster workbook"), "admin.roster")


class UploadForm(FlaskForm):
    workbook = FileField(_l("Roster workbook (.xlsx)"), validators=[FileRequired()])


class ConfirmForm(FlaskForm):
    content = HiddenField()  # the uploaded file, base64
    sha256 = HiddenField()
    plan = HiddenField()  # the fingerprint of the changes the preview showed


@bp.get("/roster/")
@requires("admin.roster")
def roster_page():
    return render_template("admin/roster.html", form=UploadForm(), problems=[])


@bp.get("/roster/export.xlsx")
@requires("admin.roster")
def roster_export():
    data = write_roster(load_roster(get_session()))
    headers = {"Content-Disposition": "attachment; filename=roster.xlsx"}
    return Response(data, mimetype=XLSX, headers=headers)


@bp.post("/roster/preview")
@allows_body(MAX_UPLOAD_BYTES + 2**16)  # the workbook and the form around it
@requires("admin.roster")
def roster_preview():
    form = UploadForm()
    if not form.validate_on_submit():
        return render_template("admin/roster.html", form=form, problems=[]), 400
    data = form.workbook.data.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        message = _l("The file is larger than %(limit)s MB.", limit=MAX_UPLOAD_BYTES // 2**20)
        return _refused(form, [Problem("", None, None, message)])
    return _plan_or_problems(form, data)


# The confirmation carries the whole file, beyond the default form memory limit; its form
# checks the CSRF token itself (FlaskForm), after the larger limit is set below.
@bp.post("/roster/confirm")
@allows_body(CARRIED_BYTES)
@csrf.exempt
@requires("admin.roster")
def roster_confirm():
    request.max_form_memory_size = CARRIED_BYTES
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    data = _carried_file(form)
    session = get_session()
    try:
        plan = prepare_import(session, data)
    except RosterError as error:
        return _refused(UploadForm(), error.problems)
    if plan.digest() != form.plan.data:
        flash(_("The roster changed since the preview: check the changes again."), "error")
        return _preview(plan, data), 409
    apply_import(session, current_user.id, plan)
    session.commit()
    flash(_("The roster is imported: %(count)s changes.", count=len(plan.changes)), "success")
    return redirect(url_for("admin.roster_page"))


def _carried_file(form: ConfirmForm) -> bytes:
    try:
        data = base64.b64decode(form.content.data or "", validate=True)
    except (binascii.Error, ValueError):
        abort(400)
    if hashlib.sha256(data).hexdigest() != form.sha256.data:
        abort(400)
    return data


def _plan_or_problems(form: UploadForm, data: bytes):
    try:
        plan = prepare_import(get_session(), data)
    except RosterError as error:
        return _refused(form, error.problems)
    if not plan.changes:
        flash(_("Nothing to change: the roster already matches the file."), "info")
        return redirect(url_for("admin.roster_page"))
    return _preview(plan, data)


def _refused(form: UploadForm, problems: list[Problem]):
    return render_template("admin/roster.html", form=form, problems=problems), 422


def _preview(plan: ImportPlan, data: bytes):
    confirm = ConfirmForm(
        formdata=None,  # filled from the file, never from the request that brought it
        content=base64.b64encode(data).decode("ascii"),
        sha256=hashlib.sha256(data).hexdigest(),
        plan=plan.digest(),
    )
    return render_template("admin/roster_preview.html", plan=plan, form=confirm, show=show_value)
