"""The certification form: whose, which age level, and the period; every message says what to do."""

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, ValidationError

from analysis.schema import FAMILIES

from ..form_input import parse_day, strip_text

FAMILY_LABELS = {"toddler": _l("Toddler (1–3 years)"), "preschool": _l("Pre-school (3–6 years)")}


class CertificationForm(FlaskForm):
    email = EmailField(
        _l("The person's e-mail"),
        filters=[strip_text],
        validators=[
            InputRequired(message=_l("Write the e-mail of the person who was certified.")),
            Length(max=254, message=_l("Write at most %(max)d characters.")),
        ],
    )
    family = RadioField(
        _l("Age level"),
        choices=[SelectChoice(family, FAMILY_LABELS[family]) for family in FAMILIES],
        invalid_choice_message=_l("Choose the age level of the certification."),
    )
    certified_on = StringField(
        _l("Certified on"),
        render_kw={"type": "date"},
        validators=[InputRequired(message=_l("Write the date of certification."))],
    )
    expires_on = StringField(_l("Expires on"), render_kw={"type": "date"})

    def validate_certified_on(self, field) -> None:
        if parse_day(field.data) is None:
            raise ValidationError(_l("Write the date as dd.mm.yyyy, for example 15.08.2026."))

    def validate_expires_on(self, field) -> None:
        if field.data and parse_day(field.data) is None:
            raise ValidationError(
                _l("Write the date as dd.mm.yyyy, or leave it empty for one year.")
            )

    @property
    def dates(self) -> tuple[date, date | None]:
        """The validated period: certified on, and expires on (None: one year later)."""
        return parse_day(self.certified_on.data), parse_day(self.expires_on.data)
