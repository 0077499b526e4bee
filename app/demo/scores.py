"""Realistic CLASS® scores for the demo (CLASS.md §5).

A department has a true level per dimension: the programme mean plus a shared department
factor, a domain factor and a dimension's own part, which gives correlations of about 0.6
within a domain and 0.4 across. Learning-support dimensions start lower and improve over a
pool's first semesters. A cycle score is the level plus noise, rounded and clipped to 1–7.
"""

import math
from dataclasses import dataclass
from random import Random

from analysis.instruments import Instrument

SHARED, DOMAIN, OWN = math.sqrt(0.4), math.sqrt(0.2), math.sqrt(0.4)
CYCLE_SHARED, CYCLE_OWN = 0.5, math.sqrt(0.75)
OCCASION_SD = 0.2  # how much a department's level moves from one visit to the next
START_BELOW = 0.6  # learning support starts this far below the long-run mean
IMPROVING_SEMESTERS = 4
NEGATIVE_SHARE = 0.10  # cycles with any negative climate (NC above 1)

# (family, dimension) -> (mean, SD between departments, SD within a department across cycles)
LEVELS: dict[tuple[str, str], tuple[float, float, float]] = {
    ("toddler", "PC"): (5.9, 0.5, 0.6),
    ("toddler", "TS"): (5.7, 0.5, 0.7),
    ("toddler", "RCP"): (5.3, 0.6, 0.7),
    ("toddler", "BG"): (5.3, 0.6, 0.7),
    ("toddler", "FLD"): (3.8, 0.7, 0.9),
    ("toddler", "QF"): (3.0, 0.7, 0.9),
    ("toddler", "LM"): (3.3, 0.7, 0.9),
    ("preschool", "PC"): (5.8, 0.5, 0.6),
    ("preschool", "TS"): (5.5, 0.6, 0.7),
    ("preschool", "RSP"): (5.0, 0.6, 0.8),
    ("preschool", "BM"): (5.6, 0.6, 0.7),
    ("preschool", "PD"): (5.7, 0.5, 0.7),
    ("preschool", "ILF"): (4.8, 0.7, 0.8),
    ("preschool", "CD"): (2.6, 0.7, 0.9),
    ("preschool", "QF"): (2.8, 0.7, 0.9),
    ("preschool", "LM"): (3.2, 0.7, 0.9),
}
UNKNOWN_LEVEL = (4.5, 0.7, 0.8)
LEARNING_SUPPORT = {
    "toddler": frozenset({"FLD", "QF", "LM"}),
    "preschool": frozenset({"CD", "QF", "LM", "ILF"}),
}


@dataclass
class DepartmentProfile:
    """A department's true levels and how it develops."""

    levels: dict[str, float]  # dimension -> long-run mean (NC excluded)
    within: dict[str, float]  # dimension -> SD across cycles
    learning: frozenset[str]
    gain: float  # improvement per semester in the first semesters
    negative_share: float  # chance that a cycle shows some negative climate
    reverse: frozenset[str]


def new_profile(rng: Random, instrument: Instrument) -> DepartmentProfile:
    """Draw a department's levels for the dimensions of its instrument."""
    department = rng.gauss(0, 1)
    domains = {domain.code: rng.gauss(0, 1) for domain in instrument.domains}
    levels, within = {}, {}
    for dim in instrument.dimensions:
        if dim.reverse:
            continue
        mean, between, within_sd = LEVELS.get((instrument.family, dim.code), UNKNOWN_LEVEL)
        z = SHARED * department + DOMAIN * domains[dim.domain_code] + OWN * rng.gauss(0, 1)
        levels[dim.code], within[dim.code] = mean + between * z, within_sd
    # Warmer departments show less negativity; the factor keeps the average share at 10 %.
    spread = rng.gauss(0, 0.6) - 0.3 * department - 0.5 * (0.36 + 0.09)
    return DepartmentProfile(
        levels=levels,
        within=within,
        learning=LEARNING_SUPPORT.get(instrument.family, frozenset()),
        gain=rng.uniform(0.1, 0.3),
        negative_share=min(0.6, NEGATIVE_SHARE * math.exp(spread)),
        reverse=frozenset(d.code for d in instrument.dimensions if d.reverse),
    )


def visit_levels(rng: Random, profile: DepartmentProfile, semesters_in: int) -> dict[str, float]:
    """Return the department's levels on a visit in its pool's n-th semester (0 = first)."""
    occasion = rng.gauss(0, OCCASION_SD)
    growth = profile.gain * min(semesters_in, IMPROVING_SEMESTERS) - START_BELOW
    return {
        code: level + occasion + (growth if code in profile.learning else 0.0)
        for code, level in profile.levels.items()
    }


def cycle_scores(
    rng: Random, profile: DepartmentProfile, levels: dict[str, float], codes: list[str]
) -> dict[str, int]:
    """Return one cycle's scores for the given dimensions, in that order."""
    shared = rng.gauss(0, 1)
    scores = {}
    for code in codes:
        if code in profile.reverse:
            scores[code] = negative_climate(rng, profile.negative_share)
            continue
        noise = profile.within[code] * (CYCLE_SHARED * shared + CYCLE_OWN * rng.gauss(0, 1))
        scores[code] = clip(round(levels[code] + noise))
    return scores


def negative_climate(rng: Random, share: float) -> int:
    """Return an NC score: about 90 % 1s, 8 % 2s and 2 % 3 or more over all cycles."""
    if rng.random() >= share:
        return 1
    if rng.random() < 0.8:
        return 2
    return 3 if rng.random() < 0.75 else 4


def clip(value: int) -> int:
    """Keep a score on the 1–7 scale."""
    return 1 if value < 1 else 7 if value > 7 else value


def second_opinion(rng: Random, value: int, spread: float) -> int:
    """Return a double-coder's score for a primary score: mostly equal, nearly always ±1."""
    draw = rng.random()
    if draw < 0.6 - spread:
        return value
    step = 2 if draw > 0.97 - spread else 1
    return clip(value + (step if rng.random() < 0.5 else -step))


def indicator_marks(rng: Random, score: int, indicator_codes: list[str]) -> dict[str, str]:
    """Return low/mid/high marks that fit a score, as an observer might have set them."""
    base = 0 if score <= 2 else 1 if score <= 5 else 2
    marks = {}
    for code in indicator_codes:
        level = base + (rng.choice((-1, 1)) if rng.random() < 0.25 else 0)
        marks[code] = ("low", "mid", "high")[min(2, max(0, level))]
    return marks
