"""The README sheet (what every sheet and column holds, the rules behind the numbers, the band
rule in force) and the follow-up reasons, in the export's language: nb, nn or en.

The texts live in export_text_<language>.py, one table per language with the same keys; no
gettext here, as analysis/ runs without Flask (the CLI and benchmarks call it directly).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import ModuleType

from analysis import export_text_en, export_text_nb, export_text_nn
from analysis.agreement import MIN_VISITS, WITHIN_ONE_BAR
from analysis.followup import Flag, Thresholds
from analysis.xlsx_rows import EXCEL_MAX_ROWS

LANGUAGES: dict[str, ModuleType] = {
    "nb": export_text_nb,
    "nn": export_text_nn,
    "en": export_text_en,
}
# instrument id -> (band rule for means, (low below, mid below)), as the export found them
BandRules = Mapping[str, tuple[str, tuple[float, float]]]


def texts(language: str) -> ModuleType:
    """Return the text tables of a language, refusing one the export is not written in."""
    if language not in LANGUAGES:
        raise ValueError(f"The export is written in {', '.join(LANGUAGES)}, not {language!r}.")
    return LANGUAGES[language]


def decimal(value: float, language: str, places: int = 2) -> str:
    """Write a number with a decimal comma in Norwegian, a point in English."""
    text = f"{value:.{places}f}"
    return text if language == "en" else text.replace(".", ",")


def _cut(value: float, language: str) -> str:
    """Write a band limit as short as it is exact: 3, 2.5 (2,5)."""
    return decimal(value, language, 0 if value == int(value) else 1)


def _whole(value: int, language: str) -> str:
    text = f"{value:,}"
    return text if language == "en" else text.replace(",", "\u00a0")


def readme_rows(
    filters: Mapping[str, tuple],
    thresholds: Thresholds | None = None,
    *,
    band_rules: BandRules | None = None,
    language: str = "nb",
) -> list[tuple[str, str]]:
    """Return the README sheet as (topic, explanation) rows."""
    text = texts(language)
    h = text.HEADINGS
    chosen = "; ".join(f"{k} = {', '.join(map(str, v))}" for k, v in filters.items())
    rows = [
        (h["title"], h["trademark"]),
        (h["language"], h["language_name"]),
        (h["filters"], chosen or h["no_filters"]),
        ("", ""),
        (h["sheet"], h["holds"]),
    ]
    rows += list(text.SHEETS.items())
    rows += [("", ""), (h["rule"], h["explanation"])] + _rules(text, language)
    rows += _band_rules(text, band_rules or {}, language)
    rows.append(_follow_up_rule(text, thresholds or Thresholds(), language))
    rows += [("", ""), (h["column"], h["meaning"])] + sorted(text.COLUMNS.items())
    return rows


def _rules(text: ModuleType, language: str) -> list[tuple[str, str]]:
    values = {
        "max_rows": _whole(EXCEL_MAX_ROWS, language),
        "data_rows": _whole(EXCEL_MAX_ROWS - 1, language),
        "too_few": MIN_VISITS,
        "bar": f"{100 * WITHIN_ONE_BAR:.0f}\u00a0%",
    }
    return [(topic, explanation.format(**values)) for topic, explanation in text.RULES]


def _band_rules(text: ModuleType, rules: BandRules, language: str) -> list[tuple[str, str]]:
    """One row per instrument: the band rule for means in force, with its cut points."""
    return [
        (
            text.BAND_RULE_TOPIC,
            text.BAND_RULE.format(
                instrument=instrument, rule=rule, low=_cut(low, language), mid=_cut(mid, language)
            ),
        )  # fmt: skip
        for instrument, (rule, (low, mid)) in sorted(rules.items())
    ]


def _follow_up_rule(text: ModuleType, t: Thresholds, language: str) -> tuple[str, str]:
    """The follow-up rules with the thresholds in force (analysis/followup.py)."""
    topic, explanation = text.FOLLOW_UP
    return topic, explanation.format(
        negative_climate_from=decimal(t.negative_climate_from, language),
        support_below=decimal(t.support_below, language),
        drop=decimal(t.drop, language),
        bottom_share=f"{100 * t.bottom_share:.0f}\u00a0%",
    )


def flag_reason(flag: Flag, language: str) -> str:
    """Return a follow-up flag's reason in the export's language (Flag.reason is English)."""
    previous = flag.previous_value

    def number(value: float | None) -> str:
        return "" if value is None else decimal(value, language)

    change = None if previous is None else flag.value - previous
    return texts(language).REASONS[flag.rule].format(
        code=flag.code, semester=flag.semester, value=number(flag.value),
        limit=number(flag.threshold), previous_semester=flag.previous_semester or "",
        previous_value=number(previous),
        change="" if change is None else ("+" if change >= 0 else "") + number(change),
    )  # fmt: skip
