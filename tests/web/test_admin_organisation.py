"""The project lead keeps the organisation: pools, networks, kindergartens and departments.

Bad input gets a message next to its field and changes nothing; every change is audited, old →
new; deactivation replaces deletion, and a deactivated department keeps its history.
"""

import pytest
from sqlalchemy import select

from analysis.aggregate import aggregate
from analysis.coverage import coverage
from app.admin import organisation
from app.home.services import current_semester, programme_overview
from app.models import ROLES, AuditEvent, Department, Kindergarten, Network, Pool
from tests.support.analysis_data import scored_observation
from tests.support.auth import csrf_token, login
from tests.support.factories import make_org, make_user

ORGANISATION_TABLES = (Pool, Network, Kindergarten, Department, AuditEvent)
ORG = "/admin/organisation"


@pytest.fixture
def org(db_session):
    org = make_org(db_session)
    org["lead"] = make_user(db_session, "lead@example.no", "project_lead")
    org["mentor"] = make_user(db_session, "mentor@example.no", "mentor", name="Mona Mentor")
    org["observer"] = make_user(db_session, "observer@example.no", "observer", name="Ole")
    db_session.commit()
    return org


@pytest.fixture
def lead(client, org):
    login(client, org["lead"].email)
    return client


def pages(org) -> list[str]:
    """One concrete URL for every organisation page."""
    pool, network, kindergarten = org["pool"].id, org["network"].id, org["home"].id
    return [
        f"{ORG}/pools", f"{ORG}/pools/new", f"{ORG}/pools/{pool}",
        f"{ORG}/networks", f"{ORG}/networks/new", f"{ORG}/networks/{network}",
        f"{ORG}/kindergartens", f"{ORG}/kindergartens/new", f"{ORG}/kindergartens/{kindergarten}",
        f"{ORG}/departments", f"{ORG}/kindergartens/{kindergarten}/departments/new",
        f"{ORG}/departments/{org['home_dept'].id}",
    ]  # fmt: skip


def snapshot(db_session) -> dict:
    """Every row of the organisation's tables and the audit trail, to compare before and after."""
    db_session.expire_all()
    return {
        model.__name__: [tuple(row) for row in db_session.execute(select(model.__table__))]
        for model in ORGANISATION_TABLES
    }


def post(client, path: str, **fields):
    """Submit a form as a browser would: with the page's CSRF token."""
    return client.post(path, data={"csrf_token": csrf_token(client, path), **fields})


def department_fields(**changes) -> dict:
    fields = {"name": "Tusenfryd", "age_group": "toddler", "children_count": "14",
              "staff_count": "4", "active": "y"}  # fmt: skip
    fields.update(changes)
    return {name: value for name, value in fields.items() if value is not None}


def events(db_session, entity: str, entity_id) -> list[tuple]:
    db_session.expire_all()
    rows = db_session.scalars(
        select(AuditEvent)
        .where(AuditEvent.entity == entity, AuditEvent.entity_id == str(entity_id))
        .order_by(AuditEvent.id)
    )
    return [(e.action, e.field, e.old_value, e.new_value, e.user_id) for e in rows]


# --- who may --------------------------------------------------------------------------------


def test_every_organisation_route_is_in_this_matrix(app, org):
    rules = {r.rule for r in app.url_map.iter_rules() if r.endpoint.startswith("admin.org_")}
    assert rules == ORGANISATION_RULES


@pytest.mark.parametrize("role", ROLES)
def test_only_the_project_lead_opens_the_organisation_pages(client, db_session, org, role):
    user = make_user(db_session, f"someone-{role}@example.no", role)
    db_session.commit()
    login(client, user.email)
    expected = 200 if role == "project_lead" else 403
    assert {path: client.get(path).status_code for path in pages(org)} == dict.fromkeys(
        pages(org), expected
    )


def test_signed_out_visitors_are_sent_to_login(client, org):
    for path in pages(org):
        response = client.get(path)
        assert response.status_code == 302 and response.location.startswith("/login"), path


def test_a_director_cannot_change_a_department(client, db_session, org):
    make_user(db_session, "director@example.no", "director", home_kindergarten=org["home"])
    db_session.commit()
    login(client, "director@example.no")
    before = snapshot(db_session)
    token = csrf_token(client, "/admin/")
    path = f"{ORG}/departments/{org['home_dept'].id}"
    response = client.post(path, data={"csrf_token": token, **department_fields()})
    assert response.status_code == 403
    assert snapshot(db_session) == before


def test_a_form_without_its_csrf_token_changes_nothing(lead, db_session, org):
    before = snapshot(db_session)
    response = lead.post(f"{ORG}/pools/new", data={"number": "5", "first_semester": "2022H"})
    assert response.status_code == 400
    assert snapshot(db_session) == before


def test_the_admin_start_page_lists_the_organisation(lead):
    page = lead.get("/admin/").get_data(as_text=True)
    assert f'href="{ORG}/pools"' in page


# --- setting up a new pool --------------------------------------------------------------------


def test_the_project_lead_sets_up_a_new_pool_in_the_app(lead, db_session, org):
    response = post(lead, f"{ORG}/pools/new", number="5", first_semester=" 2022h ")
    assert response.status_code == 302 and response.location == f"{ORG}/pools"
    pool = db_session.scalar(select(Pool).where(Pool.number == 5))
    assert pool.first_semester == "2022H"

    mentor = org["mentor"]
    response = post(lead, f"{ORG}/networks/new", name="Nettverk Øst", pool_id=str(pool.id),
                    mentor_id=str(mentor.id))  # fmt: skip
    assert response.status_code == 302
    network = db_session.scalar(select(Network).where(Network.name == "Nettverk Øst"))
    assert (network.pool_id, network.mentor_id) == (pool.id, mentor.id)

    fields = {"pool_id": str(pool.id), "network_id": str(network.id), "owner_type": "private"}
    response = post(lead, f"{ORG}/kindergartens/new", name="Eiksmarka barnehage", **fields)
    kindergarten = db_session.scalar(select(Kindergarten).where(Kindergarten.pool_id == pool.id))
    assert response.location == f"{ORG}/kindergartens/{kindergarten.id}"
    assert (kindergarten.name, kindergarten.owner_type, kindergarten.active) == (
        "Eiksmarka barnehage", "private", True)  # fmt: skip

    path = f"{ORG}/kindergartens/{kindergarten.id}/departments/new"
    response = post(lead, path, **department_fields(active=None))
    assert response.location == f"{ORG}/kindergartens/{kindergarten.id}"
    department = db_session.scalar(
        select(Department).where(Department.kindergarten_id == kindergarten.id)
    )
    stored = (department.name, department.age_group, department.children_count,
              department.staff_count, department.active)  # fmt: skip
    assert stored == ("Tusenfryd", "toddler", 14, 4, True)
    page = lead.get(response.location).get_data(as_text=True)
    assert "Tusenfryd" in page and "er lagret" in page

    created = events(db_session, "department", department.id)
    assert {(action, field, new) for action, field, _old, new, _user in created} == {
        ("create", "kindergarten_id", str(kindergarten.id)), ("create", "name", "Tusenfryd"),
        ("create", "age_group", "toddler"), ("create", "children_count", "14"),
        ("create", "staff_count", "4"), ("create", "active", "True"),
    }  # fmt: skip
    assert {user for *_rest, user in created} == {org["lead"].id}


def test_editing_a_department_audits_each_changed_field_old_to_new(lead, db_session, org):
    department = org["home_dept"]  # Blåklokka: toddler, 12 children, 4 staff
    path = f"{ORG}/departments/{department.id}"
    fields = department_fields(name="Blåklokka", children_count="15", staff_count="5")
    response = post(lead, path, **fields)
    assert response.status_code == 302
    assert events(db_session, "department", department.id) == [
        ("update", "children_count", "12", "15", org["lead"].id),
        ("update", "staff_count", "4", "5", org["lead"].id),
    ]
    post(lead, path, **fields)  # the same values again: nothing changes, nothing is audited
    assert len(events(db_session, "department", department.id)) == 2


# --- bad input changes nothing --------------------------------------------------------------

DEPARTMENT_CASES = {
    "negative count": ({"children_count": "-1"}, "children_count", "antall barn, fra 0"),
    "count not a number": ({"staff_count": "fire"}, "staff_count", "helt tall"),
    "count too large": ({"staff_count": "99999999999"}, "staff_count", "antall ansatte"),
    "unknown age group": ({"age_group": "baby"}, "age_group", "småbarn eller storbarn"),
    "no name": ({"name": "   "}, "name", "navnet på avdelingen"),
    "name too long": ({"name": "x" * 121}, "name", "høyst 120 tegn"),
    "control character": ({"name": "Maur\x00tua"}, "name", "spesialtegn"),
    "duplicate name": ({"name": "blåklokka"}, "name", "har allerede en avdeling"),
}


@pytest.mark.parametrize("case", DEPARTMENT_CASES)
def test_a_bad_department_is_refused_next_to_its_field(lead, db_session, org, case):
    changes, field, message = DEPARTMENT_CASES[case]
    before = snapshot(db_session)
    path = f"{ORG}/kindergartens/{org['home'].id}/departments/new"
    response = post(lead, path, **department_fields(active=None, **changes))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert f'id="{field}-error"' in page and message in page
    assert f'aria-describedby="{field}-error"' in page or f"{field}-hint {field}-error" in page
    assert "Ingenting ble lagret" in page
    assert snapshot(db_session) == before


def test_a_network_refuses_a_mentor_who_is_not_a_mentor(lead, db_session, org):
    before = snapshot(db_session)
    response = post(lead, f"{ORG}/networks/{org['network'].id}", name="Nettverk Vest",
                    pool_id=str(org["pool"].id), mentor_id=str(org["observer"].id))  # fmt: skip
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="mentor_id-error"' in page
    assert "ikke mentor" in page
    assert snapshot(db_session) == before
    assert "Ole" not in page.split('id="mentor_id"')[1].split("</select>")[0]  # not offered


def test_a_network_name_is_taken_whatever_its_case(lead, db_session, org):
    before = snapshot(db_session)
    response = post(lead, f"{ORG}/networks/new", name="nettverk vest",
                    pool_id=str(org["pool"].id), mentor_id="")  # fmt: skip
    assert 'id="name-error"' in response.get_data(as_text=True)
    assert snapshot(db_session) == before


def test_a_kindergarten_refuses_a_network_of_another_pool(lead, db_session, org):
    pool = Pool(number=2, first_semester="2021V")
    db_session.add(pool)
    db_session.commit()
    before = snapshot(db_session)
    response = post(lead, f"{ORG}/kindergartens/{org['home'].id}", name="Haslum barnehage",
                    pool_id=str(pool.id), network_id=str(org["network"].id),
                    owner_type="municipal", active="y")  # fmt: skip
    page = response.get_data(as_text=True)
    assert 'id="network_id-error"' in page and "en annen pulje" in page
    assert snapshot(db_session) == before


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"number": "1", "first_semester": "2020H"}, "number"),  # pool 1 exists
        ({"number": "10", "first_semester": "2020H"}, "number"),
        ({"number": "fem", "first_semester": "2020H"}, "number"),
        ({"number": "5", "first_semester": "høst 2022"}, "first_semester"),
        ({"number": "5", "first_semester": ""}, "first_semester"),
    ],
)
def test_a_bad_pool_is_refused_next_to_its_field(lead, db_session, org, fields, field):
    before = snapshot(db_session)
    response = post(lead, f"{ORG}/pools/new", **fields)
    assert response.status_code == 200
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    assert snapshot(db_session) == before


@pytest.mark.parametrize("owner", ["state", ""])
def test_an_owner_outside_the_list_is_refused(lead, db_session, org, owner):
    before = snapshot(db_session)
    response = post(lead, f"{ORG}/kindergartens/new", name="Ny barnehage",
                    pool_id=str(org["pool"].id), network_id="", owner_type=owner)  # fmt: skip
    page = response.get_data(as_text=True)
    assert 'id="owner_type-error"' in page and "Velg et av alternativene" in page
    assert snapshot(db_session) == before


def test_a_clash_the_database_catches_is_shown_not_a_500(lead, db_session, org, monkeypatch):
    # Another request took pool number 5 between the check and the insert.
    monkeypatch.setattr(organisation, "_taken", lambda *_args: False)
    before = snapshot(db_session)
    response = post(lead, f"{ORG}/pools/new", number="1", first_semester="2022H")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="number-error"' in page
    assert "samtidig" in page
    assert snapshot(db_session) == before


def test_an_unknown_row_is_404(lead, org):
    for path in (f"{ORG}/pools/999", f"{ORG}/departments/999", f"{ORG}/kindergartens/999",
                 f"{ORG}/networks/999", f"{ORG}/kindergartens/999/departments/new"):  # fmt: skip
        assert lead.get(path).status_code == 404, path


# --- deactivation instead of deletion -------------------------------------------------------


def deactivate(client, department: Department):
    fields = department_fields(name=department.name, age_group=department.age_group,
                               children_count=str(department.children_count),
                               staff_count=str(department.staff_count), active=None)  # fmt: skip
    return post(client, f"{ORG}/departments/{department.id}", **fields)


def test_a_deactivated_department_leaves_not_started_but_keeps_its_history(lead, db_session, org):
    observer = org["observer"]
    now, earlier = current_semester(), "2025V"
    scores = {"PC": [5, 6, 7], "NC": [1, 1, 2]}
    scored_observation(db_session, org["other_dept"], observer, scores, semester=earlier)
    scored_observation(db_session, org["other_dept"], observer, scores, semester=now)
    db_session.commit()
    pool = org["pool"].id

    def overview():
        db_session.expire_all()
        result = programme_overview(db_session)
        (row,) = result["pools"]
        departments, (done, draft) = row[2], result["coverage"].get(pool, (0, 0))
        return departments, done, departments - done - draft

    assert overview() == (2, 1, 1)  # Blåklokka is still to do
    assert deactivate(lead, org["home_dept"]).status_code == 302
    assert deactivate(lead, org["other_dept"]).status_code == 302
    # Blåklokka no longer waits to be observed; Maurtua was observed this semester and counts.
    assert overview() == (1, 1, 0)
    assert "Ikke startet" in lead.get("/home/project-lead").get_data(as_text=True)

    # Its earlier semester stays in every figure: the dashboard's aggregates and coverage.
    rows = aggregate(db_session, by=["semester"], instrument_id="class-prek",
                     filters={"semester": earlier})  # fmt: skip
    pc = next(row for row in rows if row.code == "PC")
    assert (pc.n_departments, pc.mean) == (1, 6.0)
    (earlier_coverage,) = coverage(db_session, semesters=[earlier])
    assert (earlier_coverage.departments, earlier_coverage.observed) == (1, 1)
    later = [row for row in coverage(db_session, semesters=["2030V"]) if row.departments]
    assert later == []  # neither department is left to observe in a later semester


def test_deactivation_is_audited_and_can_be_undone(lead, db_session, org):
    department = org["home_dept"]
    deactivate(lead, department)
    db_session.expire_all()
    assert db_session.get(Department, department.id).active is False
    response = post(lead, f"{ORG}/departments/{department.id}", **department_fields(
        name=department.name, children_count="12"))  # fmt: skip
    assert response.status_code == 302
    history = [(f, old, new) for _a, f, old, new, _u in events(db_session, "department",
                                                               department.id)]  # fmt: skip
    assert ("active", "True", "False") in history and ("active", "False", "True") in history


def test_deactivating_a_kindergarten_deactivates_its_departments(lead, db_session, org):
    home = org["home"]
    response = post(lead, f"{ORG}/kindergartens/{home.id}", name=home.name,
                    pool_id=str(org["pool"].id), network_id=str(org["network"].id),
                    owner_type="municipal")  # fmt: skip
    assert response.status_code == 302
    db_session.expire_all()
    assert db_session.get(Kindergarten, home.id).active is False
    assert db_session.get(Department, org["home_dept"].id).active is False
    assert events(db_session, "department", org["home_dept"].id)[-1][1:4] == (
        "active", "True", "False")  # fmt: skip
    # A department of a deactivated kindergarten cannot come back on its own.
    before = snapshot(db_session)
    response = post(lead, f"{ORG}/departments/{org['home_dept'].id}",
                    **department_fields(name="Blåklokka"))  # fmt: skip
    assert 'id="active-error"' in response.get_data(as_text=True)
    assert snapshot(db_session) == before


def test_no_page_offers_to_delete(lead, org):
    for path in pages(org):
        page = lead.get(path).get_data(as_text=True).lower()
        assert ">slett" not in page and ">delete" not in page, path
        assert page.count('method="post"') <= 3, path  # language, sign out and the form itself


# --- lists ------------------------------------------------------------------------------------


def test_the_department_list_is_searched_filtered_and_paged(lead, db_session, org):
    kindergarten = org["home"]
    for number in range(60):
        db_session.add(Department(kindergarten=kindergarten, name=f"Avdeling {number:02d}",
                                  age_group="preschool" if number % 3 else "toddler",
                                  active=number != 7))  # fmt: skip
    db_session.commit()
    first = lead.get(f"{ORG}/departments").get_data(as_text=True)
    assert first.count("data-department=") == 50 and "Side 1 av 2" in first
    second = lead.get(f"{ORG}/departments?page=2").get_data(as_text=True)
    assert second.count("data-department=") == 62 - 50
    toddlers = lead.get(f"{ORG}/departments?age_group=toddler&q=avdeling").get_data(as_text=True)
    assert toddlers.count("data-department=") == 20
    search = lead.get(f"{ORG}/departments?q=MAURTUA").get_data(as_text=True)
    assert search.count("data-department=") == 1
    search = lead.get(f"{ORG}/departments?q=stabekk").get_data(as_text=True)  # its kindergarten
    assert search.count("data-department=") == 1
    inactive = lead.get(f"{ORG}/departments?active=no").get_data(as_text=True)
    assert inactive.count("data-department=") == 1
    odd = lead.get(f"{ORG}/departments?page=999&pool=abc&age_group=baby")
    assert odd.status_code == 200 and "Side 2 av 2" in odd.get_data(as_text=True)


def test_the_kindergarten_list_filters_by_pool_network_owner_and_status(lead, db_session, org):
    pool2 = Pool(number=2, first_semester="2021V")
    db_session.add_all([pool2, Kindergarten(name="Privat barnehage", pool=pool2,
                                            owner_type="private", active=False)])  # fmt: skip
    db_session.commit()

    def listed(query: str) -> int:
        return (
            lead.get(f"{ORG}/kindergartens" + query)
            .get_data(as_text=True)
            .count("data-kindergarten=")
        )

    assert listed("") == 3
    assert listed(f"?pool={org['pool'].id}") == 2
    assert listed(f"?network={org['network'].id}") == 2
    assert listed("?owner=private") == 1
    assert listed("?active=yes") == 2
    assert listed("?q=haslum") == 1
    assert listed("?q=%25") == 0  # % is a character, not a wildcard


def test_the_network_list_shows_the_mentor(lead, db_session, org):
    org["network"].mentor = org["mentor"]
    db_session.commit()
    page = lead.get(f"{ORG}/networks?pool={org['pool'].id}").get_data(as_text=True)
    assert "Mona Mentor" in page and page.count("data-network=") == 1


def test_the_pool_list_counts_active_departments(lead, db_session, org):
    org["other_dept"].active = False
    db_session.commit()
    page = lead.get(f"{ORG}/pools").get_data(as_text=True)
    row = page.split('data-pool="1"')[1].split("</tr>")[0]
    assert 'active=yes">1</a>' in row and "høst 2020" in row


def test_pages_speak_nynorsk_and_english(client, db_session, org):
    login(client, org["lead"].email)
    token = csrf_token(client, f"{ORG}/pools")
    for lang, word in (("nn", "Avdelingar"), ("en", "Departments")):
        client.post("/language", data={"lang": lang, "next": f"{ORG}/departments",
                                       "csrf_token": token})  # fmt: skip
        page = client.get(f"{ORG}/kindergartens/{org['home'].id}").get_data(as_text=True)
        assert word in page, lang


ORGANISATION_RULES = {
    f"{ORG}/pools", f"{ORG}/pools/new", f"{ORG}/pools/<int:pool_id>",
    f"{ORG}/networks", f"{ORG}/networks/new", f"{ORG}/networks/<int:network_id>",
    f"{ORG}/kindergartens", f"{ORG}/kindergartens/new",
    f"{ORG}/kindergartens/<int:kindergarten_id>", f"{ORG}/departments",
    f"{ORG}/kindergartens/<int:kindergarten_id>/departments/new",
    f"{ORG}/departments/<int:department_id>",
}  # fmt: skip
