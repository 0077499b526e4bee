"""Pre-fill the written feedback from an observation's summary and evidence notes (pure).

The observer always edits the result; this only saves them from starting on a blank page.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from analysis.scoring import Summary, goodness

STRENGTH_COUNT = 2
GROWTH_AREA_COUNT = 2
EXAMPLES_PER_STRENGTH = 2
# A reverse-scored dimension (Negative Climate) at or above this mean always becomes the
# first growth area: negativity harms children whatever else goes well.
NEGATIVE_CONCERN_AT = 2.0


@dataclass(frozen=True)
class Evidence:
    """One evidence note and the score the observer gave in that cycle."""

    cycle: int
    score: int
    note: str


@dataclass(frozen=True)
class StrengthDraft:
    """A dimension to praise, with concrete examples from the notes."""

    code: str
    mean: float
    examples: tuple[str, ...]


@dataclass(frozen=True)
class GrowthAreaDraft:
    """A dimension to work on, with the example that shows it best (if a note exists)."""

    code: str
    mean: float
    example: str | None


@dataclass(frozen=True)
class FeedbackDraft:
    """The suggested strengths, growth areas and the dimension to work on next."""

    strengths: tuple[StrengthDraft, ...]
    growth_areas: tuple[GrowthAreaDraft, ...]
    next_dimension: str | None


def draft_feedback(
    summary: Summary,
    evidence: Mapping[str, Sequence[Evidence]],
    reverse_codes: Collection[str],
    *,
    strength_count: int = STRENGTH_COUNT,
    growth_area_count: int = GROWTH_AREA_COUNT,
) -> FeedbackDraft:
    """Suggest strengths (best dimensions) and growth areas (weakest), with examples."""
    strength_codes = _strength_codes(summary, reverse_codes, strength_count)
    growth_codes = _growth_codes(summary, reverse_codes, growth_area_count, strength_codes)
    means = {code: result.mean for code, result in summary.dimensions.items()}
    strengths = tuple(
        StrengthDraft(code, means[code], _best_examples(code, evidence, reverse_codes))
        for code in strength_codes
    )
    growth_areas = tuple(
        GrowthAreaDraft(code, means[code], _weakest_example(code, evidence, reverse_codes))
        for code in growth_codes
    )
    next_dimension = growth_codes[0] if growth_codes else None
    return FeedbackDraft(strengths, growth_areas, next_dimension)


def _goodness_of(summary: Summary, code: str, reverse_codes: Collection[str]) -> float:
    # Rounded so that 8 − 4/3 and 20/3 tie instead of differing in the last bit.
    return round(goodness(summary.dimensions[code].mean, code in reverse_codes), 9)


def _strength_codes(summary: Summary, reverse_codes: Collection[str], count: int) -> list[str]:
    """The best dimensions; "no negativity" is expected, so it is never praised as a strength."""
    candidates = [code for code in summary.dimensions if code not in reverse_codes]
    ranked = sorted(candidates, key=lambda code: -_goodness_of(summary, code, reverse_codes))
    return ranked[:count]


def _growth_codes(
    summary: Summary, reverse_codes: Collection[str], count: int, exclude: Collection[str]
) -> list[str]:
    """Negativity of concern first, then the weakest other dimensions (ties: instrument order)."""
    concerns = [
        code
        for code in summary.dimensions
        if code in reverse_codes and summary.dimensions[code].mean >= NEGATIVE_CONCERN_AT
    ]
    others = [c for c in summary.dimensions if c not in reverse_codes and c not in exclude]
    ranked = sorted(others, key=lambda code: _goodness_of(summary, code, reverse_codes))
    return (concerns + ranked)[:count]


def _notes_by_goodness(
    code: str,
    evidence: Mapping[str, Sequence[Evidence]],
    reverse_codes: Collection[str],
    best_first: bool,
) -> list[str]:
    """Non-blank notes of a dimension, ordered by how good that cycle's score was."""
    sign = -1 if best_first else 1
    items = [item for item in evidence.get(code, ()) if item.note and item.note.strip()]
    items.sort(key=lambda item: (sign * goodness(item.score, code in reverse_codes), item.cycle))
    notes: list[str] = []
    for item in items:
        note = item.note.strip()
        if note not in notes:
            notes.append(note)
    return notes


def _best_examples(
    code: str, evidence: Mapping[str, Sequence[Evidence]], reverse_codes: Collection[str]
) -> tuple[str, ...]:
    return tuple(_notes_by_goodness(code, evidence, reverse_codes, True)[:EXAMPLES_PER_STRENGTH])


def _weakest_example(
    code: str, evidence: Mapping[str, Sequence[Evidence]], reverse_codes: Collection[str]
) -> str | None:
    notes = _notes_by_goodness(code, evidence, reverse_codes, False)
    return notes[0] if notes else None
