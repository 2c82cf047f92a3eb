"""Exactly once (submission keys) and the GPS position of a progress entry

Revision ID: i18_offline_once
Revises: i12_consent
"""
from alembic import op
import sqlalchemy as sa

import tracker.core.models


revision = "i18_offline_once"
down_revision = "i12_consent"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "submission_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("endpoint", sa.String(length=100), nullable=False),
        sa.Column("record_type", sa.String(length=50), nullable=True),
        sa.Column("record_id", sa.Integer(), nullable=True),
        sa.Column("created_at", tracker.core.models.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_submission_keys_user_id_users"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_submission_keys")),
        sa.UniqueConstraint("user_id", "endpoint", "key", name="uq_submission_keys_use"),
    )
    with op.batch_alter_table("progress_entries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("latitude", sa.Numeric(precision=9, scale=6), nullable=True))
        batch_op.add_column(sa.Column("longitude", sa.Numeric(precision=9, scale=6), nullable=True))
        batch_op.add_column(sa.Column("position_accuracy_m", sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table("progress_entries", schema=None) as batch_op:
        batch_op.drop_column("position_accuracy_m")
        batch_op.drop_column("longitude")
        batch_op.drop_column("latitude")
    op.drop_table("submission_keys")
