"""Language choice: the user's choice, then Accept-Language, then bokmål."""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import current_app, request, session
from flask_login import current_user

TRANSLATIONS_DIR = Path(__file__).parent / "translations"


def select_locale() -> str:
    """Pick the UI language for this request."""
    languages = current_app.config["LANGUAGES"]
    chosen = session.get("lang")
    if chosen is None and current_user.is_authenticated:
        chosen = current_user.locale
    if chosen in languages:
        return chosen
    # Browsers send "no" or "nb-NO" for bokmål; treat "no" as bokmål.
    best = request.accept_languages.best_match([*languages, "no"])
    return "nb" if best in (None, "no") else best


def current_language() -> str:
    """Return the language code in force ("nb", "nn" or "en")."""
    from flask_babel import get_locale

    return str(get_locale() or "nb")


def compile_translations(directory: Path = TRANSLATIONS_DIR) -> None:
    """Compile every messages.po to messages.mo when the .mo is missing or stale."""
    for po_path in directory.glob("*/LC_MESSAGES/messages.po"):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=po_path.parts[-3])
        with mo_path.open("wb") as mo_file:
            write_mo(mo_file, catalog)
