"""conversation threads, turns and stored answers (owned by compose)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    op.create_table(
        "threads",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("owner_id", sa.String(length=64), nullable=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("state", JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_threads")),
    )
    op.create_index(op.f("ix_threads_owner_id"), "threads", ["owner_id"], unique=False)
    op.create_table(
        "thread_turns",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("thread_id", sa.String(length=40), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("audience", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["thread_id"], ["threads.id"], name=op.f("fk_thread_turns_thread_id_threads"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_thread_turns")),
        sa.UniqueConstraint("thread_id", "ordinal", name="uq_thread_turns_thread_id_ordinal"),
    )
    op.create_index(op.f("ix_thread_turns_thread_id"), "thread_turns", ["thread_id"], unique=False)
    op.create_table(
        "answers",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("turn_id", sa.Integer(), nullable=False),
        sa.Column("thread_id", sa.String(length=40), nullable=False),
        sa.Column("question_type", sa.String(length=20), nullable=False),
        sa.Column("composer", sa.String(length=40), nullable=False),
        sa.Column("abstained", sa.Boolean(), nullable=False),
        sa.Column("data", JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["thread_id"], ["threads.id"], name=op.f("fk_answers_thread_id_threads"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["turn_id"], ["thread_turns.id"], name=op.f("fk_answers_turn_id_thread_turns"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_answers")),
    )
    op.create_index(op.f("ix_answers_thread_id"), "answers", ["thread_id"], unique=False)
    op.create_index(op.f("ix_answers_turn_id"), "answers", ["turn_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_answers_turn_id"), table_name="answers")
    op.drop_index(op.f("ix_answers_thread_id"), table_name="answers")
    op.drop_table("answers")
    op.drop_index(op.f("ix_thread_turns_thread_id"), table_name="thread_turns")
    op.drop_table("thread_turns")
    op.drop_index(op.f("ix_threads_owner_id"), table_name="threads")
    op.drop_table("threads")
