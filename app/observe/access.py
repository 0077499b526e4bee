"""Who may open or change one observation, answered in the order that reveals nothing.

Not visible → 404 (NotFound), visible but not theirs to change → 403 (Forbidden),
theirs but already submitted → RuleViolation("observation_locked").
"""

from werkzeug.exceptions import Forbidden, NotFound

from ..permissions import may
from .rules import ensure_draft


def check_view(user, observation) -> None:
    """Raise NotFound unless the user may see the observation (None counts as not found)."""
    if observation is None or not may(user, "observation.view", observation):
        raise NotFound()


def check_edit(user, observation) -> None:
    """Raise unless the user may change the observation now."""
    check_view(user, observation)
    if may(user, "observation.edit", observation):
        return
    if observation.observer_id == user.id:
        ensure_draft(observation.status)
    raise Forbidden()
