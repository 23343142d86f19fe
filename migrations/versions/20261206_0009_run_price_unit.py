"""runs say what their goals' shadow prices count: yuan, heads short, or objective units

Revision ID: 0009_price_unit
Revises: 0008_loop11
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_price_unit"
down_revision: str | None = "0008_loop11"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("run") as batch:
        batch.add_column(sa.Column("price_unit", sa.String(length=16), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("run") as batch:
        batch.drop_column("price_unit")
