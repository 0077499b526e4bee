"""The organisation pages: pools, networks, kindergartens and departments (the project lead).

Each edit page loads its row, validates a form, calls the service and commits, then redirects
(post/redirect/get). A refusal or a clash caught by the database's constraints is shown next to
the field it is about, and changes nothing. There is no delete: rows are deactivated.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from wtforms.fields.choices import SelectChoice

from ..db import get_session
from ..form_input import column_int
from ..models import Department, Kindergarten, Network, Pool
from ..permissions import requires
from . import bp
from . import organisation as services
from . import organisation_lists as lists
from .organisation_forms import (
    OWNER_LABELS,
    DepartmentFilters,
    DepartmentForm,
    KindergartenFilters,
    KindergartenForm,
    NetworkFilters,
    NetworkForm,
    PoolForm,
    choices,
)
from .sections import add_section

TEMPLATES = "admin/organisation/"
CLASH = _l("This clashes with a change made at the same time. Check the values and save again.")

add_section("admin.org_pools", _l("Organisation: pools, networks, kindergartens and departments"),
            "admin.roster")  # fmt: skip


@bp.context_processor
def organisation_labels() -> dict:
    return {"owner_label": lambda owner: OWNER_LABELS.get(owner, owner)}


def _row(model, row_id: int):
    return get_session().get(model, row_id) or abort(404)


def _form(form_class, row):
    """A form filled from `row`, or from its defaults when the row is new."""
    form = form_class(obj=row if row.id is not None else None)
    if row.id is None and "active" in form:
        del form.active  # a new row starts active
    return form


def _store(form, key_field: str, save, *rows) -> bool:
    """Validate, save through the service and commit; True when stored, else field errors."""
    if not form.validate_on_submit():
        return False
    session = get_session()
    try:
        save(session, current_user.id, *rows, form.values())
        session.commit()
        return True
    except services.Refused as refusal:
        session.rollback()
        form[refusal.field].errors.append(refusal.message)
    except IntegrityError:  # a race the service's own checks could not see
        session.rollback()
        form[key_field].errors.append(str(CLASH))
    return False


def _page_number() -> int:
    return request.args.get("page", 1, type=column_int) or 1


def _pool_options(none_label=None) -> list[SelectChoice]:
    rows = get_session().execute(select(Pool.id, Pool.number).order_by(Pool.number))
    return choices(((id_, _("Pool %(number)s", number=n)) for id_, n in rows), none_label)


def _network_options(none_label) -> list[SelectChoice]:
    """Every network, grouped by pool."""
    first = [SelectChoice("", none_label)]
    return first + [
        SelectChoice(str(id_), name, optgroup=_("Pool %(number)s", number=number))
        for id_, name, number in services.network_choices(get_session())
    ]


@bp.get("/organisation/pools")
@requires("admin.roster")
def org_pools():
    return render_template(TEMPLATES + "pools.html", pools=lists.pools(get_session()))


@bp.route("/organisation/pools/new", methods=["GET", "POST"])
@bp.route("/organisation/pools/<int:pool_id>", methods=["GET", "POST"])
@requires("admin.roster")
def org_pool(pool_id: int | None = None):
    row = _row(Pool, pool_id) if pool_id is not None else Pool()
    form = _form(PoolForm, row)
    if _store(form, "number", services.save_pool, row):
        flash(_("Pool %(number)s is saved.", number=row.number), "success")
        return redirect(url_for(".org_pools"))
    return render_template(TEMPLATES + "pool.html", form=form, row=row)


@bp.get("/organisation/networks")
@requires("admin.roster")
def org_networks():
    filters = NetworkFilters(request.args, {"pool": _pool_options(_("All pools"))})
    page = lists.networks(get_session(), filters.values(), _page_number())
    return render_template(TEMPLATES + "networks.html", filters=filters, page=page)


@bp.route("/organisation/networks/new", methods=["GET", "POST"])
@bp.route("/organisation/networks/<int:network_id>", methods=["GET", "POST"])
@requires("admin.roster")
def org_network(network_id: int | None = None):
    row = _row(Network, network_id) if network_id is not None else Network()
    form = _form(NetworkForm, row)
    form.pool_id.choices = _pool_options()
    mentors = services.mentor_choices(get_session(), row.mentor_id)
    form.mentor_id.choices = choices(mentors, _("No mentor yet"))
    if _store(form, "name", services.save_network, row):
        flash(_("The network %(name)s is saved.", name=row.name), "success")
        return redirect(url_for(".org_networks"))
    return render_template(TEMPLATES + "network.html", form=form, row=row)


@bp.get("/organisation/kindergartens")
@requires("admin.roster")
def org_kindergartens():
    options = {
        "pool": _pool_options(_("All pools")),
        "network": _network_options(_("All networks")),
    }
    filters = KindergartenFilters(request.args, options)
    page = lists.kindergartens(get_session(), filters.values(), _page_number())
    return render_template(TEMPLATES + "kindergartens.html", filters=filters, page=page)


@bp.route("/organisation/kindergartens/new", methods=["GET", "POST"])
@bp.route("/organisation/kindergartens/<int:kindergarten_id>", methods=["GET", "POST"])
@requires("admin.roster")
def org_kindergarten(kindergarten_id: int | None = None):
    new = kindergarten_id is None
    row = Kindergarten() if new else _row(Kindergarten, kindergarten_id)
    form = _form(KindergartenForm, row)
    form.pool_id.choices = _pool_options()
    form.network_id.choices = _network_options(_("No network yet"))
    if _store(form, "name", services.save_kindergarten, row):
        flash(_("%(name)s is saved.", name=row.name), "success")
        return redirect(url_for(".org_kindergarten", kindergarten_id=row.id))
    return render_template(TEMPLATES + "kindergarten.html", form=form, row=row)


@bp.get("/organisation/departments")
@requires("admin.roster")
def org_departments():
    filters = DepartmentFilters(request.args, {"pool": _pool_options(_("All pools"))})
    page = lists.departments(get_session(), filters.values(), _page_number())
    return render_template(TEMPLATES + "departments.html", filters=filters, page=page)


@bp.route(
    "/organisation/kindergartens/<int:kindergarten_id>/departments/new", methods=["GET", "POST"]
)
@requires("admin.roster")
def org_new_department(kindergarten_id: int):
    return _department(_row(Kindergarten, kindergarten_id), Department())


@bp.route("/organisation/departments/<int:department_id>", methods=["GET", "POST"])
@requires("admin.roster")
def org_department(department_id: int):
    row = _row(Department, department_id)
    return _department(row.kindergarten, row)


def _department(kindergarten: Kindergarten, row: Department):
    form = _form(DepartmentForm, row)
    if _store(form, "name", services.save_department, kindergarten, row):
        names = {"name": row.name, "kindergarten": kindergarten.name}
        flash(_("%(name)s at %(kindergarten)s is saved.", **names), "success")
        return redirect(url_for(".org_kindergarten", kindergarten_id=kindergarten.id))
    return render_template(TEMPLATES + "department.html", form=form, row=row,
                           kindergarten=kindergarten)  # fmt: skip
