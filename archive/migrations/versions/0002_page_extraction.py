"""pages: how each page's text was read (extraction status and note)

Revision ID: 0002_page_extraction
Revises: 0001
Create Date: 2026-12-02 07:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_page_extraction"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("pages", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("extraction", sa.String(length=20), nullable=False, server_default="ok")
        )
        batch_op.add_column(
            sa.Column("extraction_note", sa.Text(), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("pages", schema=None) as batch_op:
        batch_op.drop_column("extraction_note")
        batch_op.drop_column("extraction")
