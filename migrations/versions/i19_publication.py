"""publication: published agreements and public photos (issue 19)

Revision ID: i19_publication
Revises: i13_figures
"""
from alembic import op
import sqlalchemy as sa

import tracker.core.models


revision = "i19_publication"
down_revision = "i13_figures"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "publications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("published_at", tracker.core.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("show_programmes", sa.Boolean(), nullable=False),
        sa.Column("show_progress", sa.Boolean(), nullable=False),
        sa.Column("show_photos", sa.Boolean(), nullable=False),
        sa.Column("show_budgets", sa.Boolean(), nullable=False),
        sa.Column("created_at", tracker.core.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", tracker.core.models.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["agreement_id"], ["agreements.id"],
                                name=op.f("fk_publications_agreement_id_agreements"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_publications")),
        sa.UniqueConstraint("agreement_id", name=op.f("uq_publications_agreement_id")),
    )
    with op.batch_alter_table("publications", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_publications_published_at"), ["published_at"], unique=False)
    op.create_table(
        "public_photos",
        sa.Column("attachment_id", sa.Integer(), nullable=False),
        sa.Column("marked_by_id", sa.Integer(), nullable=True),
        sa.Column("marked_at", tracker.core.models.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["attachment_id"], ["attachments.id"],
                                name=op.f("fk_public_photos_attachment_id_attachments"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["marked_by_id"], ["users.id"],
                                name=op.f("fk_public_photos_marked_by_id_users"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("attachment_id", name=op.f("pk_public_photos")),
    )


def downgrade():
    op.drop_table("public_photos")
    with op.batch_alter_table("publications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_publications_published_at"))
    op.drop_table("publications")
