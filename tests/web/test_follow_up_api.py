"""GET /api/v1/follow-up (DESIGN §7): the shape, the ranking, the case mark, every role's
scope, and bad input answered with a 4xx JSON error; on both databases. The data is
tests/support/follow_up_world.py's scope world."""

from datetime import UTC, datetime

import pytest

from app.models import ROLES, FollowUpCase
from tests.support import follow_up_world
from tests.support.auth import login
from tests.web.test_openapi import problems, response_schema

# The route this file covers for every role (wired into test_permissions.py's matrix).
FOLLOW_UP_API_GETS = {"/api/v1/follow-up"}
NORTH = {"N-above", "N-at", "T-low", "S-below", "D-above", "D-at"}  # ranked in this order


@pytest.fixture
def world(db_session):
    return follow_up_world.scope_world(db_session)


def listed(client, email: str, query: str = "?semester=2025V") -> dict:
    login(client, email)
    response = client.get(f"/api/v1/follow-up{query}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


@pytest.mark.parametrize("role", ROLES)
def test_who_may_read_the_list(client, world, role):
    login(client, world["people"][role].email)
    response = client.get("/api/v1/follow-up?semester=2025V")
    assert response.mimetype == "application/json"
    if role in ("project_lead", "mentor", "director"):
        assert response.status_code == 200
    else:
        assert response.status_code == 403
        assert response.get_json()["error"] == "forbidden"


def test_signed_out_callers_get_401(client, world):
    response = client.get("/api/v1/follow-up")
    assert response.status_code == 401 and response.mimetype == "application/json"


@pytest.mark.parametrize(
    ("person", "departments"),
    [("project_lead", NORTH | {"X"}), ("mentor", NORTH), ("mentor_south", {"X"}),
     ("director", NORTH), ("director_south", {"X"})],
)  # fmt: skip
def test_each_role_sees_its_own_scope(client, world, person, departments):
    body = listed(client, world["people"][person].email)
    assert {d["department"] for d in body["departments"]} == departments
    assert [d["rank"] for d in body["departments"]] == list(range(1, len(departments) + 1))


def test_the_shape_is_designs_and_fits_the_document(client, world):
    body = listed(client, world["people"]["mentor"].email)
    assert set(body) == {"semester", "departments"} and body["semester"] == "2025V"
    first = body["departments"][0]
    assert set(first) == {"department_id", "department", "kindergarten", "network", "rank",
                          "reasons", "case"}  # fmt: skip
    assert [d["department"] for d in body["departments"]] == [
        "N-above", "N-at", "T-low", "S-below", "D-above", "D-at",
    ]  # fmt: skip
    assert (first["kindergarten"], first["network"], first["case"]) == (
        "Terskel barnehage", "Nord", None,
    )  # fmt: skip
    (reason,) = first["reasons"]
    assert reason == {"rule": "negative_climate", "domain": "NC", "value": pytest.approx(10 / 3),
                      "threshold": 3.0, "previous": None}  # fmt: skip
    drop = next(d for d in body["departments"] if d["department"] == "D-at")["reasons"][0]
    assert (drop["rule"], drop["domain"], drop["threshold"]) == ("drop", "CO", 1.0)
    assert (drop["value"], drop["previous"]) == (pytest.approx(4.0), pytest.approx(5.0))
    spec = client.get("/api/v1/openapi.json").get_json()
    assert problems(body, response_schema(spec, "/api/v1/follow-up", "get", 200), spec) == []


def test_an_open_case_marks_the_department(client, db_session, world):
    people, department = world["people"], world["departments"]["N-at"]
    case = FollowUpCase(department_id=department.id, opened_by_id=people["mentor"].id,
                        semester="2025V", flag_rule="negative_climate", reason="NC 3.00",
                        status="open")  # fmt: skip
    db_session.add(case)
    db_session.commit()
    body = listed(client, people["director"].email)
    marks = {d["department"]: d["case"] for d in body["departments"]}
    assert marks["N-at"] == {"id": case.id, "status": "open"}
    assert marks["N-above"] is None


def test_a_closed_case_on_the_same_flags_is_shown_as_closed(client, db_session, world):
    people, department = world["people"], world["departments"]["D-at"]
    closed = FollowUpCase(department_id=department.id, opened_by_id=people["mentor"].id,
                          semester="2025V", flag_rule="drop", reason="CO fell",
                          status="closed", closed_at=datetime.now(UTC),
                          outcome="Better.")  # fmt: skip
    db_session.add(closed)
    db_session.commit()
    body = listed(client, people["project_lead"].email)
    marks = {d["department"]: d["case"] for d in body["departments"]}
    assert marks["D-at"] == {"id": closed.id, "status": "closed"}


def test_without_a_semester_the_latest_observed_one_is_judged(client, world):
    body = listed(client, world["people"]["project_lead"].email, query="")
    assert body["semester"] == "2025V" and len(body["departments"]) == 7
    later = client.get("/api/v1/follow-up?semester=2025H").get_json()
    assert later["semester"] == "2025H" and len(later["departments"]) == 7  # judged on 2025V
    assert client.get("/api/v1/follow-up?semester=1000V").get_json()["departments"] == []


@pytest.mark.parametrize(
    "query",
    ["?semester=2025X", "?semester=25V", "?semester=0999V", "?semester=%00", "?semester=2025v%20x",
     "?pool=1", "?semester=2025V&semester=2024H&x=1"],
)  # fmt: skip
def test_bad_input_is_a_4xx_json_error(client, world, query):
    login(client, world["people"]["project_lead"].email)
    response = client.get(f"/api/v1/follow-up{query}")
    assert 400 <= response.status_code < 500
    assert set(response.get_json()) == {"error", "message", "details"}


def test_thresholds_come_from_the_settings(app, client, world):
    app.config["FOLLOW_UP_DROP"] = 1.05
    body = listed(client, world["people"]["mentor"].email)
    assert "D-at" not in {d["department"] for d in body["departments"]}
    assert next(d for d in body["departments"] if d["department"] == "D-above")["reasons"][0][
        "threshold"
    ] == pytest.approx(1.05)
