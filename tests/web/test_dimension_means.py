"""The cache of per-observation dimension means stays exact on every path that changes it:
submitting, reopening, the demo's bulk load, the migration that creates it, and the rebuild."""

import pytest
from sqlalchemy import select, update

from analysis.dimension_means import stale_rows
from app import migrate
from app.db import make_engine
from app.models import DimensionMean, Score
from tests.support.analysis_data import demo_world  # noqa: F401 (a fixture)
from tests.support.observe import PREK, api_as, complete, score_url


def cached(db_session, observation, level: str = "dimension") -> dict[str, tuple]:
    db_session.expire_all()
    rows = db_session.scalars(
        select(DimensionMean).where(
            DimensionMean.observation_id == observation.id, DimensionMean.level == level
        )
    )
    return {row.code: (row.value, row.n_cycles, row.n_low, row.n_high) for row in rows}


def test_a_draft_has_no_cached_means(db_session, observation):
    complete(db_session, observation)
    assert cached(db_session, observation) == {}


def test_submitting_caches_every_dimension_and_reopening_removes_them(
    app, client, db_session, observation, world
):
    complete(db_session, observation, value=4)
    # Cycle 1 PC low, cycle 2 PC high: the mean and the band counts must follow.
    for cycle, value in ((1, 2), (2, 7)):
        db_session.execute(
            update(Score)
            .where(Score.cycle_id == observation.cycles[cycle - 1].id, Score.dimension_code == "PC")
            .values(value=value)
        )
    db_session.commit()
    observer = api_as(client, world.observer.email)
    assert observer.post(f"/api/v1/observations/{observation.id}/submit").status_code == 200
    means = cached(db_session, observation)
    assert set(means) == set(PREK)
    assert means["PC"] == (pytest.approx(13 / 3), 3, 1, 1)
    assert means["TS"] == (4.0, 3, 0, 0)
    domains = cached(db_session, observation, "domain")
    assert set(domains) == {"ES", "CO", "IS"}
    assert domains["ES"] == (pytest.approx((13 / 3 + 4 + 4 + 4) / 4), 12, 1, 1)
    assert domains["IS"] == (4.0, 9, 0, 0)
    assert stale_rows(db_session) == []

    lead = api_as(app.test_client(), world.lead.email)
    reopened = lead.post(f"/api/v1/observations/{observation.id}/reopen", {"reason": "Wrong PC"})
    assert reopened.status_code == 200
    assert cached(db_session, observation) == {}

    # Corrected and submitted again: the cache holds the corrected scores.
    fixed = observer.put(
        score_url(observation, 1, "PC"), {"value": 6, "client_ts": "2099-01-01T00:00:00Z"}
    )
    assert fixed.status_code == 200
    assert observer.post(f"/api/v1/observations/{observation.id}/submit").status_code == 200
    assert cached(db_session, observation)["PC"] == (pytest.approx(17 / 3), 3, 0, 2)
    assert stale_rows(db_session) == []


def test_the_demo_load_fills_the_cache_exactly(demo_world):  # noqa: F811
    with demo_world.session() as session:
        assert session.scalar(select(DimensionMean.code).limit(1)) is not None
        assert stale_rows(session) == []


def test_rebuild_cache_repairs_a_damaged_cache(app, db_session, observation, world, client):
    complete(db_session, observation)
    observer = api_as(client, world.observer.email)
    assert observer.post(f"/api/v1/observations/{observation.id}/submit").status_code == 200
    db_session.execute(update(DimensionMean).values(value=1.0))
    db_session.execute(DimensionMean.__table__.delete().where(DimensionMean.code == "NC"))
    db_session.commit()
    assert len(stale_rows(db_session)) == len(PREK) + 3  # and the three domains

    result = app.test_cli_runner().invoke(args=["analysis", "rebuild-cache"])
    assert result.exit_code == 0, result.output
    assert f"Rebuilt {len(PREK) + 3} cached dimension means" in result.output
    assert stale_rows(db_session) == []


def test_the_migration_fills_the_cache_from_existing_scores(tmp_path):
    from sqlalchemy.orm import Session

    from tests.support import analysis_small

    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    with Session(engine) as session:
        analysis_small.build(session)
    migrate.downgrade(url, "5b1d0c7a9e21")  # a database from before the cache existed
    migrate.upgrade(url)
    with Session(engine) as session:
        assert session.scalar(select(DimensionMean.code).limit(1)) is not None
        assert stale_rows(session) == []
    engine.dispose()
