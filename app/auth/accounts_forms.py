"""Forms of the password pages: change, forgot, a new password from a link, send a link."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, EqualTo, Length

from .passwords import MAX_LENGTH

_TOO_LONG = Length(max=MAX_LENGTH * 4)  # the policy says how long; this only stops junk early


class NewPasswordForm(FlaskForm):
    password = PasswordField(_l("New password"), validators=[DataRequired(), _TOO_LONG])
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[
            DataRequired(),
            EqualTo("password", message=_l("The two passwords are not the same.")),
        ],
    )


class ChangePasswordForm(NewPasswordForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired(), _TOO_LONG])


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])


class PasswordLinkForm(FlaskForm):
    """A project lead's button: sends a set-password link (the CSRF token is all it holds)."""
