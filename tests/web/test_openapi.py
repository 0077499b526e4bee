"""/api/v1/openapi.json stays true: every route is described, and real answers fit the schemas.

The document is generated from the models that validate requests (app/api/models.py); here the
`jsonschema` package checks real responses and request examples against it.
"""

import re

import pytest
from jsonschema import Draft202012Validator

from tests.support.observe import api_as, new_body, ts

HTTP_METHODS = {"get", "put", "post", "patch", "delete"}


@pytest.fixture
def spec(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def flask_routes(app) -> dict[str, set[str]]:
    """Return {openapi path: methods} for every route under /api/v1."""
    routes: dict[str, set[str]] = {}
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/"):
            path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
            methods = {m.lower() for m in rule.methods} - {"head", "options"}
            routes.setdefault(path, set()).update(methods)
    return routes


def problems(value, schema: dict, spec: dict) -> list[str]:
    """Return where `value` breaks `schema`, whose references point into the document."""
    validator = Draft202012Validator(
        {**schema, "components": spec["components"]},
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(value)]


def component(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def response_schema(spec, path: str, method: str, status: int) -> dict:
    response = spec["paths"][path][method]["responses"][str(status)]
    return response["content"]["application/json"]["schema"]


def test_the_document_is_openapi_3_1_and_public(spec):
    assert spec["openapi"] == "3.1.0"
    assert spec["info"]["title"]
    assert spec["paths"]["/api/v1/openapi.json"]["get"]["security"] == []


def test_every_api_route_is_described_with_its_methods_and_nothing_else(app, spec):
    described = {
        path: {m for m in operations if m in HTTP_METHODS}
        for path, operations in spec["paths"].items()
    }
    assert described == flask_routes(app)


def test_every_operation_has_its_own_id(spec):
    ids = [op["operationId"] for operations in spec["paths"].values() for op in operations.values()]
    assert len(ids) == len(set(ids))


def test_every_path_parameter_is_declared(spec):
    for path, operations in spec["paths"].items():
        names = set(re.findall(r"{([^}]+)}", path))
        for method, operation in operations.items():
            declared = {p["name"] for p in operation.get("parameters", []) if p["in"] == "path"}
            assert declared == names, f"{method.upper()} {path}"
            assert operation["responses"], f"{method.upper()} {path}"


def test_every_schema_reference_resolves(spec):
    schemas = spec["components"]["schemas"]
    for name in re.findall(r"#/components/schemas/([\w.]+)", str(spec)):
        assert name in schemas, name
    for schema in schemas.values():
        Draft202012Validator.check_schema(schema)


def test_every_write_needs_the_csrf_header_and_every_error_is_described(spec):
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if method != "get":
                assert operation["security"] == [{"session": [], "csrf": []}], path
            for status in operation["responses"]:
                if status.startswith("4"):
                    assert response_schema(spec, path, method, int(status)) == component("Error")


def test_real_answers_fit_the_described_schemas(client, world, db_session, spec):
    api = api_as(client, world.observer.email)
    observations = "/api/v1/observations"
    one, cycle = (
        f"{observations}/{{observation_id}}",
        f"{observations}/{{observation_id}}/cycles/{{number}}",
    )

    def fits(response, path: str, method: str, status: int) -> dict:
        assert response.status_code == status
        body = response.get_json()
        assert problems(body, response_schema(spec, path, method, status), spec) == []
        return body

    fits(
        api.get("/api/v1/instruments/class-prek"), "/api/v1/instruments/{instrument_id}", "get", 200
    )
    created = fits(api.post(observations, new_body(world)), observations, "post", 201)
    fits(api.post(observations, new_body(world, id=created["id"])), observations, "post", 200)
    base = f"{observations}/{created['id']}"
    fits(api.put(f"{base}/cycles/1", {"started_at": ts(), "setting": "meal"}), cycle, "put", 200)
    marks = {"value": 5, "indicator_marks": {"PC.RES": "high"}, "client_ts": ts()}
    fits(api.put(f"{base}/cycles/1/scores/PC", marks), f"{cycle}/scores/{{dimension}}", "put", 200)
    fits(api.get(base), one, "get", 200)
    fits(api.post(f"{base}/submit"), f"{one}/submit", "post", 422)
    fits(
        api.put(f"{base}/cycles/1/scores/PC", {"value": 0}),
        f"{cycle}/scores/{{dimension}}",
        "put",
        422,
    )
    fits(api.put(f"{base}/cycles/1/scores/XX", marks), f"{cycle}/scores/{{dimension}}", "put", 404)


LICENSED_PACK = """\
instrument = "class-prek"
version = "2008"

[dimensions.PC.ranges.low]
en = "Fake low range text."

[dimensions.PC.markers]
"PC.REL" = { en = ["fake marker one"] }
"""


def test_an_instrument_with_licensed_text_fits_its_schema(database_url, tmp_path, world, spec):
    from tests.conftest import make_test_app

    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "class-prek-2008.toml").write_text(LICENSED_PACK, encoding="utf-8")
    licensed = make_test_app(database_url, tmp_path, LICENSED_CONTENT_DIR=str(pack))
    body = api_as(licensed.test_client(), world.observer.email).get(
        "/api/v1/instruments/class-prek"
    )
    pc = body.get_json()["domains"][0]["dimensions"][0]
    assert pc["licensed"]["ranges"]["low"]["en"] == "Fake low range text."
    assert problems(body.get_json(), component("Instrument"), spec) == []
    licensed.extensions["db_engine"].dispose()


def test_the_request_schemas_describe_what_is_accepted(spec):
    score_update = component("ScoreUpdate")
    assert problems({"value": 4, "client_ts": ts()}, score_update, spec) == []
    assert problems({"value": 4.5, "client_ts": ts()}, score_update, spec) != []
    assert problems({"value": 4, "client_ts": ts(), "extra": 1}, score_update, spec) != []
    assert problems({"notes": None, "children_present": 12}, component("CycleUpdate"), spec) == []
    assert problems({"children_present": 201}, component("CycleUpdate"), spec) != []
