"""passages.embedded: which passages still wait for a dense vector

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("passages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("embedded", sa.Boolean(), nullable=True))
        batch_op.create_index(batch_op.f("ix_passages_embedded"), ["embedded"], unique=False)
    # Passages indexed before this revision had their vectors written inline: mark them done,
    # so an upgraded home does not embed its whole corpus again.
    op.execute("UPDATE passages SET embedded = true")


def downgrade() -> None:
    with op.batch_alter_table("passages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_passages_embedded"))
        batch_op.drop_column("embedded")
