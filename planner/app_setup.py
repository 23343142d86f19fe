"""The steps ``create_app`` runs, in reading order."""

from __future__ import annotations

from flask import Flask, g
from sqlalchemy.orm import Session

from planner import db as database
from planner.config import Config


def register_database(app: Flask, config: Config) -> None:
    """Create the engine and session factory; open a session per request and close it afterwards."""
    import planner.models  # noqa: F401  (complete the mapper registry)
    from planner.audit import recorder, sign_ins

    engine = database.make_engine(config.database_url)
    factory = database.make_session_factory(engine)
    recorder.install(factory.class_)
    sign_ins.listen()
    app.extensions["planner.engine"] = engine
    app.extensions["planner.sessions"] = factory

    def open_session(user_id: int | None) -> Session:
        return recorder.act_as(factory(), user_id)

    # planner.web opens the request's session through this, so the edge helpers need not import the audit log.
    app.extensions["planner.open_session"] = open_session

    @app.teardown_appcontext
    def _close_session(_exc: BaseException | None) -> None:
        session = g.pop("db", None)
        if session is not None:
            session.close()


def register_jobs(app: Flask, config: Config) -> None:
    """Attach the job queue (Huey: Redis with ``REDIS_URL``, else a SQLite file) and register the jobs."""
    from planner.jobs.queue import QueueSettings, install_queue
    from planner.runs import jobs as run_jobs
    from planner.spreadsheets import jobs as spreadsheet_jobs

    queue = install_queue(
        app,
        QueueSettings(
            name=config.queue_name,
            redis_url=config.redis_url,
            sqlite_path=config.queue_path,
            nice=config.job_nice,
        ),
    )
    run_jobs.register(app)
    spreadsheet_jobs.register(app)

    @app.before_request
    def _start_embedded_worker() -> None:
        # Without Redis the app runs its own consumer; starting it with the first request (not at import)
        # also picks up runs queued before a restart.
        if queue.embedded:
            queue.start_consumer()


def register_extensions(app: Flask, config: Config) -> None:
    """Initialise CSRF protection, login, sign-in throttling, translations, security headers and the
    bounded ``<int:…>`` URL converter (before any blueprint adds a rule)."""
    from planner.auth.throttle import install_throttle
    from planner.extensions import babel, csrf, login_manager
    from planner.web.converters import BoundedIntConverter
    from planner.web.locale import select_locale, select_timezone
    from planner.web.security import install_security

    app.url_map.converters["int"] = BoundedIntConverter
    csrf.init_app(app)
    install_throttle(app, config)
    install_security(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "strong"
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)

    from planner.auth.access import load_user

    login_manager.user_loader(load_user)


def register_blueprints(app: Flask) -> None:
    """Mount every feature's blueprint."""
    from planner.assessments.blueprint import bp as assessments_bp
    from planner.audit.blueprint import bp as audit_bp
    from planner.auth.blueprint import bp as auth_bp
    from planner.competency.blueprint import bp as competency_bp
    from planner.home.blueprint import bp as web_bp
    from planner.pages.candidates.blueprint import bp as candidates_bp
    from planner.pages.org.blueprint import bp as org_bp
    from planner.pages.people.blueprint import bp as people_bp
    from planner.pages.territories.blueprint import bp as territories_bp
    from planner.performance.blueprint import bp as performance_bp
    from planner.planning.blueprint import runs_bp, scenarios_bp
    from planner.settings_page.blueprint import bp as settings_bp
    from planner.spreadsheets.blueprint import bp as spreadsheets_bp
    from planner.users.blueprint import bp as users_bp

    for bp in (
        web_bp,
        auth_bp,
        org_bp,
        territories_bp,
        people_bp,
        competency_bp,
        assessments_bp,
        performance_bp,
        candidates_bp,
        scenarios_bp,
        runs_bp,
        audit_bp,
        users_bp,
        settings_bp,
        spreadsheets_bp,
    ):
        app.register_blueprint(bp)


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
