"""The day a simulated reminder pass (`flask reminders run --today`) was for, beside the real send time.

Revision ID: i16_fit_for_an_official
Revises: 7b5d1d2e24a6
"""

import sqlalchemy as sa
from alembic import op

revision = "i16_fit_for_an_official"
down_revision = "7b5d1d2e24a6"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("outbox_mails", schema=None) as batch_op:
        batch_op.add_column(sa.Column("simulated_on", sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table("outbox_mails", schema=None) as batch_op:
        batch_op.drop_column("simulated_on")
