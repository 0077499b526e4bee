"""The project lead's plan pages: open, assign, edit and publish a semester plan."""

from . import bp  # noqa: F401
