"""``flask --app planner import KIND FILE [--dry-run] [--sheet NAME]``: the preview and commit of the page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import force_locale, gettext
from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.audit.recorder import act_as
from planner.auth.models import User
from planner.db import session_scope
from planner.spreadsheets.describe import report_lines
from planner.spreadsheets.importer import ImportFailed, ImportRefused, commit_import, preview_import
from planner.spreadsheets.kinds import KINDS
from planner.spreadsheets.reader import MAX_FILE_BYTES

LOCALES = {"zh": "zh_Hans_CN", "en": "en"}


@click.command("import")
@click.argument("kind", type=click.Choice(list(KINDS)))
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Only preview: report what would change and every problem.")
@click.option("--sheet", help="Read this sheet (default: the first whose header fits).")
@click.option("--user", "username", help="Record the import in the audit log as this user.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@with_appcontext
def import_command(
    kind: str, file: Path, dry_run: bool, sheet: str | None, username: str | None, lang: str
) -> None:
    """Import KIND (units, territories, managers, candidates, assessments, reviews) from an XLSX or CSV FILE.

    Exits with 1, changing nothing, when the file has any problem.
    """
    if file.stat().st_size > MAX_FILE_BYTES:
        raise click.ClickException(f"{file} is larger than {MAX_FILE_BYTES // 2**20} MB; split it.")
    data = file.read_bytes()
    today = dt.date.today()
    with force_locale(LOCALES[lang]):
        try:
            with session_scope(current_app.extensions["planner.sessions"]) as session:
                user_id = _user_id(session, username)
                act_as(session, user_id)
                if dry_run:
                    report = preview_import(
                        session, kind, file.name, data, today=today, sheet=sheet, language=lang
                    )
                    session.rollback()
                else:
                    report = commit_import(
                        session, user_id, kind, file.name, data, today=today, sheet=sheet, language=lang
                    )
        except ImportRefused as refused:
            report = refused.report
        except ImportFailed as failure:
            click.echo(gettext(failure.message, **failure.params), err=True)
            raise SystemExit(1) from failure
        for line in report_lines(report):
            click.echo(line)
        if not report.clean:
            raise SystemExit(1)
        click.echo(gettext("Imported.") if report.committed else gettext("Dry run: nothing was changed."))


def _user_id(session: Session, username: str | None) -> int | None:
    if username is None:
        return None
    user_id = session.scalar(select(User.id).where(User.username == username))
    if user_id is None:
        raise click.ClickException(f"no user {username}")
    return user_id
