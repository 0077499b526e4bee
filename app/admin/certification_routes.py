"""The project lead's certification pages: the lists, registering and renewing, a person's."""

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from analysis.certification import EXPIRY_NOTICE, standing_on
from analysis.schema import FAMILIES

from ..db import get_session
from ..models import User
from ..permissions import requires
from . import bp
from . import certifications as service
from .certification_forms import FAMILY_LABELS, CertificationForm
from .sections import add_section

add_section("admin.certifications", _l("Certifications"), "admin.roster")


@bp.app_template_global()
def certification_standing(certification, day: date) -> str:
    """How a certification stands on `day`: valid, expiring, expired or not yet valid."""
    return standing_on(certification.certified_on, certification.expires_on, day)


@bp.get("/certifications/")
@requires("admin.roster")
def certifications():
    session, today = get_session(), date.today()
    families = [
        {
            "code": family,
            "label": FAMILY_LABELS[family],
            "expiring": service.expiring(session, family, today),
            "lapsed": service.lapsed(session, family, today),
        }
        for family in FAMILIES
    ]
    return render_template(
        "admin/certifications/index.html",
        families=families,
        without_valid=service.without_valid(session, today),
        notice_days=EXPIRY_NOTICE.days,
        today=today,
    )


@bp.route("/certifications/new", methods=["GET", "POST"])
@requires("admin.roster")
def new_certification():
    form = CertificationForm()
    if not form.is_submitted():
        form.email.data = request.args.get("email", "")
        form.family.data = request.args.get("family")
        form.certified_on.data = date.today().isoformat()
    elif form.validate() and (person := _registered(form)) is not None:
        get_session().commit()
        flash(_("The certification is registered."), "success")
        return redirect(url_for(".person_certifications", user_id=person.id))
    status = 400 if form.is_submitted() else 200
    return render_template("admin/certifications/new.html", form=form), status


def _registered(form: CertificationForm) -> User | None:
    """Register the form's certification; None (with the message on its field) when refused."""
    session = get_session()
    person = service.person_by_email(session, form.email.data)
    if person is None:
        form.email.errors.append(_("Nobody has this e-mail. Check it, or add the person first."))
        return None
    certified_on, expires_on = form.dates
    try:
        service.register(
            session, current_user.id, person, form.family.data, certified_on, expires_on
        )
    except service.CertificationRefused as refused:
        session.rollback()
        getattr(form, refused.field).errors.append(refused.message)
        return None
    return person


@bp.get("/certifications/person/<int:user_id>")
@requires("admin.roster")
def person_certifications(user_id: int):
    session = get_session()
    person = session.get(User, user_id)
    if person is None:
        abort(404)
    return render_template(
        "admin/certifications/person.html",
        person=person,
        certifications=service.certifications_of(session, person),
        family_labels=FAMILY_LABELS,
        today=date.today(),
    )
