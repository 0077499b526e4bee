"""`flask backup` and `flask restore`: the Bærum demo on SQLite, archived, restored into an empty
PostgreSQL database and archived again gives the same content; restore refuses a non-empty
database without --force and an archive of another schema revision."""

import json
import shutil
import zipfile
from datetime import date

import pytest
from sqlalchemy import text

from app import migrate
from app.backup import tables
from app.demo import load_demo
from app.models.audit import record
from tests.conftest import make_test_app
from tests.support.databases import create_postgres_database, drop_postgres_database
from tests.support.observe import make_world, prek_observation

pytestmark = pytest.mark.xdist_group("backup")


def cli(app, *args):
    return app.test_cli_runner().invoke(args=[str(arg) for arg in args])


def contents(archive) -> dict[str, list]:
    """Each table's rows as decoded JSON, the part two archives of one database share."""
    with zipfile.ZipFile(archive) as zf:
        return {
            t.name: [json.loads(line) for line in zf.read(f"tables/{t.name}.jsonl").splitlines()]
            for t in tables()
        }


def manifest(archive) -> dict:
    with zipfile.ZipFile(archive) as zf:
        return json.loads(zf.read("manifest.json"))


@pytest.fixture(scope="module")
def demo_sqlite(sqlite_template, tmp_path_factory):
    """An app on SQLite holding the Bærum demo, and its archive."""
    folder = tmp_path_factory.mktemp("backup")
    shutil.copyfile(sqlite_template, folder / "demo.sqlite")
    app = make_test_app(f"sqlite:///{folder / 'demo.sqlite'}", folder)
    session = app.extensions["db_sessionmaker"]()
    load_demo(session, seed=2020, today=date.today())
    session.close()
    result = cli(app, "backup", "--out", folder / "demo.zip")
    assert result.exit_code == 0, result.output
    yield app, folder / "demo.zip"
    app.extensions["db_engine"].dispose()


@pytest.fixture(scope="module")
def small_archive(sqlite_template, tmp_path_factory):
    """The archive of a small world: a cycle (user ↔ kindergarten) and the audit log in it."""
    folder = tmp_path_factory.mktemp("small")
    shutil.copyfile(sqlite_template, folder / "small.sqlite")
    app = make_test_app(f"sqlite:///{folder / 'small.sqlite'}", folder)
    session = app.extensions["db_sessionmaker"]()
    world = make_world(session)
    observation = prek_observation(session, world)
    record(session, user_id=world.observer.id, action="create", entity="observation",
           entity_id=observation.id)  # fmt: skip
    session.commit()
    session.close()
    assert cli(app, "backup", "--out", folder / "small.zip").exit_code == 0
    app.extensions["db_engine"].dispose()
    return folder / "small.zip"


@pytest.fixture
def empty_sqlite(sqlite_template, tmp_path):
    shutil.copyfile(sqlite_template, tmp_path / "empty.sqlite")
    app = make_test_app(f"sqlite:///{tmp_path / 'empty.sqlite'}", tmp_path)
    yield app
    app.extensions["db_engine"].dispose()


@pytest.fixture
def empty_postgres(postgres_server_url, tmp_path):
    url = create_postgres_database(postgres_server_url)
    migrate.upgrade(url)
    app = make_test_app(url, tmp_path)
    yield app
    app.extensions["db_engine"].dispose()
    drop_postgres_database(postgres_server_url, url)


def test_the_archive_names_its_format_revision_and_every_table(demo_sqlite):
    _app, archive = demo_sqlite
    about = manifest(archive)
    assert about["format"] == "tettpaa-backup" and about["format_version"] == 1
    assert about["revision"] and about["dialect"] == "sqlite"
    assert set(about["tables"]) == {t.name for t in tables()}
    assert about["tables"]["score"] > 10_000 and about["tables"]["audit_event"] > 0


@pytest.mark.postgres
def test_sqlite_demo_moves_to_postgresql_unchanged(demo_sqlite, empty_postgres, tmp_path):
    _app, archive = demo_sqlite
    result = cli(empty_postgres, "restore", archive)
    assert result.exit_code == 0, result.output
    again = tmp_path / "again.zip"
    assert cli(empty_postgres, "backup", "--out", again).exit_code == 0
    assert manifest(again)["revision"] == manifest(archive)["revision"]
    assert contents(again) == contents(archive)

    # The sequences were moved past the restored ids: the next id is max + 1.
    with empty_postgres.extensions["db_engine"].connect() as connection:
        highest = connection.execute(text('SELECT MAX(id) FROM "user"')).scalar_one()
        following = connection.execute(
            text("SELECT nextval(pg_get_serial_sequence('\"user\"', 'id'))")
        ).scalar_one()
    assert following == highest + 1


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_restore_refuses_a_non_empty_database_unless_forced(small_archive, kind, request, tmp_path):
    archive = small_archive
    assert manifest(archive)["tables"]["audit_event"] == 1
    target = request.getfixturevalue(f"empty_{kind}")
    assert cli(target, "restore", archive).exit_code == 0

    refused = cli(target, "restore", archive)
    assert refused.exit_code == 1
    assert "not empty" in refused.output and "--force" in refused.output

    # --force empties every table first, the append-only audit log included.
    forced = cli(target, "restore", "--force", archive)
    assert forced.exit_code == 0, forced.output
    assert cli(target, "backup", "--out", tmp_path / "after.zip").exit_code == 0
    assert contents(tmp_path / "after.zip") == contents(archive)
    guarded = pytest.raises(Exception, match="append-only")  # the guard is still in place
    with target.extensions["db_engine"].begin() as connection, guarded:
        connection.execute(text("DELETE FROM audit_event"))


def test_restore_refuses_another_schema_revision(small_archive, empty_sqlite, tmp_path):
    archive = small_archive
    other = tmp_path / "other.zip"
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(other, "w") as copy:
        for name in source.namelist():
            data = source.read(name)
            if name == "manifest.json":
                data = json.dumps(json.loads(data) | {"revision": ["0123456789ab"]})
            copy.writestr(name, data)
    result = cli(empty_sqlite, "restore", other)
    assert result.exit_code == 1
    assert "revision 0123456789ab" in result.output and "Nothing was changed" in result.output


def test_restore_explains_what_is_not_a_backup(empty_sqlite, tmp_path):
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"not a zip")
    result = cli(empty_sqlite, "restore", junk)
    assert result.exit_code == 1 and "Cannot read" in result.output

    unmigrated = make_test_app(f"sqlite:///{tmp_path / 'bare.sqlite'}", tmp_path)
    result = cli(unmigrated, "backup", "--out", tmp_path / "bare.zip")
    assert result.exit_code == 1 and "no schema" in result.output
    assert not (tmp_path / "bare.zip").exists()
