"""Who may do what, and what they may see: the only place in the app that knows roles.

- `may(user, action, target)` answers "may this user do X (to Y)?"; views guard with
  `@requires(action)` and templates call `may` (a Jinja global).
- `check_view` / `check_edit` refuse one observation in the order that reveals nothing.
- `restrict(query, user, action)` narrows a select to the rows the user may see.
- `viewer_for` and the scope functions narrow the dashboard's figures to the viewer's scope.
"""

from .queries import able_to, holds_role, restrict, visible
from .refusals import check_edit, check_view
from .rules import REPORTABLE, RULES, home_roles, may, requires
from .scope import (
    OutOfScope,
    Viewer,
    as_reference,
    department_filters,
    group_figures,
    kindergarten_viewer,
    list_filters,
    narrow_networks,
    narrow_pools,
    reads_every_department,
    scoped_filters,
    scoped_request,
    small_group_min,
    viewer_for,
)
from .subject import Subject

__all__ = [
    "REPORTABLE",
    "RULES",
    "OutOfScope",
    "Subject",
    "Viewer",
    "able_to",
    "as_reference",
    "check_edit",
    "check_view",
    "department_filters",
    "group_figures",
    "holds_role",
    "kindergarten_viewer",
    "list_filters",
    "home_roles",
    "may",
    "narrow_networks",
    "narrow_pools",
    "reads_every_department",
    "requires",
    "restrict",
    "scoped_filters",
    "scoped_request",
    "small_group_min",
    "viewer_for",
    "visible",
]
