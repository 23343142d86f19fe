"""The audit log's filter form."""

from __future__ import annotations

from datetime import tzinfo

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, StringField
from wtforms.validators import Optional, ValidationError

from planner.audit.services import AuditFilters, entity_label, entity_names
from planner.auth.models import User
from planner.enums import AuditAction
from planner.web.forms import enum_choices, lazy_translate, select_choices


class AuditFilterForm(FlaskForm):
    """Narrow the audit log by table, record, action, user and date range (read from the query string)."""

    class Meta:
        csrf = False

    entity = SelectField(_l("Table"), validators=[Optional()])
    entity_id = StringField(_l("Record id"), validators=[Optional()])
    action = SelectField(_l("Action"), validators=[Optional()])
    user = SelectField(_l("User"), validators=[Optional()])
    date_from = DateField(_l("From"), validators=[Optional()])
    date_to = DateField(_l("To"), validators=[Optional()])
    # Set by the link of an import's entry to the row changes under it.
    parent = IntegerField(validators=[Optional()])

    def __init__(self, users: list[User], **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.entity.choices = select_choices(
            [("", _l("All tables"))], [(name, lazy_translate(entity_label(name))) for name in entity_names()]
        )
        self.action.choices = select_choices([("", _l("All actions"))], enum_choices(AuditAction))
        self.user.choices = select_choices([("", _l("All users"))], [(str(u.id), u.username) for u in users])

    def validate_date_to(self, field: DateField) -> None:
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError(_l("The end date is before the start date."))

    def filters(self, timezone: tzinfo) -> AuditFilters:
        """Return the filters the valid form describes; dates are days in ``timezone``."""
        return AuditFilters(
            entity=self.entity.data or None,
            entity_id=(self.entity_id.data or "").strip() or None,
            action=AuditAction(self.action.data) if self.action.data else None,
            user_id=int(self.user.data) if self.user.data else None,
            date_from=self.date_from.data,
            date_to=self.date_to.data,
            timezone=timezone,
            parent_id=self.parent.data,
        )
