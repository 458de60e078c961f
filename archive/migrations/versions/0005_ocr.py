"""pages: text source and OCR state, reason, languages and confidence

Revision ID: 0005_ocr
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_ocr"
down_revision = "0003_auth"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("pages", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("text_source", sa.String(length=10), server_default="pdf", nullable=False)
        )
        batch_op.add_column(sa.Column("ocr_state", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("ocr_reason", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("ocr_language", sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column("ocr_confidence", sa.Float(), nullable=True))
        batch_op.create_index("ix_pages_ocr_state", ["ocr_state"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("pages", schema=None) as batch_op:
        batch_op.drop_index("ix_pages_ocr_state")
        batch_op.drop_column("ocr_confidence")
        batch_op.drop_column("ocr_language")
        batch_op.drop_column("ocr_reason")
        batch_op.drop_column("ocr_state")
        batch_op.drop_column("text_source")
