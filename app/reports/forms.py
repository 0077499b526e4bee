"""The feedback form and the leader's "read" form; every message says what to do."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Length, ValidationError

from .services import FeedbackInput

LOCAL_TIME = ZoneInfo("Europe/Oslo")
# datetime-local sends the first; a browser without it leaves what the person typed.
TIME_FORMATS = ("%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M", "%d.%m.%Y kl. %H:%M", "%Y-%m-%d %H:%M")
# A little slack for clocks that disagree; a meeting is recorded after it is held.
FUTURE_SLACK = timedelta(minutes=15)
GROWTH_AREA_SLOTS = 3


def _text(field) -> str:
    """Return a text field's value stripped; a missing field counts as empty."""
    return (field.data or "").strip()


def _too_long(limit: int) -> Length:
    return Length(max=limit, message=_l("Write at most %(max)d characters."))


class GrowthAreaForm(Form):
    dimension = SelectField(_l("Dimension"), choices=[], validate_choice=False)
    text = TextAreaField(_l("What we saw"), validators=[_too_long(3000)])
    suggestion = TextAreaField(_l("Suggestion"), validators=[_too_long(3000)])

    def is_blank(self) -> bool:
        return not (self.dimension.data or _text(self.text) or _text(self.suggestion))


class FeedbackForm(FlaskForm):
    strengths = TextAreaField(_l("Strengths"), validators=[_too_long(6000)])
    growth_areas = FieldList(
        FormField(GrowthAreaForm), min_entries=GROWTH_AREA_SLOTS, max_entries=GROWTH_AREA_SLOTS
    )
    next_dimension = SelectField(_l("Dimension to work on next"), choices=[], validate_choice=False)
    meeting_held_at = StringField(_l("Feedback meeting held"), render_kw={"type": "datetime-local"})
    meeting_attendees = TextAreaField(_l("Who attended the meeting"), validators=[_too_long(1000)])
    confirm_release = BooleanField(
        _l("I understand that the department will see the report and that it can no longer be "
           "changed after release.")
    )  # fmt: skip

    def setup(self, dimensions: list[tuple[str, str]], observed_on: date) -> None:
        """Offer the instrument's dimensions and remember the observation day for checks."""
        choices = [("", _l("Choose a dimension"))] + dimensions
        for entry in self.growth_areas:
            entry.form.dimension.choices = choices
        self.next_dimension.choices = choices
        self.codes = {code for code, _name in dimensions}
        self.observed_on = observed_on

    def validate_next_dimension(self, field) -> None:
        if field.data and field.data not in self.codes:
            raise ValidationError(_l("Choose a dimension from the list."))

    def validate_growth_areas(self, field) -> None:
        seen: set[str] = set()
        for entry in field:
            area = entry.form
            if area.is_blank():
                continue
            if area.dimension.data not in self.codes:
                area.dimension.errors.append(
                    _l("Choose which dimension this growth area is about.")
                )
            elif area.dimension.data in seen:
                area.dimension.errors.append(_l("Each growth area needs its own dimension."))
            if not _text(area.text):
                area.text.errors.append(
                    _l("Write what you saw, or empty the whole growth area to leave it out.")
                )
            seen.add(area.dimension.data)
        if any(entry.form.errors for entry in field):
            raise ValidationError(_l("Check the growth areas marked below."))

    def validate_meeting_held_at(self, field) -> None:
        if not _text(field):
            return
        held_at = parse_local_time(field.data)
        if held_at is None:
            raise ValidationError(_l("Give the date and time like 14.03.2025 10:30."))
        if held_at.astimezone(LOCAL_TIME).date() < self.observed_on:
            raise ValidationError(_l("The meeting cannot be before the observation day."))
        if held_at > datetime.now(UTC) + FUTURE_SLACK:
            raise ValidationError(_l("That time is in the future. Record the meeting once held."))

    def check_release(self, data: FeedbackInput) -> bool:
        """Add the errors that stop a release; return True if it may go ahead."""
        needed = [
            (self.strengths, not data.strengths.strip(), _l("Write the strengths first.")),
            (self.growth_areas, not data.growth_areas, _l("Add at least one growth area first.")),
            (self.meeting_held_at, data.meeting_held_at is None,
             _l("Record when the feedback meeting was held first.")),
            (self.meeting_attendees, not data.meeting_attendees,
             _l("Write who attended the meeting first.")),
            (self.confirm_release, not self.confirm_release.data,
             _l("Tick the box to confirm the release.")),
        ]  # fmt: skip
        for field, missing, message in needed:
            if missing:
                field.errors = [*field.errors, message]
        return not any(missing for _field, missing, _message in needed)

    def error_links(self) -> list[tuple[str, str]]:
        """Every error as (id of the field to fix, message), in the order of the page."""
        links: list[tuple[str, str]] = []
        for field in self:
            if isinstance(field, FieldList):
                links += _growth_area_links(field)
            else:
                links += [(field.id, str(message)) for message in field.errors]
        return links

    def to_input(self) -> FeedbackInput:
        """Return the cleaned values; blank growth areas are dropped."""
        growth = [
            {
                "dimension": entry.form.dimension.data,
                "text": _text(entry.form.text),
                "suggestion": _text(entry.form.suggestion),
            }
            for entry in self.growth_areas
            if not entry.form.is_blank()
        ]
        return FeedbackInput(
            strengths=_text(self.strengths),
            growth_areas=growth,
            next_dimension=self.next_dimension.data or None,
            meeting_held_at=parse_local_time(self.meeting_held_at.data),
            meeting_attendees=_text(self.meeting_attendees) or None,
        )

    def fill(self, data: FeedbackInput) -> None:
        """Put saved or drafted values into the fields (for GET)."""
        self.strengths.data = data.strengths
        for entry, area in zip(self.growth_areas, [*data.growth_areas, {}, {}, {}], strict=False):
            entry.form.dimension.data = area.get("dimension", "")
            entry.form.text.data = area.get("text", "")
            entry.form.suggestion.data = area.get("suggestion", "")
        self.next_dimension.data = data.next_dimension or ""
        self.meeting_held_at.data = format_local_time(data.meeting_held_at)
        self.meeting_attendees.data = data.meeting_attendees or ""


def _growth_area_links(areas: FieldList) -> list[tuple[str, str]]:
    """Link each growth area's own errors to its field; a list-wide one to the first area."""
    links = [
        (field.id, str(message))
        for entry in areas
        for field in entry.form
        for message in field.errors
    ]
    if not links:  # e.g. "Add at least one growth area first."
        first = areas[0].form.dimension.id
        links = [(first, str(m)) for m in areas.errors if not isinstance(m, dict | list)]
    return links


def parse_local_time(text: str | None) -> datetime | None:
    """Read a Norwegian wall-clock time; return it in UTC, or None if blank or unreadable."""
    text = (text or "").strip()
    for pattern in TIME_FORMATS:
        try:
            local = datetime.strptime(text, pattern)
        except ValueError:
            continue
        return local.replace(tzinfo=LOCAL_TIME).astimezone(UTC)
    return None


def format_local_time(moment: datetime | None) -> str:
    """Show a UTC time in the datetime-local input's format, in Norwegian time."""
    return moment.astimezone(LOCAL_TIME).strftime(TIME_FORMATS[0]) if moment else ""


class AcknowledgeForm(FlaskForm):
    comment = TextAreaField(_l("Comment for the observer and mentor (optional)"),
                            validators=[_too_long(2000)])  # fmt: skip
