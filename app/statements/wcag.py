"""The accessibility statement's status table: WCAG 2.1 level A and AA, by guideline, as the
uustatus model (Digdir) groups them. Change a status here when a test finds a deviation."""

from flask_babel import lazy_gettext as _l

MEETS = _l("Meets the requirements")
PARTLY = _l("Partly meets the requirements")
NOT_RELEVANT = _l("Not relevant (the app has no such content)")

GUIDELINES = [
    # (principle, guideline with its number, status)
    (_l("Perceivable"), _l("1.1 Text alternatives"), MEETS),
    (_l("Perceivable"), _l("1.2 Time-based media (sound and video)"), NOT_RELEVANT),
    (_l("Perceivable"), _l("1.3 Adaptable (structure, order, orientation)"), MEETS),
    (_l("Perceivable"), _l("1.4 Distinguishable (contrast, resizing, reflow)"), PARTLY),
    (_l("Operable"), _l("2.1 Keyboard accessible"), MEETS),
    (_l("Operable"), _l("2.2 Enough time"), MEETS),
    (_l("Operable"), _l("2.3 Seizures (flashing)"), MEETS),
    (_l("Operable"), _l("2.4 Navigable (skip link, titles, focus, headings)"), MEETS),
    (_l("Operable"), _l("2.5 Input modalities (touch targets, labels)"), MEETS),
    (_l("Understandable"), _l("3.1 Readable (the page's language)"), MEETS),
    (_l("Understandable"), _l("3.2 Predictable"), MEETS),
    (_l("Understandable"), _l("3.3 Input assistance (errors, labels)"), MEETS),
    (_l("Robust"), _l("4.1 Compatible (valid code, name and role, status messages)"), MEETS),
]
