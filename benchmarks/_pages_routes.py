"""Every GET page of the app, from its url_map, with the path parameters filled per role.

A route joins the benchmark by being registered: nothing here lists pages by hand. What is
left out is left out by kind (static files, sign-in, downloads timed by benchmarks/export.py)
and is printed with its reason, so a page never drops out of the table silently.
"""

import re
from dataclasses import dataclass

from werkzeug.routing import Rule

# Endpoints that are not pages a signed-in person reads, and why.
NOT_PAGES = {
    "static": "a static file",
    "vendor.plotly_js": "a static file",
    "sw.service_worker": "a static file",
    "auth.login": "sign-in",
    "auth.oidc_start": "sign-in",
    "auth.oidc_callback": "sign-in",
    "auth.forgot_password": "sign-in",
    "auth.reset_password": "sign-in",
    "plan.calendar_feed_file": "a calendar feed (a secret token, no session)",
    "admin.roster_export": "a download (benchmarks/roster.py)",
    "dashboard.export": "a download (benchmarks/export.py)",
    "reports.report_pdf": "a download (PDF)",
}


@dataclass(frozen=True)
class Route:
    endpoint: str
    rule: str
    arguments: tuple[str, ...]

    def path(self, ids: dict[str, object]) -> str | None:
        """The route's address with the role's ids, or None when one is missing."""
        path = self.rule
        for name in self.arguments:
            value = ids.get(name)
            if value is None:
                return None
            path = _replace(path, name, str(value))
        return path


def _replace(rule: str, name: str, value: str) -> str:
    """Put `value` in place of `<name>` or `<converter:name>`."""
    return re.sub(rf"<(?:[^<>:]+:)?{name}>", value, rule)


def get_routes(url_map) -> tuple[list[Route], dict[str, str]]:
    """The GET routes to measure, and the endpoints left out with why."""
    routes, left_out = [], {}
    for rule in sorted(url_map.iter_rules(), key=lambda r: r.rule):
        if "GET" not in (rule.methods or ()):
            continue
        if rule.endpoint in NOT_PAGES:
            left_out[rule.endpoint] = NOT_PAGES[rule.endpoint]
            continue
        routes.append(Route(rule.endpoint, rule.rule, _arguments(rule)))
    return routes, left_out


def _arguments(rule: Rule) -> tuple[str, ...]:
    return tuple(sorted(rule.arguments))
