"""No page shows a raw placeholder ("{limit}", "%(name)s") in any of the three languages.

Each demo role's pages are found by following the links a person would follow from their home
(one address per page kind, so the crawl stays small), then every page found is read again in
nynorsk and English. Scripts' JSON (the tablet's strings, filled in by the browser) and chart data
are left out: what is checked is the text a person reads.
"""

import re
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest

from tests.support.auth import login

ROLES = ("observer", "pedagogical_leader", "staff", "director", "mentor", "project_lead")
LANGUAGES = ("nb", "nn", "en")
PLACEHOLDER = re.compile(r"\{\w+\}|%\(\w+\)[sd]|%[sd]\b")
NOT_PAGES = re.compile(
    r"\.(pdf|xlsx|ics|js|css|png|svg|json|webmanifest)$|^/(logout|static|vendor)"
)
PAGES_PER_ROLE = 45


class _Page(HTMLParser):
    """The visible text and the links of one page (script and style contents are skipped)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.links: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._skipping += 1
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])
        for name in ("title", "aria-label", "placeholder", "alt"):
            if values.get(name):
                self.text.append(values[name])
        if tag == "input" and values.get("type") in ("submit", "button") and values.get("value"):
            self.text.append(values["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._skipping:
            self._skipping -= 1

    def handle_data(self, data):
        if not self._skipping:
            self.text.append(data)


def read(client, path: str, language: str) -> _Page:
    response = client.get(path, headers={"Accept-Language": language})
    assert response.status_code < 500, f"{path} answered {response.status_code}"
    page = _Page()
    if response.mimetype == "text/html":
        page.feed(response.get_data(as_text=True))
    return page


def page_kind(path: str) -> str:
    """One address per kind of page: numbers and UUIDs in the path are the same kind."""
    path = re.sub(r"[0-9a-f]{8}-[0-9a-f-]{27}", "<uuid>", path)
    return re.sub(r"/\d+", "/<n>", path)


def crawl(client, start: str) -> list[str]:
    """The role's pages, breadth first from its home, one address per kind of page."""
    seen_kinds, found, queue = set(), [], [start]
    while queue and len(found) < PAGES_PER_ROLE:
        path = queue.pop(0)
        if page_kind(urlsplit(path).path) in seen_kinds:
            continue
        seen_kinds.add(page_kind(urlsplit(path).path))
        found.append(path)
        for link in read(client, path, "nb").links:
            link = urldefrag(link).url
            if link.startswith("/") and not link.startswith("//") and not NOT_PAGES.search(link):
                queue.append(link)
    return found


def placeholders(page: _Page) -> list[str]:
    return [text.strip() for text in page.text if PLACEHOLDER.search(text)]


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
@pytest.mark.parametrize("role", ROLES)
def test_no_page_shows_a_raw_placeholder_in_any_language(demo_app, role):
    account = next(a for a in demo_app.demo_accounts if a["role"] == role)
    client = demo_app.test_client()
    login(client, account["email"], account["password"])
    home = client.get("/").location
    pages = crawl(client, urlsplit(home).path if home else "/")
    assert len(pages) > 3, f"the {role}'s crawl found only {pages}"
    leftovers = {
        (language, path): found
        for path in pages
        for language in LANGUAGES
        if (found := placeholders(read(client, path, language)))
    }
    assert leftovers == {}
