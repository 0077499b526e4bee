"""What the permission rules read about a user: the signed-in user carries exactly this."""

from typing import Protocol


class Subject(Protocol):
    """A signed-in user as the rules see it (app.auth.principal.SignedInUser)."""

    id: int
    active: bool
    roles: frozenset[str]
    home_kindergarten_id: int | None
    department_ids: frozenset[int]  # the departments they belong to (leader or staff)
    network_ids: frozenset[int]  # the networks they mentor

    @property
    def is_authenticated(self) -> bool: ...
