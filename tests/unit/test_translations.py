"""Every UI string is translated to bokmål and nynorsk, and the catalogs match the source."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "app" / "translations"


def catalog(lang: str):
    with (TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po").open("rb") as po_file:
        return read_po(po_file, locale=lang)


def message_ids(messages) -> set[str]:
    return {m.id if isinstance(m.id, str) else m.id[0] for m in messages if m.id}


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_every_message_is_translated(lang):
    untranslated = [
        m.id
        for m in catalog(lang)
        if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string)))
    ]
    assert untranslated == []


def test_catalogs_hold_every_string_in_the_source(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "-o",
            str(pot),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as pot_file:
        in_source = message_ids(read_po(pot_file))
    for lang in ("nb", "nn", "en"):
        missing = in_source - message_ids(catalog(lang))
        assert missing == set(), f"run `make translations` and translate for {lang}"


def test_no_template_assigns_to_the_gettext_name():
    """`{% set _ = … %}` hides `_` for the rest of the template: every later label renders as
    an error (a 500 on the people list's second page once)."""
    templates = Path(__file__).resolve().parents[2] / "app" / "templates"
    found = [
        f"{path.relative_to(templates)}:{number}"
        for path in sorted(templates.rglob("*.html"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"\{%-?\s*set\s+_\s*=", line)
    ]
    assert found == []
