"""The dashboard's request context: who is looking, which filters apply, and the labels.

Pages (pages.py) and the JSON API (api/aggregates.py) both narrow their filters to the viewer's
scope and call `app.permissions.group_figures()`, so they show the same numbers for the same
question.
"""

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

from analysis.instruments import Instrument
from analysis.queries import normalize_filters, observed_semesters
from analysis.semesters import semester_label

from ..form_input import column_int, id_or_none
from ..i18n import current_language
from ..instruments import all_instruments
from ..models import Kindergarten, Network, Pool
from ..permissions import Viewer, narrow_networks, narrow_pools, scoped_filters
from .forms import FilterForm

# Agreement offers "All semesters" as a choice; by default its page shows the latest semester
# with double-coding (app/dashboard/agreement_page.py).
ALL_SEMESTERS_PAGES = ("agreement",)


@dataclass(frozen=True)
class Context:
    """One dashboard request: the viewer, the filter form and the resolved choices."""

    viewer: Viewer
    form: FilterForm
    semester: str | None
    instrument: Instrument
    level: str
    code: str
    filters: dict[str, object]  # pool / network as chosen, narrowed to the viewer's scope
    kindergarten: int | None = None  # ?kindergarten=ID: one kindergarten's page or list
    band: str | None = None  # the drill-down list's band ("low", "mid", "high")
    sort: str = "name"  # the drill-down list's order
    page_number: int = 1  # the drill-down list's page

    def scope(self, *keys: str, semester: bool = True) -> dict[str, object]:
        """Return the chosen filters among `keys` (plus the semester), scoped to the viewer."""
        chosen = {key: self.filters[key] for key in keys if self.filters.get(key)}
        if semester and self.semester:
            chosen["semester"] = self.semester
        return scoped_filters(self.viewer, chosen)


def build_context(session: Session, viewer: Viewer, args: MultiDict, page: str) -> Context:
    """Read and check the filters of a dashboard page."""
    instruments = all_instruments()
    instrument_id = args.get("instrument") if args.get("instrument") in instruments else None
    instrument = instruments[instrument_id or sorted(instruments)[0]]
    level = args.get("level") if args.get("level") in ("domain", "dimension") else "domain"
    choices = _choices(session, viewer, instrument, level)
    if page in ALL_SEMESTERS_PAGES:
        choices["semester"].insert(0, ("", _("All semesters")))
    defaults = {
        "pool": "",
        "network": "",
        "semester": choices["semester"][0][0] if choices["semester"] else "",
        "instrument": instrument.id,
        "level": level,
        "code": choices["code"][0][0],
        "band": "",
        "sort": "name",
    }
    form = FilterForm(args, choices, defaults)
    values = form.values()
    if values["code"] not in {code for code, _label in choices["code"]}:
        # A domain code kept from before the level changed to dimensions (or the reverse).
        values["code"] = form.code.data = defaults["code"]
    filters = {key: int(values[key]) if values[key] else None for key in ("pool", "network")}
    page_number = args.get("page", 1, type=column_int)
    return Context(
        viewer, form, values["semester"] or None, instrument, level, values["code"], filters,
        kindergarten=id_or_none(args.get("kindergarten")), band=values["band"] or None,
        sort=values["sort"] or "name", page_number=max(1, page_number),
    )  # fmt: skip


def _choices(session: Session, viewer: Viewer, instrument: Instrument, level: str) -> dict:
    lang = current_language()
    everything = [("", _("All"))]
    codes = instrument.domains if level == "domain" else instrument.dimensions
    semesters = observed_semesters(session, normalize_filters(scoped_filters(viewer, {})))
    return {
        "semester": [(s, semester_label(s, lang)) for s in reversed(semesters)],
        "pool": everything
        + [(str(n), _("Pool %(pool)d", pool=n)) for n in _pools(session, viewer)],
        "network": everything + [(str(i), name) for i, name in _networks(session, viewer)],
        "instrument": [(i.id, i.name.get(lang)) for _id, i in sorted(all_instruments().items())],
        "code": [(c.code, code_label(instrument, c.code, lang)) for c in codes],
    }


def _pools(session: Session, viewer: Viewer) -> list[int]:
    query = narrow_pools(select(Pool.number).order_by(Pool.number), viewer)
    return list(dict.fromkeys(session.scalars(query)))


def _networks(session: Session, viewer: Viewer) -> list[tuple[int, str]]:
    query = narrow_networks(select(Network.id, Network.name).order_by(Network.name), viewer)
    return [tuple(row) for row in session.execute(query)]


def code_label(instrument: Instrument, code: str, lang: str) -> str:
    """Return e.g. "IS · Støtte til læring og utvikling" for a domain or dimension code."""
    for domain in instrument.domains:
        if domain.code == code:
            return f"{code} · {domain.labels.get(lang)}"
        for dimension in domain.dimensions:
            if dimension.code == code:
                return f"{code} · {dimension.labels.get(lang)}"
    return code


def codes_of(instrument: Instrument, level: str) -> list[str]:
    """Return the domain or dimension codes of an instrument, in its order."""
    items = instrument.domains if level == "domain" else instrument.dimensions
    return [item.code for item in items]


def kindergarten_name(session: Session, kindergarten_id: int | None) -> str:
    """Return a kindergarten's name ('' when unknown)."""
    kindergarten = session.get(Kindergarten, kindergarten_id or 0)
    return kindergarten.name if kindergarten else ""


def network_name(session: Session, network_id: int | None) -> str:
    """Return a network's name ('' when unknown)."""
    network = session.get(Network, network_id or 0)
    return network.name if network else ""
