"""PostgreSQL full-text search tables (only on PostgreSQL)

The PostgreSQL engine's index lives in the catalog: one row per published page with a
tsvector of the archive's own analysis (GIN-indexed), one row per document for facets and
sorting, the indexed words for prefixes and "did you mean", and the analysis version.

Revision ID: 0006_pg_search
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0006_pg_search"
down_revision = "0005_ocr"
branch_labels = None
depends_on = None


def _on_postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    if not _on_postgres():
        return  # SQLite archives search with Whoosh; these tables would stay empty
    op.create_table(
        "search_pages",
        sa.Column("doc_id", sa.Integer(), nullable=False),
        sa.Column("page", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("tsv", postgresql.TSVECTOR(), nullable=False),
        sa.PrimaryKeyConstraint("doc_id", "page"),
    )
    op.create_index("ix_search_pages_tsv", "search_pages", ["tsv"], postgresql_using="gin")
    op.create_table(
        "search_documents",
        sa.Column("doc_id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("type", sa.Text(), nullable=False),
        sa.Column("lang", sa.Text(), nullable=False),
        sa.Column("collection", sa.Text(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("date", sa.Text(), nullable=False),
        sa.Column("title_sort", sa.Text(collation="C"), nullable=False),
    )
    op.create_table(
        "search_words",
        sa.Column("field", sa.Text(collation="C"), nullable=False),
        sa.Column("word", sa.Text(collation="C"), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("field", "word"),
    )
    op.create_table(
        "search_meta",
        sa.Column("key", sa.Text(), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    if not _on_postgres():
        return
    for table in ("search_meta", "search_words", "search_documents", "search_pages"):
        op.drop_table(table)
