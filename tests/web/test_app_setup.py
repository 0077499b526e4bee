"""The app loads its instruments, the optional licensed pack and the compiled translations at
start-up, and writes nothing into the package."""

import os
import shutil
from pathlib import Path

import pytest

from analysis.instruments import InstrumentError
from app import create_app
from tests.unit.test_licensed import FAKE_PACK

TRANSLATIONS = Path(__file__).resolve().parents[2] / "app" / "translations"


def make(tmp_path, **config):
    return create_app(
        {"TESTING": True, "DATABASE_URL": "sqlite://", **config},
        instance_path=str(tmp_path / "instance"),
    )


def test_both_instruments_are_served_without_a_licensed_pack(tmp_path):
    app = make(tmp_path)
    with app.app_context():
        from app.instruments import all_instruments, for_age_group, licensed_text

        assert set(all_instruments()) == {"class-toddler", "class-prek"}
        assert for_age_group("toddler").id == "class-toddler"
        assert licensed_text(for_age_group("preschool")) is None


def test_a_licensed_pack_is_loaded_when_configured(tmp_path):
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "class-prek-2008.toml").write_text(FAKE_PACK, encoding="utf-8")
    app = make(tmp_path, LICENSED_CONTENT_DIR=str(pack))
    with app.app_context():
        from app.instruments import for_age_group, licensed_text

        texts = licensed_text(for_age_group("preschool"))
        assert texts["PC"].range_text("low", "nb") == "Falsk lav tekst."
        assert licensed_text(for_age_group("toddler")) is None


def test_a_broken_instrument_file_stops_the_app_with_a_clear_message(tmp_path):
    folder = tmp_path / "instruments"
    folder.mkdir()
    (folder / "class-prek-2008.toml").write_text("id = [", encoding="utf-8")
    with pytest.raises(InstrumentError, match="class-prek-2008.toml"):
        make(tmp_path, INSTRUMENTS_DIR=str(folder))


def test_secret_key_is_generated_once_and_kept_in_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = make(tmp_path).config["SECRET_KEY"]
    assert first == make(tmp_path).config["SECRET_KEY"]
    assert len(first) >= 32


def _catalog_copy(tmp_path, *, compiled: bool) -> Path:
    """Copy the translations; with `compiled`, make every .po newer than its .mo (stale)."""
    copy = tmp_path / "translations"
    shutil.copytree(TRANSLATIONS, copy, ignore=None if compiled else shutil.ignore_patterns("*.mo"))
    for po in copy.glob("*/LC_MESSAGES/messages.po"):
        os.utime(po, ns=(po.stat().st_mtime_ns + 10**9,) * 2)
    return copy


def _files(*folders: Path) -> dict[Path, tuple[int, int]]:
    return {p: (p.stat().st_mtime_ns, p.stat().st_size) for f in folders for p in f.rglob("*")}


def test_start_up_writes_no_catalogs_even_when_they_look_stale(tmp_path):
    copy = _catalog_copy(tmp_path, compiled=True)
    before = _files(copy, TRANSLATIONS)
    make(tmp_path, BABEL_TRANSLATION_DIRECTORIES=str(copy))
    make(tmp_path)
    assert _files(copy, TRANSLATIONS) == before


def test_uncompiled_catalogs_stop_the_app_with_a_clear_message(tmp_path):
    copy = _catalog_copy(tmp_path, compiled=False)
    with pytest.raises(RuntimeError, match="translations for nb, nn, en are not compiled"):
        make(tmp_path, BABEL_TRANSLATION_DIRECTORIES=str(copy))
    assert not list(copy.rglob("*.mo"))
