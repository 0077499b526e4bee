"""Optional licensed text packs. Every text here is fake: licensed CLASS® text never enters git."""

from pathlib import Path

import pytest

from analysis.instruments import (
    Instrument,
    InstrumentError,
    default_instruments_dir,
    load_instruments,
)
from analysis.licensed import LicensedText, load_licensed_pack

FAKE_PACK = """\
instrument = "class-prek"
version = "2008"

[dimensions.PC.ranges.low]
nb = "Falsk lav tekst."
en = "Fake low text."

[dimensions.PC.ranges.high]
en = "Fake high text."

[dimensions.PC.markers]
"PC.REL" = { nb = ["falsk markør en", "falsk markør to"], en = ["fake marker one"] }

[dimensions.LM.markers]
"LM.OEQ" = { nn = ["falsk nynorsk markør"] }
"""


@pytest.fixture(scope="module")
def instruments() -> dict[str, Instrument]:
    return load_instruments(default_instruments_dir())


@pytest.fixture
def pack_dir(tmp_path: Path) -> Path:
    (tmp_path / "class-prek-2008.toml").write_text(FAKE_PACK, encoding="utf-8")
    return tmp_path


def write_pack(folder: Path, text: str) -> Path:
    (folder / "class-prek-2008.toml").write_text(text, encoding="utf-8")
    return folder


def test_pack_loads_ranges_and_markers_by_dimension_code(
    pack_dir: Path, instruments: dict[str, Instrument]
) -> None:
    pack = load_licensed_pack(pack_dir, instruments["class-prek"])
    assert pack is not None and sorted(pack) == ["LM", "PC"]
    pc = pack["PC"]
    assert isinstance(pc, LicensedText)
    assert pc.range_text("low", "nb") == "Falsk lav tekst."
    assert pc.indicator_markers("PC.REL", "nb") == ("falsk markør en", "falsk markør to")
    assert pc.indicator_markers("PC.REL", "en") == ("fake marker one",)


def test_missing_language_falls_back_to_bokmal_then_english(
    pack_dir: Path, instruments: dict[str, Instrument]
) -> None:
    pack = load_licensed_pack(pack_dir, instruments["class-prek"])
    assert pack is not None
    assert pack["PC"].range_text("low", "nn") == "Falsk lav tekst."
    assert pack["PC"].range_text("high", "nb") == "Fake high text."
    assert pack["LM"].indicator_markers("LM.OEQ", "nb") == ("falsk nynorsk markør",)


def test_absent_band_or_indicator_gives_nothing(
    pack_dir: Path, instruments: dict[str, Instrument]
) -> None:
    pack = load_licensed_pack(pack_dir, instruments["class-prek"])
    assert pack is not None
    assert pack["PC"].range_text("mid", "nb") is None
    assert pack["PC"].indicator_markers("PC.RES", "nb") == ()


def test_pack_texts_are_read_only(pack_dir: Path, instruments: dict[str, Instrument]) -> None:
    pack = load_licensed_pack(pack_dir, instruments["class-prek"])
    assert pack is not None
    with pytest.raises(TypeError):
        pack["PC"].ranges["mid"] = {}  # type: ignore[index]


@pytest.mark.parametrize("directory", [None, "", "  "])
def test_no_configured_folder_means_no_pack(
    directory: str | None, instruments: dict[str, Instrument]
) -> None:
    assert load_licensed_pack(directory, instruments["class-prek"]) is None


def test_folder_without_a_file_for_the_instrument_gives_none(
    pack_dir: Path, instruments: dict[str, Instrument]
) -> None:
    assert load_licensed_pack(pack_dir, instruments["class-toddler"]) is None


def test_configured_folder_that_does_not_exist_is_an_error(
    tmp_path: Path, instruments: dict[str, Instrument]
) -> None:
    with pytest.raises(InstrumentError, match="folder not found"):
        load_licensed_pack(tmp_path / "missing", instruments["class-prek"])


def test_unknown_dimension_code_is_rejected_with_key_path(
    tmp_path: Path, instruments: dict[str, Instrument]
) -> None:
    write_pack(tmp_path, FAKE_PACK.replace("dimensions.LM.", "dimensions.RCP."))
    with pytest.raises(InstrumentError) as info:
        load_licensed_pack(tmp_path, instruments["class-prek"])
    assert str(info.value) == (
        "class-prek-2008.toml: dimensions.RCP: unknown dimension code 'RCP' for class-prek@2008"
    )


def test_indicator_of_another_dimension_is_rejected_with_key_path(
    tmp_path: Path, instruments: dict[str, Instrument]
) -> None:
    write_pack(tmp_path, FAKE_PACK.replace('"PC.REL"', '"NC.NA"'))
    with pytest.raises(InstrumentError) as info:
        load_licensed_pack(tmp_path, instruments["class-prek"])
    assert str(info.value).startswith('class-prek-2008.toml: dimensions.PC.markers."NC.NA": ')
    assert "unknown indicator code 'NC.NA' for dimension PC" in str(info.value)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("ranges.high]", "ranges.top]", "dimensions.PC.ranges.top: unknown key"),
        ('version = "2008"', 'version = "2012"', "version: pack is for '2012', expected '2008'"),
        ('nn = ["falsk', 'de = ["falsk', 'markers."LM.OEQ".de: unknown key'),
        ('en = ["fake marker one"]', 'en = "fake marker one"', '"PC.REL".en: expected an array'),
        ("[dimensions.PC.markers]", "[dimensions.PC.markers", "TOML syntax error"),
    ],
    ids=["unknown_band", "wrong_version", "unknown_language", "markers_not_a_list", "syntax"],
)
def test_malformed_pack_is_rejected_with_key_path(
    tmp_path: Path, instruments: dict[str, Instrument], old: str, new: str, expected: str
) -> None:
    assert old in FAKE_PACK
    write_pack(tmp_path, FAKE_PACK.replace(old, new, 1))
    with pytest.raises(InstrumentError) as info:
        load_licensed_pack(tmp_path, instruments["class-prek"])
    assert str(info.value).startswith("class-prek-2008.toml: ")
    assert expected in str(info.value)
