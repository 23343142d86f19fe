"""Spreadsheet imports: uploads kept between preview and commit; audit entries under a summary entry

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 05:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "spreadsheet_upload",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=43), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("sheet", sa.String(length=100), nullable=True),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("outcome", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["app_user.id"],
            name=op.f("fk_spreadsheet_upload_user_id_app_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_spreadsheet_upload")),
        sa.UniqueConstraint("token", name=op.f("uq_spreadsheet_upload_token")),
    )
    with op.batch_alter_table("spreadsheet_upload", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_spreadsheet_upload_uploaded_at"), ["uploaded_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_spreadsheet_upload_user_id"), ["user_id"], unique=False)

    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.add_column(sa.Column("parent_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_audit_entry_parent_id"), ["parent_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_audit_entry_parent_id_audit_entry"),
            "audit_entry",
            ["parent_id"],
            ["id"],
            ondelete="CASCADE",
        )


def downgrade() -> None:
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_audit_entry_parent_id_audit_entry"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_audit_entry_parent_id"))
        batch_op.drop_column("parent_id")

    with op.batch_alter_table("spreadsheet_upload", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_spreadsheet_upload_user_id"))
        batch_op.drop_index(batch_op.f("ix_spreadsheet_upload_uploaded_at"))

    op.drop_table("spreadsheet_upload")
