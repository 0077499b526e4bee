"""The practice narrative form: what the writer typed; narratives.py checks the values."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, TextAreaField

from .narratives import NarrativeInput


class NarrativeForm(FlaskForm):
    department = SelectField(_l("Department"), choices=[], validate_choice=False)
    dimension = SelectField(_l("Dimension"), choices=[], validate_choice=False)
    text = TextAreaField(_l("Your narrative"))

    def values(self) -> NarrativeInput:
        department = self.department.data or ""
        return NarrativeInput(
            text=(self.text.data or "").strip(),
            dimension_code=self.dimension.data or "",
            department_id=int(department) if department.isdigit() else None,
        )


def json_values(body: object) -> NarrativeInput | None:
    """The autosave's JSON body as values, or None when it is not the expected shape."""
    if not isinstance(body, dict):
        return None
    text, dimension, department = body.get("text"), body.get("dimension"), body.get("department")
    if not isinstance(text, str) or not isinstance(dimension, str):
        return None
    if isinstance(department, str) and department.isdigit():
        department = int(department)
    if not isinstance(department, int) or isinstance(department, bool):
        return None
    return NarrativeInput(text=text.strip(), dimension_code=dimension, department_id=department)
