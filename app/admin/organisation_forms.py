"""The organisation's forms: each message says what to fix, next to the field it is about.

The field names are the column names, so `values()` is what the service stores. Choices are
set per request (the pools, networks and mentors there are); WTForms' own wording for a wrong
choice or number is replaced, since it has no nynorsk.
"""

import unicodedata

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, Form, IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Regexp, StopValidation, ValidationError

from analysis.schema import AGE_GROUPS, OWNER_TYPES

from ..form_input import column_int, strip_text
from ..ui import AGE_GROUP_LABELS

NAME_LENGTH = 120
MAX_COUNT = 10_000
OWNER_LABELS = dict(zip(OWNER_TYPES, (_l("Municipal"), _l("Private")), strict=True))
NOT_IN_LIST = _l("Choose one of the options in the list.")
NOT_A_NUMBER = _l("Write a whole number, like 12.")
SEMESTER_FORMAT = _l("Write it like 2026H (autumn) or 2027V (spring).")


def _optional_id(value) -> int | None:
    """Read a select's value as an id; the empty option means none."""
    return None if value in ("", None) else column_int(value)


def _plain_text(_form, field) -> None:
    """Refuse control characters: they cannot be seen, and PostgreSQL refuses NUL."""
    if any(unicodedata.category(char) in ("Cc", "Cs") for char in field.data or ""):
        raise ValidationError(_l("Remove the special characters (such as tabs) from the text."))


def _name(label, missing) -> StringField:
    too_long = Length(max=NAME_LENGTH, message=_l("Write at most %(max)d characters."))
    validators = [DataRequired(message=missing), too_long, _plain_text]
    return StringField(label, filters=[strip_text], validators=validators)


def _between(low: int, high: int, message):
    """Check a whole number's range, unless it could not be read as one (already said)."""

    def check(_form, field) -> None:
        if field.process_errors:
            raise StopValidation()
        if field.data is None or not low <= field.data <= high:
            raise StopValidation(message)

    return check


def _count(label, what):
    return IntegerField(
        label,
        invalid_value_message=NOT_A_NUMBER,
        validators=[_between(0, MAX_COUNT, what)],
        render_kw={"inputmode": "numeric", "min": 0, "max": MAX_COUNT},
    )


def _choice(label, **kwargs) -> SelectField:
    """A select that answers a value outside its list with our own message."""
    return SelectField(
        label, invalid_value_message=NOT_IN_LIST, invalid_choice_message=NOT_IN_LIST, **kwargs
    )


def choices(options, none_label=None) -> list[SelectChoice]:
    """Select choices from (value, label) pairs, with an empty first option if named."""
    first = [SelectChoice("", none_label)] if none_label else []
    return first + [SelectChoice(str(value), label) for value, label in options]


class OrganisationForm(FlaskForm):
    has_active = False  # whether the rows have an `active` flag (a new row is active)

    def values(self) -> dict[str, object]:
        """Return the cleaned values by column name."""
        values: dict[str, object] = {"active": True} if self.has_active else {}
        values.update(
            (name, field.data) for name, field in self._fields.items() if name != "csrf_token"
        )
        return values


class PoolForm(OrganisationForm):
    number = IntegerField(
        _l("Pool number"),
        invalid_value_message=NOT_A_NUMBER,
        validators=[_between(1, 9, _l("A pool number is a whole number from 1 to 9."))],
        render_kw={"inputmode": "numeric", "min": 1, "max": 9},
    )
    first_semester = StringField(
        _l("First semester"),
        filters=[lambda v: strip_text(v).upper() if v else v],
        validators=[
            DataRequired(message=_l("Write the pool's first semester.")),
            Regexp(r"^[1-9][0-9]{3}[HV]\Z", message=SEMESTER_FORMAT),
        ],
    )


class NetworkForm(OrganisationForm):
    name = _name(_l("Name of the network"), _l("Write the network's name."))
    pool_id = _choice(_l("Pool"), coerce=_optional_id)
    # Any id is let through to the service, which says why a person cannot mentor.
    mentor_id = _choice(_l("Mentor"), coerce=_optional_id, validate_choice=False)


class KindergartenForm(OrganisationForm):
    has_active = True
    name = _name(_l("Name of the kindergarten"), _l("Write the kindergarten's name."))
    pool_id = _choice(_l("Pool"), coerce=_optional_id)
    network_id = _choice(_l("Network"), coerce=_optional_id)
    owner_type = _choice(_l("Owner"), choices=choices(OWNER_LABELS.items()), default="municipal")
    active = BooleanField(_l("Active in the programme"), default=True)


class DepartmentForm(OrganisationForm):
    has_active = True
    name = _name(_l("Name of the department"), _l("Write the department's name."))
    age_group = SelectField(
        _l("Age group"),
        choices=choices(AGE_GROUP_LABELS.items(), _l("Choose an age group")),
        validate_choice=False,  # validate_age_group says what to choose
    )
    children_count = _count(_l("Children"), _l("Write the number of children, from 0 to 10000."))
    staff_count = _count(_l("Staff"), _l("Write the number of staff, from 0 to 10000."))
    active = BooleanField(_l("Active in the programme"), default=True)

    def validate_age_group(self, field) -> None:
        if field.data not in AGE_GROUPS:
            raise ValidationError(_l("Choose the age group: toddler or pre-school."))


# --- the lists' filters: plain GET parameters --------------------------------------------


class ListFilters(Form):
    """A list's filters; a value that is not a choice (an old bookmark) counts as no filter."""

    q = StringField(
        _l("Search by name"), filters=[strip_text], validators=[Length(max=NAME_LENGTH)]
    )

    def __init__(self, args: MultiDict, options: dict[str, list[SelectChoice]]):
        super().__init__(formdata=args)
        for name, field_choices in options.items():
            self[name].choices = field_choices
        self.validate()
        for field in self:
            if field.errors:
                field.data, field.errors = None, []

    def values(self) -> dict[str, object]:
        return {field.name: field.data for field in self if field.data not in (None, "")}


ACTIVE_CHOICES = [
    SelectChoice("", _l("Active and deactivated")),
    SelectChoice("yes", _l("Active only")),
    SelectChoice("no", _l("Deactivated only")),
]


def _filter(label, **kwargs) -> SelectField:
    return SelectField(label, coerce=_optional_id, **kwargs)


class NetworkFilters(ListFilters):
    pool = _filter(_l("Pool"))


class KindergartenFilters(ListFilters):
    pool = _filter(_l("Pool"))
    network = _filter(_l("Network"))
    owner = SelectField(_l("Owner"), choices=choices(OWNER_LABELS.items(), _l("All owners")))
    active = SelectField(_l("Status"), choices=ACTIVE_CHOICES)


class DepartmentFilters(ListFilters):
    pool = _filter(_l("Pool"))
    age_group = SelectField(
        _l("Age group"), choices=choices(AGE_GROUP_LABELS.items(), _l("All age groups"))
    )
    active = SelectField(_l("Status"), choices=ACTIVE_CHOICES)
