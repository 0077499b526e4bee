from flask import Blueprint

bp = Blueprint("auth", __name__)


@bp.record_once
def _init_sign_in_services(state) -> None:
    # OpenID providers and mail are read from the settings when the app registers the blueprint.
    from .. import mail
    from . import oidc

    oidc.init_app(state.app)
    mail.init_app(state.app)


from . import accounts_routes, oidc_routes, routes  # noqa: E402,F401
