"""The role × page matrix: every page, every role, checked against one expected table."""

import pytest
from sqlalchemy import select

from app.models import ROLES, Department
from app.permissions import RULES
from tests.support.auth import login
from tests.support.factories import make_observation, make_org, make_user
from tests.web.test_accounts import ACCOUNT_GETS, ACCOUNT_POSTS
from tests.web.test_admin_organisation import ORGANISATION_RULES
from tests.web.test_follow_up_api import FOLLOW_UP_API_GETS
from tests.web.test_followup_matrix import FOLLOWUP_GETS, FOLLOWUP_POSTS
from tests.web.test_guidance_matrix import GUIDANCE_PLAN_GETS, GUIDANCE_PLAN_POSTS
from tests.web.test_narrative_matrix import NARRATIVE_GETS, NARRATIVE_POSTS
from tests.web.test_plan_matrix import PLAN_GETS, PLAN_POSTS
from tests.web.test_reminders import REMINDER_GETS
from tests.web.test_statements import STATEMENT_GETS, STATEMENT_PUBLIC
from tests.web.test_visit_matrix import VISIT_GETS, VISIT_POSTS

PAGES = {
    # path: roles that may open it
    "/home/observer": {"observer"},
    "/home/leader": {"pedagogical_leader"},
    "/home/director": {"director"},
    "/home/mentor": {"mentor"},
    "/home/project-lead": {"project_lead"},
    "/home/staff": {"staff"},
    "/observe/new": {"observer"},
    "/dashboard/overview": {"project_lead", "mentor"},
    "/dashboard/trends": {"project_lead", "mentor"},
    "/dashboard/networks": {"project_lead", "mentor"},
    "/dashboard/follow-up": {"project_lead", "mentor", "director"},
    "/dashboard/agreement": {"project_lead"},
    "/dashboard/kindergarten": {"project_lead", "mentor", "director"},
    "/dashboard/departments": {"project_lead", "mentor", "director"},
    "/admin/": {"project_lead", "director"},
    "/admin/people/": {"project_lead", "director"},
    "/admin/people/new": {"project_lead", "director"},
    "/admin/certifications/": {"project_lead"},
    "/admin/certifications/new": {"project_lead"},
    "/admin/roster/": {"project_lead"},
    "/admin/roster/export.xlsx": {"project_lead"},
    "/admin/proposals/": {"project_lead"},
}
# The dashboard's redirect, its Excel download and GET /api/v1/aggregates: their role matrices
# are in test_dashboard_permissions.py and test_aggregate_api.py.
DASHBOARD_OTHER = {"/dashboard/", "/dashboard/export.xlsx", "/api/v1/aggregates"}
# One observation's pages: owner, project lead and others are checked in test_observe_pages.py.
OBSERVATION_PAGES = {"/observe/<uuid:observation_id>", "/observe/<uuid:observation_id>/summary"}
# Reports: every role × report, PDF, feedback and department page in test_reports_permissions.py.
REPORT_PAGES = {
    "/reports/<uuid:observation_id>",
    "/reports/<uuid:observation_id>.pdf",
    "/reports/<uuid:observation_id>/feedback",
    "/reports/department/<int:department_id>",
    "/reports/department/<int:department_id>/latest",
}
REPORT_POSTS = {"/reports/<uuid:observation_id>/acknowledge"}
OPEN_TO_ALL_SIGNED_IN = {"/"}
PUBLIC = {"/login", "/static/<path:filename>", "/vendor/plotly.min.js", "/sw.js"}
POST_ONLY = {"/logout", "/language"}
# The roster upload and its confirmation: every role in test_roster_routes.py.
ROSTER_POSTS = {"/admin/roster/preview", "/admin/roster/confirm"}
# One observation's audit trail and Reopen, and one person's certifications (project lead only).
AUDIT_PAGES = {
    "/admin/observations/<uuid:observation_id>/audit",
    "/admin/certifications/person/<int:user_id>",
    # A kindergarten's departments: every role and the 404s in test_admin_kindergarten.py.
    "/admin/kindergarten/",
    "/admin/kindergartens/<int:kindergarten_id>/departments",
    "/admin/departments/<int:department_id>/counts",
    "/admin/kindergartens/<int:kindergarten_id>/proposals/new",
    "/admin/departments/<int:department_id>/deactivation",
}
AUDIT_POSTS = {
    "/admin/observations/<uuid:observation_id>/reopen",
    "/admin/proposals/<int:proposal_id>/decision",
}
# The JSON API: who may read (an observation is 404 to anyone else), and its write routes,
# whose role rules are tested in test_api_*.py and test_observe_rules.py.
API_READS = {
    "/api/v1/instruments/<instrument_id>": set(ROLES),
    "/api/v1/observations/<uuid:observation_id>": {"observer", "project_lead"},  # own / all
}
API_PUBLIC = {"/api/v1/openapi.json"}
API_WRITES = {
    "/api/v1/observations",
    "/api/v1/observations/<uuid:observation_id>/cycles/<int:number>",
    "/api/v1/observations/<uuid:observation_id>/cycles/<int:number>/scores/<dimension>",
    "/api/v1/observations/<uuid:observation_id>/submit",
    "/api/v1/observations/<uuid:observation_id>/reopen",
}


@pytest.fixture
def people(db_session):
    org = make_org(db_session)
    users = {}
    for role in ROLES:
        fields = {}
        if role in ("observer", "director", "staff"):
            fields["home_kindergarten"] = org["home"]
        users[role] = make_user(db_session, f"{role}@example.no", role, **fields)
    users["pedagogical_leader"].departments.append(org["home_dept"])
    users["staff"].departments.append(org["home_dept"])
    org["network"].mentor = users["mentor"]
    db_session.commit()
    return users


def test_every_get_page_is_in_the_matrix(app):
    routes = {rule.rule for rule in app.url_map.iter_rules() if "GET" in rule.methods}
    covered = set(PAGES) | OPEN_TO_ALL_SIGNED_IN | PUBLIC | OBSERVATION_PAGES
    covered |= set(API_READS) | API_PUBLIC | REPORT_PAGES | DASHBOARD_OTHER
    covered |= {"/admin/people/<int:user_id>"}  # every role in test_admin_people.py
    covered |= ORGANISATION_RULES  # every role × page in test_admin_organisation.py
    covered |= AUDIT_PAGES  # every role in test_admin_audit.py and test_admin_certifications.py
    covered |= PLAN_GETS | VISIT_GETS  # every role in test_plan_matrix.py, test_visit_matrix.py
    covered |= GUIDANCE_PLAN_GETS  # every role in test_guidance_matrix.py
    covered |= FOLLOWUP_GETS  # every role in test_followup_matrix.py
    covered |= FOLLOW_UP_API_GETS  # every role in test_follow_up_api.py
    covered |= NARRATIVE_GETS  # every role in test_narrative_matrix.py
    covered |= ACCOUNT_GETS  # password pages and OIDC: test_accounts.py, test_oidc.py
    covered |= STATEMENT_PUBLIC | STATEMENT_GETS  # statements, own data: test_statements.py
    covered |= REMINDER_GETS  # reminder choices: test_reminders.py
    assert routes - covered == set(), "add new pages to the permission matrix"
    post_routes = {r.rule for r in app.url_map.iter_rules() if "GET" not in r.methods}
    assert post_routes <= (
        POST_ONLY
        | API_WRITES
        | REPORT_POSTS
        | AUDIT_POSTS
        | ROSTER_POSTS
        | PLAN_POSTS
        | VISIT_POSTS
        | GUIDANCE_PLAN_POSTS
        | FOLLOWUP_POSTS
        | NARRATIVE_POSTS
        | ACCOUNT_POSTS
    )


def test_every_guarded_view_names_a_known_permission(app):
    for endpoint, view in app.view_functions.items():
        action = getattr(view, "permission", None)
        assert action is None or action in RULES, f"{endpoint} is guarded by unknown {action!r}"


@pytest.mark.parametrize("path", sorted(PAGES) + sorted(OPEN_TO_ALL_SIGNED_IN))
def test_anonymous_visitors_are_sent_to_login(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.location.startswith("/login")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", sorted(PAGES))
def test_role_page_matrix(client, people, role, path):
    login(client, people[role].email)
    expected = 200 if role in PAGES[path] else 403
    assert client.get(path).status_code == expected


@pytest.mark.parametrize("role", ROLES)
def test_front_page_leads_to_the_roles_own_home(client, people, role):
    login(client, people[role].email)
    response = client.get("/")
    assert response.status_code == 302
    assert client.get(response.location).status_code == 200


def test_a_person_with_two_roles_sees_both_homes(client, db_session, people):
    director = people["director"]
    from app.models import UserRole

    director.role_rows.append(UserRole(role="observer"))
    db_session.commit()
    login(client, director.email)
    assert client.get("/home/director").status_code == 200
    assert client.get("/home/observer").status_code == 200
    assert client.get("/home/mentor").status_code == 403


def test_user_without_roles_gets_a_helpful_page(client, db_session):
    make_user(db_session, "nobody@example.no")
    db_session.commit()
    login(client, "nobody@example.no")
    page = client.get("/").get_data(as_text=True)
    assert "ingen rolle" in page


def api_read_urls(db_session, people) -> dict[str, str]:
    """Concrete URLs for API_READS: an observation by the observer of another kindergarten."""
    home = people["observer"].home_kindergarten_id
    other = db_session.scalar(select(Department).where(Department.kindergarten_id != home))
    observation = make_observation(
        db_session, other, people["observer"], instrument_id="class-prek", instrument_version="2008"
    )
    db_session.commit()
    return {
        "/api/v1/instruments/<instrument_id>": "/api/v1/instruments/class-prek",
        "/api/v1/observations/<uuid:observation_id>": f"/api/v1/observations/{observation.id}",
    }


@pytest.mark.parametrize("role", ROLES)
def test_api_read_matrix(client, db_session, people, role):
    urls = api_read_urls(db_session, people)
    login(client, people[role].email)
    for path, roles in API_READS.items():
        response = client.get(urls[path])
        assert response.status_code == (200 if role in roles else 404), path
        assert response.mimetype == "application/json"


def test_signed_out_api_callers_get_401_and_the_openapi_document_is_public(
    client, db_session, people
):
    for url in api_read_urls(db_session, people).values():
        assert client.get(url).status_code == 401
    assert client.get("/api/v1/openapi.json").status_code == 200
