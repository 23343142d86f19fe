"""Flask CLI commands: ``flask --app planner db upgrade``, ``create-user`` and ``demo``."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from planner import migrate
from planner.audit.recorder import act_as
from planner.db import session_scope
from planner.enums import Role
from planner.errors import DomainError

db_cli = AppGroup("db", help="Manage the database schema.")


def _database_url() -> str:
    return current_app.extensions["planner.config"].database_url


@db_cli.command("upgrade")
@click.argument("revision", default="head")
def db_upgrade(revision: str) -> None:
    """Upgrade the database to REVISION (default: the latest)."""
    _ensure_instance_dir()
    migrate.upgrade(_database_url(), revision)
    click.echo(f"database at {revision}")


@db_cli.command("downgrade")
@click.argument("revision")
def db_downgrade(revision: str) -> None:
    """Downgrade the database to REVISION ("base" empties it)."""
    migrate.downgrade(_database_url(), revision)
    click.echo(f"database at {revision}")


@db_cli.command("check")
def db_check() -> None:
    """Fail when the models and the database schema differ."""
    diffs = migrate.pending_differences(_database_url())
    if diffs:
        raise click.ClickException(f"schema differs from the models: {diffs}")
    click.echo("schema matches the models")


def _ensure_instance_dir() -> None:
    config = current_app.extensions["planner.config"]
    if config.is_sqlite:
        from planner.config import INSTANCE_DIR

        INSTANCE_DIR.mkdir(parents=True, exist_ok=True)


@click.command("create-user")
@click.argument("username")
@click.option("--role", type=click.Choice([r.value for r in Role]), default=Role.VIEWER.value)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
def create_user_command(username: str, role: str, password: str) -> None:
    """Create a user who can sign in."""
    from planner.auth.services import create_user

    try:
        with session_scope(current_app.extensions["planner.sessions"]) as session:
            create_user(act_as(session, None), username, password, Role(role))
    except DomainError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"created {role} {username}")


@click.command("demo")
@click.option("--size", type=click.Choice(["small", "large"]), default="small", show_default=True)
@click.option("--seed", type=int, default=1, show_default=True)
def demo_command(size: str, seed: int) -> None:
    """Load a realistic demo bank (idempotent: a second run changes nothing)."""
    from planner.demo.loader import load_demo

    with session_scope(current_app.extensions["planner.sessions"]) as session:
        report = load_demo(session, size=size, seed=seed)
        from planner.scenarios.services import ensure_baseline

        ensure_baseline(session)
    click.echo(report)


def register(app: Flask) -> None:
    """Attach the commands to ``app``."""
    app.cli.add_command(db_cli)
    app.cli.add_command(create_user_command)
    app.cli.add_command(demo_command)

    from planner.runs.cli import scenario_cli, worker_command

    app.cli.add_command(scenario_cli)
    app.cli.add_command(worker_command)

    from planner.spreadsheets.commands import import_command

    app.cli.add_command(import_command)
