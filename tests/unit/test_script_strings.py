"""Every placeholder in a string gets a value, in every language.

The tablet's scripts fill their strings in the browser (`t("key", {name: …})` in
app/static/js/observe/i18n.js). A call that forgets a name shows "{limit}" to the observer, so each
call is read here and its names compared with the string's placeholders. The catalogues are
checked too: a translation must keep exactly the placeholders of its English original.
"""

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ROOT / "app" / "static" / "js"
STRINGS_TEMPLATE = ROOT / "app" / "templates" / "_macros" / "observe.html"
TRANSLATIONS = ROOT / "app" / "translations"

BRACED = re.compile(r"\{(\w+)\}")
PERCENT = re.compile(r"%\((\w+)\)[sd]")
# "key": _("text") in the template that hands the scripts their strings
SCRIPT_STRING = re.compile(r'"(\w+)":\s*_\("((?:[^"\\]|\\.)*)"')
CALL_START = re.compile(r"(?<![\w.])(tn?)\(")
KEY = re.compile(r"^([\"`])([\w${}.]+)\1$")
OBJECT_KEY = re.compile(r"(?:^|[{,])\s*(\w+)\s*(?=[:,}])")


def arguments(source: str, start: int) -> list[str]:
    """The top-level arguments of the call whose "(" is at source[start - 1]."""
    depth, current, found = 0, [], []
    for char in source[start:]:
        if char in "([{":
            depth += 1
        elif char in ")]}":
            if depth == 0:
                break
            depth -= 1
        if char == "," and depth == 0:
            found.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    found.append("".join(current).strip())
    return found


def names_in(argument: str, source: str) -> set[str]:
    """The names an object literal gives, or those of `const name = {…}` when passed by name."""
    if re.fullmatch(r"\w+", argument):
        definition = re.search(rf"const {argument} = (\{{.*?\n\s*\}});", source, re.S)
        argument = definition[1] if definition else ""
    elif called := re.fullmatch(r"(\w+)\(.*\)", argument, re.S):  # a helper returning {…}
        definition = re.search(rf"function {called[1]}\(.*?return (\{{.*?\n\s*\}});", source, re.S)
        argument = definition[1] if definition else ""
    top_level = re.sub(r"\([^()]*\)", "()", argument)  # drop calls' own arguments
    return set(OBJECT_KEY.findall(top_level))


def script_strings() -> dict[str, str]:
    return dict(SCRIPT_STRING.findall(STRINGS_TEMPLATE.read_text(encoding="utf-8")))


def calls() -> list[tuple[str, str, set[str]]]:
    """(file:line, key pattern, names given) for every t()/tn() call in the scripts."""
    found = []
    for path in sorted(SCRIPTS.rglob("*.js")):
        source = path.read_text(encoding="utf-8")
        for match in CALL_START.finditer(source):
            function = match[1]
            args = arguments(source, match.end())
            key = KEY.match(args[0])
            if not key:
                continue  # t(variable): not a string of the page
            names = (
                args[2 if function == "tn" else 1]
                if len(args) > (2 if function == "tn" else 1)
                else ""
            )
            given = names_in(names, source) | ({"n"} if function == "tn" else set())
            line = source.count("\n", 0, match.start()) + 1
            found.append((f"{path.relative_to(ROOT)}:{line}", key[2], given))
    return found


def keys_matching(pattern: str, strings: dict[str, str]) -> list[str]:
    """A literal key, or every key a template literal such as `timing_${issue}` can name."""
    regex = re.escape(pattern).replace(r"\$\{", "${")
    regex = re.sub(r"\$\{[^}]*\}", r"\\w+", regex)
    keys = [key for key in strings if re.fullmatch(regex, key)]
    plural = [key for key in strings if re.fullmatch(regex + r"_(one|other)", key)]
    return keys + plural


def test_the_scripts_strings_are_found():
    assert len(script_strings()) > 30
    assert len(calls()) > 20


def test_each_script_call_names_a_string_the_page_provides():
    strings = script_strings()
    unknown = [
        (where, pattern) for where, pattern, _ in calls() if not keys_matching(pattern, strings)
    ]
    assert unknown == []


# Ids name the call only: a set's order differs between processes, and xdist needs equal ids.
@pytest.mark.parametrize(
    "where,pattern,given", [pytest.param(*call, id=f"{call[0]}:{call[1]}") for call in calls()]
)
def test_each_script_call_fills_every_placeholder_of_its_string(where, pattern, given):
    strings = script_strings()
    for key in keys_matching(pattern, strings):
        missing = set(BRACED.findall(strings[key])) - given
        assert not missing, f"{where}: t({pattern!r}) leaves {sorted(missing)} unfilled in {key}"


def placeholders(text: str) -> set[str]:
    return set(BRACED.findall(text)) | set(PERCENT.findall(text))


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_translations_keep_the_placeholders_of_the_original(lang):
    with (TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po").open("rb") as po_file:
        catalog = read_po(po_file, locale=lang)
    wrong = []
    for message in catalog:
        if not message.id or not message.string:
            continue
        originals = message.id if isinstance(message.id, tuple) else (message.id,)
        translations = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = set().union(*(placeholders(text) for text in originals))
        for text in translations:
            # A singular form may leave the count out ("ett barn"), never add a name.
            if not placeholders(text) <= expected or (
                len(originals) == 1 and placeholders(text) != expected
            ):
                wrong.append((originals[0], text))
    assert wrong == []
