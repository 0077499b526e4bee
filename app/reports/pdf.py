"""The report as a PDF (WeasyPrint): A4, "page X of Y" and the trademark notice on every page."""

import re
from pathlib import Path

from flask_babel import gettext as _
from weasyprint import CSS, HTML

STATIC = Path(__file__).resolve().parent.parent / "static"
REPORT_CSS = STATIC / "css" / "report.css"
MARGIN_FONT = 'font-family: "DejaVu Sans", sans-serif; font-size: 8pt; color: #56606c;'


def render_pdf(html: str) -> bytes:
    """Render the PDF template's HTML with the report style sheet."""
    stylesheet = CSS(filename=str(REPORT_CSS))
    return HTML(string=html, base_url=str(STATIC)).write_pdf(stylesheets=[stylesheet])


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def counter_content(template: str) -> str:
    """Turn "Page {page} of {pages}" into CSS content with page counters, in any language."""
    parts = re.split(r"(\{page\}|\{pages\})", template)
    counters = {"{page}": "counter(page)", "{pages}": "counter(pages)"}
    return " ".join(counters.get(part) or _css_string(part) for part in parts if part)


def page_css() -> str:
    """The @page rules: page numbers and the CLASS® notice in the margins, translated."""
    numbers = counter_content(_("Page %(page)s of %(pages)s", page="{page}", pages="{pages}"))
    notice = _css_string(_("CLASS® is a registered trademark of Teachstone."))
    return (
        # rem sizes in report.css are for screens; on paper 1rem is 10pt.
        "html { font-size: 10pt; }"
        " @page { size: A4; margin: 16mm 14mm 20mm 14mm;"
        f" @bottom-right {{ content: {numbers}; {MARGIN_FONT} }}"
        f" @bottom-left {{ content: {notice}; {MARGIN_FONT} }} }}"
    )


def file_name(department: str, semester: str) -> str:
    """A download name such as "tilbakemelding-Blåklokka-2025V.pdf" (translated prefix)."""
    safe = re.sub(r"[^\w-]+", "-", department).strip("-") or "avdeling"
    return f"{_('feedback')}-{safe}-{semester}.pdf"
