"""The school year of the guidance loop: August to June, one CLASS dimension a month.

A month is written "YYYY-MM". A school year is named by the year its August falls in
(2026 = August 2026 – June 2027); July belongs to no school year's plan. A kindergarten's
programme year counts 12-month years from its pool's first semester: in year 1 the mentor
guides the pedagogical leaders' meeting, from year 2 the director does (seed, "Oppfølging år to").
"""

from datetime import date

from analysis.semesters import parse_semester

SCHOOL_MONTHS = (8, 9, 10, 11, 12, 1, 2, 3, 4, 5, 6)  # August–June; July is the summer break


def month_of(day: date) -> str:
    """Return the month a day falls in, as "YYYY-MM"."""
    return f"{day.year:04d}-{day.month:02d}"


def parse_month(month: str) -> tuple[int, int]:
    """Return (year, month number) of "YYYY-MM"; refuse anything else."""
    year, _, number = month.partition("-")
    if len(month) != 7 or not (year.isdigit() and number.isdigit()) or not 1 <= int(number) <= 12:
        raise ValueError(f"A month is written YYYY-MM, not {month!r}.")
    return int(year), int(number)


def school_year_of(month: str) -> int:
    """Return the school year a month belongs to (July counts with the year that ends in June)."""
    year, number = parse_month(month)
    return year if number >= 8 else year - 1


def school_year_months(school_year: int) -> list[str]:
    """Return the eleven months of a school year, August first."""
    return [f"{school_year + (number < 8):04d}-{number:02d}" for number in SCHOOL_MONTHS]


def programme_year(first_semester: str, month: str) -> int:
    """Return the kindergarten's programme year in a month: 1 in its first 12 months, 2 in the
    next, …; 0 before it starts. A spring pool starts in January, an autumn pool in August."""
    start = parse_semester(first_semester)
    start_index = start.year * 12 + (0 if start.half == "V" else 7)
    year, number = parse_month(month)
    elapsed = year * 12 + number - 1 - start_index
    return elapsed // 12 + 1 if elapsed >= 0 else 0


def leaders_reader_is_mentor(first_semester: str, month: str) -> bool:
    """In programme year 1 the mentor reads the leaders' narratives; from year 2 the director."""
    return programme_year(first_semester, month) <= 1
