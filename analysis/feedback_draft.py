"""Pre-fill the written feedback from an observation's summary and evidence notes (pure).

The observer always edits the result; this only saves them from starting on a blank page.
The draft quotes the observer's own notes: a dimension's note from the cycle that shows it
best (strength) or worst (growth area), else the note on that cycle as a whole. The wording
comes in as `Phrases` (already translated), so this module knows no language.
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
class Quote:
    """A note to quote: the dimension's own note of a cycle, or the note on the whole cycle."""

    cycle: int
    note: str
    whole_cycle: bool = False


@dataclass(frozen=True)
class StrengthDraft:
    """A dimension to praise, with concrete examples from the notes."""

    code: str
    mean: float
    quotes: tuple[Quote, ...]
    cycle_scores: tuple[int, ...] = ()

    @property
    def examples(self) -> tuple[str, ...]:
        return tuple(quote.note for quote in self.quotes)


@dataclass(frozen=True)
class GrowthAreaDraft:
    """A dimension to work on, with the note that shows it best (if there is one)."""

    code: str
    mean: float
    quote: Quote | None
    cycle_scores: tuple[int, ...] = ()

    @property
    def example(self) -> str | None:
        return self.quote.note if self.quote else None


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
    cycle_notes: Mapping[int, str] | None = None,
    strength_count: int = STRENGTH_COUNT,
    growth_area_count: int = GROWTH_AREA_COUNT,
) -> FeedbackDraft:
    """Suggest strengths (best dimensions) and growth areas (weakest), with examples."""
    strength_codes = _strength_codes(summary, reverse_codes, strength_count)
    growth_codes = _growth_codes(summary, reverse_codes, growth_area_count, strength_codes)
    results = summary.dimensions
    notes = _Notes(evidence, reverse_codes, cycle_notes or {})
    strengths = tuple(
        StrengthDraft(
            code,
            results[code].mean,
            notes.best(code, results[code].cycle_scores),
            results[code].cycle_scores,
        )  # fmt: skip
        for code in strength_codes
    )
    growth_areas = tuple(
        GrowthAreaDraft(
            code,
            results[code].mean,
            notes.weakest(code, results[code].cycle_scores),
            results[code].cycle_scores,
        )  # fmt: skip
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


class _Notes:
    """The observer's notes, ordered by how good the cycle's score for a dimension was."""

    def __init__(self, evidence, reverse_codes, cycle_notes: Mapping[int, str]) -> None:
        self.evidence: Mapping[str, Sequence[Evidence]] = evidence
        self.reverse_codes: Collection[str] = reverse_codes
        self.cycle_notes = {
            n: text.strip() for n, text in cycle_notes.items() if text and text.strip()
        }

    def best(self, code: str, cycle_scores: Sequence[int]) -> tuple[Quote, ...]:
        quotes = self._own(code, best_first=True)[:EXAMPLES_PER_STRENGTH]
        return tuple(quotes) or self._whole_cycle(code, cycle_scores, best_first=True)

    def weakest(self, code: str, cycle_scores: Sequence[int]) -> Quote | None:
        quotes = self._own(code, best_first=False) or self._whole_cycle(code, cycle_scores, False)
        return quotes[0] if quotes else None

    def _goodness(self, code: str, score: int) -> float:
        return goodness(score, code in self.reverse_codes)

    def _own(self, code: str, best_first: bool) -> list[Quote]:
        """Non-blank notes of the dimension, best (or worst) cycle first, each note once."""
        sign = -1 if best_first else 1
        items = [item for item in self.evidence.get(code, ()) if item.note and item.note.strip()]
        items.sort(key=lambda item: (sign * self._goodness(code, item.score), item.cycle))
        quotes: list[Quote] = []
        for item in items:
            if item.note.strip() not in {quote.note for quote in quotes}:
                quotes.append(Quote(item.cycle, item.note.strip()))
        return quotes

    def _whole_cycle(self, code: str, cycle_scores: Sequence[int], best_first: bool):
        """The note on the cycle where the dimension scored best (or worst), if it has one."""
        sign = -1 if best_first else 1
        cycles = sorted(
            range(1, len(cycle_scores) + 1),
            key=lambda n: (sign * self._goodness(code, cycle_scores[n - 1]), n),
        )
        return tuple(
            Quote(n, self.cycle_notes[n], whole_cycle=True)
            for n in cycles[:1]
            if n in self.cycle_notes
        )


@dataclass(frozen=True)
class Phrases:
    """The draft's sentences in the reader's language, with %-style placeholders.

    `dimension` is filled with `name` (the plain name, then the code), `score` with the mean
    (two decimals) and `cycles` with the cycle scores in cycle order.
    """

    name: str  # "%(name)s (%(code)s)"
    strength: str  # "%(dimension)s was a strength: %(score)s … (cycles %(cycles)s)."
    growth: str  # "%(dimension)s had one of the lowest scores: %(score)s …"
    negativity: str  # "%(dimension)s: some negativity was seen … low is good."
    note: str  # "In cycle %(cycle)d you noted: “%(note)s”"
    cycle_note: str  # "Your note on cycle %(cycle)d: “%(note)s”"


@dataclass(frozen=True)
class DraftText:
    """The draft as text: the strengths, and (dimension code, "what we saw") per growth area."""

    strengths: str
    growth_areas: tuple[tuple[str, str], ...]


def draft_text(
    draft: FeedbackDraft,
    names: Mapping[str, str],
    phrases: Phrases,
    reverse_codes: Collection[str],
) -> DraftText:
    """Write the draft out: plain dimension names before codes, the observer's notes quoted."""

    def opening(template: str, code: str, mean: float, cycle_scores: Sequence[int]) -> str:
        dimension = phrases.name % {"name": names.get(code, code), "code": code}
        cycles = ", ".join(str(score) for score in cycle_scores)
        return template % {"dimension": dimension, "score": f"{mean:.2f}", "cycles": cycles}

    def quoted(quotes: Sequence[Quote]) -> str:
        return "".join(
            " "
            + (phrases.cycle_note if q.whole_cycle else phrases.note)
            % {"cycle": q.cycle, "note": q.note}
            for q in quotes
        )

    strengths = [
        opening(phrases.strength, s.code, s.mean, s.cycle_scores) + quoted(s.quotes)
        for s in draft.strengths
    ]
    growth = tuple(
        (
            g.code,
            opening(
                phrases.negativity if g.code in reverse_codes else phrases.growth,
                g.code,
                g.mean,
                g.cycle_scores,
            )
            + quoted([g.quote] if g.quote else []),
        )
        for g in draft.growth_areas
    )
    return DraftText("\n\n".join(strengths), growth)
