"""The day a simulated reminder pass (`flask reminders run --today`) was for, beside the real send time.

Revision ID: i16_fit_for_an_official
Revises: i15_programme_totals
"""

import sqlalchemy as sa
from alembic import op

revision = "i16_fit_for_an_official"
down_revision = "i15_programme_totals"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("outbox_mails", schema=None) as batch_op:
        batch_op.add_column(sa.Column("simulated_on", sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table("outbox_mails", schema=None) as batch_op:
        batch_op.drop_column("simulated_on")
