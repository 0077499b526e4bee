"""E-mail through Flask-Mail, with the settings of DESIGN §7.

MAIL_SERVER, MAIL_PORT, MAIL_USE_TLS, MAIL_USERNAME, MAIL_PASSWORD and MAIL_DEFAULT_SENDER come
from the environment (a test's config wins). Without MAIL_SERVER nothing is sent: the message
is written to the log, so a development machine needs no mail server and still shows the link.
"""

import logging
import os
import smtplib

from flask import Flask, current_app
from flask_mail import Mail, Message

logger = logging.getLogger(__name__)

_TRUE = ("1", "true", "yes", "on")
_SETTINGS = {
    "MAIL_SERVER": str,
    "MAIL_PORT": int,
    "MAIL_USE_TLS": lambda raw: raw.strip().lower() in _TRUE,
    "MAIL_USERNAME": str,
    "MAIL_PASSWORD": str,
    "MAIL_DEFAULT_SENDER": str,
}


class MailSettingsError(ValueError):
    """Raised at start-up when the mail settings cannot work."""


def init_app(app: Flask) -> None:
    """Read the MAIL_* settings and set Flask-Mail up when there is a server to send through."""
    for name, kind in _SETTINGS.items():
        raw = os.environ.get(name)
        if name not in app.config and raw not in (None, ""):
            try:
                app.config[name] = kind(raw)
            except ValueError:
                raise MailSettingsError(f"{name} must be a number, not {raw!r}") from None
    # Flask-Mail swallows every message when TESTING is set; the tests read real mail from an
    # SMTP sink instead, so sending is on unless a setting says otherwise.
    app.config.setdefault("MAIL_SUPPRESS_SEND", False)
    if not app.config.get("MAIL_SERVER"):
        return
    if not app.config.get("MAIL_DEFAULT_SENDER"):
        raise MailSettingsError(
            "MAIL_SERVER is set but MAIL_DEFAULT_SENDER is not: set the address mail is sent from."
        )
    Mail(app)


def send(to: str, subject: str, body: str) -> bool:
    """Send a plain-text message (or log it without MAIL_SERVER); False if sending failed."""
    mail = current_app.extensions.get("mail")
    if not current_app.config.get("MAIL_SERVER") or mail is None:
        logger.warning("MAIL_SERVER is not set; not sent to %s: %s\n%s", to, subject, body)
        return True
    try:
        mail.send(Message(subject=subject, recipients=[to], body=body))
    except (smtplib.SMTPException, OSError):
        logger.exception("Could not send mail to %s (%s)", to, subject)
        return False
    return True
