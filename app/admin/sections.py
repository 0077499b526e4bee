"""The parts of the admin area, listed on its start page: each routes module adds its own."""

from dataclasses import dataclass

from ..permissions import may


@dataclass(frozen=True)
class Section:
    """One part of the admin area: where it starts, its title, and who may use it."""

    endpoint: str
    title: str  # a lazy translation
    action: str


SECTIONS: list[Section] = []


def add_section(endpoint: str, title: str, action: str) -> None:
    """List a part of the admin area on its start page."""
    SECTIONS.append(Section(endpoint, title, action))


def admin_sections(user) -> list[Section]:
    """Return the parts of the admin area this user may use, in the order they were added."""
    return [section for section in SECTIONS if may(user, section.action)]
