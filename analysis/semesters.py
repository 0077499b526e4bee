"""Semesters written "YYYYV" (January–June, vår) or "YYYYH" (July–December, høst)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import total_ordering
from typing import Literal

Half = Literal["V", "H"]

# [0-9] rather than \d, which would also accept non-ASCII digits.
_PATTERN = re.compile(r"([1-9][0-9]{3})([VH])")
_LABELS: dict[str, dict[str, str]] = {
    "nb": {"V": "vår", "H": "høst"},
    "nn": {"V": "vår", "H": "haust"},
    "en": {"V": "spring", "H": "autumn"},
}


@total_ordering
@dataclass(frozen=True)
class Semester:
    """One half-year of the programme; orders chronologically (2024H < 2025V)."""

    year: int
    half: Half

    def __post_init__(self) -> None:
        if self.half not in ("V", "H"):
            raise ValueError(f"A semester half is 'V' or 'H', not {self.half!r}.")
        if not 1000 <= self.year <= 9999:
            raise ValueError(f"A semester year has four digits, not {self.year!r}.")

    def __str__(self) -> str:
        return f"{self.year}{self.half}"

    # Field order would sort "H" before "V" within a year, so compare indexes instead.
    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Semester):
            return NotImplemented
        return self.index < other.index

    @property
    def index(self) -> int:
        """Return year * 2, plus 1 for høst; consecutive semesters differ by 1."""
        return self.year * 2 + (1 if self.half == "H" else 0)

    @classmethod
    def from_index(cls, index: int) -> Semester:
        """Return the semester with the given index."""
        year, rest = divmod(index, 2)
        return cls(year, "H" if rest else "V")

    def next(self) -> Semester:
        """Return the following semester."""
        return Semester.from_index(self.index + 1)

    def previous(self) -> Semester:
        """Return the preceding semester."""
        return Semester.from_index(self.index - 1)

    def start_date(self) -> date:
        """Return the first day of the semester (1 January or 1 July)."""
        return date(self.year, 1 if self.half == "V" else 7, 1)

    def end_date(self) -> date:
        """Return the last day of the semester (30 June or 31 December)."""
        return date(self.year, 6, 30) if self.half == "V" else date(self.year, 12, 31)

    def contains(self, d: date) -> bool:
        """Return True if the date falls within the semester."""
        return self.start_date() <= d <= self.end_date()


def _as_semester(s: str | Semester) -> Semester:
    """Accept either form, so callers need not parse first."""
    return s if isinstance(s, Semester) else parse_semester(s)


def parse_semester(s: str) -> Semester:
    """Parse "2025V" or "2024H" into a Semester, or raise ValueError."""
    match = _PATTERN.fullmatch(s) if isinstance(s, str) else None
    if match is None:
        raise ValueError(
            f"A semester is written as a four-digit year and V (spring) or H (autumn), "
            f"such as 2025V or 2024H; got {s!r}."
        )
    return Semester(int(match[1]), "V" if match[2] == "V" else "H")


def semester_of(d: date) -> str:
    """Return the semester that a date falls in, e.g. 2025-03-10 -> "2025V"."""
    return str(Semester(d.year, "V" if d.month <= 6 else "H"))


def semester_index(s: str | Semester) -> int:
    """Return a monotonically increasing integer: year * 2, plus 1 for høst."""
    return _as_semester(s).index


def sort_key(s: str) -> int:
    """Return a key that sorts semester strings chronologically."""
    return semester_index(s)


def semesters_between(first: str, last: str) -> list[str]:
    """Return the semesters from first to last inclusive; empty if last is before first."""
    start, end = semester_index(first), semester_index(last)
    return [str(Semester.from_index(i)) for i in range(start, end + 1)]


def semesters_since(start: str, s: str) -> int:
    """Return how many semesters s is after start: 0 in the start semester, negative before."""
    return semester_index(s) - semester_index(start)


def semester_label(s: str, lang: str = "nb") -> str:
    """Return a human label such as "høst 2024" (nb), "haust 2024" (nn) or "autumn 2024" (en)."""
    # Accept locale forms such as "nb_NO" or "en-GB" as they come from Babel or browsers.
    base = lang.replace("-", "_").split("_")[0].lower()
    if base not in _LABELS:
        raise ValueError(f"No semester labels for language {lang!r}; use nb, nn or en.")
    semester = parse_semester(s)
    return f"{_LABELS[base][semester.half]} {semester.year}"
