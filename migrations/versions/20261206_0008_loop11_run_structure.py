"""run structure metrics: average age, degree, title and new-blood shares before and after the plan

Revision ID: 0008_loop11
Revises: 0006
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_loop11"
down_revision: str | None = "0007_hard14"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "run_structure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.Column("metric", sa.String(length=16), nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("goal", sa.Float(), nullable=True),
        sa.Column("sense", sa.String(length=8), nullable=False),
        sa.Column("met", sa.Boolean(), nullable=True),
        sa.ForeignKeyConstraint(
            ["run_id"], ["run.id"], name=op.f("fk_run_structure_run_id_run"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_run_structure")),
    )
    with op.batch_alter_table("run_structure", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_run_structure_run_id"), ["run_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("run_structure", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_run_structure_run_id"))
    op.drop_table("run_structure")
