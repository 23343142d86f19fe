"""Staffing planner for bank customer-manager teams (客户经理队伍规划): the Flask application."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask

from planner.config import INSTANCE_DIR, MISSING_SECRET_KEY, Config, ConfigurationError


def create_app(config: Config | None = None) -> Flask:
    """Build the application: wire extensions, blueprints, error handlers and commands. No side effects."""
    config = config or Config.from_env()
    if not config.secret_key:
        raise ConfigurationError(MISSING_SECRET_KEY)
    app = Flask(__name__, instance_path=str(INSTANCE_DIR))
    app.config.update(
        SECRET_KEY=config.secret_key,
        TESTING=config.testing,
        WTF_CSRF_ENABLED=config.csrf_enabled,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=config.session_cookie_secure,
        PERMANENT_SESSION_LIFETIME=timedelta(hours=config.session_hours),
        BABEL_DEFAULT_LOCALE=config.default_locale,
        BABEL_DEFAULT_TIMEZONE="Asia/Shanghai",
        MAX_CONTENT_LENGTH=20 * 1024 * 1024,
    )
    app.extensions["planner.config"] = config
    if config.proxy_fix_for:
        # Behind that many trusted reverse proxies, the client address (sign-in throttling, the audit log's
        # sign-ins) is the one they put in X-Forwarded-For; without the setting the header is ignored.
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=config.proxy_fix_for, x_proto=0, x_host=0)  # type: ignore[method-assign]

    from planner.app_setup import (
        register_blueprints,
        register_commands,
        register_database,
        register_errorhandlers,
        register_extensions,
        register_jobs,
        register_template_helpers,
    )

    register_database(app, config)
    register_jobs(app, config)
    register_extensions(app, config)
    register_blueprints(app)
    register_errorhandlers(app)
    register_template_helpers(app)
    register_commands(app)
    return app
