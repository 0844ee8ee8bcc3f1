"""one answer store: the web's asked answers move into threads, turns and answers (one owner, one purge)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01

Before this revision an answer asked through the web was stored twice: by the core (``answers``, under a
turn of a thread owned by ``threads.owner_id``) and by the web (``asked_answers``, with its own ``owner``).
Afterwards only the first remains, and an answer's id is the random text the web used in its addresses, so
links and ``articles.answer_id`` keep working:

- an asked answer that the core also stored (same thread, same turn) gives that answer its id, and its owner
  to the thread;
- one the core did not store (asked while the core had no database) becomes a turn and an answer of its own
  thread, dated as it was, so retention purges it when it would have been purged before;
- an answer only the core stored (the command line) gets a new random id.

The ``answers`` table is rebuilt (its integer key becomes text) by copying its rows, which works the same on
SQLite and PostgreSQL; no other table refers to it.
"""
import secrets

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
COLUMNS = ("turn_id", "thread_id", "question_type", "composer", "abstained", "data", "created_at")

threads = sa.table("threads", sa.column("id"), sa.column("owner_id"), sa.column("title"),
                   sa.column("state", JSON), sa.column("created_at"), sa.column("updated_at"))
turns = sa.table("thread_turns", sa.column("id"), sa.column("thread_id"), sa.column("ordinal"),
                 sa.column("question"), sa.column("audience"), sa.column("created_at"))
asked = sa.table("asked_answers", sa.column("id"), sa.column("thread_id"), sa.column("owner"),
                 sa.column("question"), sa.column("audience"), sa.column("data", JSON), sa.column("created_at"),
                 sa.column("purged"))


def _answers_table(key: sa.types.TypeEngine) -> None:
    autoincrement = isinstance(key, sa.Integer)
    op.create_table(
        "answers",
        sa.Column("id", key, autoincrement=autoincrement, nullable=False),
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


def _answer_rows(bind) -> list[dict]:
    old = sa.table("answers", sa.column("id"), *(sa.column(c) for c in COLUMNS[:-2]),
                   sa.column("data", JSON), sa.column("created_at"))
    return [dict(row._mapping) for row in bind.execute(sa.select(old).order_by(old.c.id))]


def _rebuild_answers(bind, key: sa.types.TypeEngine) -> list[dict]:
    """Read every answer, drop the table and create it again with ``key`` as the id's type."""
    rows = _answer_rows(bind)
    op.drop_index(op.f("ix_answers_turn_id"), table_name="answers")
    op.drop_index(op.f("ix_answers_thread_id"), table_name="answers")
    op.drop_table("answers")
    _answers_table(key)
    return rows


def upgrade() -> None:
    bind = op.get_bind()
    rows = _rebuild_answers(bind, sa.String(length=40))
    ordinal_of = {row.id: (row.thread_id, row.ordinal) for row in bind.execute(sa.select(turns))}
    by_turn = {ordinal_of[row["turn_id"]]: row for row in rows if row["turn_id"] in ordinal_of}
    owner_of = {row.id: row.owner_id for row in bind.execute(sa.select(threads.c.id, threads.c.owner_id))}
    kept = []
    for web in bind.execute(sa.select(asked).order_by(asked.c.created_at)).mappings():
        data = dict(web["data"] or {})
        core = by_turn.get((data.get("thread_id"), data.get("turn")))
        if core is not None and "key" not in core:
            core["key"] = web["id"]
            if owner_of.get(core["thread_id"]) != web["owner"]:
                bind.execute(threads.update().where(threads.c.id == core["thread_id"]).values(owner_id=web["owner"]))
                owner_of[core["thread_id"]] = web["owner"]
            continue
        kept.append(_own_turn(bind, web, data, owner_of))
    answers = sa.table("answers", sa.column("id"), *(sa.column(c) for c in COLUMNS[:-2]),
                       sa.column("data", JSON), sa.column("created_at"))
    for row in rows:
        values = {c: row[c] for c in COLUMNS}
        bind.execute(answers.insert().values(id=row.get("key") or secrets.token_urlsafe(12), **values))
    for values in kept:
        bind.execute(answers.insert().values(**values))
    with op.batch_alter_table("asked_answers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_asked_answers_thread_id"))
        batch_op.drop_index(batch_op.f("ix_asked_answers_owner"))
        batch_op.drop_index(batch_op.f("ix_asked_answers_created_at"))
    op.drop_table("asked_answers")


def _own_turn(bind, web, data: dict, owner_of: dict) -> dict:
    """A turn (in its own thread when need be) for an asked answer the core did not store; its answer row."""
    thread_id = str(web["thread_id"])[:40]
    if thread_id in owner_of and owner_of[thread_id] != web["owner"]:
        thread_id = secrets.token_urlsafe(12)   # a thread id some other owner holds: never join their case
    at = web["created_at"]
    if thread_id not in owner_of:
        bind.execute(threads.insert().values(id=thread_id, owner_id=web["owner"], title=web["question"][:200],
                                             state={}, created_at=at, updated_at=at))
        owner_of[thread_id] = web["owner"]
    ordinal = (bind.scalar(sa.select(sa.func.max(turns.c.ordinal)).where(turns.c.thread_id == thread_id)) or 0) + 1
    bind.execute(turns.insert().values(thread_id=thread_id, ordinal=ordinal, question=web["question"],
                                       audience=web["audience"], created_at=at))
    turn_id = bind.scalar(sa.select(turns.c.id).where(turns.c.thread_id == thread_id, turns.c.ordinal == ordinal))
    data.update(thread_id=thread_id, turn=ordinal)
    return {"id": web["id"], "turn_id": turn_id, "thread_id": thread_id,
            "question_type": str(data.get("question_type") or "general")[:20],
            "composer": str(data.get("composer") or "extractive")[:40], "abstained": bool(data.get("abstained")),
            "data": data, "created_at": at}


def downgrade() -> None:
    """The web's copy comes back for every answer of an owned thread; the core's ids become numbers again."""
    bind = op.get_bind()
    op.create_table(
        "asked_answers",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("thread_id", sa.String(length=80), nullable=False),
        sa.Column("owner", sa.String(length=80), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("audience", sa.String(length=20), nullable=False),
        sa.Column("data", JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("purged", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_asked_answers")),
    )
    with op.batch_alter_table("asked_answers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_asked_answers_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_asked_answers_owner"), ["owner"], unique=False)
        batch_op.create_index(batch_op.f("ix_asked_answers_thread_id"), ["thread_id"], unique=False)
    rows = _answer_rows(bind)
    turn_of = {row.id: row for row in bind.execute(sa.select(turns))}
    owner_of = {row.id: row.owner_id for row in bind.execute(sa.select(threads.c.id, threads.c.owner_id))}
    for row in rows:
        owner, turn = owner_of.get(row["thread_id"]), turn_of.get(row["turn_id"])
        if owner is not None and turn is not None:
            bind.execute(asked.insert().values(id=row["id"], thread_id=row["thread_id"], owner=owner,
                                               question=turn.question, audience=turn.audience, data=row["data"],
                                               created_at=row["created_at"], purged=False))
    _rebuild_answers(bind, sa.Integer())
    answers = sa.table("answers", *(sa.column(c) for c in COLUMNS[:-2]), sa.column("data", JSON),
                       sa.column("created_at"))
    for row in sorted(rows, key=lambda r: (r["created_at"], r["id"])):
        bind.execute(answers.insert().values(**{c: row[c] for c in COLUMNS}))
