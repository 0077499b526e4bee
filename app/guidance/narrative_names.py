"""The server's copy of the name check (DESIGN §4.8): text that looks like a child's name.

The check itself is app/static/js/observe/names.js, which the tablet form and the narrative
page run as you type. The server must run the same check (the flags come back with every
save, and a hand-in lists what is still flagged), and Python cannot import an ES module, so
this is a line-by-line port of it: the same word pattern, the same sentence starts, the same
always-capitalised words. tests/web/test_narratives.py runs both on the same texts and fails
when they disagree. The check flags, it never blocks: the author decides.
"""

import re

# A letter, then letters, apostrophes and hyphens (JS: /[\p{L}][\p{L}'’-]*/gu).
WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['’-])*")
# A sentence starts at the beginning, after . ! ? : or a line break, or after a list dash
# (matched against the text before a word; \A and \Z are JS's ^ and $ without the m flag).
SENTENCE_END = re.compile(r"(\A|[.!?:\n][\"»”')]*|\A\s*[-–•*]|\n\s*[-–•*])\s*[\"«“(]*\Z")
# Capitalised in Norwegian prose without being a name.
ALWAYS_CAPITALISED = ("Gud", "Norge", "Bærum", "Oslo", "CLASS", "TETT", "PÅ", "Jul", "Påske")


def _is_capitalised(word: str) -> bool:
    # Judge "TS-begreper" by its first part: ALL-CAPS abbreviations (NC, TS) are not names.
    part = re.split(r"[-’']", word)[0]
    first, rest = part[0], part[1:]
    return first == first.upper() and first != first.lower() and rest != rest.upper()


def suspected_names(text: str, known_words: list[str] | tuple[str, ...] = ()) -> list[str]:
    """Return the capitalised words in text that look like names, each once, in order."""
    known = {word.lower() for word in (*ALWAYS_CAPITALISED, *known_words)}
    found: list[str] = []
    for match in WORD.finditer(text):
        word = match.group()
        if not _is_capitalised(word) or word.lower() in known or word in found:
            continue
        if SENTENCE_END.search(text[: match.start()]):
            continue
        found.append(word)
    return found


def known_words_from(*phrases: str | None) -> list[str]:
    """Split names such as "Fornebu barnehage" into words the check should accept."""
    return [word for phrase in phrases for word in WORD.findall(phrase or "")]
