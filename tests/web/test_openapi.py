"""/api/v1/openapi.json stays true: every route is described, and real answers fit the schemas."""

import re

import pytest

from tests.support.observe import (
    api_as,
    make_world,
    new_body,
    ts,
)


@pytest.fixture
def world(db_session):
    return make_world(db_session)


HTTP_METHODS = {"get", "put", "post", "patch", "delete"}
PYTHON_TYPES = {
    "object": dict,
    "array": list,
    "string": str,
    "boolean": bool,
    "null": type(None),
    "integer": int,
    "number": (int, float),
}


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


def conforms(value, schema: dict, spec: dict, where: str = "$") -> list[str]:
    """Return where `value` breaks `schema` (types, enums, ranges, required keys, items)."""
    if "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    types = schema.get("type")
    types = [types] if isinstance(types, str) else types or []
    if types and not any(_is(value, t) for t in types):
        return [f"{where}: {value!r} is not {types}"]
    problems = []
    if "enum" in schema and value not in schema["enum"]:
        problems.append(f"{where}: {value!r} not in {schema['enum']}")
    low, high = schema.get("minimum"), schema.get("maximum")
    if (low is not None and value < low) or (high is not None and value > high):
        problems.append(f"{where}: {value} out of range")
    if isinstance(value, dict):
        problems += _object_problems(value, schema, spec, where)
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            problems += conforms(item, schema["items"], spec, f"{where}[{i}]")
    return problems


def _object_problems(value: dict, schema: dict, spec: dict, where: str) -> list[str]:
    problems = [f"{where}: missing {k}" for k in schema.get("required", []) if k not in value]
    properties, extra = schema.get("properties", {}), schema.get("additionalProperties")
    for key, item in value.items():
        sub = properties.get(key, extra if isinstance(extra, dict) else None)
        if sub is not None:
            problems += conforms(item, sub, spec, f"{where}.{key}")
        elif extra is False:
            problems.append(f"{where}: unexpected {key}")
    return problems


def _is(value, type_name: str) -> bool:
    if type_name in ("integer", "number") and isinstance(value, bool):
        return False
    return isinstance(value, PYTHON_TYPES[type_name])


def response_schema(spec, path: str, method: str, status: int) -> dict:
    response = spec["paths"][path][method]["responses"][str(status)]
    return response["content"]["application/json"]["schema"]


def test_the_document_is_openapi_3_1(spec):
    assert spec["openapi"] == "3.1.0"
    assert spec["info"]["title"]


def test_every_api_route_is_described_with_its_methods_and_nothing_else(app, spec):
    described = {
        path: {m for m in operations if m in HTTP_METHODS}
        for path, operations in spec["paths"].items()
    }
    assert described == flask_routes(app)


def test_every_path_parameter_is_declared(spec):
    for path, operations in spec["paths"].items():
        names = set(re.findall(r"{([^}]+)}", path))
        for method, operation in operations.items():
            declared = {p["name"] for p in operation.get("parameters", []) if p["in"] == "path"}
            assert declared == names, f"{method.upper()} {path}"
            assert operation["responses"], f"{method.upper()} {path}"


def test_every_schema_reference_resolves(spec):
    text = str(spec)
    schemas = spec["components"]["schemas"]
    for name in re.findall(r"#/components/schemas/(\w+)", text):
        assert name in schemas, name


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
        assert conforms(body, response_schema(spec, path, method, status), spec) == []
        return body

    fits(
        api.get("/api/v1/instruments/class-prek"), "/api/v1/instruments/{instrument_id}", "get", 200
    )
    created = fits(api.post(observations, new_body(world)), observations, "post", 201)
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


def test_the_request_schemas_describe_what_is_accepted(spec):
    score_update = {"$ref": "#/components/schemas/ScoreUpdate"}
    assert conforms({"value": 4, "client_ts": ts()}, score_update, spec) == []
    assert conforms({"value": 4.5, "client_ts": ts()}, score_update, spec) != []
    assert conforms({"value": 4, "client_ts": ts(), "extra": 1}, score_update, spec) != []
