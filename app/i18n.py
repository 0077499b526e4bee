"""Language choice: the user's choice, then Accept-Language, then bokmål."""

from pathlib import Path

from flask import Flask, current_app, request, session
from flask_login import current_user


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


def require_compiled_catalogs(app: Flask) -> None:
    """Stop start-up when a language has no compiled catalog: the pages would silently come
    out in English. Catalogs are compiled when the package is built or installed (setup.py),
    never here: the package folder may be read-only, and workers would race."""
    directories = app.config.get("BABEL_TRANSLATION_DIRECTORIES", "translations").split(";")
    missing = [
        language
        for language in app.config["LANGUAGES"]
        if not any(_catalog(app, directory, language).is_file() for directory in directories)
    ]
    if missing:
        raise RuntimeError(
            f"The translations for {', '.join(missing)} are not compiled. Install the package "
            "(`make install`, `pip install -e .` or `pip install .`), which compiles them, "
            "or run `pybabel compile -d app/translations`."
        )


def _catalog(app: Flask, directory: str, language: str) -> Path:
    return Path(app.root_path, directory, language, "LC_MESSAGES", "messages.mo")
