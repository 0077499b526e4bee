"""Choose an observer for a visit, keeping to the rules and spreading the work."""

from datetime import date
from random import Random

from .people import Person

RANDOM_TRIES = 30


class ObserverPicker:
    """Pick certified observers from other kindergartens, at most one visit a day each."""

    def __init__(self, rng: Random, observers: list[Person]) -> None:
        self.rng = rng
        self.by_family: dict[str, list[Person]] = {}
        for person in observers:
            for family in person.certifications:
                self.by_family.setdefault(family, []).append(person)
        self.load: dict[int, int] = {p.id: 0 for p in observers}
        self.busy: set[tuple[int, date]] = set()

    def eligible(self, person: Person, family: str, kindergarten_id: int, day: date) -> bool:
        """Return True if person may observe a department of this kindergarten on day."""
        return (
            person.home_kindergarten_id != kindergarten_id
            and (person.id, day) not in self.busy
            and person.certified(family, day)
        )

    def pick(
        self, family: str, kindergarten_id: int, day: date, exclude: int | None = None
    ) -> Person | None:
        """Return an eligible observer (the less busy of two random ones), or None."""
        candidates = self.by_family.get(family, [])
        if not candidates:
            return None
        for _ in range(RANDOM_TRIES):
            pair = (self.rng.choice(candidates), self.rng.choice(candidates))
            fits = [
                p
                for p in pair
                if p.id != exclude and self.eligible(p, family, kindergarten_id, day)
            ]
            if fits:
                return self._book(min(fits, key=lambda p: self.load[p.id]), day)
        return self._scan(candidates, family, kindergarten_id, day, exclude)

    def _scan(
        self,
        candidates: list[Person],
        family: str,
        kindergarten_id: int,
        day: date,
        exclude: int | None,
    ) -> Person | None:
        # Rarely needed: early semesters, when only the first pool's observers are certified.
        fits = [
            p
            for p in candidates
            if p.id != exclude and self.eligible(p, family, kindergarten_id, day)
        ]
        if not fits:
            return None
        return self._book(min(fits, key=lambda p: (self.load[p.id], p.id)), day)

    def book(self, person: Person, day: date) -> Person:
        """Give person a visit on day (the caller checked `eligible`)."""
        return self._book(person, day)

    def _book(self, person: Person, day: date) -> Person:
        self.load[person.id] += 1
        self.busy.add((person.id, day))
        return person
