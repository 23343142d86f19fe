"""Pages of performance reviews: the ranked list, the review page with its score breakdown, changes."""

from __future__ import annotations

from collections.abc import Sequence

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from sqlalchemy import Row, select
from werkzeug.wrappers import Response

from planner.auth.access import editor_required
from planner.enums import Segment
from planner.performance import reviews
from planner.performance.forms import ReviewFilterForm, review_form_class
from planner.performance.models import KpiScheme, PerformanceReview
from planner.performance.schemes import load_scheme
from planner.persistence import paginate
from planner.web.database import db_session
from planner.web.formflow import Done, handle_action, handle_form


def list_reviews() -> str:
    """List reviews by peer group and rank, with filters and pagination."""
    db = db_session()
    form = ReviewFilterForm(db, request.args)
    form.validate()
    filters = reviews.ReviewFilters(
        scheme_id=None if form.scheme.errors else form.scheme.data,
        period=None if form.period.errors else form.period.data or None,
        branch_id=None if form.branch.errors else form.branch.data,
        segment=Segment(form.segment.data) if form.segment.data and not form.segment.errors else None,
        search=form.q.data or "",
    )
    page = paginate(
        db,
        reviews.search_reviews(filters),
        request.args.get("page", 1, type=int),
        current_app.extensions["planner.config"].page_size,
    )
    return render_template("performance/reviews.html", form=form, page=page, filters=filters)


def show_review(review_id: int) -> str:
    """Show a review with each indicator's value, 0–100 score and weighted contribution."""
    db = db_session()
    review = reviews.load_review(db, review_id) or abort(404)
    lines = reviews.review_breakdown(db, review)
    return render_template(
        "performance/review.html", review=review, lines=lines, total=sum(line.contribution for line in lines)
    )


def _render_form(
    form: FlaskForm,
    scheme: KpiScheme,
    title: str,
    review: PerformanceReview | None = None,
    active_schemes: Sequence[Row[int, str]] = (),
) -> str:
    return render_template(
        "performance/review_form.html",
        form=form,
        scheme=scheme,
        title=title,
        review=review,
        schemes=active_schemes,
    )


def _review_url(review_id: int) -> str:
    return url_for("performance.show_review", review_id=review_id)


@editor_required
def create_review() -> ResponseReturnValue:
    """Record a review under the scheme chosen in the query string (the first active one by default)."""
    db = db_session()
    active = db.execute(
        select(KpiScheme.id, KpiScheme.name).where(KpiScheme.is_active.is_(True)).order_by(KpiScheme.name)
    ).all()
    if not active:
        flash(_("Activate a KPI scheme before recording reviews."), "error")
        return redirect(url_for("performance.list_schemes"))
    scheme_id = request.args.get("scheme_id", type=int) or active[0][0]
    scheme = load_scheme(db, scheme_id)
    if scheme is None or not scheme.is_active:
        abort(404)
    form = review_form_class(scheme.indicators)()

    def save() -> Done:
        review = reviews.create_review(
            db,
            employee_no=form.employee_no.data,
            scheme_id=scheme.id,
            period=form.period.data,
            values=form.indicator_values(),
        )
        return Done(_("Review recorded; the period was rescored."), _review_url(review.id))

    return handle_form(
        form, save, lambda: _render_form(form, scheme, _("New performance review"), active_schemes=active)
    )


@editor_required
def edit_review(review_id: int) -> ResponseReturnValue:
    """Change a review's period or values."""
    db = db_session()
    review = reviews.load_review(db, review_id) or abort(404)
    form = review_form_class(review.scheme.indicators)()
    del form.employee_no  # the CM of a review does not change
    if not form.is_submitted():
        form.period.data = review.period
        for value in review.values:
            getattr(form, f"value_{value.indicator_id}").data = value.value

    def save() -> Done:
        reviews.update_review(db, review, period=form.period.data, values=form.indicator_values())
        return Done(_("Review saved; the period was rescored."), _review_url(review.id))

    return handle_form(
        form, save, lambda: _render_form(form, review.scheme, _("Edit performance review"), review=review)
    )


@editor_required
def delete_review(review_id: int) -> Response:
    """Delete a review and rescore its period."""
    db = db_session()
    review = reviews.load_review(db, review_id) or abort(404)
    scheme_id, period = review.scheme_id, review.period

    def act() -> Done:
        reviews.delete_review(db, review)
        return Done(
            _("Review deleted; the period was rescored."),
            url_for("performance.list_reviews", scheme=scheme_id, period=period),
        )

    return handle_action(act, _review_url(review_id))


@editor_required
def recompute(scheme_id: int, period: str) -> Response:
    """Rescore every review of one scheme and period."""
    db = db_session()
    if db.get(KpiScheme, scheme_id) is None:
        abort(404)
    scheme_url = url_for("performance.show_scheme", scheme_id=scheme_id)

    def act() -> Done:
        count = reviews.recompute(db, scheme_id, period)
        return Done(_("%(count)d reviews of %(period)s rescored.", count=count, period=period), scheme_url)

    return handle_action(act, scheme_url)
