"""Figures a leader can trust: PKS field links, over-target entries, monev snapshots,
overdue-monev reminder settings, officers' target change requests.

Revision ID: i13_figures
Revises: i16_fit_for_an_official
"""
from alembic import op
import sqlalchemy as sa


revision = "i13_figures"
down_revision = "i16_fit_for_an_official"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("fields", schema=None) as batch_op:
        batch_op.add_column(sa.Column("implements_field_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_fields_implements_field_id"), ["implements_field_id"], unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_fields_implements_field_id_fields"), "fields",
                                    ["implements_field_id"], ["id"], ondelete="SET NULL")
    with op.batch_alter_table("progress_entries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("over_target", sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table("monevs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("snapshot", sa.JSON(), nullable=True))
    with op.batch_alter_table("reminder_settings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("monev_overdue_first_days", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(sa.Column("monev_overdue_repeat_days", sa.Integer(), server_default="7", nullable=False))
        batch_op.add_column(sa.Column("monev_overdue_leader_days", sa.Integer(), server_default="14", nullable=False))


def downgrade():
    with op.batch_alter_table("reminder_settings", schema=None) as batch_op:
        batch_op.drop_column("monev_overdue_leader_days")
        batch_op.drop_column("monev_overdue_repeat_days")
        batch_op.drop_column("monev_overdue_first_days")
    with op.batch_alter_table("monevs", schema=None) as batch_op:
        batch_op.drop_column("snapshot")
    with op.batch_alter_table("progress_entries", schema=None) as batch_op:
        batch_op.drop_column("over_target")
    with op.batch_alter_table("fields", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_fields_implements_field_id_fields"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_fields_implements_field_id"))
        batch_op.drop_column("implements_field_id")
