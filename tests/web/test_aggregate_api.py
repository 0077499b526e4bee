"""GET /api/v1/aggregates: the same numbers as the pages, JSON errors, and each role's scope."""

import re

import pytest

from analysis.aggregate import aggregate
from app.models import ROLES
from tests.support import analysis_small
from tests.support.auth import login
from tests.support.factories import make_user

PREK = "class-prek"
URL = "/api/v1/aggregates"


@pytest.fixture
def world(db_session):
    world = analysis_small.build(db_session)
    net_a, _ = world["networks"]
    k1, _, k3 = world["kindergartens"]
    people = {role: make_user(db_session, f"{role}@example.no", role) for role in ROLES}
    people["director"].home_kindergarten = k3
    people["observer"].home_kindergarten = k1
    net_a.mentor = people["mentor"]
    db_session.commit()
    return {**world, "people": people}


def get(client, query: str):
    response = client.get(f"{URL}?{query}")
    assert response.mimetype == "application/json"
    return response


def test_the_api_returns_the_figures_of_analysis_aggregate(client, db_session, world):
    login(client, world["people"]["project_lead"].email)
    body = get(client, "by=pool,semester&level=domain&instrument=class-prek").get_json()
    expected = aggregate(db_session, by=["pool", "semester"], level="domain", instrument_id=PREK)
    assert body["min_group_size"] == 0 and body["by"] == ["pool", "semester"]
    assert len(body["rows"]) == len(expected)
    for row, want in zip(body["rows"], expected, strict=True):
        assert row["group"] == want.group and row["code"] == want.code
        assert row["mean"] == pytest.approx(want.mean)
        assert row["shares"] == pytest.approx(want.shares)


def test_the_api_agrees_with_the_dashboard_page(client, world):
    login(client, world["people"]["project_lead"].email)
    body = get(client, "level=dimension&instrument=class-prek&semester=2025V").get_json()
    pc = next(row for row in body["rows"] if row["code"] == "PC")
    html = client.get("/dashboard/overview?semester=2025V&instrument=class-prek").get_data(True)
    row = re.search(r'<tr data-code="PC">(.*?)</tr>', html, re.S).group(1)
    assert float(re.findall(r'data-value="([^"]+)"', row)[-1]) == pytest.approx(pc["mean"])


@pytest.mark.parametrize(
    ("query", "status", "field"),
    [("by=colour", 422, "by"), ("by=pool,pool", 422, "by"), ("level=indicator", 422, "level"),
     ("instrument=class-infant", 422, "instrument"), ("age_group=teen", 422, "age_group"),
     ("pool=three", 400, "pool"), ("semester=2025X", 400, "semester"),
     ("colour=red", 400, "colour")],
)  # fmt: skip
def test_bad_parameters_get_a_json_error_naming_the_field(client, world, query, status, field):
    login(client, world["people"]["project_lead"].email)
    response = get(client, query)
    assert response.status_code == status
    body = response.get_json()
    assert set(body) == {"error", "message", "details"} and body["details"]["field"] == field


def test_signed_out_callers_get_401(client, world):
    assert get(client, "by=pool").status_code == 401


@pytest.mark.parametrize("role", ["observer", "pedagogical_leader"])
def test_roles_without_programme_figures_get_403(client, world, role):
    login(client, world["people"][role].email)
    response = get(client, "by=pool")
    assert response.status_code == 403 and response.get_json()["error"] == "forbidden"


def test_a_mentor_is_held_to_their_own_networks_and_sees_them_however_small(client, world):
    net_a, net_b = world["networks"]
    login(client, world["people"]["mentor"].email)
    body = get(client, "by=network&semester=2025V").get_json()
    assert body["filters"]["network"] == [net_a.id]
    assert {row["group"]["network"] for row in body["rows"]} == {net_a.id}
    # Network A has 3 departments (< 5), all of whose reports the mentor may read.
    assert not any(row["suppressed"] or row["mean"] is None for row in body["rows"])
    response = get(client, f"by=pool&network={net_b.id}")
    assert response.status_code == 403 and response.get_json()["details"]["field"] == "network"


@pytest.mark.parametrize(
    ("query", "status"),
    [("by=semester", 200), ("by=kindergarten", 403), ("by=network", 403), ("pool=1", 403),
     ("by=kindergarten&kindergarten={own}", 200), ("network={own_network}", 200),
     ("kindergarten={other}", 403)],
)  # fmt: skip
def test_a_director_sees_their_kindergarten_and_comparisons_only(client, world, query, status):
    k1, _, k3 = world["kindergartens"]
    _, net_b = world["networks"]
    login(client, world["people"]["director"].email)
    query = query.format(own=k3.id, own_network=net_b.id, other=k1.id)
    assert get(client, query).status_code == status


def test_the_endpoint_is_in_the_openapi_document(client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert "get" in document["paths"]["/api/v1/aggregates"]
    assert "AggregateRow" in document["components"]["schemas"]


def test_a_director_sees_their_own_kindergarten_unsuppressed_and_others_hidden(client, world):
    k3 = world["kindergartens"][2]
    login(client, world["people"]["director"].email)
    own = get(client, f"by=kindergarten&kindergarten={k3.id}&semester=2025V").get_json()
    assert own["rows"] and not any(row["suppressed"] for row in own["rows"])  # K3: D4, D5
    whole = get(client, "semester=2025V&instrument=class-prek").get_json()  # D1..D4: others
    assert whole["rows"] and all(row["suppressed"] for row in whole["rows"])
