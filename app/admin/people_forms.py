"""The person form: name, e-mail, roles, home kindergarten, departments and active."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, SelectField, SelectMultipleField, StringField
from wtforms.validators import Email, InputRequired, Length
from wtforms.widgets import CheckboxInput, ListWidget

from ..form_input import column_int


class CheckboxesField(SelectMultipleField):
    """Several choices as check boxes; choices outside the list are checked by the service."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form) -> None:  # the service says what is wrong, next to the field
        pass


def _optional_int(value):
    return column_int(value) if value not in (None, "", "None") else None


def _int(value):
    try:
        return column_int(value)
    except (TypeError, ValueError):
        return 0


class PersonForm(FlaskForm):
    name = StringField(
        _l("Name"), validators=[InputRequired(_l("Write the person's name.")), Length(max=120)]
    )
    email = EmailField(
        _l("E-mail"),
        validators=[
            InputRequired(_l("Write the person's e-mail address.")),
            Length(max=254),
            Email(_l("This is not an e-mail address. Check it.")),
        ],
    )
    roles = CheckboxesField(_l("Roles"))
    home_kindergarten_id = SelectField(_l("Home kindergarten"), coerce=_optional_int)
    department_ids = CheckboxesField(_l("Departments"), coerce=_int)
    active = BooleanField(_l("Active (may sign in)"), default=True)
