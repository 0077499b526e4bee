"""JSON Schemas of the API's bodies, for the OpenAPI document in openapi.py."""


def ref(name: str) -> dict:
    """Return a reference to a schema in SCHEMAS."""
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(type_: str, **extra) -> dict:
    """Return a schema for `type_` or null."""
    return {"type": [type_, "null"], **extra}


def obj(required: list[str], **properties) -> dict:
    """Return an object schema with these required keys and properties."""
    return {"type": "object", "required": required, "properties": properties}


DATETIME = {"type": "string", "format": "date-time", "description": "ISO 8601 with offset"}
LANG = {"type": "string"}
LABELS = {
    "type": "object",
    "required": ["nb", "nn", "en"],
    "properties": {"nb": LANG, "nn": LANG, "en": LANG},
}
CODED = {
    "type": "object",
    "required": ["code", "labels"],
    "properties": {"code": {"type": "string"}, "labels": ref("Labels")},
}
MARK = {"type": "string", "enum": ["low", "mid", "high"]}
SCHEMAS: dict[str, dict] = {
    "Error": obj(
        ["error", "message", "details"],
        error={"type": "string", "description": "Stable code, e.g. observation_locked"},
        message={"type": "string", "description": "For people, in the user's language"},
        details={"type": "object"},
    ),
    "Labels": LABELS,
    "Instrument": obj(
        ["id", "version", "hash", "family", "name", "scale", "cycles", "domains"],
        id={"type": "string"},
        version={"type": "string"},
        hash={"type": "string"},
        family={"type": "string", "enum": ["toddler", "preschool"]},
        name=ref("Labels"),
        scale=obj(
            ["min", "max", "band_rule_for_means", "bands"],
            min={"type": "integer"},
            max={"type": "integer"},
            band_rule_for_means={"type": "string", "enum": ["nearest", "floor"]},
            bands={
                "type": "array",
                "items": obj(
                    ["code", "min", "max", "labels"],
                    code={"type": "string"},
                    min={"type": "integer"},
                    max={"type": "integer"},
                    labels=ref("Labels"),
                ),
            },
        ),
        cycles=obj(
            ["count", "min_minutes", "max_minutes", "redo_below_minutes", "settings"],
            count={"type": "integer"},
            min_minutes={"type": "integer"},
            max_minutes={"type": "integer"},
            redo_below_minutes={"type": "integer"},
            settings={"type": "array", "items": CODED},
        ),
        domains={
            "type": "array",
            "items": obj(
                ["code", "labels", "dimensions"],
                code={"type": "string"},
                labels=ref("Labels"),
                dimensions={"type": "array", "items": ref("Dimension")},
            ),
        },
    ),
    "Dimension": obj(
        ["code", "labels", "reverse", "description", "indicators", "licensed"],
        code={"type": "string"},
        labels=ref("Labels"),
        reverse={"type": "boolean"},
        description=ref("Labels"),
        indicators={"type": "array", "items": CODED},
        licensed={
            "type": ["object", "null"],
            "description": "Licensed ranges and markers, only when the pack is installed",
            "properties": {"ranges": {"type": "object"}, "markers": {"type": "object"}},
        },
    ),
    "NewObservation": obj(
        ["id", "department_id", "instrument_id", "observed_on"],
        id={"type": "string", "format": "uuid", "description": "Chosen by the client"},
        department_id={"type": "integer"},
        instrument_id={"type": "string"},
        observed_on={"type": "string", "format": "date"},
        kind={
            "type": "string",
            "enum": ["regular", "double_coding", "practice"],
            "default": "regular",
        },
        primary_observation_id=nullable(
            "string", format="uuid", description="The regular observation double-coded"
        ),
        override_reason=nullable("string", description="Project lead only: own kindergarten"),
    ),
    "Observation": obj(
        [
            "id",
            "department",
            "observer",
            "semester",
            "observed_on",
            "instrument",
            "kind",
            "primary_observation_id",
            "status",
            "version",
            "submitted_at",
            "cycles",
        ],
        id={"type": "string", "format": "uuid"},
        department=obj(
            ["id", "name", "age_group", "kindergarten"],
            id={"type": "integer"},
            name={"type": "string"},
            age_group={"type": "string"},
            kindergarten=obj(["id", "name"], id={"type": "integer"}, name={"type": "string"}),
        ),
        observer=obj(["id", "name"], id={"type": "integer"}, name={"type": "string"}),
        semester={"type": "string", "pattern": "^[0-9]{4}[VH]$"},
        observed_on={"type": "string", "format": "date"},
        instrument=obj(
            ["id", "version", "hash"],
            id={"type": "string"},
            version={"type": "string"},
            hash={"type": "string"},
        ),
        kind={"type": "string", "enum": ["regular", "double_coding", "practice"]},
        primary_observation_id=nullable("string", format="uuid"),
        status={"type": "string", "enum": ["draft", "submitted", "released"]},
        version={"type": "integer", "description": "Grows with every applied change"},
        submitted_at={**DATETIME, "type": ["string", "null"]},
        released_at={**DATETIME, "type": ["string", "null"]},
        cycles={"type": "array", "items": ref("Cycle")},
    ),
    "Cycle": obj(
        [
            "number",
            "started_at",
            "ended_at",
            "children_present",
            "adults_present",
            "setting",
            "deviation_reason",
            "notes",
            "scores",
        ],
        number={"type": "integer"},
        started_at={**DATETIME, "type": ["string", "null"]},
        ended_at={**DATETIME, "type": ["string", "null"]},
        children_present=nullable("integer"),
        adults_present=nullable("integer"),
        setting=nullable("string"),
        deviation_reason=nullable("string"),
        notes=nullable("string"),
        scores={
            "type": "object",
            "additionalProperties": ref("Score"),
            "description": "Keyed by dimension code",
        },
    ),
    "CycleUpdate": {
        "type": "object",
        "additionalProperties": False,
        "description": "Only the fields sent are changed; null clears a field.",
        "properties": {
            "started_at": nullable("string", format="date-time"),
            "ended_at": nullable("string", format="date-time"),
            "children_present": nullable("integer", minimum=0, maximum=200),
            "adults_present": nullable("integer", minimum=0, maximum=200),
            "setting": nullable("string", description="One of the instrument's setting codes"),
            "deviation_reason": nullable("string", maxLength=4000),
            "notes": nullable("string", maxLength=4000),
            "client_ts": {"type": "string", "format": "date-time"},
        },
    },
    "Score": obj(
        ["value", "indicator_marks", "note", "client_ts"],
        value={"type": "integer", "minimum": 1, "maximum": 7},
        indicator_marks={"type": ["object", "null"], "additionalProperties": MARK},
        note=nullable("string"),
        client_ts={**DATETIME, "type": ["string", "null"]},
    ),
    "ScoreUpdate": {
        **obj(
            ["value", "client_ts"],
            value={"type": "integer", "minimum": 1, "maximum": 7},
            indicator_marks={
                "type": ["object", "null"],
                "additionalProperties": MARK,
                "description": "Indicator codes of this dimension only",
            },
            note=nullable("string", maxLength=4000),
            client_ts={**DATETIME, "description": "When the observer made the change"},
        ),
        "additionalProperties": False,
        "description": "indicator_marks and note are kept when left out; null clears them.",
    },
    "ScoreSaved": obj(
        ["applied", "score", "version"],
        applied={"type": "boolean", "description": "false: a newer client_ts is stored"},
        score=ref("Score"),
        version={"type": "integer"},
    ),
    "CycleSaved": obj(["cycle", "version"], cycle=ref("Cycle"), version={"type": "integer"}),
    "Submitted": obj(
        ["status", "submitted_at", "version"],
        status={"type": "string", "enum": ["submitted"]},
        submitted_at=DATETIME,
        version={"type": "integer"},
    ),
    "Reopen": obj(["reason"], reason={"type": "string", "minLength": 1, "maxLength": 2000}),
    "Reopened": obj(
        ["status", "version"],
        status={"type": "string", "enum": ["draft"]},
        version={"type": "integer"},
    ),
}
