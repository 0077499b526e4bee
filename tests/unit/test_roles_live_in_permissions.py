"""Only app/permissions/ knows roles: no view, service or template tests a role itself."""

import re
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "app"
# The demo generator works on plain data, not signed-in users; migrations declare the schema.
EXEMPT = ("permissions/", "demo/", "migrations/")
ROLE = r"""["'](?:observer|pedagogical_leader|director|mentor|staff|project_lead)["']"""
ROLE_TESTS = re.compile(
    "|".join(
        [
            r"has_role\(",  # user.has_role("mentor")
            r"\.roles?\s*(?:==|!=|(?:not\s+)?in\b)",  # viewer.role == …, user.roles in …
            ROLE + r"\s*(?:==|!=|(?:not\s+)?in\b)",  # "mentor" in user.roles
            r"(?:==|!=)\s*" + ROLE,  # role == "director"
            r"\bin\s*[\[(]\s*" + ROLE,  # role in ("project_lead", "mentor")
            r"""["']in["']\s*,\s*[\[(]\s*""" + ROLE,  # Jinja: roles|select("in", ["mentor"])
        ]
    )
)


def role_tests_outside_permissions() -> list[str]:
    found = []
    for path in sorted(APP.rglob("*")):
        relative = path.relative_to(APP).as_posix()
        if path.suffix not in (".py", ".html") or relative.startswith(EXEMPT):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if ROLE_TESTS.search(line):
                found.append(f"app/{relative}:{number}: {line.strip()}")
    return found


def test_no_view_service_or_template_tests_a_role_outside_the_permissions_package():
    found = role_tests_outside_permissions()
    assert found == [], "ask app.permissions (may, restrict, viewer_for) instead:\n" + "\n".join(
        found
    )


def test_the_check_recognises_each_way_of_testing_a_role():
    lines = [
        'if current_user.has_role("mentor"):',
        'elif viewer.role == "director":',
        'if "project_lead" in user.roles:',
        'if role != "observer":',
        'for role in ("project_lead", "mentor"):',
        '{% if home_roles(current_user)|select("in", ["project_lead", "mentor"])|list %}',
    ]
    assert all(ROLE_TESTS.search(line) for line in lines)
    assert not ROLE_TESTS.search('{% if may(current_user, "dashboard.view") %}')
    assert not ROLE_TESTS.search("url_for('home.observer')")
