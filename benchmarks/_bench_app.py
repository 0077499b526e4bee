"""The production app plus one bare endpoint, for a baseline measured under the same server.

`/bench/insert` inserts one row into the same database with one Core statement and a commit:
what any write endpoint must at least cost. It exists only in this benchmark app factory.
"""

import os

from flask import Blueprint, current_app, jsonify, request
from sqlalchemy import Column, Integer, MetaData, Table, insert

from app import create_app
from app.extensions import csrf

metadata = MetaData()
bench_row = Table(
    "bench_row", metadata, Column("id", Integer, primary_key=True), Column("value", Integer)
)

bare = Blueprint("bench", __name__, url_prefix="/bench")


@bare.post("/insert")
def insert_one():
    value = int((request.get_json(silent=True) or {}).get("value", 0))
    with current_app.extensions["db_engine"].begin() as connection:
        connection.execute(insert(bench_row).values(value=value))
    return jsonify({"ok": True})


def create_bench_app():
    """The app gunicorn serves in the benchmark: instance folder and database from the env."""
    # The page benchmark times HTML, not static files: BENCH_STATIC_COMPRESS=0 spares the
    # minute of CPU each fresh worker would spend compressing Plotly beside the timed pages.
    plain = os.environ.get("BENCH_STATIC_COMPRESS") == "0"
    app = create_app({"STATIC_COMPRESS": False} if plain else None,
                     instance_path=os.environ["BENCH_INSTANCE"])  # fmt: skip
    csrf.exempt(bare)
    app.register_blueprint(bare)
    return app
