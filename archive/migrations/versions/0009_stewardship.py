"""documents: access level and embargo date; document_versions (stewardship)

Revision ID: 0009_stewardship
Revises: 0005_ocr
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_stewardship"
down_revision = "0010_event"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("access", sa.String(length=20), server_default="public", nullable=False)
        )
        batch_op.add_column(sa.Column("embargo_until", sa.String(length=10), nullable=True))
    op.create_table(
        "document_versions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "document_id",
            sa.Integer(),
            sa.ForeignKey("documents.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("original_filename", sa.Text(), nullable=False, server_default=""),
        sa.Column("reason", sa.Text(), nullable=False, server_default=""),
        sa.Column("actor", sa.String(length=200), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index(
        "ix_versions_document", "document_versions", ["document_id", "number"], unique=True
    )
    op.create_table(
        "usage_counts",
        sa.Column(
            "document_id",
            sa.Integer(),
            sa.ForeignKey("documents.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("month", sa.String(length=7), primary_key=True),
        sa.Column("views", sa.Integer(), nullable=False),
        sa.Column("downloads", sa.Integer(), nullable=False),
    )
    # Every document so far has had one file: its first version.
    op.execute(
        "INSERT INTO document_versions "
        "(document_id, number, sha256, size, original_filename, reason, actor, created_at) "
        "SELECT id, 1, sha256, size, original_filename, '', '', added_at FROM documents"
    )


def downgrade() -> None:
    op.drop_table("usage_counts")
    op.drop_index("ix_versions_document", table_name="document_versions")
    op.drop_table("document_versions")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_column("embargo_until")
        batch_op.drop_column("access")
