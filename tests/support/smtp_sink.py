"""A local SMTP server that keeps every message it receives (aiosmtpd), for the mail tests."""

import email
import email.policy
import re
import socket

from aiosmtpd.controller import Controller


class _Keep:
    def __init__(self) -> None:
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        return "250 Message accepted"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpSink:
    def __init__(self) -> None:
        self.handler = _Keep()
        self.port = _free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()

    @property
    def messages(self) -> list:
        return self.handler.messages

    def clear(self) -> None:
        self.handler.messages.clear()

    def link(self, message) -> str:
        """The path of the single link in a message's text."""
        body = message.get_body(preferencelist=("plain",)).get_content()
        return re.search(r"https?://[^/\s]+(/\S+)", body)[1]
