"""A real OpenID provider on 127.0.0.1 for the sign-in tests: oidc-provider-mock in a thread.

It discovers, authorises (a POST of the subject to sign in as, as its own form does), issues
signed ID tokens and has an end-session endpoint. The claims a subject signs in with are set
through its PUT /users/<sub>.
"""

import threading
import warnings
from urllib.parse import urlsplit

import requests
from werkzeug.serving import make_server

TIMEOUT = 10


class Provider:
    def __init__(self) -> None:
        with warnings.catch_warnings():
            # The mock still imports authlib.jose, which Authlib marks as deprecated.
            warnings.simplefilter("ignore")
            import oidc_provider_mock

            provider_app = oidc_provider_mock.app(require_nonce=True)
        self.server = make_server("127.0.0.1", 0, provider_app, threaded=True)
        self.issuer = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)

    def set_user(self, sub: str, **claims) -> None:
        """The claims `sub` signs in with from now on."""
        answer = requests.put(f"{self.issuer}/users/{sub}", json=claims, timeout=TIMEOUT)
        assert answer.status_code == 204, answer.text

    def authorise(self, authorize_url: str, sub: str) -> str:
        """Sign in at the provider as `sub`; return the app's callback path with its query."""
        answer = requests.post(
            authorize_url, data={"sub": sub}, allow_redirects=False, timeout=TIMEOUT
        )
        assert answer.status_code == 302, answer.text
        parts = urlsplit(answer.headers["Location"])
        return f"{parts.path}?{parts.query}"
