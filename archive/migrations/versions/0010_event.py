"""events: programme and organisers of collections, titles in other languages, people

Revision ID: 0010_event
Revises: 0005_ocr

People records are created from the creator strings documents already carry, one per
distinct string; documents stay linked to them by name (see archive/people.py).
"""

import re
import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0010_event"
down_revision = "0007_change_log"
branch_labels = None
depends_on = None


def _slug(name: str, taken: set[str]) -> str:
    """A URL slug for ``name`` not in ``taken`` (kept in step with archive.people.slugify)."""
    ascii_ = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")[:100] or "creator"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def upgrade() -> None:
    with op.batch_alter_table("collections", schema=None) as batch_op:
        batch_op.add_column(sa.Column("programme", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("organisers", sa.JSON(), nullable=True))
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("titles", sa.JSON(), nullable=True))
    people = op.create_table(
        "people",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("slug", sa.String(length=120), nullable=False, unique=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("affiliation", sa.Text(), nullable=False),
        sa.Column("identifiers", sa.JSON(), nullable=False),
        sa.Column("merged_into_id", sa.Integer(), sa.ForeignKey("people.id"), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    _people_from_creators(people)


def _people_from_creators(people: sa.Table) -> None:
    """One record per distinct creator string of the documents."""
    import datetime as dt
    import json

    bind = op.get_bind()
    names: dict[str, str] = {}
    for (raw,) in bind.execute(sa.text("SELECT creators FROM documents")):
        value = json.loads(raw) if isinstance(raw, str) else raw
        for name in value or []:
            names.setdefault(" ".join(str(name).split()).casefold(), " ".join(str(name).split()))
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    taken: set[str] = set()
    rows = [
        dict(
            slug=_slug(name, taken),
            name=name,
            kind="organisation",
            aliases=[],
            affiliation="",
            identifiers={},
            created_at=now,
            updated_at=now,
        )
        for name in sorted(names.values())
        if name
    ]
    if rows:
        op.bulk_insert(people, rows)


def downgrade() -> None:
    op.drop_table("people")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_column("titles")
    with op.batch_alter_table("collections", schema=None) as batch_op:
        batch_op.drop_column("programme")
        batch_op.drop_column("organisers")
