"""One page of a long list, cut in the database: the admin and plan lists share it.

At national scale a list has tens of thousands of rows, so a page never loads more than its
own rows; the page number is a plain GET parameter, so a page can be linked.
"""

from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

PAGE_SIZE = 50


@dataclass(frozen=True)
class Page:
    """One page of a list: its rows, which page it is and how many rows match in all."""

    rows: list
    number: int
    size: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def first(self) -> int:
        """The 1-based position of the page's first row (0 when nothing matches)."""
        return min(self.total, (self.number - 1) * self.size + 1)

    @property
    def last(self) -> int:
        return min(self.total, self.number * self.size)


def paginate(session: Session, query: Select, number: int, size: int = PAGE_SIZE) -> Page:
    """Count the rows of `query`, then fetch page `number` (kept within the pages there are)."""
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    number = max(1, min(number, -(-total // size) or 1))
    rows = session.execute(query.limit(size).offset((number - 1) * size)).all()
    return Page(list(rows), number, size, total)
