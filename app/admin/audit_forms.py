"""The Reopen form: a reason is required, since the audit trail must explain the reopening."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from ..form_input import strip_text


class ReopenForm(FlaskForm):
    reason = TextAreaField(
        _l("Why is the observation reopened?"),
        filters=[strip_text],
        validators=[
            DataRequired(
                message=_l("Write why it is reopened. The reason is kept in the audit trail.")
            ),
            Length(max=2000, message=_l("Write at most %(max)d characters.")),
        ],
    )
