"""kept totals per programme (realised, entries, last entry date)

Revision ID: i15_programme_totals
Revises: i18_offline_once
"""
from alembic import op
import sqlalchemy as sa


revision = "i15_programme_totals"
down_revision = "i18_offline_once"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "programme_totals",
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("realised", sa.Numeric(precision=20, scale=2), nullable=False),
        sa.Column("entries", sa.Integer(), nullable=False),
        sa.Column("last_progress_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["programme_id"], ["programmes.id"],
                                name=op.f("fk_programme_totals_programme_id_programmes"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("programme_id", name=op.f("pk_programme_totals")),
    )
    # The totals of the entries already stored: the same recount as `flask totals rebuild`.
    op.execute(
        "INSERT INTO programme_totals (programme_id, realised, entries, last_progress_on) "
        "SELECT programme_id, COALESCE(SUM(quantity), 0), COUNT(id), MAX(reported_on) "
        "FROM progress_entries WHERE archived_at IS NULL GROUP BY programme_id"
    )


def downgrade():
    op.drop_table("programme_totals")
