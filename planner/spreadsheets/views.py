"""Import pages: upload, preview (every problem), commit, the rejected rows and the templates."""

from __future__ import annotations

import io

from flask import abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from planner.auth.access import editor_required
from planner.errors import NotFound
from planner.messages import N_
from planner.spreadsheets import describe, jobs
from planner.spreadsheets.builders import XLSX_MIMETYPE
from planner.spreadsheets.describe import today
from planner.spreadsheets.forms import KIND_LABELS, UploadForm
from planner.spreadsheets.importer import ImportFailed, ImportRefused, commit_import, preview_import
from planner.spreadsheets.kinds import KINDS
from planner.spreadsheets.models import SpreadsheetUpload
from planner.spreadsheets.problems import Report
from planner.spreadsheets.reader import MAX_DATA_ROWS, MAX_FILE_BYTES
from planner.spreadsheets.uploads import load_upload, store_upload
from planner.spreadsheets.workbooks import build_rejected, build_template
from planner.web.database import db_session
from planner.web.formflow import Done, handle_form

UNPROCESSABLE = 422
# Where each kind's list is, to go to after a commit.
LIST_PAGES = {
    "units": "org.list_units",
    "territories": "territories.list_territories",
    "managers": "people.list_managers",
    "candidates": "candidates.list_candidates",
    "assessments": "assessments.list_assessments",
    "reviews": "performance.list_reviews",
}


def _page(form: UploadForm) -> str:
    return render_template(
        "spreadsheets/upload.html",
        form=form,
        kinds=[(name, KIND_LABELS[name]) for name in KINDS],
        max_mb=MAX_FILE_BYTES // (1024 * 1024),
        max_rows=MAX_DATA_ROWS,
    )


@editor_required
def upload() -> ResponseReturnValue:
    """Show the upload form; keep a posted file and go to its preview."""
    form = UploadForm()
    if request.method == "GET":
        form.kind.data = request.args.get("kind", "managers")

    def save() -> Done:
        content = form.file.data.read(MAX_FILE_BYTES + 1)
        filename = form.file.data.filename or "upload"
        stored = store_upload(
            db_session(), int(current_user.id), form.kind.data, filename, content, form.sheet.data
        )
        return Done(
            N_("%(file)s is kept for a day: its preview shows what an import would do.", file=filename),
            url_for("spreadsheets.preview", token=stored.token),
            "info",
        )

    return handle_form(form, save, lambda: _page(form))


def _report(token: str) -> tuple[SpreadsheetUpload, Report]:
    db = db_session()
    try:
        stored = load_upload(db, int(current_user.id), token)
    except NotFound:
        abort(404)
    report = preview_import(
        db,
        stored.kind,
        stored.filename,
        stored.content,
        today=today(),
        sheet=stored.sheet,
        language=describe.language(),
    )
    db.rollback()
    return stored, report


@editor_required
def preview(token: str) -> tuple[str, int]:
    """Show what the import would do and every problem, with the commit button when there is none.

    While a worker commits a large file, show its stage instead (the page reloads itself), then the outcome.
    """
    db = db_session()
    try:
        upload = load_upload(db, int(current_user.id), token)
    except NotFound:
        abort(404)
    if upload.status in ("queued", "writing", "done"):
        return render_template(
            "spreadsheets/job.html",
            stored=upload,
            kind_label=KIND_LABELS[upload.kind],
            list_url=url_for(LIST_PAGES[upload.kind]),
        ), 200
    if upload.status == "failed" and upload.outcome:
        flash(_(upload.outcome["message"], **upload.outcome["params"]), "error")
        upload.status = "uploaded"
        db.commit()
    stored, report = _report(token)
    form = UploadForm(formdata=None)
    form.kind.data = stored.kind
    return (
        render_template(
            "spreadsheets/preview.html",
            stored=stored,
            report=report,
            kind_label=KIND_LABELS[stored.kind],
            form=form,
            where=describe.where,
            reason=describe.reason,
        ),
        200 if report.clean else UNPROCESSABLE,
    )


@editor_required
def commit(token: str) -> Response | tuple[str, int]:
    """Write the whole file in one transaction, or nothing."""
    db = db_session()
    try:
        stored = load_upload(db, int(current_user.id), token)
    except NotFound:
        abort(404)
    kind = stored.kind
    if len(stored.content) > jobs.BACKGROUND_BYTES:
        if stored.status not in jobs.RUNNING:
            jobs.enqueue_commit(current_app, db, stored, describe.language(), today())
        return redirect(url_for("spreadsheets.preview", token=token))
    try:
        report = commit_import(
            db,
            int(current_user.id),
            kind,
            stored.filename,
            stored.content,
            today=today(),
            sheet=stored.sheet,
            language=describe.language(),
        )
        db.delete(stored)
        db.commit()
    except ImportRefused:
        db.rollback()
        flash(_("The file has problems; nothing was imported."), "error")
        return redirect(url_for("spreadsheets.preview", token=token))
    except ImportFailed as failure:
        db.rollback()
        flash(_(failure.message, **failure.params), "error")
        return redirect(url_for("spreadsheets.preview", token=token))
    flash(
        _(
            "Imported: %(created)d created, %(updated)d updated, %(unchanged)d unchanged.",
            created=report.created,
            updated=report.updated,
            unchanged=report.unchanged,
        ),
        "success",
    )
    return redirect(url_for(LIST_PAGES[kind]))


@editor_required
def rejected(token: str) -> Response:
    """Send the rejected rows with a reason column, to fix and import again."""
    stored, report = _report(token)
    content = build_rejected(report, describe.language())
    stem = stored.filename.rsplit(".", 1)[0]
    return send_file(
        _buffer(content), mimetype=XLSX_MIMETYPE, as_attachment=True, download_name=f"{stem}-rejected.xlsx"
    )


@editor_required
def template(kind: str, language: str) -> Response:
    """Send the template of a kind in Chinese or English."""
    if kind not in KINDS or language not in ("zh", "en"):
        abort(404)
    content = build_template(db_session(), kind, language)
    name = f"{KINDS[kind].sheet_zh if language == 'zh' else kind}-template.xlsx"
    return send_file(_buffer(content), mimetype=XLSX_MIMETYPE, as_attachment=True, download_name=name)


def _buffer(content: bytes) -> io.BytesIO:
    return io.BytesIO(content)
