"""Who may open or change one observation, answered in the order that reveals nothing.

Not visible → 404 (NotFound), visible but not theirs to change → 403 (Forbidden),
theirs but already submitted → RuleViolation("observation_locked").
"""

from werkzeug.exceptions import Forbidden, NotFound

from .rules import may
from .subject import Subject


def check_view(user: Subject, observation) -> None:
    """Raise NotFound unless the user may see the observation (None counts as not found)."""
    if observation is None or not may(user, "observation.view", observation):
        raise NotFound()


def check_edit(user: Subject, observation) -> None:
    """Raise unless the user may change the observation now."""
    check_view(user, observation)
    if may(user, "observation.edit", observation):
        return
    if observation.observer_id == user.id:
        # Imported here: the observe package imports its views, and they import this package.
        from ..observe.rules import ensure_draft

        ensure_draft(observation.status)
    raise Forbidden()
