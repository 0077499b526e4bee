"""Instrument files: the shipped CLASS® versions and the validation of broken files."""

import dataclasses
import hashlib
import shutil
from pathlib import Path

import pytest

from analysis.instruments import (
    Instrument,
    InstrumentError,
    Labels,
    default_instruments_dir,
    instrument_for_age_group,
    load_all_versions,
    load_instrument,
    load_instruments,
)

TODDLER_FILE = default_instruments_dir() / "class-toddler-2012.toml"
PREK_FILE = default_instruments_dir() / "class-prek-2008.toml"

# A small, fake but valid instrument. Broken variants are made by replacing one piece of it.
MINIMAL = """\
format = 1
id = "fake"
version = "1"
family = "toddler"
age_group = "toddler"
name = { nb = "Falskt", nn = "Falskt", en = "Fake" }
source = "Invented for tests."

[provenance_defaults]
nn = "P"

[scale]
min = 1
max = 7
band_rule_for_means = "nearest"
bands = [
  { code = "low", min = 1, max = 2, labels = { nb = "lav", nn = "låg", en = "low" } },
  { code = "mid", min = 3, max = 5, labels = { nb = "middels", nn = "middels", en = "middle" } },
  { code = "high", min = 6, max = 7, labels = { nb = "høy", nn = "høg", en = "high" } },
]

[cycles]
count = 3
min_minutes = 15
max_minutes = 20
redo_below_minutes = 10
settings = [
  { code = "free_play", labels = { nb = "Frilek", nn = "Frileik", en = "Free play" } },
  { code = "meal", labels = { nb = "Måltid", nn = "Måltid", en = "Meal" } },
]

[[domains]]
code = "D1"
labels = { nb = "Domene en", nn = "Domene ein", en = "Domain one" }

[[domains.dimensions]]
code = "AA"
labels = { nb = "Aa", nn = "Aa-nn", en = "Aa-en" }
provenance = { nb = "S" }
reverse = false
description = { nb = "Falsk a.", nn = "Falsk a.", en = "Fake a." }
indicators = [
  { code = "AA.X", labels = { nb = "X", nn = "X", en = "X" } },
  { code = "AA.Y", labels = { nb = "Y", nn = "Y", en = "Y" } },
]

[[domains]]
code = "D2"
labels = { nb = "Domene to", nn = "Domene to", en = "Domain two" }

[[domains.dimensions]]
code = "BB"
labels = { nb = "Bb", nn = "Bb", en = "Bb" }
reverse = true
description = { nb = "Falsk b.", nn = "Falsk b.", en = "Fake b." }
indicators = [{ code = "BB.X", labels = { nb = "X", nn = "X", en = "X" } }]
"""


def write_variant(tmp_path: Path, *replacements: tuple[str, str]) -> Path:
    """Write MINIMAL with each (old, new) replaced once to broken.toml."""
    text = MINIMAL
    for old, new in replacements:
        assert old in text, f"test setup: {old!r} not in MINIMAL"
        text = text.replace(old, new, 1)
    path = tmp_path / "broken.toml"
    path.write_text(text, encoding="utf-8")
    return path


def error_of(path: Path) -> str:
    with pytest.raises(InstrumentError) as info:
        load_instrument(path)
    return str(info.value)


def all_labels(instrument: Instrument) -> list[Labels]:
    labels = [instrument.name, *(band.labels for band in instrument.scale.bands)]
    labels += [setting.labels for setting in instrument.cycles.settings]
    for domain in instrument.domains:
        labels.append(domain.labels)
        for dim in domain.dimensions:
            labels += [dim.labels, dim.description, *(ind.labels for ind in dim.indicators)]
    return labels


@pytest.fixture(scope="module")
def toddler() -> Instrument:
    return load_instrument(TODDLER_FILE)


@pytest.fixture(scope="module")
def prek() -> Instrument:
    return load_instrument(PREK_FILE)


# --- the shipped files -------------------------------------------------------------------


def test_toddler_has_two_domains_and_eight_dimensions(toddler: Instrument) -> None:
    assert [d.code for d in toddler.domains] == ["EBS", "ESL"]
    expected = ["PC", "NC", "TS", "RCP", "BG", "FLD", "QF", "LM"]
    assert [d.code for d in toddler.dimensions] == expected
    assert (toddler.id, toddler.version, toddler.family) == ("class-toddler", "2012", "toddler")


def test_prek_has_three_domains_ten_dimensions_and_42_indicators(prek: Instrument) -> None:
    assert [d.code for d in prek.domains] == ["ES", "CO", "IS"]
    expected = ["PC", "NC", "TS", "RSP", "BM", "PD", "ILF", "CD", "QF", "LM"]
    assert [d.code for d in prek.dimensions] == expected
    assert sum(len(d.indicators) for d in prek.dimensions) == 42
    assert (prek.id, prek.version, prek.family) == ("class-prek", "2008", "preschool")


def test_only_negative_climate_is_reverse_scored(toddler: Instrument, prek: Instrument) -> None:
    for instrument in (toddler, prek):
        assert [d.code for d in instrument.dimensions if d.reverse] == ["NC"]


def test_every_label_is_present_in_all_three_languages(
    toddler: Instrument, prek: Instrument
) -> None:
    for instrument in (toddler, prek):
        for labels in all_labels(instrument):
            assert all(getattr(labels, lang).strip() for lang in ("nb", "nn", "en")), labels


def test_file_hash_is_the_sha256_of_the_file_bytes_and_stable(toddler: Instrument) -> None:
    expected = hashlib.sha256(TODDLER_FILE.read_bytes()).hexdigest()
    assert toddler.file_hash == expected
    assert load_instrument(TODDLER_FILE).file_hash == expected


def test_both_files_use_the_same_scale_bands_and_cycle_rules(
    toddler: Instrument, prek: Instrument
) -> None:
    for instrument in (toddler, prek):
        scale, cycles = instrument.scale, instrument.cycles
        assert (scale.min, scale.max, scale.band_rule_for_means) == (1, 7, "nearest")
        assert [(b.code, b.min, b.max) for b in scale.bands] == [
            ("low", 1, 2),
            ("mid", 3, 5),
            ("high", 6, 7),
        ]
        assert (cycles.count, cycles.min_minutes, cycles.max_minutes) == (3, 15, 20)
        assert cycles.redo_below_minutes == 10
        assert len(cycles.settings) == 8


def test_indicator_codes_start_with_their_dimension_code(prek: Instrument) -> None:
    for dim in prek.dimensions:
        assert all(ind.code.startswith(f"{dim.code}.") for ind in dim.indicators)


def test_dimensions_know_their_domain(prek: Instrument) -> None:
    assert prek.dimension("ILF").domain_code == "CO"
    assert prek.domain("IS").dimensions[0].code == "CD"


def test_unknown_dimension_lookup_names_the_instrument(prek: Instrument) -> None:
    with pytest.raises(KeyError, match="class-prek@2008 has no dimension 'RCP'"):
        prek.dimension("RCP")


def test_proposed_labels_carry_their_evidence_code(toddler: Instrument) -> None:
    assert toddler.domain("EBS").labels.provenance.nb == "P"
    assert toddler.dimension("PC").labels.provenance.nb == "S"
    assert all(labels.provenance.nn == "P" for labels in (d.labels for d in toddler.dimensions))


def test_labels_fall_back_to_bokmal_for_an_unknown_language(prek: Instrument) -> None:
    qf = prek.dimension("QF").labels
    assert qf.get("nn") == "Kvalitet på tilbakemeldingar"
    assert qf.get("de") == qf.nb == "Kvalitet på tilbakemeldinger"


def test_instruments_are_frozen(prek: Instrument) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        prek.version = "2009"  # type: ignore[misc]


def test_load_instruments_keys_by_id_and_all_versions_by_key() -> None:
    assert sorted(load_instruments()) == ["class-prek", "class-toddler"]
    assert sorted(load_all_versions()) == ["class-prek@2008", "class-toddler@2012"]


def test_newest_version_wins_when_a_folder_holds_two(tmp_path: Path) -> None:
    shutil.copy(TODDLER_FILE, tmp_path)
    text = TODDLER_FILE.read_text(encoding="utf-8")
    newer = text.replace('version = "2012"', 'version = "2012.1"')
    (tmp_path / "class-toddler-2012.1.toml").write_text(newer, encoding="utf-8")
    assert load_instruments(tmp_path)["class-toddler"].key == "class-toddler@2012.1"
    assert len(load_all_versions(tmp_path)) == 2


def test_file_name_must_match_id_and_version(tmp_path: Path) -> None:
    shutil.copy(TODDLER_FILE, tmp_path / "toddler.toml")
    expected = r"toddler\.toml: file name must be class-toddler-2012"
    with pytest.raises(InstrumentError, match=expected):
        load_all_versions(tmp_path)


def test_age_groups_map_to_their_instruments() -> None:
    instruments = load_instruments()
    assert instrument_for_age_group(instruments, "toddler").id == "class-toddler"
    assert instrument_for_age_group(instruments, "preschool").id == "class-prek"
    with pytest.raises(KeyError, match="infant"):
        instrument_for_age_group(instruments, "infant")


def test_minimal_fake_instrument_loads(tmp_path: Path) -> None:
    instrument = load_instrument(write_variant(tmp_path))
    assert instrument.key == "fake@1"
    assert instrument.dimension("AA").labels.provenance.nb == "S"
    assert instrument.dimension("AA").labels.provenance.en is None
    assert instrument.dimension("AA").description.provenance.nn is None


# --- broken files ------------------------------------------------------------------------


def test_duplicate_dimension_code_is_rejected_with_key_path(tmp_path: Path) -> None:
    path = write_variant(tmp_path, ('code = "BB"', 'code = "AA"'), ('"BB.X"', '"AA.Z"'))
    assert error_of(path) == (
        "broken.toml: domains[1].dimensions[0].code: "
        "duplicate dimension code 'AA' (first at domains[0].dimensions[0].code)"
    )


def test_duplicate_domain_code_is_rejected_with_key_path(tmp_path: Path) -> None:
    path = write_variant(tmp_path, ('code = "D2"', 'code = "D1"'))
    assert "broken.toml: domains[1].code: duplicate domain code 'D1'" in error_of(path)


def test_duplicate_indicator_code_is_rejected_with_key_path(tmp_path: Path) -> None:
    path = write_variant(tmp_path, ('"AA.Y"', '"AA.X"'))
    message = error_of(path)
    assert "broken.toml: domains[0].dimensions[0].indicators[1].code" in message
    assert "duplicate indicator code 'AA.X'" in message


def test_duplicate_setting_code_is_rejected_with_key_path(tmp_path: Path) -> None:
    path = write_variant(tmp_path, ('code = "meal"', 'code = "free_play"'))
    assert "broken.toml: cycles.settings[1].code: duplicate setting code" in error_of(path)


def test_missing_nynorsk_label_is_rejected_with_key_path(tmp_path: Path) -> None:
    path = write_variant(tmp_path, ('nn = "Aa-nn", ', ""))
    assert error_of(path) == "broken.toml: domains[0].dimensions[0].labels.nn: missing label"


def test_empty_english_label_is_rejected_with_key_path(tmp_path: Path) -> None:
    path = write_variant(tmp_path, ('en = "Aa-en"', 'en = "  "'))
    assert error_of(path) == "broken.toml: domains[0].dimensions[0].labels.en: empty label"


def test_domain_without_dimensions_is_rejected_with_key_path(tmp_path: Path) -> None:
    block = MINIMAL[MINIMAL.index('[[domains.dimensions]]\ncode = "BB"') :]
    path = write_variant(tmp_path, (block, ""))
    assert error_of(path) == "broken.toml: domains[1].dimensions: missing required key"
    path = write_variant(tmp_path, (block, "dimensions = []\n"))
    assert error_of(path) == "broken.toml: domains[1].dimensions: must list at least one dimension"


def test_dimension_without_indicators_is_rejected_with_key_path(tmp_path: Path) -> None:
    old = 'indicators = [{ code = "BB.X", labels = { nb = "X", nn = "X", en = "X" } }]'
    path = write_variant(tmp_path, (old, "indicators = []"))
    assert error_of(path) == (
        "broken.toml: domains[1].dimensions[0].indicators: must list at least one indicator"
    )


def test_scale_with_min_not_below_max_is_rejected(tmp_path: Path) -> None:
    path = write_variant(tmp_path, ("max = 7\n", "max = 1\n"))
    assert "broken.toml: scale.max: scale max (1) must be greater than min (1)" in error_of(path)


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ('code = "mid", min = 3', 'code = "mid", min = 4', "scale.bands[1]"),  # gap
        ('code = "mid", min = 3', 'code = "mid", min = 2', "scale.bands[1]"),  # overlap
        ('"high", min = 6, max = 7', '"high", min = 6, max = 6', "scale.bands[2]"),
    ],
    ids=["gap", "overlap", "short_of_max"],
)
def test_bands_that_do_not_cover_the_scale_are_rejected(
    tmp_path: Path, old: str, new: str, where: str
) -> None:
    message = error_of(write_variant(tmp_path, (old, new)))
    assert message.startswith(f"broken.toml: {where}: ")


def test_bands_out_of_order_are_rejected(tmp_path: Path) -> None:
    path = write_variant(tmp_path, ('code = "mid"', 'code = "middle"'))
    assert "broken.toml: scale.bands: bands must be low, mid, high in that order" in error_of(path)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('"nearest"', '"round"', "scale.band_rule_for_means: unknown band rule 'round'"),
        ("count = 3", "count = 0", "cycles.count: at least one cycle is needed"),
        ("min_minutes = 15", "min_minutes = 25", "cycles.min_minutes: min_minutes (25)"),
        ("redo_below_minutes = 10", "redo_below_minutes = 16", "cycles.redo_below_minutes:"),
        ("reverse = false", 'reverse = "no"', "dimensions[0].reverse: expected true or false"),
        ("count = 3", "count = true", "cycles.count: expected an integer, got true or false"),
        ('id = "fake"\n', "", "broken.toml: id: missing required key"),
        ("reverse = false", "revers = false", "domains[0].dimensions[0].revers: unknown key"),
        ('provenance = { nb = "S" }', 'provenance = { nb = "X" }', "unknown evidence code 'X'"),
        ("format = 1", "format = 2", "broken.toml: format: unsupported format 2"),
        ('code = "AA.Y"', 'code = "BB.Y"', "indicators[1].code: 'BB.Y' does not match"),
    ],
    ids=[
        "unknown_band_rule",
        "no_cycles",
        "min_minutes_above_max",
        "redo_limit_above_min_minutes",
        "reverse_not_boolean",
        "count_boolean",
        "missing_id",
        "misspelt_key",
        "unknown_evidence_code",
        "unsupported_format",
        "indicator_under_wrong_dimension",
    ],
)
def test_invalid_values_are_rejected_with_key_path(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    message = error_of(write_variant(tmp_path, (old, new)))
    assert message.startswith("broken.toml: ")
    assert expected in message


def test_toml_syntax_error_names_the_file_and_line(tmp_path: Path) -> None:
    path = write_variant(tmp_path, ("count = 3", "count = = 3"))
    message = error_of(path)
    assert message.startswith("broken.toml: TOML syntax error:")
    assert "line" in message


def test_missing_file_is_an_instrument_error(tmp_path: Path) -> None:
    assert error_of(tmp_path / "nowhere.toml").startswith("nowhere.toml: cannot read file")
