"""documents: access level and embargo date (stewardship)

Revision ID: 0009_stewardship
Revises: 0005_ocr
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_stewardship"
down_revision = "0005_ocr"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("access", sa.String(length=20), server_default="public", nullable=False)
        )
        batch_op.add_column(sa.Column("embargo_until", sa.String(length=10), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_column("embargo_until")
        batch_op.drop_column("access")
