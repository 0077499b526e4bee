"""Written feedback for released demo observations."""

from datetime import date, datetime, timedelta
from random import Random

from .texts import LEADER_COMMENTS, MEETING_ATTENDEES, growth_area, strength_text

ACKNOWLEDGED_SHARE = 0.85
NEGATIVE_CLIMATE_CONCERN = 2.0  # an NC mean at or above this becomes the first growth area


def feedback_row(
    rng: Random,
    *,
    feedback_id: int,
    observation_id: object,
    means: dict[str, float],
    reverse: frozenset[str],
    meeting_at: datetime,
    released_at: datetime,
    leader_id: int | None,
    today: date,
) -> dict:
    """Return the Feedback row of a released observation, built from its dimension means."""
    growth = _growth_areas(rng, means, reverse)
    acknowledged_at = _acknowledged_at(rng, released_at, today) if leader_id else None
    comment = rng.choice(LEADER_COMMENTS) if acknowledged_at and rng.random() < 0.3 else None
    return {
        "id": feedback_id,
        "observation_id": observation_id,
        "strengths": _strengths(means, reverse),
        "growth_areas": growth,
        "next_dimension": growth[0]["dimension"],
        "meeting_held_at": meeting_at,
        "meeting_attendees": MEETING_ATTENDEES,
        "released_at": released_at,
        "acknowledged_at": acknowledged_at,
        "acknowledged_by_id": leader_id if acknowledged_at else None,
        "leader_comment": comment,
    }


def _strengths(means: dict[str, float], reverse: frozenset[str]) -> str:
    best = sorted((c for c in means if c not in reverse), key=lambda c: (-means[c], c))[:2]
    return " ".join(strength_text(code) for code in best)


def _growth_areas(
    rng: Random, means: dict[str, float], reverse: frozenset[str]
) -> list[dict[str, str]]:
    """Return one or two growth areas, usually among the three weakest dimensions."""
    concerns = [c for c in means if c in reverse and means[c] >= NEGATIVE_CLIMATE_CONCERN]
    weakest = sorted((c for c in means if c not in reverse), key=lambda c: (means[c], c))[:3]
    picked = sorted(rng.sample(weakest, min(2, len(weakest))), key=lambda c: (means[c], c))
    codes = (concerns + picked)[: 1 if rng.random() < 0.2 else 2]
    return [growth_area(code) for code in codes]


def _acknowledged_at(rng: Random, released_at: datetime, today: date) -> datetime | None:
    if rng.random() >= ACKNOWLEDGED_SHARE:
        return None
    at = released_at + timedelta(days=rng.randint(1, 10), hours=rng.randint(0, 6))
    return at if at.date() < today else None
