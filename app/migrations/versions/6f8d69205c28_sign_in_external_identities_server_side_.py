"""sign-in: external identities, server-side sessions, password links, failed logins

Revision ID: 6f8d69205c28
Revises: a911370961a3
Create Date: 2026-12-06 01:27:44.246955

Sign-in the municipality can use (issue 14): identities at OpenID Connect providers, sessions
kept on the server so that logging out ends them on every app server, single-use password
links, and failed sign-ins counted in the database so the login limit holds across servers.
"""

import sqlalchemy as sa
from alembic import op

from analysis.schema_columns import UTCDateTime


revision = "6f8d69205c28"
down_revision = "a911370961a3"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_failure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("account", sa.String(length=254), nullable=True),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_failure")),
    )
    with op.batch_alter_table("login_failure", schema=None) as batch_op:
        batch_op.create_index("ix_login_failure_account_at", ["account", "at"], unique=False)
        batch_op.create_index("ix_login_failure_address_at", ["address", "at"], unique=False)

    op.create_table(
        "external_identity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("provider", sa.String(length=20), nullable=False),
        sa.Column("subject", sa.String(length=255), nullable=False),
        sa.Column("linked_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_external_identity_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_external_identity")),
        sa.UniqueConstraint("provider", "subject", name=op.f("uq_external_identity_provider")),
        sa.UniqueConstraint("user_id", "provider", name="one_identity_per_provider"),
    )
    with op.batch_alter_table("external_identity", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_external_identity_user_id"), ["user_id"], unique=False)

    op.create_table(
        "password_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("purpose", sa.String(length=10), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("used_at", UTCDateTime(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("purpose IN ('reset', 'set')", name=op.f("ck_password_token_purpose")),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["user.id"], name=op.f("fk_password_token_created_by_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_password_token_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_password_token")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_password_token_token_hash")),
    )
    with op.batch_alter_table("password_token", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_password_token_user_id"), ["user_id"], unique=False)

    op.create_table(
        "user_session",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("last_seen_at", UTCDateTime(), nullable=False),
        sa.Column("provider", sa.String(length=20), nullable=True),
        sa.Column("ended_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_user_session_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_user_session")),
    )
    with op.batch_alter_table("user_session", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_user_session_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("user_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_user_session_user_id"))

    op.drop_table("user_session")
    with op.batch_alter_table("password_token", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_password_token_user_id"))

    op.drop_table("password_token")
    with op.batch_alter_table("external_identity", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_external_identity_user_id"))

    op.drop_table("external_identity")
    with op.batch_alter_table("login_failure", schema=None) as batch_op:
        batch_op.drop_index("ix_login_failure_address_at")
        batch_op.drop_index("ix_login_failure_account_at")

    op.drop_table("login_failure")
