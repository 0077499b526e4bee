"""Pure scoring rules for CLASS® observations (DESIGN.md §4–§5).

Everything here takes plain values so that it can be used and tested without
the app, the database or an instrument file.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

BandCode = Literal["low", "mid", "high"]
BandRule = Literal["nearest", "floor"]

SCALE_MIN = 1
SCALE_MAX = 7

# Upper bounds (exclusive) of the low and mid bands for a mean, per rule.
_MEAN_THRESHOLDS: dict[str, tuple[float, float]] = {
    "nearest": (2.5, 5.5),
    "floor": (3.0, 6.0),
}
_MARK_VALUES: dict[str, int] = {"low": 1, "mid": 2, "high": 3}
# Guards the |k - s| <= 1 test against float noise such as 2.4999999999999996.
_EPSILON = 1e-9


def check_score(value: object) -> int:
    """Return value if it is an integer score 1–7, else raise ValueError."""
    # bool is an int subclass, but True is never a meaningful score.
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"A score must be a whole number from 1 to 7, not {value!r}.")
    if not SCALE_MIN <= value <= SCALE_MAX:
        raise ValueError(f"A score must be from 1 to 7, not {value}.")
    return value


def band_of_score(value: int) -> BandCode:
    """Return the band of an integer score: 1–2 low, 3–5 mid, 6–7 high."""
    check_score(value)
    if value <= 2:
        return "low"
    return "mid" if value <= 5 else "high"


def band_of_mean(mean: float, rule: BandRule = "nearest") -> BandCode:
    """Return the band of a mean score under the given band rule."""
    if rule not in _MEAN_THRESHOLDS:
        raise ValueError(f"Unknown band rule {rule!r}; use 'nearest' or 'floor'.")
    # `not (a <= x <= b)` also rejects NaN, which fails every comparison.
    if not SCALE_MIN <= mean <= SCALE_MAX:
        raise ValueError(f"A mean score must be from 1 to 7, not {mean!r}.")
    low_below, mid_below = _MEAN_THRESHOLDS[rule]
    # Sums of thirds can land a hair below a boundary (5.4999999999); the
    # true mean of whole scores never needs more than nine decimals.
    mean = round(mean, 9)
    if mean < low_below:
        return "low"
    return "mid" if mean < mid_below else "high"


def reverse_score(value: float, scale_min: int = SCALE_MIN, scale_max: int = SCALE_MAX) -> float:
    """Return the reverse-scored value (min + max) − x, e.g. 8 − NC."""
    return (scale_min + scale_max) - value


@dataclass(frozen=True)
class Spread:
    """Lowest and highest cycle score of a dimension."""

    min: int
    max: int

    @property
    def range(self) -> int:
        """Return max − min; 0 means the cycles agreed."""
        return self.max - self.min


def dimension_mean(cycle_scores: Sequence[int]) -> float:
    """Return the unrounded mean of a dimension's cycle scores."""
    if not cycle_scores:
        raise ValueError("A dimension mean needs at least one cycle score.")
    return sum(check_score(v) for v in cycle_scores) / len(cycle_scores)


def cycle_spread(cycle_scores: Sequence[int]) -> Spread:
    """Return the min–max spread of a dimension's cycle scores."""
    if not cycle_scores:
        raise ValueError("A spread needs at least one cycle score.")
    values = [check_score(v) for v in cycle_scores]
    return Spread(min=min(values), max=max(values))


def goodness(value: float, reverse: bool, scale_min: int = 1, scale_max: int = 7) -> float:
    """Return value on a higher-is-better scale, reversing it if needed."""
    return reverse_score(value, scale_min, scale_max) if reverse else value


def domain_mean(
    dimension_means: Mapping[str, float],
    reverse_codes: Collection[str],
    scale_min: int = SCALE_MIN,
    scale_max: int = SCALE_MAX,
) -> float:
    """Return the mean of dimension means, reverse dimensions entering as (min + max) − x."""
    if not dimension_means:
        raise ValueError("A domain mean needs at least one dimension mean.")
    values = [
        goodness(mean, code in reverse_codes, scale_min, scale_max)
        for code, mean in dimension_means.items()
    ]
    return sum(values) / len(values)


@dataclass(frozen=True)
class DimensionResult:
    """Scores and derived figures for one dimension of one observation."""

    code: str
    cycle_scores: tuple[int, ...]
    mean: float
    spread: Spread
    # Band of the raw mean; for Negative Climate "low" is the good result.
    band: BandCode


@dataclass(frozen=True)
class Summary:
    """Dimension and domain results of one observation."""

    dimensions: dict[str, DimensionResult]
    domains: dict[str, float | None]
    domain_bands: dict[str, BandCode | None]
    strengths: tuple[str, ...]
    growth_areas: tuple[str, ...]


def dimension_result(code: str, cycle_scores: Sequence[int], rule: BandRule) -> DimensionResult:
    """Return the mean, spread and band of one dimension's cycle scores."""
    mean = dimension_mean(cycle_scores)
    return DimensionResult(
        code=code,
        cycle_scores=tuple(cycle_scores),
        mean=mean,
        spread=cycle_spread(cycle_scores),
        band=band_of_mean(mean, rule),
    )


def _scores_by_dimension(
    scores: Mapping[tuple[int, str], int], order: Sequence[str]
) -> dict[str, list[int]]:
    """Group scores per dimension in instrument order, each list in cycle order."""
    unknown = sorted({code for _, code in scores} - set(order))
    if unknown:
        raise ValueError(f"Scores given for dimensions not in the instrument: {unknown}.")
    grouped: dict[str, list[int]] = {code: [] for code in order}
    for (_, code), value in sorted(scores.items(), key=lambda item: item[0][0]):
        grouped[code].append(value)
    return {code: values for code, values in grouped.items() if values}


def domain_means(
    dimension_means: Mapping[str, float],
    domains: Mapping[str, Sequence[str]],
    reverse_codes: Collection[str],
) -> dict[str, float | None]:
    """Return each domain's mean, or None while any of its dimensions is unscored."""
    result: dict[str, float | None] = {}
    for domain, codes in domains.items():
        if all(code in dimension_means for code in codes):
            means = {code: dimension_means[code] for code in codes}
            result[domain] = domain_mean(means, reverse_codes)
        else:
            result[domain] = None
    return result


def _domain_means(
    dimensions: Mapping[str, DimensionResult],
    domains: Mapping[str, Sequence[str]],
    reverse_codes: Collection[str],
) -> dict[str, float | None]:
    return domain_means({code: d.mean for code, d in dimensions.items()}, domains, reverse_codes)


def _ranked_by_goodness(
    dimensions: Mapping[str, DimensionResult], reverse_codes: Collection[str], best_first: bool
) -> list[str]:
    """Order dimension codes by goodness; ties keep instrument order (stable sort)."""
    sign = -1 if best_first else 1

    def key(code: str) -> float:
        # Rounded so that 8 − 4/3 and 20/3 tie instead of differing in the last bit.
        return sign * round(goodness(dimensions[code].mean, code in reverse_codes), 9)

    return sorted(dimensions, key=key)


def summarize(
    scores: Mapping[tuple[int, str], int],
    domains: Mapping[str, Sequence[str]],
    reverse_codes: Collection[str],
    rule: BandRule = "nearest",
) -> Summary:
    """Summarize an observation's (cycle, dimension) scores into dimensions and domains."""
    order = [code for codes in domains.values() for code in codes]
    dimensions = {
        code: dimension_result(code, values, rule)
        for code, values in _scores_by_dimension(scores, order).items()
    }
    domain_means = _domain_means(dimensions, domains, reverse_codes)
    return Summary(
        dimensions=dimensions,
        domains=domain_means,
        domain_bands={
            d: None if m is None else band_of_mean(m, rule) for d, m in domain_means.items()
        },
        strengths=tuple(_ranked_by_goodness(dimensions, reverse_codes, best_first=True)[:2]),
        growth_areas=tuple(_ranked_by_goodness(dimensions, reverse_codes, best_first=False)[:2]),
    )


def suggested_scores(marks: Sequence[str], all_indicator_count: int) -> tuple[int, ...]:
    """Return the scores suggested by indicator marks, or () until every indicator is marked."""
    unknown = [mark for mark in marks if mark not in _MARK_VALUES]
    if unknown:
        raise ValueError(f"Indicator marks must be low, mid or high, not {unknown}.")
    if not marks or len(marks) != all_indicator_count:
        return ()
    m = sum(_MARK_VALUES[mark] for mark in marks) / len(marks)
    s = 1 + 3 * (m - 1)
    return tuple(k for k in range(SCALE_MIN, SCALE_MAX + 1) if abs(k - s) <= 1 + _EPSILON)


IssueCode = Literal[
    "missing_times", "ends_before_start", "too_short_redo", "needs_deviation_reason"
]


@dataclass(frozen=True)
class CycleTiming:
    """When a cycle ran, and why it deviated from the 15–20 minute window."""

    number: int
    started_at: datetime | None
    ended_at: datetime | None
    deviation_reason: str | None = None

    @property
    def minutes(self) -> float | None:
        """Return the duration in minutes, or None while a time is missing."""
        if self.started_at is None or self.ended_at is None:
            return None
        return (self.ended_at - self.started_at).total_seconds() / 60

    @property
    def has_reason(self) -> bool:
        """Return True if a non-blank deviation reason is recorded."""
        return bool(self.deviation_reason and self.deviation_reason.strip())


@dataclass(frozen=True)
class CycleIssue:
    """An unresolved timing problem with one cycle; every one blocks submission."""

    cycle: int
    code: IssueCode

    @property
    def fixable_by_reason(self) -> bool:
        """Return True if entering a deviation reason resolves the issue."""
        return self.code == "needs_deviation_reason"


def _timing_issue(
    cycle: CycleTiming, min_minutes: float, max_minutes: float, redo_below_minutes: float
) -> IssueCode | None:
    """Return the most important timing problem of one cycle, if any."""
    minutes = cycle.minutes
    if minutes is None:
        return "missing_times"
    if minutes < 0:
        return "ends_before_start"
    if minutes < redo_below_minutes:
        # A reason cannot rescue a cycle cut short this early; it must be redone.
        return "too_short_redo"
    if (minutes < min_minutes or minutes > max_minutes) and not cycle.has_reason:
        return "needs_deviation_reason"
    return None


def cycle_duration_issues(
    cycles: Sequence[CycleTiming],
    min_minutes: float = 15,
    max_minutes: float = 20,
    redo_below_minutes: float = 10,
) -> tuple[CycleIssue, ...]:
    """Return the timing issues that block submission, in the order of the cycles given."""
    issues = []
    for cycle in cycles:
        code = _timing_issue(cycle, min_minutes, max_minutes, redo_below_minutes)
        if code is not None:
            issues.append(CycleIssue(cycle=cycle.number, code=code))
    return tuple(issues)


MissingKind = Literal["score", "cycle_times", "cycle"]


@dataclass(frozen=True)
class Missing:
    """Something still needed before an observation can be submitted."""

    kind: MissingKind
    cycle: int
    dimension: str | None = None


def _missing_cycle(number: int, by_number: Mapping[int, CycleTiming]) -> Missing | None:
    """Return what is missing about cycle `number` itself, if anything."""
    cycle = by_number.get(number)
    if cycle is None:
        return Missing(kind="cycle", cycle=number)
    if cycle.started_at is None or cycle.ended_at is None:
        return Missing(kind="cycle_times", cycle=number)
    return None


def missing_for_submission(
    scores: Mapping[tuple[int, str], int],
    dimension_codes: Sequence[str],
    cycle_count: int,
    cycles: Sequence[CycleTiming],
) -> tuple[Missing, ...]:
    """List every missing cycle, cycle time and score, by cycle then instrument order."""
    by_number = {cycle.number: cycle for cycle in cycles}
    missing: list[Missing] = []
    for number in range(1, cycle_count + 1):
        cycle_gap = _missing_cycle(number, by_number)
        if cycle_gap is not None:
            missing.append(cycle_gap)
        missing.extend(
            Missing(kind="score", cycle=number, dimension=code)
            for code in dimension_codes
            if (number, code) not in scores
        )
    return tuple(missing)


def completeness(
    scores: Mapping[tuple[int, str], int],
    dimension_codes: Sequence[str],
    cycle_count: int,
) -> float:
    """Return the share (0–1) of required (cycle, dimension) scores that are present."""
    required = [(n, code) for n in range(1, cycle_count + 1) for code in dimension_codes]
    if not required:
        return 1.0  # Nothing is required, so nothing is missing.
    return sum(key in scores for key in required) / len(required)
