"""The TETT PÅ observation app."""

from pathlib import Path

from flask import Flask, render_template, request
from flask_babel import lazy_gettext as _l

from . import db
from .extensions import babel, csrf, login_manager
from .i18n import current_language, require_compiled_catalogs, select_locale

TRADEMARK_NOTICE = _l("CLASS® is a registered trademark of Teachstone.")


def create_app(test_config: dict | None = None, instance_path: str | None = None) -> Flask:
    """Create and configure the app."""
    app = Flask(__name__, instance_relative_config=True, instance_path=instance_path)
    from .form_input import init_app as bound_inputs

    bound_inputs(app)  # before any route: bounded <int:...> and body sizes
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    from .config import load_config, require_secret_key

    app.config.update(load_config(app.instance_path))
    if test_config:
        app.config.update(test_config)
    require_secret_key(app)
    _init_extensions(app)
    _register_blueprints(app)
    _register_cli(app)
    _register_error_pages(app)
    return app


def _init_extensions(app: Flask) -> None:
    db.init_app(app)
    require_compiled_catalogs(app)
    babel.init_app(app, locale_selector=select_locale)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to see this page.")
    login_manager.login_message_category = "info"
    app.jinja_env.globals.update(
        current_language=current_language, trademark_notice=TRADEMARK_NOTICE
    )

    from .instruments import init_app as init_instruments
    from .ui import init_app as init_ui

    init_instruments(app)
    init_ui(app)

    from .security import init_security
    from .static_files import init_static

    init_security(app)
    init_static(app)


def _register_blueprints(app: Flask) -> None:
    from .admin import bp as admin_bp
    from .api import bp as api_bp
    from .auth import bp as auth_bp
    from .dashboard import bp as dashboard_bp
    from .followup import bp as followup_bp
    from .guidance import bp as guidance_bp
    from .home import bp as home_bp
    from .observe import bp as observe_bp
    from .observe.sw import bp as sw_bp
    from .plan import bp as plan_bp
    from .reminders import bp as reminders_bp
    from .reminders import init_app as init_reminders
    from .reports import bp as reports_bp
    from .statements import bp as statements_bp
    from .vendor import bp as vendor_bp

    app.register_blueprint(auth_bp)
    app.register_blueprint(home_bp)
    app.register_blueprint(observe_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(vendor_bp)
    app.register_blueprint(sw_bp)
    app.register_blueprint(reports_bp)
    app.register_blueprint(dashboard_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(plan_bp)
    app.register_blueprint(guidance_bp)
    app.register_blueprint(followup_bp)
    app.register_blueprint(reminders_bp)
    init_reminders(app)
    app.register_blueprint(statements_bp)


def _register_cli(app: Flask) -> None:
    from .cli import db_cli, demo_cli
    from .cli_analysis import analysis_cli
    from .cli_backup import backup_command, restore_command
    from .cli_plan import plan_cli
    from .cli_reminders import reminders_cli
    from .cli_retention import retention_cli
    from .cli_roster import roster_cli

    app.cli.add_command(db_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(analysis_cli)
    app.cli.add_command(roster_cli)
    app.cli.add_command(plan_cli)
    app.cli.add_command(reminders_cli)
    app.cli.add_command(retention_cli)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)


def _register_error_pages(app: Flask) -> None:
    def render_error(error):
        if request.path.startswith("/api/"):
            # Routing errors (unknown URL, wrong method) never reach the API blueprint's handlers.
            from .api.errors import http_error_response

            return http_error_response(error)
        code = getattr(error, "code", 500)
        return render_template("error.html", code=code), code

    for code in (400, 403, 404, 405, 413, 500):
        app.register_error_handler(code, render_error)
