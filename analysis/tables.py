"""The columns analysis/ reads, as lightweight Core tables.

Dependencies point one way (instruments ← analysis ← app), so analysis/ does not import the
app's models. These declarations name only what the queries read; the app's models stay the
source of truth, and tests/unit/test_aggregate_tables.py checks that they agree.
"""

from sqlalchemy import Boolean, Date, Float, Integer, String, Uuid, column, table

pool = table("pool", column("id", Integer), column("number", Integer), column("first_semester"))
network = table(
    "network", column("id", Integer), column("name", String), column("pool_id", Integer)
)
kindergarten = table(
    "kindergarten",
    column("id", Integer),
    column("name", String),
    column("pool_id", Integer),
    column("network_id", Integer),
)
department = table(
    "department",
    column("id", Integer),
    column("kindergarten_id", Integer),
    column("name", String),
    column("age_group", String),
    column("active", Boolean),
)
observation = table(
    "observation",
    column("id", Uuid),
    column("department_id", Integer),
    column("observer_id", Integer),
    column("semester", String),
    column("observed_on", Date),
    column("instrument_id", String),
    column("instrument_version", String),
    column("kind", String),
    column("primary_observation_id", Uuid),
    column("status", String),
)
cycle = table(
    "cycle", column("id", Integer), column("observation_id", Uuid), column("number", Integer)
)
score = table(
    "score",
    column("id", Integer),
    column("cycle_id", Integer),
    column("dimension_code", String),
    column("value", Integer),
)
user = table("user", column("id", Integer), column("name", String))
# The rebuildable cache of per-observation dimension means (app/models/analysis_cache.py).
dimension_mean = table(
    "observation_dimension_mean",
    column("observation_id", Uuid),
    column("level", String),
    column("code", String),
    column("department_id", Integer),
    column("semester", String),
    column("instrument_id", String),
    column("kind", String),
    column("value", Float),
    column("n_cycles", Integer),
    column("n_low", Integer),
    column("n_high", Integer),
)

ALL = (pool, network, kindergarten, department, observation, cycle, score, user, dimension_mean)
