"""The role × route matrix of the project lead's plan pages (app/plan/plan_routes.py)."""

# Every GET and POST-only route of the plan pages; test_permissions.py checks nothing is left out.
PLAN_GETS: set[str] = set()
PLAN_POSTS: set[str] = set()
