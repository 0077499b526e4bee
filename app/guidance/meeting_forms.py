"""The guidance meeting form: the fields a person fills in; meetings.py checks the values."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField, StringField, TextAreaField

from ..form_input import parse_day, strip_text
from .meetings import MeetingInput


class MeetingForm(FlaskForm):
    held_on = StringField(_l("Date"), filters=[strip_text], render_kw={"type": "date"})
    led_by = SelectField(_l("Led by"), choices=[], validate_choice=False)
    dimension = SelectField(_l("The month's dimension"), choices=[], validate_choice=False)
    notes = TextAreaField(_l("Short notes"), filters=[strip_text])
    narratives = SelectMultipleField(_l("Narratives discussed"), choices=[], validate_choice=False)

    def values(self) -> MeetingInput:
        led_by = self.led_by.data or ""
        chosen = {int(n) if str(n).isdigit() else -1 for n in self.narratives.data or ()}
        return MeetingInput(
            held_on=parse_day(self.held_on.data),
            led_by_id=int(led_by) if led_by.isdigit() else None,
            dimension_code=self.dimension.data or "",
            notes=self.notes.data or "",
            narrative_ids=frozenset(chosen),
        )
