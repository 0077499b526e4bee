"""The follow-up case forms: each message says what to fix, next to the field it is about."""

import math
import unicodedata
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from ..form_input import parse_day, strip_text

TEXT_LENGTH = 2000
BAD_DATE = _l("Write the date as dd.mm.yyyy, for example 03.02.2027.")
BAD_TARGET = _l("Write a target mean from 1 to 7, for example 4,5.")
NOT_IN_LIST = _l("Choose one of the options in the list.")


def _storable(_form, field) -> None:
    """Refuse invisible control characters (line breaks and tabs are fine): PostgreSQL stores
    no NUL, and neither database a lone surrogate."""
    allowed = "\n\r\t"
    text = field.data or ""
    if any(unicodedata.category(c) in ("Cc", "Cs") and c not in allowed for c in text):
        raise ValidationError(_l("Remove the special characters from the text."))


def _text(label, missing) -> TextAreaField:
    return TextAreaField(
        label,
        filters=[strip_text],
        validators=[
            DataRequired(message=missing),
            Length(max=TEXT_LENGTH, message=_l("Write at most %(max)d characters.")),
            _storable,
        ],
    )


def _day(label) -> StringField:
    return StringField(
        label,
        filters=[strip_text],
        render_kw={"type": "date"},
        validators=[InputRequired(message=_l("Write the date."))],
    )


def _check_day(field) -> None:
    day = parse_day(field.data)
    if day is None:
        raise ValidationError(BAD_DATE)
    if day > date.today():
        raise ValidationError(_l("The date cannot be in the future."))


def _choice(label, **kwargs) -> SelectField:
    return SelectField(
        label, invalid_choice_message=NOT_IN_LIST, validate_choice=True, coerce=str, **kwargs
    )


def parse_target(text: str | None) -> float | None:
    """Return a target mean written with a comma or a point, or None when it is not 1–7."""
    try:
        value = float((text or "").strip().replace(",", "."))
    except ValueError:
        return None
    return value if math.isfinite(value) and 1 <= value <= 7 else None


class OpenCaseForm(FlaskForm):
    """A new case: a department (chosen by hand, or the flag's) and the reason."""

    department_id = _choice(_l("Department"))
    reason = _text(_l("Why does the department need follow-up?"), _l("Write the reason."))
    # Set when the case is opened from a flag; the server recomputes the flag on submit.
    rule = HiddenField()
    semester = HiddenField()


class AgreedForm(FlaskForm):
    agreed_on = _day(_l("Agreed with the director on"))

    def validate_agreed_on(self, field) -> None:
        _check_day(field)

    @property
    def day(self) -> date:
        return parse_day(self.agreed_on.data)  # type: ignore[return-value]


class GoalForm(FlaskForm):
    dimension_code = _choice(_l("Dimension"))
    target = StringField(
        _l("Target mean (1–7)"),
        filters=[strip_text],
        render_kw={"inputmode": "decimal", "autocomplete": "off"},
        validators=[InputRequired(message=BAD_TARGET)],
    )
    actions = _text(
        _l("Agreed actions"),
        _l("Write the agreed actions, for example extra guidance or visits by the mentor."),
    )

    def validate_target(self, field) -> None:
        if parse_target(field.data) is None:
            raise ValidationError(BAD_TARGET)

    def values(self) -> dict[str, object]:
        return {
            "dimension_code": self.dimension_code.data,
            "target": parse_target(self.target.data),
            "actions": self.actions.data,
        }


class CheckInForm(FlaskForm):
    held_on = _day(_l("Date"))
    note = _text(_l("What happened, and what comes next?"), _l("Write a short note."))

    def validate_held_on(self, field) -> None:
        _check_day(field)

    @property
    def day(self) -> date:
        return parse_day(self.held_on.data)  # type: ignore[return-value]


class CloseForm(FlaskForm):
    outcome = _text(_l("Outcome"), _l("Write the outcome of the follow-up."))


class ConfirmForm(FlaskForm):
    """A button that only needs the CSRF token (remove a goal, reopen a case)."""
