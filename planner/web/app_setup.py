"""The steps ``create_app`` runs, in reading order."""

from __future__ import annotations

from flask import Flask, g

from planner import db as database
from planner.config import Config


def register_database(app: Flask, config: Config) -> None:
    """Create the engine and session factory; open a session per request and close it afterwards."""
    import planner.models  # noqa: F401  (complete the mapper registry)
    from planner.audit import recorder

    engine = database.make_engine(config.database_url)
    factory = database.make_session_factory(engine)
    recorder.install(factory.class_)
    app.extensions["planner.engine"] = engine
    app.extensions["planner.sessions"] = factory

    @app.teardown_appcontext
    def _close_session(_exc: BaseException | None) -> None:
        session = g.pop("db", None)
        if session is not None:
            session.close()


def register_extensions(app: Flask) -> None:
    """Initialise CSRF protection, login and translations."""
    from planner.extensions import babel, csrf, login_manager
    from planner.web.locale import select_locale, select_timezone

    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "strong"
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)

    from planner.auth.access import load_user

    login_manager.user_loader(load_user)


def register_blueprints(app: Flask) -> None:
    """Mount every feature's blueprint."""
    from planner.auth.blueprint import bp as auth_bp
    from planner.web.blueprint import bp as web_bp

    for bp in (web_bp, auth_bp, *_feature_blueprints()):
        app.register_blueprint(bp)


def _feature_blueprints() -> list:
    """Blueprints of the data features, each in its own package."""
    import importlib

    blueprints = []
    for name in FEATURE_BLUEPRINTS:
        try:
            module = importlib.import_module(f"planner.{name}.blueprint")
        except ModuleNotFoundError as error:
            if error.name not in (f"planner.{name}", f"planner.{name}.blueprint"):
                raise
            continue
        blueprints.append(module.bp)
    return blueprints


FEATURE_BLUEPRINTS = (
    "org",
    "territories",
    "people",
    "competency",
    "performance",
    "candidates",
    "audit",
    "users",
    "settings",
)


def register_errorhandlers(app: Flask) -> None:
    """Render errors as pages in the user's language."""
    from planner.web.errors import install_error_handlers

    install_error_handlers(app)


def register_template_helpers(app: Flask) -> None:
    """Expose helpers every template uses."""
    from planner.web.templating import install_template_helpers

    install_template_helpers(app)


def register_commands(app: Flask) -> None:
    """Add ``flask db``, ``flask create-user`` and ``flask demo``."""
    from planner.commands import register

    register(app)
