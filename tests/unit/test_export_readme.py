"""The export's README and follow-up reasons in bokmål, nynorsk and English: the same topics in
every language, every sheet and column explained, the band rule in force named with its cut
points, and no placeholder left unfilled."""

import re
import string

import pytest

from analysis import export_text_en
from analysis.export_readme import LANGUAGES, decimal, flag_reason, readme_rows
from analysis.export_xlsx import SHEETS
from analysis.followup import Flag, Thresholds

BAND_RULES = {"class-prek": ("nearest", (2.5, 5.5)), "class-toddler": ("floor", (3.0, 6.0))}
FLAGS = [
    Flag("negative_climate", "NC", "2025V", 3.25, 3.0),
    Flag("low_support", "ES", "2025V", 2.1666666, 2.5),
    Flag("drop", "IS", "2025V", 3.5, 1.0, "2024H", 4.75),
    Flag("bottom_decile", "CO", "2025V", 2.9, 3.1, "2024H", 3.0),
]


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_every_language_has_the_english_keys_and_placeholders(language):
    text = LANGUAGES[language]
    assert text.HEADINGS.keys() == export_text_en.HEADINGS.keys()
    assert text.SHEETS.keys() == export_text_en.SHEETS.keys()
    assert text.COLUMNS.keys() == export_text_en.COLUMNS.keys()
    assert text.REASONS.keys() == export_text_en.REASONS.keys()
    assert len(text.RULES) == len(export_text_en.RULES)
    pairs = [(a[1], b[1]) for a, b in zip(text.RULES, export_text_en.RULES, strict=True)]
    pairs += [(text.FOLLOW_UP[1], export_text_en.FOLLOW_UP[1])]
    pairs += [(text.BAND_RULE, export_text_en.BAND_RULE)]
    pairs += [(text.REASONS[k], export_text_en.REASONS[k]) for k in text.REASONS]
    for translated, english in pairs:
        assert _fields(translated) == _fields(english), translated


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_the_readme_explains_every_sheet_and_column_and_names_the_band_rule(language):
    rows = readme_rows({"semester": ("2025V",)}, Thresholds(), band_rules=BAND_RULES,
                       language=language)  # fmt: skip
    topics = {topic for topic, _ in rows}
    for sheet in SHEETS:
        assert sheet.title in topics and set(sheet.columns) <= topics, sheet.title
    texts = "\n".join(text for _, text in rows)
    assert not re.search(r"\{[a-z_]*\}", texts)  # every placeholder filled
    band_rows = [text for topic, text in rows if topic == LANGUAGES[language].BAND_RULE_TOPIC]
    comma = "." if language == "en" else ","
    assert band_rows == [
        LANGUAGES[language].BAND_RULE.format(
            instrument="class-prek", rule="nearest", low=f"2{comma}5", mid=f"5{comma}5"
        ),
        LANGUAGES[language].BAND_RULE.format(instrument="class-toddler", rule="floor", low="3",
                                             mid="6"),
    ]  # fmt: skip
    assert "semester = 2025V" in texts and "ICC(2,1)" in texts and "8 − NC" in texts


def test_the_readme_is_in_the_language_asked_for():
    nb, nn, en = (dict(readme_rows({}, language=code)) for code in ("nb", "nn", "en"))
    assert nb["Språk"] == "bokmål" and nn["Språk"] == "nynorsk" and en["Language"] == "English"
    assert "Samsvar" in nb and "Samsvar" in nn and "Agreement" in en
    with pytest.raises(ValueError, match="nb, nn, en"):
        readme_rows({}, language="de")


def test_english_reasons_read_as_the_follow_up_rules_own():
    for flag in FLAGS:
        assert flag_reason(flag, "en") == flag.reason


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_norwegian_reasons_use_a_decimal_comma(language):
    reasons = [flag_reason(flag, language) for flag in FLAGS]
    assert "3,25" in reasons[0] and "2,17" in reasons[1] and "-1,25" in reasons[2]
    assert all("{" not in reason and "." not in reason for reason in reasons)
    assert decimal(2.5, language) == "2,50" and decimal(2.5, "en") == "2.50"
