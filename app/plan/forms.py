"""The plan pages' forms: each message says what to fix, next to the field it is about."""

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DecimalField, EmailField, Form, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, ValidationError

from analysis.semesters import parse_semester

from ..form_input import parse_day, strip_text

BAD_DATE = _l("Write the date as dd.mm.yyyy, for example 03.02.2027.")
REASON_LENGTH = 500


def _a_date(_form, field) -> None:
    if parse_day(field.data) is None:
        raise ValidationError(BAD_DATE)


def _day_field(label) -> StringField:
    missing = InputRequired(message=_l("Write the date."))
    return StringField(label, render_kw={"type": "date"}, validators=[missing, _a_date])


def _reason_field(label, required: bool = False) -> TextAreaField:
    validators = [Length(max=REASON_LENGTH, message=_l("Write at most %(max)d characters."))]
    if required:
        validators.insert(0, InputRequired(message=_l("Write the reason.")))
    return TextAreaField(label, filters=[strip_text], validators=validators)


class PlanForm(FlaskForm):
    semester = StringField(
        _l("Semester"),
        filters=[strip_text],
        validators=[InputRequired(message=_l("Write the semester, like 2027V."))],
    )
    first_day = _day_field(_l("First day of the window"))
    last_day = _day_field(_l("Last day of the window"))
    share = DecimalField(
        _l("Double-coding share (%)"),
        default=10,
        places=None,
        invalid_value_message=_l("Write a whole number of per cent, like 10."),
        validators=[
            InputRequired(message=_l("Write the share, like 10.")),
            NumberRange(0, 30, message=_l("Write a share between 0 and 30 per cent.")),
        ],
        render_kw={"inputmode": "numeric", "min": 0, "max": 30, "type": "number"},
    )

    def validate_semester(self, field) -> None:
        try:
            field.data = str(parse_semester(field.data.upper()))
        except ValueError:
            raise ValidationError(_l("Write it like 2026H (autumn) or 2027V (spring).")) from None

    def validate_last_day(self, field) -> None:
        first, last = parse_day(self.first_day.data), parse_day(field.data)
        if first and last and last < first:
            raise ValidationError(_l("The last day must not come before the first day."))

    def values(self) -> tuple[str, date, date, float]:
        days = parse_day(self.first_day.data), parse_day(self.last_day.data)
        return self.semester.data, *days, float(self.share.data) / 100


class ObserverMixin:
    observer = EmailField(
        _l("Observer's e-mail"),
        filters=[strip_text],
        validators=[InputRequired(message=_l("Write the observer's e-mail."))],
    )
    override_reason = _reason_field(_l("Reason to set a rule aside (project lead only)"))


class MoveForm(ObserverMixin, FlaskForm):
    planned_on = _day_field(_l("Date"))


class AddVisitForm(ObserverMixin, FlaskForm):
    planned_on = _day_field(_l("Date"))


class CancelForm(FlaskForm):
    reason = _reason_field(_l("Why is the visit cancelled?"), required=True)


class VisitFilters(Form):
    """The visit list's filters: plain GET parameters, so a filtered list can be linked."""

    network = SelectField(_l("Network"), coerce=str, validate_choice=False)
    kindergarten = SelectField(_l("Kindergarten"), coerce=str, validate_choice=False)
    observer = StringField(_l("Observer (name or e-mail)"), filters=[strip_text])
    kind = SelectField(_l("Kind"), coerce=str, validate_choice=False)
    status = SelectField(_l("Status"), coerce=str, validate_choice=False)

    def values(self) -> dict[str, str]:
        return {field.name: field.data for field in self if field.data}
