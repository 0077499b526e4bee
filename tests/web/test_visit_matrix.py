"""The role × route matrix of the visit pages, the calendar feed and the plan API."""

# Every GET and POST-only route of app/plan/visit_routes.py and GET /api/v1/plans/<semester>;
# test_permissions.py checks nothing is left out.
VISIT_GETS: set[str] = set()
VISIT_POSTS: set[str] = set()
