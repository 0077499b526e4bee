"""The director's forms: department counts, a proposed department, a proposed deactivation."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from analysis.schema import AGE_GROUPS

from ..form_input import strip_text
from .certification_forms import FAMILY_LABELS

MAX_COUNT = 999


def count_field(label) -> StringField:
    """A whole number 0 or more, typed on a number keypad."""
    return StringField(
        label,
        filters=[strip_text],
        render_kw={"type": "number", "inputmode": "numeric", "min": 0, "max": MAX_COUNT},
        validators=[InputRequired(message=_l("Write a whole number, 0 or more."))],
    )


def check_count(field) -> None:
    if not (field.data or "").isdigit():
        raise ValidationError(_l("Write a whole number, 0 or more."))
    if int(field.data) > MAX_COUNT:
        raise ValidationError(_l("Write a number of at most %(max)d.", max=MAX_COUNT))


def _reason(label) -> TextAreaField:
    return TextAreaField(
        label,
        filters=[strip_text],
        validators=[
            DataRequired(message=_l("Write why, so the project lead can decide.")),
            Length(max=2000, message=_l("Write at most %(max)d characters.")),
        ],
    )


class CountsForm(FlaskForm):
    children_count = count_field(_l("Children"))
    staff_count = count_field(_l("Staff"))

    def validate_children_count(self, field) -> None:
        check_count(field)

    def validate_staff_count(self, field) -> None:
        check_count(field)

    @property
    def counts(self) -> tuple[int, int]:
        return int(self.children_count.data), int(self.staff_count.data)


class NewDepartmentForm(CountsForm):
    name = StringField(
        _l("Name of the department"),
        filters=[strip_text],
        validators=[
            DataRequired(message=_l("Write the department's name.")),
            Length(max=120, message=_l("Write at most %(max)d characters.")),
        ],
    )
    age_group = RadioField(
        _l("Age group"),
        choices=[SelectChoice(group, FAMILY_LABELS[group]) for group in AGE_GROUPS],
        invalid_choice_message=_l("Choose the department's age group."),
    )
    reason = _reason(_l("Why is the department needed?"))


class DeactivationForm(FlaskForm):
    reason = _reason(_l("Why should the department be deactivated?"))


class DecisionForm(FlaskForm):
    decision_note = TextAreaField(
        _l("Note to the decision (optional)"),
        filters=[strip_text],
        validators=[Length(max=2000, message=_l("Write at most %(max)d characters."))],
    )
