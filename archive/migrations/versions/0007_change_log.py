"""change log and its consumers' cursors

Replaces the single ``index_pending`` flag (cleared by the first server that synced) by a
log of document changes and a cursor per consumer. Documents still pending are carried
over as changes.

Revision ID: 0007_change_log
Revises: 0006_pg_search
"""

import datetime as dt

import sqlalchemy as sa
from alembic import op

import archive.catalog

revision = "0007_change_log"
down_revision = "0006_pg_search"
branch_labels = None
depends_on = None


def upgrade() -> None:
    changes = op.create_table(
        "changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("at", archive.catalog.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "consumers",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("last_change_id", sa.Integer(), nullable=False),
        sa.Column("updated_at", archive.catalog.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    pending = op.get_bind().execute(
        sa.text("SELECT id FROM documents WHERE index_pending ORDER BY id")
    )
    now = dt.datetime.now(dt.UTC)
    rows = [{"document_id": doc_id, "kind": "pending", "at": now} for (doc_id,) in pending]
    if rows:
        op.bulk_insert(changes, rows)


def downgrade() -> None:
    op.drop_table("consumers")
    op.drop_table("changes")
