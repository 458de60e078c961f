"""failed logins: anonymous history rows; no typed names kept

Failed logins used to be recorded with the typed name as the event's actor, so a password
typed into the name box was shown to every librarian, and anyone could write rows "by"
admin. Rewrite those rows as the code now writes them: actor "(anonymous)", the account
named only if it exists, else "(unknown account)". The failures table held typed names
too; it now holds keyed hashes, so its rows (at most a day of throttling state) are dropped.

Revision ID: 0003_auth
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_auth"
down_revision = "0002_page_extraction"
branch_labels = None
depends_on = None

ANONYMOUS = "(anonymous)"
UNKNOWN_ACCOUNT = "(unknown account)"

events = sa.table(
    "events",
    sa.column("id", sa.Integer),
    sa.column("actor", sa.String),
    sa.column("action", sa.String),
    sa.column("details", sa.JSON),
)
users = sa.table("users", sa.column("name", sa.String))
login_failures = sa.table("login_failures", sa.column("id", sa.Integer))


def upgrade() -> None:
    bind = op.get_bind()
    names = set(bind.execute(sa.select(users.c.name)).scalars())
    failed = bind.execute(
        sa.select(events.c.id, events.c.actor, events.c.details).where(
            events.c.action == "login-failed", events.c.actor != ANONYMOUS
        )
    ).all()
    for event_id, actor, details in failed:
        account = actor if actor in names else UNKNOWN_ACCOUNT
        bind.execute(
            events.update()
            .where(events.c.id == event_id)
            .values(actor=ANONYMOUS, details={**(details or {}), "account": account})
        )
    bind.execute(login_failures.delete())


def downgrade() -> None:
    pass  # the typed names are gone for good, as intended
