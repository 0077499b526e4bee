"""What observers and directors see of a published plan: their visits, a start, a calendar."""

from . import bp  # noqa: F401
