"""The server's copy of the name check (DESIGN §4.8): text that looks like a child's name.

The check itself is app/static/js/observe/names.js, which the tablet form and the narrative
page run as you type. The server must run the same check (the flags come back with every
save, and a hand-in lists what is still flagged), and Python cannot import an ES module, so
this is a line-by-line port of it: the same word pattern, the same sentence starts, the same
word lists. tests/web/test_narratives.py runs both on the same texts and
tests/unit/test_observe_rules.py compares the lists; both fail when the copies disagree.
The check flags, it never blocks: the author decides.
"""

import re

# A letter, then letters, apostrophes and hyphens (JS: /[\p{L}][\p{L}'’-]*/gu).
WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['’-])*")
# A sentence starts at the beginning, after . ! ? : or a line break, or after a list dash
# (matched against the text before a word; \A and \Z are JS's ^ and $ without the m flag).
SENTENCE_END = re.compile(r"(\A|[.!?:\n][\"»”')]*|\A\s*[-–•*]|\n\s*[-–•*])\s*[\"«“(]*\Z")
# Capitalised in Norwegian prose without being a name.
ALWAYS_CAPITALISED = ("Gud", "Norge", "Bærum", "Oslo", "CLASS", "TETT", "PÅ", "Jul", "Påske")


# Common given names of children in Norwegian kindergartens, matched only where a word opens
# a sentence (the list and its sources are in names.js).
def _words(text: str) -> list[str]:
    # The lists are written as text, like names.js, so the two copies are easy to compare.
    return text.split()


GIVEN_NAMES = _words(
    "emma nora sofie sofia ella olivia ada sara maja maria ingrid leah lea frida astrid "
    "hedda thea tiril selma vilde amalie aurora alma iben ellinor ellie hanna hannah mia "
    "emilie ida julie linnea mathilde live agnes alva eva tuva oline ronja vilja mathea "
    "jenny ingeborg sigrid saga idun ebba isabella othilie marie kari anne lise "
    "siri tone hilde mari kaja luna louise lilly fatima aisha maryam zainab amina "
    "jakob jacob emil noah oskar oscar lucas lukas isak aksel axel filip philip henrik "
    "kasper magnus william olav ola theodor elias mathias matheo mateo johannes liam "
    "sander jonas tobias adrian ludvig herman kristian sebastian alexander benjamin "
    "nikolai håkon iver mikkel peder gustav johan sverre odin tor ole tore jens "
    "leon leo felix hugo alfred edvard eskil syver birk brage eirik erik martin "
    "daniel david adam ali mohammed muhammad ibrahim yusuf omar hamza ahmed "
    "anton carl karl vetle sindre aron aaron arne nils lars hans petter"
)
# Words that often open a sentence in a note: never taken for a name by the "og" rule.
COMMON_STARTS = _words(
    "barna barnet barn voksen voksne den de det denne dette disse der da når etter før "
    "under mens i på med til fra for om av ved og men eller så også alle flere noen mange "
    "hun han vi jeg du dere man en et ett ei to tre personalet pedagogen assistenten "
    "gruppen gruppa samlingen leken måltidet lunsj maten ute inne her hele hver ingen "
    "begge andre samtidig deretter senere først slutt noe"
)
JOINERS = ("og", "eller", "and", "or")
JOINED = re.compile(r"\A\s*(?:,\s*|\s(?:og|eller|and|or)\s+)\Z")
_GIVEN = frozenset(GIVEN_NAMES)
_COMMON = frozenset(COMMON_STARTS)


def _is_capitalised(word: str) -> bool:
    # Judge "TS-begreper" by its first part: ALL-CAPS abbreviations (NC, TS) are not names.
    part = re.split(r"[-’']", word)[0]
    first, rest = part[0], part[1:]
    return first == first.upper() and first != first.lower() and rest != rest.upper()


def _words_of(text: str, known: set[str]) -> list[dict]:
    return [
        {
            "word": match.group(),
            "start": match.start(),
            "end": match.end(),
            "opens": SENTENCE_END.search(text[: match.start()]) is not None,
            "candidate": _is_capitalised(match.group()) and match.group().lower() not in known,
        }
        for match in WORD.finditer(text)
    ]


def _joined_to_name(text: str, words: list[dict], i: int) -> bool:
    # "Zainab og Jonas", "Zainab, Jonas": the next word (after a joiner) is a name in a sentence.
    joiner = i + 1 < len(words) and words[i + 1]["word"] in JOINERS
    following = i + 2 if joiner else i + 1
    if following >= len(words):
        return False
    name = words[following]
    if not name["candidate"] or name["opens"]:
        return False
    return JOINED.search(text[words[i]["end"] : name["start"]]) is not None


def _looks_like_name(text: str, words: list[dict], i: int) -> bool:
    word, opens = words[i]["word"], words[i]["opens"]
    if not words[i]["candidate"]:
        return False
    if not opens or word.lower() in _GIVEN:
        return True
    return word.lower() not in _COMMON and _joined_to_name(text, words, i)


def suspected_names(text: str, known_words: list[str] | tuple[str, ...] = ()) -> list[str]:
    """Return the words in text that look like names, each once, in order."""
    known = {word.lower() for word in (*ALWAYS_CAPITALISED, *known_words)}
    words = _words_of(text, known)
    found: list[str] = []
    for i, entry in enumerate(words):
        if entry["word"] not in found and _looks_like_name(text, words, i):
            found.append(entry["word"])
    return found


def known_words_from(*phrases: str | None) -> list[str]:
    """Split names such as "Fornebu barnehage" into words the check should accept."""
    return [word for phrase in phrases for word in WORD.findall(phrase or "")]
